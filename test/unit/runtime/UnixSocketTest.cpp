//===- UnixSocketTest.cpp - UnixListener, UnixStream, UnixDatagram --------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests the Unix domain sockets with hand-written state machines (C++17):
/// an echo of a large buffer over a path socket and over an abstract one,
/// on a LocalExecutor and on the Runtime, socketpair streams, read_exact at
/// end of stream, peer credentials, adopted descriptors, connect and bind
/// errors, datagrams between bound sockets
/// (path and abstract), connected and paired datagram sockets, truncation,
/// and UnixSocketAddr's kinds, parsing and printing.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/future/join.hpp"
#include "hoist/net/unix_datagram.hpp"
#include "hoist/net/unix_stream.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace hoist;
using namespace hoist::test;

namespace {

/// A fresh directory for socket files, removed with its contents.
struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/hoist-unix-XXXXXX";
    if (!::mkdtemp(tmpl))
      throw std::system_error(errno, std::generic_category(), "mkdtemp");
    path = tmpl;
  }
  ~TempDir() {
    std::string cmd = "rm -rf '" + path + "'";
    (void)std::system(cmd.c_str());
  }
  std::string file(const char *name) const { return path + "/" + name; }
};

/// An abstract name no other test process uses.
std::string abstract_name(const char *what) {
  static std::atomic<int> n{0};
  return "@hoist-test-" + std::to_string(::getpid()) + "-" + what + "-" +
         std::to_string(n++);
}

/// Echoes everything it reads until end of stream, then closes.
template <class S> struct EchoConn {
  using Output = size_t;
  S s;
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

/// Accepts one connection and echoes it; checks the peer is unnamed.
struct AcceptAndEcho {
  using Output = size_t;
  UnixListener *l;
  std::optional<EchoConn<UnixStream>> conn{};
  Poll<size_t> poll(Context &cx) {
    if (!conn) {
      auto p = l->poll_accept(cx);
      if (p.is_pending())
        return pending;
      EXPECT_TRUE(p.value().second.is_unnamed());
      conn.emplace(EchoConn<UnixStream>{std::move(p.value().first)});
    }
    return conn->poll(cx);
  }
};

/// Writes `data` on a connected stream while reading the echo back.
struct Exchange {
  using Output = std::vector<char>;
  UnixStream *s;
  std::vector<char> data;
  size_t sent = 0;
  bool shut = false;
  std::vector<char> got{};
  Poll<std::vector<char>> poll(Context &cx) {
    for (;;) {
      bool progress = false;
      if (sent < data.size()) {
        auto p = s->poll_write(cx, data.data() + sent, data.size() - sent);
        if (p.is_ready()) {
          sent += p.value();
          progress = true;
        }
      } else if (!shut) {
        s->shutdown(Shutdown::Write);
        shut = true;
      }
      char buf[8192];
      auto r = s->poll_read(cx, buf, sizeof buf);
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

/// Connects to `addr`, then runs an Exchange.
struct Client {
  using Output = std::vector<char>;
  UnixSocketAddr addr;
  std::vector<char> data;
  std::optional<UnixStream::ConnectFuture> connecting{};
  UnixStream s{};
  std::optional<Exchange> ex{};
  Poll<std::vector<char>> poll(Context &cx) {
    if (!ex) {
      if (!connecting)
        connecting.emplace(UnixStream::connect(addr));
      auto p = connecting->poll(cx);
      if (p.is_pending())
        return pending;
      s = std::move(p.value());
      ex.emplace(Exchange{&s, std::move(data)});
    }
    return ex->poll(cx);
  }
};

std::vector<char> pattern(size_t n) {
  std::vector<char> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = static_cast<char>(i * 7 + i / 251);
  return v;
}

TEST(UnixSocketTest, EchoOverPathSocket) {
  TempDir dir;
  LocalExecutor ex;
  std::string path = dir.file("echo.sock");
  UnixListener l = UnixListener::bind(path);
  EXPECT_EQ(l.local_addr().as_pathname(), path);
  auto server = ex.spawn(AcceptAndEcho{&l});
  auto data = pattern(1 << 20); // larger than the socket buffers
  EXPECT_EQ(ex.block_on(Client{path, data}), data);
  EXPECT_EQ(ex.block_on(std::move(server)), data.size());
}

TEST(UnixSocketTest, EchoOverAbstractSocketOnRuntime) {
  Runtime rt(Runtime::Options{2});
  std::string name = abstract_name("echo");
  UnixListener l = UnixListener::bind(name);
  EXPECT_TRUE(l.local_addr().is_abstract());
  EXPECT_EQ(l.local_addr().to_string(), name);
  auto server = rt.spawn(AcceptAndEcho{&l});
  auto data = pattern(300000);
  auto client = rt.spawn(Client{name, data});
  EXPECT_EQ(rt.block_on(std::move(client)), data);
  EXPECT_EQ(rt.block_on(std::move(server)), data.size());
}

TEST(UnixSocketTest, AbstractNameWithLeadingNul) {
  std::string name = abstract_name("nul").substr(1);
  std::string nul_name = std::string(1, '\0') + name;
  UnixListener l = UnixListener::bind(UnixSocketAddr(std::string_view(nul_name)));
  EXPECT_EQ(l.local_addr().as_abstract_name(), name);
  auto [echoed, got] = block_on(join(AcceptAndEcho{&l}, Client{"@" + name, pattern(1000)}));
  EXPECT_EQ(echoed, 1000u);
  EXPECT_EQ(got, pattern(1000));
}

TEST(UnixSocketTest, StreamPair) {
  LocalExecutor ex;
  auto [a, b] = UnixStream::pair();
  auto server = ex.spawn(EchoConn<UnixStream>{std::move(b)});
  auto data = pattern(200000);
  EXPECT_EQ(ex.block_on(Exchange{&a, data}), data);
  EXPECT_EQ(ex.block_on(std::move(server)), data.size());
  EXPECT_TRUE(a.local_addr().is_unnamed());
}

TEST(UnixSocketTest, PeerCredentials) {
  auto [a, b] = UnixStream::pair();
  UCred c = a.peer_cred();
  EXPECT_EQ(c.pid, ::getpid());
  EXPECT_EQ(c.uid, ::getuid());
  EXPECT_EQ(c.gid, ::getgid());
}

TEST(UnixSocketTest, AdoptedDescriptors) {
  // As handed over by socket activation: created blocking, adopted.
  std::string name = abstract_name("adopted");
  int lfd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  UnixSocketAddr addr(name);
  ASSERT_EQ(::bind(lfd, addr.native(), addr.native_len()), 0);
  ASSERT_EQ(::listen(lfd, 16), 0);
  UnixListener l = UnixListener::from_fd(lfd);
  EXPECT_TRUE(::fcntl(lfd, F_GETFL) & O_NONBLOCK);
  auto [echoed, got] = block_on(join(AcceptAndEcho{&l}, Client{name, pattern(5000)}));
  EXPECT_EQ(echoed, 5000u);
  EXPECT_EQ(got, pattern(5000));

  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, fds), 0);
  UnixDatagram a = UnixDatagram::from_fd(fds[0]);
  UnixDatagram b = UnixDatagram::from_fd(fds[1]);
  EXPECT_EQ(block_on(a.send("adopted", 7)), 7u);
  char buf[16];
  EXPECT_EQ(block_on(b.recv(buf, sizeof buf)), 7u);
}

TEST(UnixSocketTest, ReadExactAndWriteAll) {
  auto [a, b] = UnixStream::pair();
  char out[5] = {'h', 'e', 'l', 'l', 'o'};
  char in[5] = {};
  block_on(join(a.write_all(out, sizeof out), b.read_exact(in, sizeof in)));
  EXPECT_EQ(std::string(in, 5), "hello");
  a.shutdown(Shutdown::Write);
  EXPECT_THROW(block_on(b.read_exact(in, sizeof in)), std::system_error);
}

TEST(UnixSocketTest, ConnectToMissingPathFails) {
  TempDir dir;
  try {
    (void)block_on(UnixStream::connect(dir.file("nobody.sock")));
    FAIL() << "connected to nothing";
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code().value(), ENOENT);
  }
  try {
    (void)block_on(UnixStream::connect(abstract_name("nobody")));
    FAIL() << "connected to nothing";
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code().value(), ECONNREFUSED);
  }
}

