//===- SemaphoreTest.cpp - Semaphore and the async Mutex ------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::Semaphore (permits, FIFO fairness with large requests,
/// try_acquire, forget, cancelled waiters, a cancelled head that held back
/// smaller requests, granted-but-cancelled waiters) and
/// hoist::Mutex (exclusion across tasks on many threads, held across a
/// suspension, try_lock, FIFO hand-off).
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"
#include "hoist/core/yield_now.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/sync/mutex.hpp"
#include "hoist/sync/semaphore.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace hoist;
using namespace hoist::test;

namespace {

TEST(SemaphoreTest, PermitsAreCountedAndReturned) {
  Semaphore sem(3);
  {
    SemaphorePermit a = block_on(sem.acquire(2));
    EXPECT_EQ(a.num_permits(), 2u);
    EXPECT_EQ(sem.available_permits(), 1u);
    EXPECT_FALSE(sem.try_acquire(2));
    auto b = sem.try_acquire(1);
    EXPECT_TRUE(b);
    EXPECT_EQ(sem.available_permits(), 0u);
  }
  EXPECT_EQ(sem.available_permits(), 3u);
}

TEST(SemaphoreTest, ForgetKeepsPermitsOut) {
  Semaphore sem(2);
  block_on(sem.acquire()).forget();
  EXPECT_EQ(sem.available_permits(), 1u);
  sem.add_permits(4);
  EXPECT_EQ(sem.available_permits(), 5u);
}

TEST(SemaphoreTest, WaitersAreServedInOrderAndBigRequestsAreNotStarved) {
  LocalExecutor ex;
  Semaphore sem(2);
  std::string order;
  auto held = sem.try_acquire(2);
  ASSERT_TRUE(held);
  auto big = ex.spawn(map(sem.acquire(2), [&](SemaphorePermit) { order += 'B'; }));
  ex.block_on(yield_now());
  auto small = ex.spawn(map(sem.acquire(1), [&](SemaphorePermit) { order += 's'; }));
  ex.block_on(yield_now());
  held.reset(); // 2 permits: the big request first, though 1 would do
  ex.block_on(std::move(big));
  ex.block_on(std::move(small));
  EXPECT_EQ(order, "Bs");
}

TEST(SemaphoreTest, CancelledWaiterUnlinks) {
  LocalExecutor ex;
  Semaphore sem(0);
  auto h = ex.spawn(sem.acquire());
  ex.block_on(yield_now());
  h.abort();
  EXPECT_THROW((void)ex.block_on(std::move(h)), JoinError);
  sem.add_permits(1);
  EXPECT_EQ(sem.available_permits(), 1u) << "nobody took it";
}

TEST(SemaphoreTest, GrantedButUnobservedPermitsReturn) {
  Semaphore sem(0);
  {
    Semaphore::Acquire a = sem.acquire();
    Context cx = Context::from_waker(noop_waker());
    EXPECT_TRUE(a.poll(cx).is_pending());
    sem.add_permits(1); // granted to `a`, which is then destroyed
  }
  EXPECT_EQ(sem.available_permits(), 1u);
}

TEST(SemaphoreTest, CancelledHeadLetsSmallerWaitersThrough) {
  Semaphore sem(1);
  Context cx = Context::from_waker(noop_waker());
  Semaphore::Acquire small = sem.acquire(1);
  {
    Semaphore::Acquire big = sem.acquire(2);
    EXPECT_TRUE(big.poll(cx).is_pending()); // heads the queue: 1 < 2
    EXPECT_TRUE(small.poll(cx).is_pending()); // FIFO: waits behind `big`
  } // `big` cancelled: the permit it held back goes to `small`
  auto p = small.poll(cx);
  ASSERT_TRUE(p.is_ready());
  EXPECT_EQ(sem.available_permits(), 0u);
}

TEST(MutexTest, ExcludesAcrossThreads) {
  Runtime rt(Runtime::Options{2});
  Mutex<long> m(0);
  constexpr int kTasks = 16, kEach = 500;
  std::vector<JoinHandle<void>> hs;
  for (int t = 0; t < kTasks; ++t)
    hs.push_back(rt.spawn(poll_fn(
        [&m, i = 0, lock = std::optional<Mutex<long>::Lock>(),
         guard = std::optional<MutexGuard<long>>(),
         y = std::optional<YieldNow>()](Context &cx) mutable -> Poll<void> {
          while (i < kEach) {
            if (!guard) {
              if (!lock)
                lock.emplace(m.lock());
              auto p = lock->poll(cx);
              if (p.is_pending())
                return pending;
              lock.reset();
              guard.emplace(std::move(p).value());
              long v = **guard;
              **guard = v + 1;
              y.emplace(); // hold the lock across a suspension
            }
            if (y->poll(cx).is_pending())
              return pending;
            y.reset();
            guard.reset();
            ++i;
          }
          return ready();
        })));
  for (auto &h : hs)
    rt.block_on(std::move(h));
  EXPECT_EQ(m.get_mut(), long(kTasks) * kEach);
}

TEST(MutexTest, TryLock) {
  Mutex<std::string> m("x");
  {
    auto g = m.try_lock();
    ASSERT_TRUE(g);
    (*g)->append("y");
    EXPECT_FALSE(m.try_lock());
  }
  auto g = block_on(m.lock());
  EXPECT_EQ(*g, "xy");
}

} // namespace
