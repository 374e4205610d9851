//===- NetTest.cpp - TcpListener, TcpStream, UdpSocket, SocketAddr --------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests the sockets with hand-written state machines (C++17): accept and
/// connect, an echo of a large buffer (partial reads and writes, EAGAIN,
/// back-pressure), end of stream after shutdown, errors thrown as
/// std::system_error, connecting by host name and to the first of several
/// addresses that accepts, UDP round trips, the fallback driver under plain
/// block_on, a socket outliving its runtime, and SocketAddr parsing.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/future/join.hpp"
#include "hoist/net/tcp.hpp"
#include "hoist/net/udp.hpp"
#include "hoist/task/spawn.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

using namespace hoist;
using namespace hoist::test;

namespace {

const SocketAddr kLoopback("127.0.0.1", 0);

/// Echoes everything it reads until end of stream, then closes.
struct EchoConn {
  using Output = size_t;
  TcpStream s;
  char buf[4096] = {};
  size_t n = 0, off = 0, total = 0;
  bool writing = false;
  Poll<size_t> poll(Context &cx) {
    for (;;) {
      if (!writing) {
        Poll<size_t> p = s.poll_read(cx, buf, sizeof buf);
        if (p.is_pending())
          return pending;
        n = p.value();
        if (n == 0)
          return ready(total);
        off = 0;
        writing = true;
      }
      Poll<size_t> p = s.poll_write(cx, buf + off, n - off);
      if (p.is_pending())
        return pending;
      off += p.value();
      total += p.value();
      if (off == n)
        writing = false;
    }
  }
};

/// Accepts one connection and echoes it.
struct AcceptAndEcho {
  using Output = size_t;
  TcpListener *l;
  std::optional<EchoConn> conn{};
  Poll<size_t> poll(Context &cx) {
    if (!conn) {
      auto p = l->poll_accept(cx);
      if (p.is_pending())
        return pending;
      conn.emplace(EchoConn{std::move(p.value().first)});
    }
    return conn->poll(cx);
  }
};

/// Connects, writes `data` while reading the echo back, checks it.
struct Client {
  using Output = std::vector<char>;
  SocketAddr addr;
  std::vector<char> data;
  std::optional<TcpStream::ConnectFuture> connecting{};
  TcpStream s{};
  bool connected = false, shut = false;
  size_t sent = 0;
  std::vector<char> got{};
  Poll<std::vector<char>> poll(Context &cx) {
    if (!connected) {
      if (!connecting)
        connecting.emplace(TcpStream::connect(addr));
      auto p = connecting->poll(cx);
      if (p.is_pending())
        return pending;
      s = std::move(p.value());
      connected = true;
    }
    for (;;) {
      bool progress = false;
      if (sent < data.size()) {
        auto p = s.poll_write(cx, data.data() + sent, data.size() - sent);
        if (p.is_ready()) {
          sent += p.value();
          progress = true;
        }
      } else if (!shut) {
        s.shutdown(Shutdown::Write);
        shut = true;
      }
      char buf[8192];
      auto r = s.poll_read(cx, buf, sizeof buf);
      if (r.is_ready()) {
        if (r.value() == 0)
          return ready(std::move(got));
        got.insert(got.end(), buf, buf + r.value());
        progress = true;
      }
      if (!progress)
        return pending;
    }
  }
};

std::vector<char> pattern(size_t n) {
  std::vector<char> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = static_cast<char>(i * 7 + i / 251);
  return v;
}

TEST(NetTest, EchoOnLocalExecutor) {
  LocalExecutor ex;
  TcpListener l = TcpListener::bind(kLoopback);
  SocketAddr addr = l.local_addr();
  EXPECT_NE(addr.port(), 0);
  auto server = ex.spawn(AcceptAndEcho{&l});
  auto data = pattern(1 << 20); // larger than the socket buffers
  std::vector<char> got = ex.block_on(Client{addr, data});
  EXPECT_EQ(got, data);
  EXPECT_EQ(ex.block_on(std::move(server)), data.size());
}

TEST(NetTest, EchoOnRuntime) {
  Runtime rt(Runtime::Options{2});
  TcpListener l = TcpListener::bind(kLoopback);
  SocketAddr addr = l.local_addr();
  auto server = rt.spawn(AcceptAndEcho{&l});
  auto data = pattern(300000);
  auto client = rt.spawn(Client{addr, data});
  EXPECT_EQ(rt.block_on(std::move(client)), data);
  EXPECT_EQ(rt.block_on(std::move(server)), data.size());
}

TEST(NetTest, EchoUnderPlainBlockOn) {
  TcpListener l = TcpListener::bind(kLoopback);
  SocketAddr addr = l.local_addr();
  auto data = pattern(100000);
  auto [echoed, got] = block_on(join(AcceptAndEcho{&l}, Client{addr, data}));
  EXPECT_EQ(echoed, data.size());
  EXPECT_EQ(got, data);
}

TEST(NetTest, ReadExactAndWriteAll) {
  LocalExecutor ex;
  TcpListener l = TcpListener::bind(kLoopback);
  SocketAddr addr = l.local_addr();
  auto server = ex.spawn(and_then(l.accept(), [](std::pair<TcpStream, SocketAddr> a) {
    auto s = std::make_shared<TcpStream>(std::move(a.first));
    auto buf = std::make_shared<std::vector<char>>(5000);
    return and_then(s->read_exact(buf->data(), buf->size()), [s, buf] {
      return map(s->write_all(buf->data(), buf->size()), [s, buf] { return buf->size(); });
    });
  }));
  auto data = pattern(5000);
  EXPECT_EQ(ex.block_on(Client{addr, data}), data);
  EXPECT_EQ(ex.block_on(std::move(server)), 5000u);
}

TEST(NetTest, ReadExactThrowsAtEndOfStream) {
  LocalExecutor ex;
  TcpListener l = TcpListener::bind(kLoopback);
  SocketAddr addr = l.local_addr();
  auto server = ex.spawn(map(l.accept(), [](std::pair<TcpStream, SocketAddr> a) {
    a.first.shutdown(Shutdown::Both);
  }));
  TcpStream c = ex.block_on(TcpStream::connect(addr));
  char buf[10];
  EXPECT_THROW(ex.block_on(c.read_exact(buf, sizeof buf)), std::system_error);
}

TEST(NetTest, ConnectRefused) {
  LocalExecutor ex;
  SocketAddr addr;
  {
    TcpListener l = TcpListener::bind(kLoopback);
    addr = l.local_addr();
  } // closed: nobody listens there now
  try {
    ex.block_on(TcpStream::connect(addr));
    FAIL() << "connect should fail";
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code().value(), ECONNREFUSED);
  }
}