TEST(UnixSocketTest, BindingTakenAddressFails) {
  TempDir dir;
  std::string path = dir.file("taken.sock");
  UnixListener l = UnixListener::bind(path);
  try {
    (void)UnixListener::bind(path);
    FAIL() << "bound twice";
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code().value(), EADDRINUSE);
  }
  std::string name = abstract_name("taken");
  UnixListener m = UnixListener::bind(name);
  EXPECT_THROW((void)UnixListener::bind(name), std::system_error);
}

TEST(UnixSocketTest, DatagramsBetweenAbstractSockets) {
  Runtime rt(Runtime::Options{2});
  std::string sname = abstract_name("dgram-server"), cname = abstract_name("dgram-client");
  UnixDatagram server = UnixDatagram::bind(sname);
  UnixDatagram client = UnixDatagram::bind(cname);
  struct Echo {
    using Output = int;
    UnixDatagram *s;
    int count;
    char buf[256] = {};
    std::optional<UnixSocketAddr> to{};
    size_t len = 0;
    int done = 0;
    Poll<int> poll(Context &cx) {
      while (done < count) {
        if (!to) {
          auto p = s->poll_recv_from(cx, buf, sizeof buf);
          if (p.is_pending())
            return pending;
          len = p.value().first;
          to = p.value().second;
        }
        auto w = s->poll_send_to(cx, buf, len, *to);
        if (w.is_pending())
          return pending;
        to.reset();
        ++done;
      }
      return ready(done);
    }
  };
  auto srv = rt.spawn(Echo{&server, 50});
  struct Ask {
    using Output = int;
    UnixDatagram *c;
    UnixSocketAddr server;
    std::string expect_from;
    int count;
    int i = 0;
    bool sent = false;
    Poll<int> poll(Context &cx) {
      for (; i < count; ++i) {
        std::string msg = "datagram " + std::to_string(i);
        if (!sent) {
          auto s = c->poll_send_to(cx, msg.data(), msg.size(), server);
          if (s.is_pending())
            return pending;
          EXPECT_EQ(s.value(), msg.size());
          sent = true;
        }
        char buf[256];
        auto r = c->poll_recv_from(cx, buf, sizeof buf);
        if (r.is_pending())
          return pending;
        EXPECT_EQ(std::string(buf, r.value().first), msg);
        EXPECT_EQ(r.value().second.to_string(), expect_from);
        sent = false;
      }
      return ready(i);
    }
  };
  EXPECT_EQ(rt.block_on(Ask{&client, sname, sname, 50}), 50);
  EXPECT_EQ(rt.block_on(std::move(srv)), 50);
}

