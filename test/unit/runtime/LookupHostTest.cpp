//===- LookupHostTest.cpp - Resolving host names --------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::net::lookup_host with names /etc/hosts answers ("localhost")
/// and a name no resolver knows (the reserved .invalid domain): results on
/// both executors and under plain block_on (the fallback blocking pool),
/// the host and port overload, numeric addresses without the pool, errors
/// (unknown names, malformed text) thrown when polled, and a lookup
/// destroyed while it runs.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/future/select.hpp"
#include "hoist/net/lookup_host.hpp"
#include "hoist/task/unhandled.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <netdb.h>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace hoist;
using namespace hoist::test;

namespace {

/// Every address is the IPv4 or IPv6 loopback with `port`, and there is one.
void expect_loopback(const std::vector<SocketAddr> &addrs, uint16_t port) {
  ASSERT_FALSE(addrs.empty());
  for (const SocketAddr &a : addrs) {
    EXPECT_TRUE(a == SocketAddr("127.0.0.1", port) || a == SocketAddr("::1", port))
        << a.to_string();
  }
}

TEST(LookupHostTest, LocalhostOnEveryExecutor) {
  LocalExecutor ex;
  expect_loopback(ex.block_on(net::lookup_host("localhost:80")), 80);
  Runtime rt(Runtime::Options{2});
  expect_loopback(rt.block_on(net::lookup_host("localhost:8080")), 8080);
  // Outside any executor: the process-wide blocking pool.
  expect_loopback(block_on(net::lookup_host("localhost:443")), 443);
}

TEST(LookupHostTest, HostAndPort) {
  LocalExecutor ex;
  expect_loopback(ex.block_on(net::lookup_host("localhost", 7)), 7);
  std::vector<SocketAddr> v6 = ex.block_on(net::lookup_host("::1", 9));
  ASSERT_EQ(v6.size(), 1u);
  EXPECT_EQ(v6[0], SocketAddr("::1", 9));
}

TEST(LookupHostTest, NumericAddressesNeedNoResolver) {
  // Ready at the first poll, outside any executor and with a no-op waker:
  // nothing was sent to a pool.
  Context cx = Context::from_waker(noop_waker());
  for (const char *text : {"127.0.0.1:9", "[::1]:9", "10.1.2.3:0"}) {
    auto f = net::lookup_host(text);
    auto p = f.poll(cx);
    ASSERT_TRUE(p.is_ready()) << text;
    ASSERT_EQ(p.value().size(), 1u);
    EXPECT_EQ(p.value()[0], *SocketAddr::parse(text));
  }
}

TEST(LookupHostTest, UnknownHostFailsWithTheResolversError) {
  LocalExecutor ex;
  try {
    ex.block_on(net::lookup_host("nonexistent.invalid:80"));
    FAIL() << "a name under .invalid resolved";
  } catch (const std::system_error &e) {
    std::string what = e.what();
    EXPECT_NE(what.find("hoist: could not resolve 'nonexistent.invalid'"),
              std::string::npos)
        << what;
    // EAI_NONAME where nothing answers for the name (or EAI_AGAIN where
    // no DNS server answers): the resolver's code and message.
    EXPECT_EQ(&e.code().category(), &net::resolve_category()) << what;
    EXPECT_EQ(e.code().message(), ::gai_strerror(e.code().value()));
  }
}

TEST(LookupHostTest, MalformedTextFailsWhenPolled) {
  for (const char *text : {"localhost", "localhost:", "localhost:99999",
                           "::1:80", "[::1]80", ":80", "host:8o"}) {
    auto f = net::lookup_host(text); // lazy: nothing thrown yet
    try {
      block_on(std::move(f));
      ADD_FAILURE() << text << " was accepted";
    } catch (const std::system_error &e) {
      EXPECT_EQ(e.code(), std::errc::invalid_argument) << text;
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  }
}

std::atomic<int> reports{0};

TEST(LookupHostTest, DestroyedWhileRunning) {
  // The lookup is polled once (its call starts on the pool), then loses
  // the select and is destroyed. The call finishes on its own; its error
  // is not an exception, so nothing is reported as unhandled.
  UnhandledExceptionHandler prev =
      set_unhandled_exception_handler([](const UnhandledException &) { ++reports; });
  {
    Runtime rt(Runtime::Options{1});
    for (int i = 0; i < 20; ++i) {
      auto r = rt.block_on(select_biased(net::lookup_host("nonexistent.invalid:80"),
                                         value(1)));
      EXPECT_EQ(r.index(), 1u);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  set_unhandled_exception_handler(prev);
  EXPECT_EQ(reports.load(), 0);
}

TEST(LookupHostDeathTest, PollAfterCompletionAborts) {
  auto f = net::lookup_host("127.0.0.1:1");
  Context cx = Context::from_waker(noop_waker());
  ASSERT_TRUE(f.poll(cx).is_ready());
  EXPECT_DEATH((void)f.poll(cx), "after it completed");
}

} // namespace
