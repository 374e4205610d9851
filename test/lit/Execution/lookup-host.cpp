// Name resolution and connecting by name from async functions: a lookup
// of a name /etc/hosts answers, one no resolver knows (the reserved
// .invalid domain), and a connection to a local listener by host name.
// RUN: %e2e %s | FileCheck %s
#include "helpers.hpp"
#include <cstdio>
#include <string>
#include <system_error>
#include <utility>

hoist::Async<void> echo_once(hoist::TcpListener &l) {
  auto conn = co_await l.accept();
  char buf[16];
  size_t n = co_await conn.first.read(buf, sizeof buf);
  co_await conn.first.write_all(buf, n);
}

hoist::Async<void> run() {
  auto addrs = co_await hoist::net::lookup_host("localhost:80");
  bool loopback = !addrs.empty();
  for (const hoist::SocketAddr &a : addrs)
    loopback = loopback && (a.ip() == "127.0.0.1" || a.ip() == "::1") && a.port() == 80;
  std::printf("localhost: %s\n", loopback ? "loopback" : "elsewhere");
  try {
    co_await hoist::net::lookup_host("nonexistent.invalid", 80);
    std::printf("nonexistent.invalid: resolved\n");
  } catch (const std::system_error &e) {
    bool resolver = &e.code().category() == &hoist::net::resolve_category();
    std::printf("nonexistent.invalid: %s\n", resolver ? "resolver error" : e.what());
  }
  auto l = hoist::TcpListener::bind(hoist::SocketAddr("127.0.0.1", 0));
  auto server = hoist::spawn(echo_once(l));
  std::string name = "localhost:" + std::to_string(l.local_addr().port());
  hoist::TcpStream s = co_await hoist::TcpStream::connect(name);
  co_await s.write_all("ping", 4);
  char buf[4];
  co_await s.read_exact(buf, sizeof buf);
  co_await server;
  std::printf("echo: %.4s\n", buf);
}

int main() {
  hoist::LocalExecutor ex;
  ex.block_on(run());
}

// CHECK:      localhost: loopback
// CHECK-NEXT: nonexistent.invalid: resolver error
// CHECK-NEXT: echo: ping
