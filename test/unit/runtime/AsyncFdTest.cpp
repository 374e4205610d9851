//===- AsyncFdTest.cpp - AsyncFd over pipes and eventfds ------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests AsyncFd with hand-written state machines (C++17): a pipe read
/// through readable() + try_io with the writer on another thread, an
/// eventfd counted up by a plain thread while a Runtime task waits, writes
/// into a full pipe with async_io, end of stream, a pending readiness
/// future dropped by select (and its waker released), ownership (borrowed descriptors stay open,
/// owned ones are closed, release() hands back) and the O_NONBLOCK check.
///
//===----------------------------------------------------------------------===//
#include "CountingWaker.hpp"
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/future/select.hpp"
#include "hoist/io/async_fd.hpp"
#include "hoist/time/sleep.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <sys/eventfd.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace hoist;
using namespace hoist::test;
using namespace std::chrono_literals;

namespace {

struct Pipe {
  int r = -1, w = -1;
  explicit Pipe(int flags = O_NONBLOCK | O_CLOEXEC) {
    int fds[2];
    if (::pipe2(fds, flags) < 0)
      throw std::system_error(errno, std::generic_category(), "pipe2");
    r = fds[0];
    w = fds[1];
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  void close_read() {
    if (r >= 0)
      ::close(std::exchange(r, -1));
  }
  void close_write() {
    if (w >= 0)
      ::close(std::exchange(w, -1));
  }
};

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) >= 0; }

/// Reads everything until end of stream with readable() + try_io.
struct ReadToEnd {
  using Output = std::string;
  AsyncFd *afd;
  std::optional<AsyncFd::ReadyFuture> wait{};
  std::string got{};
  Poll<std::string> poll(Context &cx) {
    for (;;) {
      if (!wait)
        wait.emplace(afd->readable());
      Poll<AsyncFdReadyGuard> g = wait->poll(cx);
      if (g.is_pending())
        return pending;
      wait.reset();
      char buf[1000];
      int fd = afd->native_handle();
      for (;;) {
        std::optional<size_t> n = g.value().try_io([&] { return ::read(fd, buf, sizeof buf); });
        if (!n)
          break; // EAGAIN: readiness cleared, wait again
        if (*n == 0)
          return ready(std::move(got));
        got.append(buf, *n);
      }
    }
  }
};

/// Sums eventfd counts until they reach `target`.
struct SumEventfd {
  using Output = uint64_t;
  AsyncFd *afd;
  uint64_t target;
  uint64_t sum = 0;
  size_t waits = 0;
  Poll<uint64_t> poll(Context &cx) {
    while (sum < target) {
      Poll<AsyncFdReadyGuard> g = afd->poll_read_ready(cx);
      if (g.is_pending())
        return pending;
      ++waits;
      uint64_t v = 0;
      int fd = afd->native_handle();
      if (std::optional<size_t> n = g.value().try_io([&] { return ::read(fd, &v, sizeof v); }))
        sum += v;
    }
    return ready(sum);
  }
};

TEST(AsyncFdTest, PipeReadWithWriterOnAnotherThread) {
  LocalExecutor ex;
  Pipe p;
  AsyncFd afd(p.r);
  std::string expected;
  for (int i = 0; i < 20000; ++i) // several pipe buffers
    expected += "line " + std::to_string(i) + "\n";
  std::thread writer([&] {
    size_t off = 0;
    while (off < expected.size()) {
      size_t chunk = std::min<size_t>(777, expected.size() - off);
      ssize_t n = ::write(p.w, expected.data() + off, chunk);
      if (n > 0)
        off += static_cast<size_t>(n);
      else
        std::this_thread::sleep_for(1ms); // full: the reader drains it
      if (off % 7 == 0)
        std::this_thread::yield();
    }
    p.close_write();
  });
  std::string got = ex.block_on(ReadToEnd{&afd});
  writer.join();
  EXPECT_EQ(got, expected);
}

TEST(AsyncFdTest, EventfdAcrossThreadsOnRuntime) {
  Runtime rt(Runtime::Options{2});
  int efd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  ASSERT_GE(efd, 0);
  AsyncFd afd(efd);
  auto task = rt.spawn(SumEventfd{&afd, 200});
  std::thread poster([&] {
    for (int i = 0; i < 200; ++i) {
      uint64_t one = 1;
      ASSERT_EQ(::write(efd, &one, sizeof one), 8);
      if (i % 10 == 0)
        std::this_thread::sleep_for(1ms); // let the task park in between
    }
  });
  EXPECT_EQ(rt.block_on(std::move(task)), 200u);
  poster.join();
  ::close(efd);
}