TEST(UnixSocketTest, DatagramsOverPathSocketsAndConnect) {
  TempDir dir;
  std::string spath = dir.file("server.sock");
  UnixDatagram server = UnixDatagram::bind(spath);
  UnixDatagram client = UnixDatagram::bind(dir.file("client.sock"));
  client.connect(spath);
  EXPECT_EQ(client.peer_addr().as_pathname(), spath);
  EXPECT_EQ(block_on(client.send("ping", 4)), 4u);
  char buf[16];
  auto [n, from] = block_on(server.recv_from(buf, sizeof buf));
  EXPECT_EQ(std::string(buf, n), "ping");
  EXPECT_EQ(from.as_pathname(), dir.file("client.sock"));
  EXPECT_EQ(block_on(server.send_to("pong", 4, from)), 4u);
  EXPECT_EQ(block_on(client.recv(buf, sizeof buf)), 4u);
  EXPECT_EQ(std::string(buf, 4), "pong");
}

TEST(UnixSocketTest, DatagramPairKeepsBoundariesAndTruncates) {
  auto [a, b] = UnixDatagram::pair();
  EXPECT_EQ(block_on(a.send("one", 3)), 3u);
  EXPECT_EQ(block_on(a.send("three", 5)), 5u);
  EXPECT_EQ(block_on(a.send("a longer datagram", 17)), 17u);
  char buf[8];
  EXPECT_EQ(block_on(b.recv(buf, sizeof buf)), 3u);
  EXPECT_EQ(block_on(b.recv(buf, sizeof buf)), 5u);
  EXPECT_EQ(std::string(buf, 5), "three");
  EXPECT_EQ(block_on(b.recv(buf, sizeof buf)), sizeof buf); // truncated
  EXPECT_EQ(std::string(buf, 8), "a longer");
}

TEST(UnixSocketTest, DatagramWaitsForData) {
  LocalExecutor ex;
  auto [a, b] = UnixDatagram::pair();
  std::thread sender([&a = a] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_EQ(::send(a.native_handle(), "late", 4, 0), 4);
  });
  char buf[8];
  EXPECT_EQ(ex.block_on(b.recv(buf, sizeof buf)), 4u);
  sender.join();
}

TEST(UnixSocketTest, SendToNobodyFails) {
  UnixDatagram s = UnixDatagram::unbound();
  EXPECT_THROW((void)block_on(s.send_to("x", 1, abstract_name("nobody"))),
               std::system_error);
}

TEST(UnixSocketTest, AddressKinds) {
  UnixSocketAddr unnamed;
  EXPECT_TRUE(unnamed.is_unnamed());
  EXPECT_EQ(unnamed.to_string(), "(unnamed)");
  UnixSocketAddr path("/run/app.sock");
  EXPECT_FALSE(path.is_abstract());
  EXPECT_EQ(path.as_pathname(), "/run/app.sock");
  EXPECT_EQ(path.as_abstract_name(), std::nullopt);
  UnixSocketAddr at("@app");
  EXPECT_TRUE(at.is_abstract());
  EXPECT_EQ(at.as_abstract_name(), "app");
  EXPECT_EQ(at.to_string(), "@app");
  EXPECT_EQ(at, UnixSocketAddr(std::string_view("\0app", 4)));
  EXPECT_EQ(at, UnixSocketAddr::from_abstract_name("app"));
  EXPECT_NE(at, UnixSocketAddr("app"));
  EXPECT_EQ(UnixSocketAddr("./@app").as_pathname(), "./@app");
  EXPECT_EQ(UnixSocketAddr::from_pathname("@app").as_pathname(), "@app");
  EXPECT_THROW(UnixSocketAddr(""), std::invalid_argument);
  EXPECT_THROW(UnixSocketAddr(std::string(200, 'x')), std::invalid_argument);
  EXPECT_THROW(UnixSocketAddr(std::string_view("a\0b", 3)), std::invalid_argument);
  EXPECT_NO_THROW(UnixSocketAddr(std::string(107, 'x')));
  EXPECT_THROW(UnixSocketAddr(std::string(108, 'x')), std::invalid_argument);
}

} // namespace
