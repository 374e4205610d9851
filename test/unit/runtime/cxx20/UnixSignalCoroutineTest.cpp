//===- UnixSignalCoroutineTest.cpp - Unix sockets, AsyncFd, signals -------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Unix domain sockets, AsyncFd and signals as users write against them:
/// Async<T> functions (C++20 coroutines here, the reference backend) that
/// echo over a path socket and an abstract one, read a pipe through
/// AsyncFd's readable() guard and async_io, receive a signal raised before
/// their first recv, and stop a server loop with ctrl_c in a select.
///
//===----------------------------------------------------------------------===//
#include "hoist/hoist.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <optional>
#include <string>
#include <unistd.h>

using namespace hoist;
using namespace std::chrono_literals;

namespace {

Async<size_t> echo(UnixStream s) {
  char buf[1024];
  size_t total = 0;
  for (;;) {
    size_t n = co_await s.read(buf, sizeof buf);
    if (n == 0)
      co_return total;
    co_await s.write_all(buf, n);
    total += n;
  }
}

Async<std::string> round_trip(UnixSocketAddr addr, std::string msg) {
  UnixListener l = UnixListener::bind(addr);
  JoinHandle<size_t> server = spawn([](UnixListener &l) -> Async<size_t> {
    auto conn = co_await l.accept();
    co_return co_await echo(std::move(conn.first));
  }(l));
  UnixStream c = co_await UnixStream::connect(addr);
  co_await c.write_all(msg.data(), msg.size());
  c.shutdown(Shutdown::Write);
  std::string got(msg.size(), '\0');
  co_await c.read_exact(got.data(), got.size());
  size_t echoed = co_await server;
  EXPECT_EQ(echoed, msg.size());
  co_return got;
}

TEST(UnixSignalCoroutineTest, EchoOverPathAndAbstractSockets) {
  char dir[] = "/tmp/hoist-cxx20-XXXXXX";
  ASSERT_TRUE(::mkdtemp(dir));
  std::string path = std::string(dir) + "/echo.sock";
  std::string msg(100000, 'x');
  Runtime rt(Runtime::Options{2});
  EXPECT_EQ(rt.block_on(round_trip(path, msg)), msg);
  std::string name = "@hoist-cxx20-" + std::to_string(::getpid());
  EXPECT_EQ(rt.block_on(round_trip(name, "abstract")), "abstract");
  ::unlink(path.c_str());
  ::rmdir(dir);
}

Async<void> write_later(int fd, std::string text) {
  co_await sleep(5ms);
  EXPECT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ::close(fd);
}

Async<std::string> read_all(int fd) {
  AsyncFd afd(fd, AsyncFd::Ownership::Owned);
  std::string got;
  for (;;) {
    AsyncFdReadyGuard g = co_await afd.readable();
    char buf[64];
    std::optional<size_t> n = g.try_io([&] { return ::read(fd, buf, sizeof buf); });
    if (!n)
      continue;
    if (*n == 0)
      co_return got;
    got.append(buf, *n);
  }
}

Async<size_t> read_some(int fd, char *buf, size_t len) {
  AsyncFd afd(fd);
  co_return co_await afd.async_io(Interest::Read, [&] { return ::read(fd, buf, len); });
}

TEST(UnixSignalCoroutineTest, AsyncFdOverPipes) {
  LocalExecutor ex;
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
  auto writer = ex.spawn(write_later(fds[1], "through a pipe"));
  EXPECT_EQ(ex.block_on(read_all(fds[0])), "through a pipe");
  ex.block_on(std::move(writer));

  ASSERT_EQ(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
  auto w2 = ex.spawn(write_later(fds[1], "some"));
  char buf[16];
  EXPECT_EQ(ex.block_on(read_some(fds[0], buf, sizeof buf)), 4u);
  ex.block_on(std::move(w2));
  ::close(fds[0]);
}

Async<int> usr1_twice() {
  signal::Signal s = signal::signal(SIGUSR1);
  ::raise(SIGUSR1); // before the first recv
  co_await s.recv();
  JoinHandle<void> later = spawn([]() -> Async<void> {
    co_await sleep(5ms);
    ::kill(::getpid(), SIGUSR1);
  }());
  co_await s.recv();
  co_await later;
  co_return 2;
}

Async<void> serve_forever(int &served) {
  for (;;) {
    co_await sleep(1ms);
    ++served;
  }
}

Async<int> until_ctrl_c() {
  int served = 0;
  signal::CtrlC ctrl_c = signal::ctrl_c();
  JoinHandle<void> presser = spawn([]() -> Async<void> {
    co_await sleep(20ms);
    ::raise(SIGINT);
  }());
  auto r = co_await select(serve_forever(served), std::move(ctrl_c));
  co_await presser;
  co_return static_cast<int>(r.index());
}

TEST(UnixSignalCoroutineTest, SignalsInAsyncFunctions) {
  Runtime rt(Runtime::Options{2});
  EXPECT_EQ(rt.block_on(usr1_twice()), 2);
  EXPECT_EQ(rt.block_on(until_ctrl_c()), 1);
}

} // namespace
