//===- BlockOnTest.cpp - block_on parks, and wakes from any thread --------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::block_on: it returns the output of a ready future, polls a
/// future only when woken (counting polls proves there is no busy loop),
/// accepts wake-ups from other threads and wakes that come before parking,
/// polls lvalue futures in place, and lets exceptions out.
///
//===----------------------------------------------------------------------===//
#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

using namespace hoist;
using namespace std::chrono_literals;

namespace {

/// A leaf future completed by another thread: it stores the waker under a
/// lock, and the other thread sets the value and wakes it.
struct Slot {
  std::mutex mu;
  std::optional<int> value;
  std::optional<Waker> waker;
  int polls = 0;

  void complete(int v) {
    std::optional<Waker> w;
    {
      std::lock_guard<std::mutex> lock(mu);
      value = v;
      w.swap(waker);
    }
    if (w)
      w->wake();
  }
};

struct SlotFuture {
  using Output = int;
  Slot *slot;
  Poll<int> poll(Context &cx) {
    std::lock_guard<std::mutex> lock(slot->mu);
    ++slot->polls;
    if (slot->value)
      return ready(*slot->value);
    slot->waker = cx.waker();
    return pending;
  }
};

TEST(BlockOnTest, ReadyFuture) {
  EXPECT_EQ(block_on(poll_fn([](Context &) { return ready(7); })), 7);
}

TEST(BlockOnTest, WokenFromAnotherThreadWithoutBusyPolling) {
  Slot slot;
  std::thread t([&] {
    std::this_thread::sleep_for(50ms);
    slot.complete(99);
  });
  EXPECT_EQ(block_on(SlotFuture{&slot}), 99);
  t.join();
  // One poll before parking, one after the wake-up: no busy polling.
  EXPECT_EQ(slot.polls, 2);
}

TEST(BlockOnTest, WakeBeforeParkIsNotLost) {
  // The future wakes itself before returning pending: block_on must not
  // sleep through it.
  int polls = 0;
  int out = block_on(poll_fn([&](Context &cx) -> Poll<int> {
    if (++polls < 5) {
      cx.waker().wake_by_ref();
      return pending;
    }
    return ready(polls);
  }));
  EXPECT_EQ(out, 5);
}

TEST(BlockOnTest, ManyWakesFromManyThreads) {
  std::atomic<int> progress{0};
  std::optional<Waker> stored;
  std::mutex mu;
  constexpr int kThreads = 4, kEach = 200;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&] {
      for (int j = 0; j < kEach; ++j) {
        progress.fetch_add(1);
        std::lock_guard<std::mutex> lock(mu);
        if (stored)
          stored->wake_by_ref();
      }
    });
  int polls = 0;
  block_on(poll_fn([&](Context &cx) -> Poll<void> {
    ++polls;
    std::lock_guard<std::mutex> lock(mu);
    if (!stored)
      stored = cx.waker();
    if (progress.load() == kThreads * kEach)
      return ready();
    return pending;
  }));
  for (auto &t : threads)
    t.join();
  EXPECT_LE(polls, kThreads * kEach + 1);
  stored.reset();
}

TEST(BlockOnTest, LvalueFuturePolledInPlace) {
  Slot slot;
  SlotFuture f{&slot};
  std::thread t([&] {
    std::this_thread::sleep_for(10ms);
    slot.complete(3);
  });
  EXPECT_EQ(block_on(f), 3);
  t.join();
}

TEST(BlockOnTest, ExceptionPropagates) {
  EXPECT_THROW(block_on(poll_fn([](Context &) -> Poll<int> {
                 throw std::runtime_error("boom");
               })),
               std::runtime_error);
}

TEST(BlockOnTest, WakerOutlivesBlockOn) {
  std::optional<Waker> kept;
  block_on(poll_fn([&](Context &cx) -> Poll<void> {
    kept = cx.waker();
    return ready();
  }));
  // The parker is reference counted: waking it later is harmless.
  kept->wake_by_ref();
  std::thread t([w = std::move(*kept)]() mutable { w.wake(); });
  t.join();
  // The stray notification makes the next park return at once; block_on
  // still works (it re-polls and parks again).
  Slot slot;
  std::thread c([&] {
    std::this_thread::sleep_for(10ms);
    slot.complete(1);
  });
  EXPECT_EQ(block_on(SlotFuture{&slot}), 1);
  c.join();
}

TEST(BlockOnTest, IntoFuture) {
  struct Awaitable {
    auto into_future() && {
      return poll_fn([](Context &) { return ready(11); });
    }
  };
  EXPECT_EQ(block_on(Awaitable{}), 11);
}

} // namespace
