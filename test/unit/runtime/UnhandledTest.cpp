//===- UnhandledTest.cpp - Exceptions of detached tasks -------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests the reports of task/unhandled.hpp: an exception that escapes a
/// detached task goes to the handler once, with the task's id and its
/// future's type, whether the handle was dropped before or after the task
/// completed, on both executors and the blocking pool; a joined exception
/// is rethrown and not reported; results and cancellations report nothing;
/// the default handler writes one line to stderr.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/yield_now.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/task/unhandled.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace hoist;
using namespace hoist::test;
using namespace std::chrono_literals;

namespace {

struct Throws {
  using Output = int;
  Poll<int> poll(Context &) { throw std::out_of_range("task failed"); }
};

/// Pending once (woken), then throws something that is no std::exception.
struct ThrowsLater {
  using Output = void;
  bool yielded = false;
  Poll<void> poll(Context &cx) {
    if (!yielded) {
      yielded = true;
      cx.waker().wake_by_ref();
      return pending;
    }
    throw 42;
  }
};

struct Report {
  uint64_t id;
  std::string name;
  std::string what;
};

std::mutex mu;
std::condition_variable cv;
std::vector<Report> reports;

void record(const UnhandledException &u) {
  std::string what = "not a std::exception";
  try {
    std::rethrow_exception(u.error);
  } catch (const std::exception &e) {
    what = e.what();
  } catch (...) {
  }
  std::lock_guard<std::mutex> lock(mu);
  reports.push_back(Report{u.task_id, u.task_name ? u.task_name : "", what});
  cv.notify_all();
}

/// Installs `record` for one test and restores the previous handler.
class UnhandledTest : public ::testing::Test {
protected:
  void SetUp() override {
    reports.clear();
    prev_ = set_unhandled_exception_handler(&record);
  }
  void TearDown() override { set_unhandled_exception_handler(prev_); }

  static std::vector<Report> wait_for(size_t n) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_for(lock, 10s, [&] { return reports.size() >= n; });
    return reports;
  }

private:
  UnhandledExceptionHandler prev_ = nullptr;
};

TEST_F(UnhandledTest, DetachedTaskIsReportedWithItsIdentity) {
  LocalExecutor ex;
  uint64_t id;
  {
    auto h = ex.spawn(Throws{});
    id = h.id();
  }
  ex.block_on(yield_now());
  std::vector<Report> r = wait_for(1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].id, id);
  EXPECT_NE(r[0].name.find("Throws"), std::string::npos) << r[0].name;
  EXPECT_EQ(r[0].what, "task failed");
}

TEST_F(UnhandledTest, HandleDroppedAfterCompletionReportsOnDrop) {
  LocalExecutor ex;
  auto h = ex.spawn(Throws{});
  ex.block_on(yield_now());
  EXPECT_TRUE(h.is_finished());
  EXPECT_TRUE(wait_for(0).empty()) << "kept for the handle";
  { auto gone = std::move(h); }
  EXPECT_EQ(wait_for(1).size(), 1u);
}

TEST_F(UnhandledTest, JoinedExceptionIsRethrownNotReported) {
  LocalExecutor ex;
  EXPECT_THROW(ex.block_on(ex.spawn(Throws{})), std::out_of_range);
  Runtime rt(Runtime::Options{2});
  EXPECT_THROW(rt.block_on(rt.spawn(ThrowsLater{})), int);
  EXPECT_TRUE(wait_for(0).empty());
}

TEST_F(UnhandledTest, OnTheRuntimeAndTheBlockingPool) {
  Runtime rt(Runtime::Options{2});
  (void)rt.spawn(ThrowsLater{});
  (void)rt.spawn_blocking([]() -> int { throw std::runtime_error("blocking"); });
  std::vector<Report> r = wait_for(2);
  ASSERT_EQ(r.size(), 2u);
  bool later = false, blocking = false;
  for (const Report &x : r) {
    later |= x.what == "not a std::exception" &&
             x.name.find("ThrowsLater") != std::string::npos;
    blocking |= x.what == "blocking" &&
                x.name.find("BlockingTask") != std::string::npos;
  }
  EXPECT_TRUE(later);
  EXPECT_TRUE(blocking);
}

TEST_F(UnhandledTest, OutputsAndCancellationsReportNothing) {
  {
    LocalExecutor ex;
    (void)ex.spawn(value(1));
    Event never;
    auto h = ex.spawn(never.wait());
    auto g = ex.spawn(Throws{});
    g.abort(); // cancelled before it ran: no exception
    ex.block_on(yield_now());
    h.abort();
    EXPECT_THROW(ex.block_on(std::move(h)), JoinError);
    (void)ex.spawn(never.wait()); // cancelled by the shutdown
  }
  EXPECT_TRUE(wait_for(0).empty());
}

TEST_F(UnhandledTest, SetReturnsThePreviousHandler) {
  EXPECT_EQ(get_unhandled_exception_handler(), &record);
  EXPECT_EQ(set_unhandled_exception_handler(nullptr), &record);
  EXPECT_EQ(get_unhandled_exception_handler(), &default_unhandled_exception_handler);
  EXPECT_EQ(set_unhandled_exception_handler(&record),
            &default_unhandled_exception_handler);
}

TEST(UnhandledDefaultTest, WritesOneLineToStderr) {
  UnhandledExceptionHandler prev = set_unhandled_exception_handler(nullptr);
  LocalExecutor ex;
  uint64_t id;
  {
    auto h = ex.spawn(Throws{});
    id = h.id();
  }
  (void)ex.spawn(ThrowsLater{});
  testing::internal::CaptureStderr();
  for (int i = 0; i < 4; ++i) // each block_on runs one task: three polls
    ex.block_on(yield_now());
  std::string err = testing::internal::GetCapturedStderr();
  set_unhandled_exception_handler(prev);
  EXPECT_NE(err.find("hoist: unhandled exception in detached task " +
                     std::to_string(id) + " ("),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("Throws): std::out_of_range: task failed\n"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("ThrowsLater): int\n"), std::string::npos) << err;
}

} // namespace
