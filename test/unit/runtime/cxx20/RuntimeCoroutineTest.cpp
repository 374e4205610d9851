//===- RuntimeCoroutineTest.cpp - The runtime under the input language ----===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The runtime as users write against it: Async<T> functions (compiled here
/// as C++20 coroutines, the reference backend) that spawn, await handles,
/// abort tasks suspended deep inside nested awaits (their frames and locals
/// are destroyed), pass values through channels, hold an async Mutex across
/// awaits, and catch timeouts and socket errors with try/catch.
///
//===----------------------------------------------------------------------===//
#include "hoist/hoist.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

using namespace hoist;
using namespace std::chrono_literals;

namespace {

struct Guard {
  std::atomic<int> *count;
  explicit Guard(std::atomic<int> *c) : count(c) {}
  ~Guard() { count->fetch_add(1); }
};

Async<int> leaf_wait(Notify &n, std::atomic<int> *destroyed) {
  Guard g(destroyed);
  co_await n.notified();
  co_return 1;
}

Async<int> middle(Notify &n, std::atomic<int> *destroyed) {
  Guard g(destroyed);
  int v = co_await leaf_wait(n, destroyed);
  co_return v + 1;
}

TEST(RuntimeCoroutineTest, AbortDestroysNestedFrames) {
  Runtime rt(Runtime::Options{2});
  Notify never;
  std::atomic<int> destroyed{0};
  JoinHandle<int> h = rt.spawn(middle(never, &destroyed));
  rt.block_on(sleep(5ms));
  h.abort();
  EXPECT_THROW(rt.block_on(std::move(h)), JoinError);
  EXPECT_EQ(destroyed.load(), 2) << "both frames' locals destroyed";
}

Async<long> sum_channel(mpsc::Receiver<int> rx) {
  long sum = 0;
  for (;;) {
    std::optional<int> v = co_await rx.recv();
    if (!v)
      co_return sum;
    sum += *v;
  }
}

Async<void> produce(mpsc::Sender<int> tx, int from, int to) {
  for (int i = from; i < to; ++i) {
    bool ok = co_await tx.send(i);
    if (!ok)
      co_return;
  }
}

TEST(RuntimeCoroutineTest, ChannelsBetweenTasks) {
  Runtime rt(Runtime::Options{2});
  auto [tx, rx] = mpsc::channel<int>(3);
  JoinHandle<long> consumer = rt.spawn(sum_channel(std::move(rx)));
  std::vector<JoinHandle<void>> producers;
  for (int p = 0; p < 4; ++p)
    producers.push_back(rt.spawn(produce(tx, p * 1000, (p + 1) * 1000)));
  { auto gone = std::move(tx); }
  for (auto &p : producers)
    rt.block_on(std::move(p));
  EXPECT_EQ(rt.block_on(std::move(consumer)), 4000L * 3999 / 2);
}

Async<void> append_locked(Mutex<std::string> &m, char c) {
  for (int i = 0; i < 3; ++i) {
    MutexGuard<std::string> g = co_await m.lock();
    g->push_back(c);
    co_await yield_now(); // others must not interleave inside
    g->push_back(c);
  }
}

TEST(RuntimeCoroutineTest, MutexHeldAcrossAwaits) {
  Runtime rt(Runtime::Options{2});
  Mutex<std::string> m;
  auto a = rt.spawn(append_locked(m, 'a'));
  auto b = rt.spawn(append_locked(m, 'b'));
  rt.block_on(std::move(a));
  rt.block_on(std::move(b));
  std::string s = m.get_mut();
  ASSERT_EQ(s.size(), 12u);
  for (size_t i = 0; i < s.size(); i += 2)
    EXPECT_EQ(s[i], s[i + 1]) << "pairs are never split: " << s;
}

Async<std::string> wait_with_timeout(oneshot::Receiver<std::string> rx) {
  try {
    std::string v = co_await timeout(20ms, std::move(rx));
    co_return v;
  } catch (const Elapsed &) {
    co_return "timed out";
  }
}

TEST(RuntimeCoroutineTest, TimeoutCaughtInsideTheCoroutine) {
  LocalExecutor ex;
  auto [tx, rx] = oneshot::channel<std::string>();
  EXPECT_EQ(ex.block_on(wait_with_timeout(std::move(rx))), "timed out");
  auto [tx2, rx2] = oneshot::channel<std::string>();
  tx2.send("value");
  EXPECT_EQ(ex.block_on(wait_with_timeout(std::move(rx2))), "value");
}

Async<int> connect_refused(SocketAddr addr) {
  try {
    TcpStream s = co_await TcpStream::connect(addr);
    co_return 0;
  } catch (const std::system_error &e) {
    co_return e.code().value();
  }
}

TEST(RuntimeCoroutineTest, SocketErrorsAreExceptions) {
  SocketAddr addr;
  {
    TcpListener l = TcpListener::bind(SocketAddr("127.0.0.1", 0));
    addr = l.local_addr();
  }
  EXPECT_EQ(block_on(connect_refused(addr)), ECONNREFUSED);
}

Async<int> fan_out(int n) {
  std::vector<JoinHandle<int>> hs;
  for (int i = 0; i < n; ++i)
    hs.push_back(spawn([](int x) -> Async<int> {
      co_await yield_now();
      co_return x * 2;
    }(i)));
  int sum = 0;
  for (auto &h : hs)
    sum += co_await h;
  co_return sum;
}

TEST(RuntimeCoroutineTest, SpawnFromAsyncFunctions) {
  Runtime rt(Runtime::Options{2});
  EXPECT_EQ(rt.block_on(fan_out(1000)), 1000 * 999);
  LocalExecutor ex;
  EXPECT_EQ(ex.block_on(fan_out(100)), 100 * 99);
}

Async<int> first_of(Notify &n) {
  auto r = co_await select(n.notified(), sleep(10ms));
  co_return static_cast<int>(r.index());
}

TEST(RuntimeCoroutineTest, SelectInAnAsyncFunction) {
  Notify n;
  EXPECT_EQ(block_on(first_of(n)), 1);
  n.notify_one();
  EXPECT_EQ(block_on(first_of(n)), 0);
}

} // namespace
