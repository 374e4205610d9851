//===- WakeupTest.cpp - The park/unpark handshakes lose no wake-up --------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Race tests of the park/unpark handshakes on the real code: the driver's
/// unpark flag and eventfd (a turning driver unparked from two threads must
/// still be unparkable once things quiesce), and the block_on Parker
/// (a ping-pong between two parked threads). A lost wake-up hangs, so every
/// test runs under a deadline that aborts with the test's name.
///
/// The same protocols (and the Runtime's worker parker and AtomicWaker) are
/// also checked exhaustively, under the C++ memory model, by the Relacy
/// models in model/WakeupModel.cpp (Debian's relacy-dev; built when found).
///
//===----------------------------------------------------------------------===//
#include "hoist/core/parker.hpp"
#include "hoist/io/driver.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

using namespace hoist;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

/// Aborts the process, naming `what`, unless destroyed within `limit`.
class Deadline {
public:
  Deadline(const char *what, std::chrono::seconds limit)
      : thread_([this, what, limit] {
          std::unique_lock<std::mutex> lock(mu_);
          if (!cv_.wait_for(lock, limit, [&] { return done_; })) {
            std::fprintf(stderr, "%s: still running after %lld s (a lost wake-up?)\n",
                         what, static_cast<long long>(limit.count()));
            std::abort();
          }
        }) {}
  ~Deadline() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

long long millis_since(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t)
      .count();
}

TEST(WakeupTest, DriverUnparkBeforeTurnEndsIt) {
  detail::Driver *d = detail::Driver::create();
  ASSERT_TRUE(d->try_lock());
  d->unpark();
  d->unpark(); // finds the write of the first pending
  Clock::time_point t0 = Clock::now();
  d->turn(2000);
  EXPECT_LT(millis_since(t0), 1000) << "an unpark() before the turn was lost";
  // Both unparks were consumed by that turn: the next one sleeps its time.
  t0 = Clock::now();
  d->turn(50);
  EXPECT_GE(millis_since(t0), 40) << "a stale unpark ended a later turn";
  d->unlock();
  d->release();
}

TEST(WakeupTest, DriverStaysUnparkableAfterRacingUnparks) {
  // One thread turns the driver without blocking while two unpark it; then
  // everything stops, and an unpark must still end a blocking turn. An
  // unpark whose write is swallowed by the turn's read of the eventfd
  // leaves the flag set with nothing to read: every later unpark returns
  // early, and the blocking turn below sleeps its whole timeout.
  Deadline deadline("WakeupTest.DriverStaysUnparkableAfterRacingUnparks", 30s);
  detail::Driver *d = detail::Driver::create();
  for (int round = 0; round < 20; ++round) {
    std::atomic<bool> stop{false};
    std::thread turner([&] {
      while (!d->try_lock())
        std::this_thread::yield();
      while (!stop.load(std::memory_order_relaxed))
        d->turn(0);
      d->unlock();
    });
    std::vector<std::thread> unparkers;
    for (int t = 0; t < 2; ++t)
      unparkers.emplace_back([&] {
        while (!stop.load(std::memory_order_relaxed))
          d->unpark();
      });
    std::this_thread::sleep_for(20ms);
    stop.store(true);
    turner.join();
    for (std::thread &u : unparkers)
      u.join();

    // Quiesced. Consume whatever is pending, then unpark once more.
    ASSERT_TRUE(d->try_lock());
    d->turn(0);
    d->unpark();
    Clock::time_point t0 = Clock::now();
    d->turn(1000);
    long long waited = millis_since(t0);
    d->unlock();
    ASSERT_LT(waited, 500) << "round " << round
                           << ": an unpark() no longer ends a turn (the "
                              "flag is set with the eventfd empty)";
  }
  d->release();
}

TEST(WakeupTest, ParkerPingPong) {
  // Two threads hand a turn back and forth, each parked until the other
  // wakes it; a lost unpark leaves both parked.
  Deadline deadline("WakeupTest.ParkerPingPong", 30s);
  constexpr int kRounds = 5000;
  std::atomic<int> turn{0}; // even: side 0 moves; odd: side 1
  std::optional<Waker> wakers[2];
  std::atomic<int> ready{0};
  auto side = [&](int me) {
    wakers[me] = detail::Parker::current().waker();
    ready.fetch_add(1);
    while (ready.load() < 2)
      std::this_thread::yield();
    const Waker &other = *wakers[1 - me];
    for (int i = 0; i < kRounds; ++i) {
      while (turn.load(std::memory_order_acquire) % 2 != me)
        detail::Parker::current().park();
      turn.fetch_add(1, std::memory_order_release);
      other.wake_by_ref();
    }
  };
  std::thread t0(side, 0), t1(side, 1);
  t0.join();
  t1.join();
  EXPECT_EQ(turn.load(), 2 * kRounds);
}

} // namespace
