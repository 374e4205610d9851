//===- CombinatorTest.cpp - join, join_all and select ---------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests the combinators: join and join_all complete when all children did,
/// in order, with void mapped to std::monostate; select completes with the
/// first and destroys the losers immediately, ties going to each future in
/// turn (select) or to the first (select_biased); exceptions propagate;
/// polling a finished combinator aborts.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/yield_now.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/future/join.hpp"
#include "hoist/future/select.hpp"
#include "hoist/sync/mpsc.hpp"
#include "hoist/time/sleep.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

using namespace hoist;
using namespace hoist::test;
using namespace std::chrono_literals;

namespace {

struct Throws {
  using Output = int;
  Poll<int> poll(Context &) { throw std::runtime_error("child"); }
};

TEST(CombinatorTest, JoinCollectsInOrder) {
  auto [a, b, c] = block_on(join(Countdown{3, 1}, value(std::string("s")), yield_now()));
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, "s");
  static_assert(std::is_same<decltype(c), std::monostate>::value, "");
}

TEST(CombinatorTest, JoinBorrowsLvalues) {
  Countdown c{2, 5};
  auto [x] = block_on(join(c));
  EXPECT_EQ(x, 5);
  EXPECT_EQ(c.n, 0) << "polled in place";
}

TEST(CombinatorTest, JoinPropagatesExceptions) {
  std::atomic<int> drops{0};
  EXPECT_THROW(block_on(join(map(Countdown{5}, [d = DropCounter(&drops)](int) {}), Throws{})),
               std::runtime_error);
  EXPECT_EQ(drops.load(), 1);
}

TEST(CombinatorTest, JoinAll) {
  std::vector<Countdown> fs;
  for (int i = 0; i < 50; ++i)
    fs.push_back(Countdown{i % 5, i});
  std::vector<int> out = block_on(join_all(std::move(fs)));
  ASSERT_EQ(out.size(), 50u);
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(out[i], i);
  EXPECT_TRUE(block_on(join_all(std::vector<Countdown>{})).empty());
}

TEST(CombinatorTest, SelectFirstWinsAndLosersAreDestroyed) {
  std::atomic<int> drops{0};
  Event never;
  auto s = select(map(never.wait(), [d = DropCounter(&drops)] { return 1; }),
                  Countdown{2, 7});
  Context cx = Context::from_waker(noop_waker());
  EXPECT_TRUE(s.poll(cx).is_pending());
  EXPECT_TRUE(s.poll(cx).is_pending());
  auto r = s.poll(cx);
  ASSERT_TRUE(r.is_ready());
  EXPECT_EQ(r.value().index(), 1u);
  EXPECT_EQ(std::get<1>(r.value()), 7);
  EXPECT_EQ(drops.load(), 1) << "the loser is destroyed at once";
}

TEST(CombinatorTest, SelectTiesGoToEveryFuture) {
  // Two (three) futures that are ready at once: over many selects each
  // wins about as often (a random start, as tokio's select!).
  int wins[2] = {0, 0};
  for (int i = 0; i < 1000; ++i) {
    auto r = block_on(select(value(1), value(2)));
    EXPECT_EQ(r.index() == 0 ? std::get<0>(r) : std::get<1>(r),
              static_cast<int>(r.index()) + 1);
    ++wins[r.index()];
  }
  EXPECT_GT(wins[0], 300);
  EXPECT_GT(wins[1], 300);
  int wins3[3] = {0, 0, 0};
  for (int i = 0; i < 1500; ++i)
    ++wins3[block_on(select(value(0), value(1), value(2))).index()];
  for (int w : wins3)
    EXPECT_GT(w, 300);
}

TEST(CombinatorTest, SelectBiasedTieGoesToTheFirst) {
  for (int i = 0; i < 1000; ++i) {
    auto r = block_on(select_biased(value(1), value(2), value(3)));
    ASSERT_EQ(r.index(), 0u);
    EXPECT_EQ(std::get<0>(r), 1);
  }
  // A pending first future: the next ready one wins.
  Event never;
  auto r = block_on(select_biased(never.wait(), value(2), value(3)));
  EXPECT_EQ(r.index(), 1u);
}

TEST(CombinatorTest, SelectDoesNotStarveABranch) {
  // A loop over two channels that never run dry: select takes from both;
  // select_biased only ever from the first.
  auto [busy_tx, busy] = mpsc::unbounded_channel<int>();
  auto [other_tx, other] = mpsc::unbounded_channel<int>();
  for (int i = 0; i < 2000; ++i) {
    busy_tx.send(i);
    other_tx.send(i);
  }
  LocalExecutor ex;
  int from_busy = 0, from_other = 0;
  for (int i = 0; i < 1000; ++i)
    ++(ex.block_on(select(busy.recv(), other.recv())).index() == 0 ? from_busy
                                                                    : from_other);
  EXPECT_GT(from_busy, 300);
  EXPECT_GT(from_other, 300);
  for (int i = 0; i < 500; ++i)
    EXPECT_EQ(ex.block_on(select_biased(busy.recv(), other.recv())).index(), 0u);
  // Nothing was taken by a losing branch.
  EXPECT_EQ(busy.len() + other.len(), 4000u - 1500u);
}

TEST(CombinatorTest, SelectStoresOnlyItsFutures) {
  struct Layout {
    std::tuple<std::optional<Value<int>>, std::optional<Countdown>> futures;
    bool done;
  };
  static_assert(sizeof(Select<Value<int>, Countdown>) == sizeof(Layout), "");
  static_assert(sizeof(SelectBiased<Value<int>, Countdown>) == sizeof(Layout), "");
}

TEST(CombinatorTest, SelectRecvOrTimeout) {
  LocalExecutor ex;
  auto [tx, rx] = mpsc::unbounded_channel<int>();
  auto r = ex.block_on(select(rx.recv(), sleep(10ms)));
  EXPECT_EQ(r.index(), 1u) << "timed out";
  tx.send(4);
  auto q = ex.block_on(select(rx.recv(), sleep(10s)));
  ASSERT_EQ(q.index(), 0u);
  EXPECT_EQ(std::get<0>(q), 4);
}

TEST(CombinatorDeathTest, PollAfterCompletionAborts) {
  auto s = select(value(1));
  Context cx = Context::from_waker(noop_waker());
  ASSERT_TRUE(s.poll(cx).is_ready());
  EXPECT_DEATH((void)s.poll(cx), "after it completed");
}

} // namespace
