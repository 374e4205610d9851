//===- SignalTest.cpp - ctrl_c and signal() --------------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests Unix signals as futures (C++17): raise() and kill() from other
/// threads wake a pending recv on the multi-threaded Runtime and on a
/// LocalExecutor; a signal delivered between a Signal's creation and its
/// first poll is not lost; every listener gets each delivery; deliveries
/// not yet received coalesce; a dropped recv loses nothing; ctrl_c; a
/// moved Signal keeps listening; signals that cannot be listened for.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/future/join.hpp"
#include "hoist/future/select.hpp"
#include "hoist/signal/signal.hpp"
#include "hoist/time/sleep.hpp"
#include "hoist/time/timeout.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <stdexcept>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace hoist;
using namespace hoist::test;
using namespace std::chrono_literals;

namespace {

/// Polls `s.recv()` until it completes, counting the polls.
struct RecvOnce {
  using Output = int;
  signal::Signal *s;
  std::atomic<int> *polled;
  std::optional<signal::Signal::RecvFuture> f{};
  Poll<int> poll(Context &cx) {
    if (!f)
      f.emplace(s->recv());
    polled->fetch_add(1);
    if (f->poll(cx).is_pending())
      return pending;
    return ready(s->signo());
  }
};

void wait_until_polled(const std::atomic<int> &polled, int n = 1) {
  while (polled.load() < n)
    std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(10ms); // and parked
}

TEST(SignalTest, RaiseWakesPendingRecvOnRuntime) {
  Runtime rt(Runtime::Options{2});
  signal::Signal s = signal::signal(SIGUSR1);
  std::atomic<int> polled{0};
  auto task = rt.spawn(RecvOnce{&s, &polled});
  wait_until_polled(polled);
  ASSERT_EQ(::raise(SIGUSR1), 0);
  EXPECT_EQ(rt.block_on(timeout(10s, std::move(task))), SIGUSR1);
}

TEST(SignalTest, KillFromAnotherThreadWakesRecvOnRuntime) {
  Runtime rt(Runtime::Options{2});
  signal::Signal s = signal::signal(SIGTERM);
  std::atomic<int> polled{0};
  auto task = rt.spawn(RecvOnce{&s, &polled});
  std::thread killer([&] {
    wait_until_polled(polled);
    ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  });
  EXPECT_EQ(rt.block_on(timeout(10s, std::move(task))), SIGTERM);
  killer.join();
}

TEST(SignalTest, RaiseWakesPendingRecvOnLocalExecutor) {
  LocalExecutor ex;
  signal::Signal s = signal::signal(SIGUSR2);
  std::thread raiser([] {
    std::this_thread::sleep_for(20ms);
    ::kill(::getpid(), SIGUSR2);
  });
  ex.block_on(timeout(10s, s.recv()));
  raiser.join();
}

TEST(SignalTest, SignalBeforeFirstPollIsNotLost) {
  Runtime rt(Runtime::Options{2});
  signal::Signal s = signal::signal(SIGUSR1);
  ASSERT_EQ(::raise(SIGUSR1), 0); // before anything polled it
  std::atomic<int> polled{0};
  EXPECT_EQ(rt.block_on(timeout(10s, RecvOnce{&s, &polled})), SIGUSR1);
}

TEST(SignalTest, EveryListenerGetsEachDelivery) {
  Runtime rt(Runtime::Options{2});
  std::vector<signal::Signal> sigs;
  for (int i = 0; i < 4; ++i)
    sigs.push_back(signal::signal(SIGUSR2));
  std::atomic<int> polled{0};
  std::vector<JoinHandle<int>> tasks;
  for (auto &s : sigs)
    tasks.push_back(rt.spawn(RecvOnce{&s, &polled}));
  wait_until_polled(polled, 4);
  ASSERT_EQ(::kill(::getpid(), SIGUSR2), 0);
  for (auto &t : tasks)
    EXPECT_EQ(rt.block_on(timeout(10s, std::move(t))), SIGUSR2);
  // Each listener goes on receiving later deliveries.
  ASSERT_EQ(::kill(::getpid(), SIGUSR2), 0);
  for (auto &s : sigs)
    rt.block_on(timeout(10s, s.recv()));
}

TEST(SignalTest, UnreceivedDeliveriesCoalesce) {
  LocalExecutor ex;
  signal::Signal s = signal::signal(SIGUSR1);
  ASSERT_EQ(::raise(SIGUSR1), 0);
  ASSERT_EQ(::raise(SIGUSR1), 0);
  std::this_thread::sleep_for(50ms); // both dispatched
  ex.block_on(timeout(10s, s.recv()));
  auto r = ex.block_on(select_biased(s.recv(), sleep(30ms)));
  EXPECT_EQ(r.index(), 1u); // nothing more to receive
  ASSERT_EQ(::raise(SIGUSR1), 0);
  ex.block_on(timeout(10s, s.recv()));
}

TEST(SignalTest, DroppedRecvLosesNothing) {
  LocalExecutor ex;
  signal::Signal s = signal::signal(SIGUSR2);
  auto r = ex.block_on(select_biased(s.recv(), sleep(10ms)));
  EXPECT_EQ(r.index(), 1u); // the pending recv was dropped
  ASSERT_EQ(::raise(SIGUSR2), 0);
  std::this_thread::sleep_for(20ms); // delivered while nobody waits
  ex.block_on(timeout(10s, s.recv()));
}

TEST(SignalTest, CtrlC) {
  Runtime rt(Runtime::Options{2});
  signal::CtrlC c = signal::ctrl_c(); // listening from here
  ASSERT_EQ(::raise(SIGINT), 0);
  rt.block_on(timeout(10s, std::move(c)));
  // A server loop racing ctrl_c: the signal ends it.
  std::thread raiser([] {
    std::this_thread::sleep_for(20ms);
    ::kill(::getpid(), SIGINT);
  });
  auto r = rt.block_on(select(signal::ctrl_c(), sleep(10s)));
  EXPECT_EQ(r.index(), 0u);
  raiser.join();
}

TEST(SignalTest, MovedSignalKeepsListening) {
  signal::Signal a = signal::signal(SIGUSR1);
  ASSERT_EQ(::raise(SIGUSR1), 0);
  signal::Signal b(std::move(a));
  EXPECT_EQ(b.signo(), SIGUSR1);
  EXPECT_EQ(a.signo(), 0);
  block_on(timeout(10s, b.recv()));
  signal::Signal c = signal::signal(SIGUSR2);
  c = std::move(b);
  EXPECT_EQ(c.signo(), SIGUSR1);
  ASSERT_EQ(::raise(SIGUSR1), 0);
  block_on(timeout(10s, c.recv()));
}

TEST(SignalTest, SignalsThatCannotBeListenedFor) {
  for (int s : {0, -1, NSIG, SIGKILL, SIGSTOP, SIGSEGV, SIGILL, SIGFPE, SIGBUS})
    EXPECT_THROW(signal::signal(s), std::invalid_argument) << s;
}

} // namespace
