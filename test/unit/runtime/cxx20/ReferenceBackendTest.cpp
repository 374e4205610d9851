//===- ReferenceBackendTest.cpp - Async<T> as C++20 coroutines ------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests the reference backend: the input language compiled as C++20
/// coroutines (clang++-19) over the runtime. Async<T> functions await each
/// other and hand-written leaf futures, stay lazy, propagate exceptions
/// through co_await into the caller's try/catch, destroy their locals when
/// destroyed while suspended, recurse through boxed(), and abort when polled
/// after completion. This file must be compiled as C++20.
///
//===----------------------------------------------------------------------===//
#include "hoist/hoist.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#ifndef HOIST_REFERENCE_BACKEND
#error "this test needs the C++20 reference backend"
#endif

using namespace hoist;

namespace {

/// A leaf future that is pending `n` times, waking itself each time.
struct Countdown {
  using Output = int;
  int n;
  Poll<int> poll(Context &cx) {
    if (n > 0) {
      --n;
      cx.waker().wake_by_ref();
      return pending;
    }
    return ready(7);
  }
};

/// A leaf future that stays pending until `gate` is opened, keeping the
/// waker it was last polled with.
struct Gate {
  bool open = false;
  std::optional<Waker> waker;
  void release() {
    open = true;
    if (waker)
      waker->wake_by_ref();
  }
};
struct WaitGate {
  using Output = void;
  Gate *gate;
  Poll<void> poll(Context &cx) {
    if (gate->open)
      return ready();
    gate->waker = cx.waker();
    return pending;
  }
};

struct Throwing {
  using Output = int;
  int polls_before_throw;
  Poll<int> poll(Context &cx) {
    if (polls_before_throw-- > 0) {
      cx.waker().wake_by_ref();
      return pending;
    }
    throw std::runtime_error("leaf failed");
  }
};

struct Tracker {
  std::vector<std::string> *log;
  std::string name;
  Tracker(std::vector<std::string> *log, std::string name)
      : log(log), name(std::move(name)) {
    log->push_back("+" + this->name);
  }
  ~Tracker() { log->push_back("-" + name); }
};

Async<int> sy1(int t) {
  int a = t * 4, r = 0;
  for (int i = 0; i < a; ++i)
    r += i;
  co_return r;
}

Async<int> sy2(int t) {
  int a = t + 2, r = 123;
  for (int i = 1; i < a; ++i)
    r += i;
  co_return r;
}

Async<int> example(int t) {
  int a = co_await sy1(t);
  int b = co_await sy2(t);
  co_return a + b;
}

TEST(ReferenceBackendTest, BriefExample) { EXPECT_EQ(block_on(example(8)), 664); }

Async<int> awaits_leaf() {
  int x = co_await Countdown{3};
  int y = co_await Countdown{0};
  co_return x + y;
}

TEST(ReferenceBackendTest, AwaitLeafFutures) {
  EXPECT_EQ(block_on(awaits_leaf()), 14);
}

TEST(ReferenceBackendTest, LazyUntilPolled) {
  bool ran = false;
  auto f = [&]() -> Async<void> {
    ran = true;
    co_return;
  };
  Async<void> a = f();
  EXPECT_FALSE(ran);
  block_on(std::move(a));
  EXPECT_TRUE(ran);
}

TEST(ReferenceBackendTest, PollCountsMatchLeafPendings) {
  int polls = 0;
  Async<int> a = awaits_leaf();
  Context cx = Context::from_waker(noop_waker());
  Poll<int> p = pending;
  while ((p = a.poll(cx)).is_pending())
    ++polls;
  EXPECT_EQ(polls, 3);
  EXPECT_EQ(p.value(), 14);
}

Async<std::string> catches() {
  try {
    co_await Throwing{2};
    co_return "not reached";
  } catch (const std::runtime_error &e) {
    co_return std::string("caught: ") + e.what();
  }
}

TEST(ReferenceBackendTest, ExceptionFromLeafIntoTryCatch) {
  EXPECT_EQ(block_on(catches()), "caught: leaf failed");
}

Async<int> throws_after_await() {
  co_await Countdown{1};
  throw std::logic_error("body failed");
  co_return 0;
}

Async<int> rethrows_through_nested() {
  int v = co_await throws_after_await();
  co_return v + 1;
}

TEST(ReferenceBackendTest, ExceptionThroughNestedAsyncs) {
  EXPECT_THROW(block_on(rethrows_through_nested()), std::logic_error);
}

Async<int> catches_nested() {
  try {
    co_return co_await rethrows_through_nested();
  } catch (const std::logic_error &) {
    co_return -1;
  }
}

TEST(ReferenceBackendTest, CatchAroundNestedAwait) {
  EXPECT_EQ(block_on(catches_nested()), -1);
}

Async<void> holds_locals(std::vector<std::string> *log, Gate *gate) {
  Tracker a(log, "a");
  {
    Tracker b(log, "b");
  }
  Tracker c(log, "c");
  co_await WaitGate{gate};
  Tracker d(log, "d");
}

TEST(ReferenceBackendTest, DestroyWhileSuspendedDestroysLiveLocals) {
  std::vector<std::string> log;
  Gate gate;
  {
    Async<void> f = holds_locals(&log, &gate);
    Context cx = Context::from_waker(noop_waker());
    EXPECT_TRUE(f.poll(cx).is_pending());
  }
  std::vector<std::string> want{"+a", "+b", "-b", "+c", "-c", "-a"};
  EXPECT_EQ(log, want);
  gate.waker.reset();
}

TEST(ReferenceBackendTest, DestroyWithoutPollingRunsNothing) {
  std::vector<std::string> log;
  Gate gate;
  { Async<void> f = holds_locals(&log, &gate); }
  EXPECT_TRUE(log.empty());
}

Async<int> fib(int n) {
  if (n < 2)
    co_return n;
  int a = co_await boxed(fib(n - 1));
  int b = co_await boxed(fib(n - 2));
  co_return a + b;
}

TEST(ReferenceBackendTest, RecursionThroughBoxed) {
  EXPECT_EQ(block_on(fib(15)), 610);
}

Async<int> awaits_lvalue() {
  Countdown c{2};
  int v = co_await c; // borrowed, polled in place
  co_return v + c.n;  // c.n is 0 after it finished
}

TEST(ReferenceBackendTest, AwaitLvalueFuture) {
  EXPECT_EQ(block_on(awaits_lvalue()), 7);
}

TEST(ReferenceBackendTest, WokenFromAnotherThread) {
  Gate gate;
  std::mutex mu;
  auto body = [&]() -> Async<int> {
    co_await poll_fn([&](Context &cx) -> Poll<void> {
      std::lock_guard<std::mutex> lock(mu);
      if (gate.open)
        return ready();
      gate.waker = cx.waker();
      return pending;
    });
    co_return 5;
  };
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::lock_guard<std::mutex> lock(mu);
    gate.release();
  });
  EXPECT_EQ(block_on(body()), 5);
  t.join();
}