TEST(NetTest, ConnectByName) {
  // (A listener stays with the reactor it first used: one per executor.)
  {
    LocalExecutor ex;
    TcpListener l = TcpListener::bind(kLoopback);
    std::string name = "localhost:" + std::to_string(l.local_addr().port());
    auto acc = ex.spawn(l.accept());
    TcpStream c = ex.block_on(TcpStream::connect(name));
    EXPECT_EQ(c.peer_addr(), l.local_addr());
    EXPECT_EQ(ex.block_on(std::move(acc)).second, c.local_addr());
  }
  {
    Runtime rt(Runtime::Options{2});
    TcpListener l = TcpListener::bind(kLoopback);
    auto acc = rt.spawn(l.accept());
    TcpStream c = rt.block_on(TcpStream::connect("localhost", l.local_addr().port()));
    EXPECT_EQ(rt.block_on(std::move(acc)).second, c.local_addr());
  }
  // Plain block_on; a numeric "ip:port" and a braced SocketAddr work too.
  TcpListener l = TcpListener::bind(kLoopback);
  uint16_t port = l.local_addr().port();
  std::string name = "localhost:" + std::to_string(port);
  for (int i = 0; i < 3; ++i) {
    std::thread acc([&] { (void)block_on(l.accept()); });
    TcpStream c =
        i == 0   ? block_on(TcpStream::connect(std::string_view(name)))
        : i == 1 ? block_on(TcpStream::connect("127.0.0.1:" + std::to_string(port)))
                 : block_on(TcpStream::connect({"127.0.0.1", port}));
    EXPECT_EQ(c.peer_addr(), l.local_addr());
    acc.join();
  }
}

TEST(NetTest, ConnectTriesEachAddressInOrder) {
  LocalExecutor ex;
  SocketAddr refused;
  {
    TcpListener gone = TcpListener::bind(kLoopback);
    refused = gone.local_addr();
  }
  TcpListener l = TcpListener::bind(kLoopback);
  auto acc = ex.spawn(l.accept());
  TcpStream c = ex.block_on(TcpStream::connect({refused, l.local_addr()}));
  EXPECT_EQ(c.peer_addr(), l.local_addr());
  (void)ex.block_on(std::move(acc));
  // None accepts: the last error.
  try {
    ex.block_on(TcpStream::connect({refused, refused}));
    FAIL() << "connect should fail";
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code().value(), ECONNREFUSED);
  }
  EXPECT_THROW(ex.block_on(TcpStream::connect(std::vector<SocketAddr>{})),
               std::system_error);
}

TEST(NetTest, ConnectToUnknownHostFails) {
  LocalExecutor ex;
  try {
    ex.block_on(TcpStream::connect("nonexistent.invalid:80"));
    FAIL() << "connect should fail";
  } catch (const std::system_error &e) {
    EXPECT_NE(std::string(e.what()).find("nonexistent.invalid"), std::string::npos)
        << e.what();
  }
}

TEST(NetTest, BindInUseThrows) {
  TcpListener a = TcpListener::bind(kLoopback);
  EXPECT_THROW(TcpListener::bind(a.local_addr()), std::system_error);
}