TEST(AsyncFdTest, WaitsWhenNothingIsReady) {
  // After an EAGAIN the future must wait for an event, not spin: the task
  // is polled only a few times while the eventfd stays empty.
  LocalExecutor ex;
  int efd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  AsyncFd afd(efd);
  SumEventfd sum{&afd, 5};
  std::thread poster([&] {
    std::this_thread::sleep_for(50ms);
    uint64_t five = 5;
    ASSERT_EQ(::write(efd, &five, sizeof five), 8);
  });
  struct Counted {
    using Output = uint64_t;
    SumEventfd *f;
    int *polls;
    Poll<uint64_t> poll(Context &cx) {
      ++*polls;
      return f->poll(cx);
    }
  };
  int polls = 0;
  EXPECT_EQ(ex.block_on(Counted{&sum, &polls}), 5u);
  poster.join();
  EXPECT_LE(polls, 3);
  ::close(efd);
}

TEST(AsyncFdTest, AsyncIoFillsAFullPipe) {
  Runtime rt(Runtime::Options{2});
  Pipe p;
  AsyncFd wr(p.w);
  std::vector<char> data(1 << 20); // far more than a pipe holds
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<char>(i * 13 + i / 1000);
  struct WriteAll {
    using Output = size_t;
    AsyncFd *afd;
    const std::vector<char> *data;
    size_t off = 0;
    Poll<size_t> poll(Context &cx) {
      int fd = afd->native_handle();
      while (off < data->size()) {
        Poll<size_t> n = afd->poll_io(cx, Interest::Write, [&] {
          return ::write(fd, data->data() + off, data->size() - off);
        });
        if (n.is_pending())
          return pending;
        off += n.value();
      }
      return ready(off);
    }
  };
  auto task = rt.spawn(WriteAll{&wr, &data});
  std::vector<char> got;
  std::thread reader([&] {
    int fl = ::fcntl(p.r, F_GETFL);
    ::fcntl(p.r, F_SETFL, fl & ~O_NONBLOCK);
    char buf[4096];
    while (got.size() < data.size()) {
      ssize_t n = ::read(p.r, buf, sizeof buf);
      if (n <= 0)
        break;
      got.insert(got.end(), buf, buf + n);
      if (got.size() % 3 == 0)
        std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
  });
  EXPECT_EQ(rt.block_on(std::move(task)), data.size());
  reader.join();
  EXPECT_EQ(got, data);
}

TEST(AsyncFdTest, AsyncIoFuture) {
  Pipe p;
  AsyncFd afd(p.r);
  std::thread writer([&] {
    std::this_thread::sleep_for(20ms);
    ASSERT_EQ(::write(p.w, "hello", 5), 5);
  });
  char buf[16];
  size_t n = block_on(afd.async_io(Interest::Read, [&] { return ::read(p.r, buf, sizeof buf); }));
  writer.join();
  EXPECT_EQ(std::string(buf, n), "hello");
}

TEST(AsyncFdTest, EndOfStreamIsReadClosed) {
  LocalExecutor ex;
  Pipe p;
  AsyncFd afd(p.r);
  // Drain the speculative readiness first, then close the writer.
  AsyncFdReadyGuard g0 = ex.block_on(afd.readable());
  char c;
  EXPECT_FALSE(g0.try_io([&] { return ::read(p.r, &c, 1); }));
  p.close_write();
  AsyncFdReadyGuard g = ex.block_on(afd.readable());
  EXPECT_TRUE(g.is_read_closed());
  EXPECT_EQ(g.try_io([&] { return ::read(p.r, &c, 1); }), std::optional<size_t>(0));
}

TEST(AsyncFdTest, DroppedWaitLeavesTheFdUsable) {
  LocalExecutor ex;
  Pipe p;
  AsyncFd afd(p.r);
  AsyncFdReadyGuard g0 = ex.block_on(afd.readable());
  char c;
  EXPECT_FALSE(g0.try_io([&] { return ::read(p.r, &c, 1); }));
  // Nothing to read: the timer wins and the readiness wait is dropped.
  auto r = ex.block_on(select_biased(afd.readable(), sleep(20ms)));
  EXPECT_EQ(r.index(), 1u);
  ASSERT_EQ(::write(p.w, "x", 1), 1);
  AsyncFdReadyGuard g = ex.block_on(afd.readable());
  EXPECT_EQ(g.try_io([&] { return ::read(p.r, &c, 1); }), std::optional<size_t>(1));
  EXPECT_EQ(c, 'x');
}

TEST(AsyncFdTest, DroppedWaitReleasesItsWaker) {
  Pipe p;
  AsyncFd afd(p.r);
  WakerCounts counts;
  Waker w = counting_waker(counts);
  Context cx = Context::from_waker(w);
  {
    // The first poll sees the speculative readiness; clear it.
    AsyncFd::ReadyFuture f = afd.readable();
    Poll<AsyncFdReadyGuard> g = f.poll(cx);
    ASSERT_TRUE(g.is_ready());
    g.value().clear_ready();
  }
  {
    AsyncFd::ReadyFuture f = afd.readable();
    EXPECT_TRUE(f.poll(cx).is_pending());
    EXPECT_EQ(counts.live(), 2); // the reactor holds a clone
  }
  EXPECT_EQ(counts.live(), 1) << "the dropped wait kept its waker";
  {
    char c;
    auto f = afd.async_io(Interest::Read, [&] { return ::read(p.r, &c, 1); });
    EXPECT_TRUE(f.poll(cx).is_pending());
    EXPECT_EQ(counts.live(), 2);
  }
  EXPECT_EQ(counts.live(), 1);
  // Still usable, and nothing was woken.
  ASSERT_EQ(::write(p.w, "z", 1), 1);
  EXPECT_EQ(counts.total_wakes(), 0);
  AsyncFdReadyGuard g = block_on(afd.readable());
  char c = 0;
  EXPECT_EQ(g.try_io([&] { return ::read(p.r, &c, 1); }), std::optional<size_t>(1));
  EXPECT_EQ(c, 'z');
}

TEST(AsyncFdTest, BorrowedFdStaysOpen) {
  Pipe p;
  {
    AsyncFd afd(p.r);
    EXPECT_FALSE(afd.is_owned());
    (void)block_on(afd.readable());
  }
  EXPECT_TRUE(is_open(p.r));
}

TEST(AsyncFdTest, OwnedFdIsClosed) {
  Pipe p;
  int fd = p.r;
  p.r = -1;
  {
    AsyncFd afd(fd, AsyncFd::Ownership::Owned);
    EXPECT_TRUE(afd.is_owned());
    (void)block_on(afd.readable()); // registered, then deregistered and closed
  }
  EXPECT_FALSE(is_open(fd));
}

TEST(AsyncFdTest, ReleaseHandsTheFdBack) {
  Pipe p;
  int fd = p.r;
  p.r = -1;
  AsyncFd afd(fd, AsyncFd::Ownership::Owned);
  (void)block_on(afd.readable());
  EXPECT_EQ(afd.release(), fd);
  EXPECT_EQ(afd.native_handle(), -1);
  EXPECT_TRUE(is_open(fd));
  ::close(fd);
}

TEST(AsyncFdTest, MovedAsyncFdKeepsWorking) {
  Pipe p;
  AsyncFd a(p.r);
  (void)block_on(a.readable());
  AsyncFd b(std::move(a));
  EXPECT_EQ(a.native_handle(), -1);
  ASSERT_EQ(::write(p.w, "y", 1), 1);
  char c = 0;
  size_t n = block_on(b.async_io(Interest::Read, [&] { return ::read(p.r, &c, 1); }));
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(c, 'y');
  EXPECT_TRUE(is_open(p.r));
}

TEST(AsyncFdTest, BlockingFdIsRejected) {
  Pipe p(O_CLOEXEC);
  EXPECT_THROW(AsyncFd afd(p.r), std::invalid_argument);
  EXPECT_THROW(AsyncFd afd(-1), std::system_error);
}

TEST(AsyncFdTest, RegularFileFailsOnFirstPoll) {
  char path[] = "/tmp/hoist-asyncfd-XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::unlink(path);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  AsyncFd afd(fd, AsyncFd::Ownership::Owned);
  try {
    (void)block_on(afd.readable());
    FAIL() << "epoll accepted a regular file";
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code().value(), EPERM);
  }
}

} // namespace
