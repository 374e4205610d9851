// Unix domain sockets, AsyncFd and signals from async functions: an echo
// over an abstract Unix socket, a datagram round trip over a socketpair, a
// pipe read through AsyncFd while another task writes it, a SIGUSR1 raised
// before the first recv, and a server loop stopped by ctrl_c in a select.
// RUN: %e2e %s | FileCheck %s
#include "helpers.hpp"
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <optional>
#include <string>
#include <unistd.h>
#include <utility>

using namespace std::chrono_literals;

hoist::Async<void> echo_once(hoist::UnixListener &l) {
  auto conn = co_await l.accept();
  char buf[16];
  size_t n = co_await conn.first.read(buf, sizeof buf);
  co_await conn.first.write_all(buf, n);
}

hoist::Async<std::string> unix_echo() {
  std::string name = "@hoist-lit-" + std::to_string(::getpid());
  auto l = hoist::UnixListener::bind(name);
  auto server = hoist::spawn(echo_once(l));
  hoist::UnixStream s = co_await hoist::UnixStream::connect(name);
  co_await s.write_all("ping", 4);
  char buf[4];
  co_await s.read_exact(buf, sizeof buf);
  co_await server;
  co_return std::string(buf, 4);
}

hoist::Async<std::string> datagram_pair() {
  auto p = hoist::UnixDatagram::pair();
  co_await p.first.send("dgram", 5);
  char buf[16];
  size_t n = co_await p.second.recv(buf, sizeof buf);
  co_return std::string(buf, n);
}

hoist::Async<void> write_later(int fd) {
  co_await hoist::sleep(5ms);
  ssize_t r = ::write(fd, "through a pipe", 14);
  (void)r;
  ::close(fd);
}

hoist::Async<std::string> read_pipe(int fd) {
  hoist::AsyncFd afd(fd, hoist::AsyncFd::Ownership::Owned);
  std::string got;
  for (;;) {
    hoist::AsyncFdReadyGuard g = co_await afd.readable();
    char buf[64];
    std::optional<size_t> n = g.try_io([&] { return ::read(fd, buf, sizeof buf); });
    if (!n)
      continue; // EAGAIN: wait again
    if (*n == 0)
      co_return got;
    got.append(buf, *n);
  }
}

hoist::Async<void> serve_forever(int *served) {
  for (;;) {
    co_await hoist::sleep(1ms);
    ++*served;
  }
}

hoist::Async<void> press_ctrl_c() {
  co_await hoist::sleep(20ms);
  ::raise(SIGINT);
}

hoist::Async<void> run() {
  std::printf("unix echo: %s\n", (co_await unix_echo()).c_str());
  std::printf("datagram: %s\n", (co_await datagram_pair()).c_str());

  int fds[2];
  if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0)
    co_return;
  auto writer = hoist::spawn(write_later(fds[1]));
  std::printf("asyncfd: %s\n", (co_await read_pipe(fds[0])).c_str());
  co_await writer;

  hoist::signal::Signal usr1 = hoist::signal::signal(SIGUSR1);
  ::raise(SIGUSR1); // before the first recv: not lost
  co_await usr1.recv();
  std::printf("SIGUSR1 received\n");

  int served = 0;
  auto ctrl_c = hoist::signal::ctrl_c();
  auto presser = hoist::spawn(press_ctrl_c());
  auto why = co_await hoist::select(serve_forever(&served), std::move(ctrl_c));
  co_await presser;
  std::printf("stopped by %s after serving\n", why.index() == 1 ? "ctrl_c" : "the loop");
}

int main() {
  hoist::Runtime rt(hoist::Runtime::Options{2});
  rt.block_on(run());
}

// CHECK:      unix echo: ping
// CHECK-NEXT: datagram: dgram
// CHECK-NEXT: asyncfd: through a pipe
// CHECK-NEXT: SIGUSR1 received
// CHECK-NEXT: stopped by ctrl_c after serving