TEST(NetTest, PeerAndLocalAddresses) {
  LocalExecutor ex;
  TcpListener l = TcpListener::bind(kLoopback);
  auto acc = ex.spawn(l.accept());
  TcpStream c = ex.block_on(TcpStream::connect(l.local_addr()));
  auto [s, peer] = ex.block_on(std::move(acc));
  EXPECT_EQ(peer, c.local_addr());
  EXPECT_EQ(s.peer_addr(), c.local_addr());
  EXPECT_EQ(c.peer_addr(), l.local_addr());
  c.set_nodelay(true);
}

TEST(NetTest, SocketOutlivingItsRuntimeFails) {
  TcpListener l = TcpListener::bind(kLoopback);
  {
    Runtime rt(Runtime::Options{1});
    // Registers the listener with the runtime's reactor, then gives up.
    auto acc = rt.block_on(poll_fn([&](Context &cx) -> Poll<int> {
      (void)l.poll_accept(cx);
      return ready(0);
    }));
    (void)acc;
  }
  EXPECT_THROW(block_on(l.accept()), std::system_error);
}

TEST(NetTest, UdpRoundTrip) {
  LocalExecutor ex;
  UdpSocket a = UdpSocket::bind(kLoopback);
  UdpSocket b = UdpSocket::bind(kLoopback);
  char buf[64] = {};
  auto recv = ex.spawn(poll_fn([&](Context &cx) { return b.poll_recv_from(cx, buf, sizeof buf); }));
  EXPECT_EQ(ex.block_on(a.send_to("hello", 5, b.local_addr())), 5u);
  auto [n, from] = ex.block_on(std::move(recv));
  EXPECT_EQ(n, 5u);
  EXPECT_EQ(std::string(buf, n), "hello");
  EXPECT_EQ(from, a.local_addr());
  // And back, the receive pending first.
  char back[64];
  auto r2 = ex.spawn(poll_fn([&](Context &cx) { return a.poll_recv_from(cx, back, sizeof back); }));
  ex.block_on(poll_fn([](Context &cx) -> Poll<void> { cx.waker().wake_by_ref(); return ready(); }));
  EXPECT_EQ(ex.block_on(b.send_to("world!", 6, from)), 6u);
  EXPECT_EQ(ex.block_on(std::move(r2)).first, 6u);
  EXPECT_EQ(std::string(back, 6), "world!");
}

TEST(NetTest, ManyUdpDatagrams) {
  Runtime rt(Runtime::Options{2});
  UdpSocket a = UdpSocket::bind(kLoopback);
  UdpSocket b = UdpSocket::bind(kLoopback);
  constexpr int kN = 200;
  auto receiver = rt.spawn(poll_fn([&, count = 0](Context &cx) mutable -> Poll<int> {
    char buf[16];
    while (count < kN) {
      auto p = b.poll_recv_from(cx, buf, sizeof buf);
      if (p.is_pending())
        return pending;
      ++count;
    }
    return ready(count);
  }));
  for (int i = 0; i < kN; ++i) {
    rt.block_on(a.send_to(&i, sizeof i, b.local_addr()));
    if (i % 50 == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(rt.block_on(std::move(receiver)), kN);
}

TEST(NetTest, SocketAddrParse) {
  auto a = SocketAddr::parse("127.0.0.1:8080");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_ipv4());
  EXPECT_EQ(a->port(), 8080);
  EXPECT_EQ(a->to_string(), "127.0.0.1:8080");
  auto b = SocketAddr::parse("[::1]:9");
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->is_ipv6());
  EXPECT_EQ(b->to_string(), "[::1]:9");
  EXPECT_FALSE(SocketAddr::parse("::1:9"));
  EXPECT_FALSE(SocketAddr::parse("localhost:80"));
  EXPECT_FALSE(SocketAddr::parse("1.2.3.4:99999"));
  EXPECT_FALSE(SocketAddr::parse("1.2.3.4"));
  EXPECT_THROW(SocketAddr("nope", 1), std::invalid_argument);
  EXPECT_EQ(SocketAddr("10.0.0.1", 5), *SocketAddr::parse("10.0.0.1:5"));
  EXPECT_NE(SocketAddr("10.0.0.1", 5), *SocketAddr::parse("10.0.0.1:6"));
}

TEST(NetTest, Ipv6Loopback) {
  LocalExecutor ex;
  TcpListener l;
  try {
    l = TcpListener::bind(SocketAddr("::1", 0));
  } catch (const std::system_error &) {
    GTEST_SKIP() << "no IPv6 loopback";
  }
  auto server = ex.spawn(AcceptAndEcho{&l});
  auto data = pattern(1000);
  EXPECT_EQ(ex.block_on(Client{l.local_addr(), data}), data);
  (void)ex.block_on(std::move(server));
}

} // namespace