TEST(ReferenceBackendTest, MoveAfterPollIsFine) {
  Async<int> a = awaits_leaf();
  Context cx = Context::from_waker(noop_waker());
  EXPECT_TRUE(a.poll(cx).is_pending());
  Async<int> b = std::move(a);
  EXPECT_EQ(block_on(std::move(b)), 14);
}

TEST(ReferenceBackendTest, YieldNowAndVoid) {
  int steps = 0;
  auto body = [&]() -> Async<void> {
    for (int i = 0; i < 3; ++i) {
      co_await yield_now();
      ++steps;
    }
  };
  block_on(body());
  EXPECT_EQ(steps, 3);
}

TEST(ReferenceBackendDeathTest, PollAfterCompletionAborts) {
  Async<int> a = sy1(1);
  Context cx = Context::from_waker(noop_waker());
  ASSERT_TRUE(a.poll(cx).is_ready());
  EXPECT_DEATH((void)a.poll(cx), "polled an async function after it completed");
}

TEST(ReferenceBackendDeathTest, PollAfterThrowAborts) {
  Async<int> a = throws_after_await();
  Context cx = Context::from_waker(noop_waker());
  EXPECT_TRUE(a.poll(cx).is_pending());
  EXPECT_THROW((void)a.poll(cx), std::logic_error);
  EXPECT_DEATH((void)a.poll(cx), "polled an async function after it threw");
}

} // namespace
