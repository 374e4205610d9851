//===- StressMain.cpp - main() of the stress tests, with a deadline -------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The stress tests' main(): GoogleTest's, plus a per-test deadline. A lost
/// wake-up shows up as a test that never ends (and a debugger attached to
/// look at it may well unstick it), so each test gets HOIST_STRESS_DEADLINE
/// seconds (the environment variable of that name overrides it); past it,
/// the process prints the test's name and aborts, well before ctest's own
/// timeout for the whole executable.
///
//===----------------------------------------------------------------------===//
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#ifndef HOIST_STRESS_DEADLINE
#define HOIST_STRESS_DEADLINE 60
#endif

namespace {

/// Arms a watchdog at each test's start and disarms it at its end.
class Deadline : public ::testing::EmptyTestEventListener {
public:
  explicit Deadline(std::chrono::seconds limit)
      : limit_(limit), thread_([this] { watch(); }) {}

  ~Deadline() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      exiting_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

  void OnTestStart(const ::testing::TestInfo &info) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      test_ = std::string(info.test_suite_name()) + "." + info.name();
      running_ = true;
      ++generation_;
    }
    cv_.notify_one();
  }

  void OnTestEnd(const ::testing::TestInfo &) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      running_ = false;
    }
    cv_.notify_one();
  }

private:
  void watch() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return exiting_ || running_; });
      if (exiting_)
        return;
      unsigned long gen = generation_;
      if (!cv_.wait_for(lock, limit_, [&] {
            return exiting_ || !running_ || generation_ != gen;
          })) {
        std::fprintf(stderr,
                     "\n%s: still running after %lld s: hung (a lost "
                     "wake-up?); aborting\n",
                     test_.c_str(), static_cast<long long>(limit_.count()));
        std::fflush(stderr);
        std::abort();
      }
    }
  }

  const std::chrono::seconds limit_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string test_;         // guarded by mu_
  bool running_ = false;     // guarded by mu_
  bool exiting_ = false;     // guarded by mu_
  unsigned long generation_ = 0; // guarded by mu_
  std::thread thread_;       // last: starts once the rest is constructed
};

} // namespace

int main(int argc, char **argv) {
  ::testing::InitGoogleTest(&argc, argv);
  long secs = HOIST_STRESS_DEADLINE;
  if (const char *env = std::getenv("HOIST_STRESS_DEADLINE"))
    secs = std::strtol(env, nullptr, 10);
  ::testing::TestEventListeners &listeners =
      ::testing::UnitTest::GetInstance()->listeners();
  Deadline *deadline = nullptr;
  if (secs > 0) {
    deadline = new Deadline(std::chrono::seconds(secs));
    listeners.Append(deadline);
  }
  int rc = RUN_ALL_TESTS();
  if (deadline) {
    listeners.Release(deadline);
    delete deadline;
  }
  return rc;
}
