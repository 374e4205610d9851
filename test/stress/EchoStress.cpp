//===- EchoStress.cpp - 1,000 concurrent loopback echo connections --------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// An echo server on one Runtime serving 1,000 concurrent loopback
/// connections from clients on a second Runtime; each client writes a
/// sequence of distinct messages, reads each echo back and compares it
/// byte for byte, then half-closes and expects end of stream. No byte may
/// be lost, duplicated or reordered. The futures are hand-written state
/// machines (C++17), using the poll-style socket calls. Then clients that
/// connect by host name ("localhost:port", resolved on the blocking pool)
/// among tasks whose lookups are destroyed while they run.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/yield_now.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/future/select.hpp"
#include "hoist/net/lookup_host.hpp"
#include "hoist/net/tcp.hpp"
#include "hoist/task/spawn.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <variant>
#include <vector>

#ifndef HOIST_STRESS_SCALE
#define HOIST_STRESS_SCALE 1
#endif

using namespace hoist;

namespace {

constexpr int kConnections = 1000;
constexpr int kMessages = 4 * HOIST_STRESS_SCALE;
constexpr size_t kMessageSize = 700; // not a power of two: partial reads

/// Echoes until end of stream.
struct EchoConn {
  using Output = void;
  TcpStream s;
  char buf[2048] = {};
  size_t n = 0, off = 0;
  bool writing = false;
  Poll<void> poll(Context &cx) {
    for (;;) {
      if (!writing) {
        Poll<size_t> p = s.poll_read(cx, buf, sizeof buf);
        if (p.is_pending())
          return pending;
        n = p.value();
        if (n == 0)
          return ready();
        off = 0;
        writing = true;
      }
      Poll<size_t> p = s.poll_write(cx, buf + off, n - off);
      if (p.is_pending())
        return pending;
      off += p.value();
      if (off == n)
        writing = false;
    }
  }
};

/// Accepts `count` connections, spawning an EchoConn task for each.
struct Server {
  using Output = int;
  TcpListener *l;
  int count;
  int accepted = 0;
  Poll<int> poll(Context &cx) {
    while (accepted < count) {
      auto p = l->poll_accept(cx);
      if (p.is_pending())
        return pending;
      (void)spawn(EchoConn{std::move(p.value().first)}); // detached
      ++accepted;
    }
    return ready(accepted);
  }
};

/// Connects (to `addr`, or by `name` if set), then for each message:
/// write it, read the echo, compare.
struct Client {
  using Output = size_t;
  SocketAddr addr;
  int id;
  std::string name{};
  enum class St { Connect, Write, Read, Eof } st = St::Connect;
  std::optional<TcpStream::ConnectFuture> cf{};
  std::optional<TcpStream::ConnectAnyFuture> named{};
  TcpStream s{};
  std::vector<char> out = std::vector<char>(kMessageSize);
  std::vector<char> in = std::vector<char>(kMessageSize);
  size_t off = 0, verified = 0;
  int k = 0;

  void fill() {
    for (size_t i = 0; i < kMessageSize; ++i)
      out[i] = static_cast<char>(id * 31 + k * 7 + static_cast<int>(i));
  }

  Poll<size_t> poll(Context &cx) {
    for (;;) {
      switch (st) {
      case St::Connect: {
        if (!name.empty()) {
          if (!named)
            named.emplace(TcpStream::connect(name));
          auto p = named->poll(cx);
          if (p.is_pending())
            return pending;
          s = std::move(p.value());
          named.reset();
        } else {
          if (!cf)
            cf.emplace(TcpStream::connect(addr));
          auto p = cf->poll(cx);
          if (p.is_pending())
            return pending;
          s = std::move(p.value());
          cf.reset();
        }
        fill();
        st = St::Write;
        off = 0;
        break;
      }
      case St::Write: {
        while (off < kMessageSize) {
          auto p = s.poll_write(cx, out.data() + off, kMessageSize - off);
          if (p.is_pending())
            return pending;
          off += p.value();
        }
        st = St::Read;
        off = 0;
        break;
      }
      case St::Read: {
        while (off < kMessageSize) {
          auto p = s.poll_read(cx, in.data() + off, kMessageSize - off);
          if (p.is_pending())
            return pending;
          if (p.value() == 0)
            throw std::runtime_error("echo ended early");
          off += p.value();
        }
        if (in != out)
          throw std::runtime_error("echo differs from what was sent");
        verified += kMessageSize;
        if (++k == kMessages) {
          s.shutdown(Shutdown::Write);
          st = St::Eof;
        } else {
          fill();
          st = St::Write;
          off = 0;
        }
        break;
      }
      case St::Eof: {
        char c;
        auto p = s.poll_read(cx, &c, 1);
        if (p.is_pending())
          return pending;
        if (p.value() != 0)
          throw std::runtime_error("bytes after the last echo");
        return ready(verified);
      }
      }
    }
  }
};

TEST(EchoStress, ThousandConcurrentConnections) {
  rlimit rl{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
  if (rl.rlim_cur < 2 * kConnections + 64) {
    rl.rlim_cur = std::min<rlim_t>(rl.rlim_max, 2 * kConnections + 256);
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < 2 * kConnections + 64)
      GTEST_SKIP() << "needs " << 2 * kConnections + 64 << " file descriptors";
  }
  Runtime server_rt(Runtime::Options{2});
  Runtime client_rt(Runtime::Options{2});
  TcpListener l = TcpListener::bind(SocketAddr("127.0.0.1", 0), 4096);
  SocketAddr addr = l.local_addr();
  auto server = server_rt.spawn(Server{&l, kConnections});
  std::vector<JoinHandle<size_t>> clients;
  for (int i = 0; i < kConnections; ++i)
    clients.push_back(client_rt.spawn(Client{addr, i}));
  size_t total = 0;
  for (auto &c : clients)
    total += client_rt.block_on(std::move(c));
  EXPECT_EQ(server_rt.block_on(std::move(server)), kConnections);
  EXPECT_EQ(total, size_t(kConnections) * kMessages * kMessageSize);
}

TEST(EchoStress, ConnectByNameAmongCancelledLookups) {
  constexpr int kClients = 200;
  Runtime server_rt(Runtime::Options{1});
  Runtime client_rt(Runtime::Options{2});
  TcpListener l = TcpListener::bind(SocketAddr("127.0.0.1", 0), 4096);
  SocketAddr addr = l.local_addr();
  std::string name = "localhost:" + std::to_string(addr.port());
  auto server = server_rt.spawn(Server{&l, kClients});
  std::vector<JoinHandle<size_t>> clients;
  std::vector<JoinHandle<size_t>> lookups;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(client_rt.spawn(Client{addr, i, name}));
    // A lookup that loses to yield_now half the time, destroyed mid-call.
    lookups.push_back(client_rt.spawn(test::map(
        select_biased(net::lookup_host(name), yield_now()),
        [](std::variant<std::vector<SocketAddr>, std::monostate> r) {
          return r.index() == 0 ? std::get<0>(r).size() : size_t(0);
        })));
  }
  size_t total = 0;
  for (auto &c : clients)
    total += client_rt.block_on(std::move(c));
  for (auto &f : lookups)
    (void)client_rt.block_on(std::move(f));
  EXPECT_EQ(server_rt.block_on(std::move(server)), kClients);
  EXPECT_EQ(total, size_t(kClients) * kMessages * kMessageSize);
}

} // namespace
