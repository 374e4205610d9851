//===- SignalStress.cpp - Signals and AsyncFd across threads --------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Stress for signals and AsyncFd under ThreadSanitizer and
/// AddressSanitizer: rounds of listeners on Runtime workers, some aborted,
/// all the others woken by one kill() from another thread (a lost wake-up
/// hangs, which the deadline turns into a failure); listeners created,
/// raced against short timers and dropped while signals arrive from a
/// thread; a ping-pong over two eventfds between tasks on different
/// workers through AsyncFd; and an AsyncFd first polled by its reader and
/// its writer on two workers at once (one registration).
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/future/select.hpp"
#include "hoist/io/async_fd.hpp"
#include "hoist/signal/signal.hpp"
#include "hoist/time/sleep.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <memory>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

#ifndef HOIST_STRESS_SCALE
#define HOIST_STRESS_SCALE 1
#endif

using namespace hoist;
using namespace hoist::test;
using namespace std::chrono_literals;

namespace {

constexpr int kScale = HOIST_STRESS_SCALE;

/// Receives once from its own listener, counting its first poll.
struct RecvOnce {
  using Output = void;
  std::unique_ptr<signal::Signal> s;
  std::atomic<int> *polled;
  std::optional<signal::Signal::RecvFuture> f{};
  Poll<void> poll(Context &cx) {
    if (!f) {
      f.emplace(s->recv());
      polled->fetch_add(1);
    }
    return f->poll(cx);
  }
};

TEST(SignalStress, EveryWaitingListenerIsWokenEachRound) {
  Runtime rt(Runtime::Options{2});
  const int rounds = 10 * kScale;
  constexpr int kListeners = 16;
  for (int round = 0; round < rounds; ++round) {
    std::atomic<int> polled{0};
    std::vector<JoinHandle<void>> hs;
    for (int i = 0; i < kListeners; ++i)
      hs.push_back(rt.spawn(RecvOnce{std::make_unique<signal::Signal>(SIGUSR1), &polled}));
    while (polled.load() < kListeners)
      std::this_thread::yield();
    for (int i = 0; i < kListeners; i += 3)
      hs[static_cast<size_t>(i)].abort(); // dropped while pending
    std::thread killer([] { ::kill(::getpid(), SIGUSR1); });
    for (int i = 0; i < kListeners; ++i) {
      if (i % 3 == 0)
        EXPECT_THROW(rt.block_on(std::move(hs[static_cast<size_t>(i)])), JoinError);
      else
        rt.block_on(std::move(hs[static_cast<size_t>(i)]));
    }
    killer.join();
  }
}

TEST(SignalStress, ListenersComeAndGoWhileSignalsArrive) {
  Runtime rt(Runtime::Options{2});
  // Installs the handler first: without a listener ever created, SIGUSR2's
  // default action would end the process.
  signal::Signal installed = signal::signal(SIGUSR2);
  std::atomic<bool> stop{false};
  std::thread sender([&] {
    while (!stop.load()) {
      ::kill(::getpid(), SIGUSR2);
      std::this_thread::sleep_for(200us);
    }
  });
  struct Churn {
    using Output = int;
    int iterations;
    int received = 0;
    Poll<int> poll(Context &cx) {
      // Each iteration is a whole listener lifetime inside one poll loop:
      // create, race one recv against a 1 ms timer, drop both.
      while (iterations > 0) {
        if (!sel) {
          sig = std::make_unique<signal::Signal>(SIGUSR2);
          sel.emplace(select(sig->recv(), sleep(1ms)));
        }
        auto r = sel->poll(cx);
        if (r.is_pending())
          return pending;
        if (r.value().index() == 0)
          ++received;
        sel.reset();
        sig.reset();
        --iterations;
      }
      return ready(received);
    }
    std::unique_ptr<signal::Signal> sig{};
    std::optional<Select<signal::Signal::RecvFuture, Sleep>> sel{};
  };
  std::vector<JoinHandle<int>> hs;
  for (int i = 0; i < 6; ++i)
    hs.push_back(rt.spawn(Churn{30 * kScale}));
  int received = 0;
  for (auto &h : hs)
    received += rt.block_on(std::move(h));
  stop.store(true);
  sender.join();
  EXPECT_GT(received, 0);
}

/// One side of a ping-pong over two eventfds: waits for `in`, then posts
/// to `out`, `rounds` times (the first side posts first).
struct PingPong {
  using Output = int;
  AsyncFd *in;
  int out;
  int rounds;
  bool first;
  int done = 0;
  bool posted = false;
  Poll<int> poll(Context &cx) {
    int in_fd = in->native_handle();
    while (done < rounds) {
      if (first && !posted) {
        uint64_t one = 1;
        EXPECT_EQ(::write(out, &one, sizeof one), 8);
        posted = true;
      }
      Poll<AsyncFdReadyGuard> g = in->poll_read_ready(cx);
      if (g.is_pending())
        return pending;
      uint64_t v = 0;
      std::optional<size_t> n = g.value().try_io([&] { return ::read(in_fd, &v, sizeof v); });
      if (!n)
        continue;
      EXPECT_EQ(v, 1u);
      if (!first) {
        uint64_t one = 1;
        EXPECT_EQ(::write(out, &one, sizeof one), 8);
      }
      posted = false;
      ++done;
    }
    return ready(done);
  }
};

TEST(SignalStress, AsyncFdPingPongAcrossWorkers) {
  Runtime rt(Runtime::Options{2});
  int a = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  int b = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  {
    AsyncFd in_a(a, AsyncFd::Ownership::Owned);
    AsyncFd in_b(b, AsyncFd::Ownership::Owned);
    const int rounds = 2000 * kScale;
    auto ping = rt.spawn(PingPong{&in_a, b, rounds, true});
    auto pong = rt.spawn(PingPong{&in_b, a, rounds, false});
    EXPECT_EQ(rt.block_on(std::move(ping)), rounds);
    EXPECT_EQ(rt.block_on(std::move(pong)), rounds);
  }
}

/// Waits once for one direction of an AsyncFd, after a barrier.
struct WaitOnce {
  using Output = void;
  AsyncFd *afd;
  Interest interest;
  std::atomic<int> *arrived;
  Poll<void> poll(Context &cx) {
    // Both tasks reach their first poll together when they run on two
    // workers. Bounded: both may be on one worker (the other task in its
    // LIFO slot, which no one steals), and then waiting would never end.
    arrived->fetch_add(1);
    auto until = std::chrono::steady_clock::now() + 2ms;
    while (arrived->load() < 2 && std::chrono::steady_clock::now() < until)
      std::this_thread::yield();
    Poll<AsyncFdReadyGuard> g = afd->poll_ready(cx, interest);
    return g.is_pending() ? Poll<void>(pending) : Poll<void>(ready());
  }
};

TEST(SignalStress, AsyncFdFirstPolledFromTwoWorkersAtOnce) {
  // The reader and the writer of one descriptor register it on their first
  // polls, on different workers at the same moment: one registration, no
  // race, no EEXIST from a second epoll_ctl(ADD).
  Runtime rt(Runtime::Options{2});
  for (int i = 0; i < 200 * kScale; ++i) {
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
    AsyncFd afd(fds[0], AsyncFd::Ownership::Owned);
    std::atomic<int> arrived{0};
    auto r = rt.spawn(WaitOnce{&afd, Interest::Read, &arrived});
    auto w = rt.spawn(WaitOnce{&afd, Interest::Write, &arrived});
    rt.block_on(std::move(r));
    rt.block_on(std::move(w));
    ::close(fds[1]);
  }
}

} // namespace
