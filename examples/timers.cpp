//===- timers.cpp - Timers: sleep, interval, timeout, select --------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A timer-driven program in Hoist's input language: a producer ticks on an
/// interval and sends each tick through a bounded channel; a consumer waits
/// for each with a timeout; then select() races two sleeps and a timeout
/// cuts a slow operation short. Its output is deterministic (the deadlines
/// are far apart), so the tests compare it.
///
//===----------------------------------------------------------------------===//
#include <hoist/hoist.hpp>

#include <chrono>
#include <cstdio>
#include <optional>

using namespace std::chrono_literals;

/// Sends `count` ticks, one every `period`.
hoist::Async<void> producer(hoist::mpsc::Sender<int> tx, int count,
                            hoist::Duration period) {
  hoist::Interval every = hoist::interval(period);
  for (int i = 1; i <= count; ++i) {
    co_await every.tick();
    bool sent = co_await tx.send(i);
    if (!sent)
      break;
  }
}

/// Receives until the channel closes or nothing arrives for `patience`.
hoist::Async<int> consumer(hoist::mpsc::Receiver<int> rx, hoist::Duration patience) {
  int sum = 0;
  for (;;) {
    try {
      std::optional<int> tick = co_await hoist::timeout(patience, rx.recv());
      if (!tick) {
        std::printf("channel closed\n");
        break;
      }
      std::printf("tick %d\n", *tick);
      sum += *tick;
    } catch (const hoist::Elapsed &) {
      std::printf("no tick within the deadline\n");
      break;
    }
  }
  co_return sum;
}

/// Which of two sleeps finishes first.
hoist::Async<int> race() {
  auto winner = co_await hoist::select(hoist::sleep(10ms), hoist::sleep(200ms));
  co_return static_cast<int>(winner.index());
}

/// A slow operation cut short by a timeout.
hoist::Async<bool> slow_operation_times_out() {
  try {
    co_await hoist::timeout(20ms, hoist::sleep(5s));
    co_return false;
  } catch (const hoist::Elapsed &) {
    co_return true;
  }
}

hoist::Async<int> run() {
  std::pair<hoist::mpsc::Sender<int>, hoist::mpsc::Receiver<int>> channel =
      hoist::mpsc::channel<int>(1);
  hoist::JoinHandle<void> ticks =
      hoist::spawn(producer(std::move(channel.first), 5, 15ms));
  int sum = co_await consumer(std::move(channel.second), 1s);
  co_await ticks;
  std::printf("sum of ticks: %d\n", sum);

  int winner = co_await race();
  std::printf("sleep %d finished first\n", winner);

  bool timed_out = co_await slow_operation_times_out();
  std::printf("slow operation %s\n", timed_out ? "timed out" : "finished");

  hoist::Instant start = hoist::now();
  co_await hoist::sleep_until(start + 30ms);
  std::printf("slept until the deadline: %s\n",
              hoist::now() - start >= 30ms ? "yes" : "no");
  co_return sum;
}

int main() {
  hoist::Runtime rt;
  int sum = rt.block_on(run());
  return sum == 15 ? 0 : 1;
}
