//===- OnceCellTest.cpp - OnceCell: one async initializer for all ---------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::OnceCell: the first get_or_init runs its initializer and
/// concurrent callers wait for it and share the value, a throwing or
/// cancelled initializer leaves the cell empty for the next waiter, set and
/// get, and many tasks on the Runtime's workers running one initializer.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/sync/once_cell.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using namespace hoist;
using namespace hoist::test;

namespace {

TEST(OnceCellTest, ConcurrentCallersWaitForTheFirst) {
  OnceCell<std::string> cell;
  Gate g;
  int runs = 0;
  auto init = [&] {
    ++runs;
    return map(g.wait(), [] { return std::string("ready"); });
  };
  Context cx = Context::from_waker(noop_waker());
  auto a = cell.get_or_init(init);
  auto b = cell.get_or_init(init);
  EXPECT_TRUE(a.poll(cx).is_pending());
  EXPECT_TRUE(b.poll(cx).is_pending());
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(cell.get(), nullptr);
  g.open();
  Poll<std::reference_wrapper<const std::string>> pa = a.poll(cx);
  ASSERT_TRUE(pa.is_ready());
  Poll<std::reference_wrapper<const std::string>> pb = b.poll(cx);
  ASSERT_TRUE(pb.is_ready());
  EXPECT_EQ(&pa.value().get(), &pb.value().get());
  EXPECT_EQ(*cell.get(), "ready");
  const std::string &again = block_on(cell.get_or_init(init));
  EXPECT_EQ(again, "ready");
  EXPECT_EQ(runs, 1);
}

TEST(OnceCellTest, ThrowingInitializerLeavesItEmpty) {
  OnceCell<int> cell;
  EXPECT_THROW(block_on(cell.get_or_init([] {
                 return poll_fn([](Context &) -> Poll<int> {
                   throw std::runtime_error("no");
                 });
               })),
               std::runtime_error);
  EXPECT_FALSE(cell.initialized());
  EXPECT_EQ(block_on(cell.get_or_init([] { return value(3); })).get(), 3);
}

TEST(OnceCellTest, CancelledInitializerPassesToTheNextWaiter) {
  OnceCell<int> cell;
  Gate never;
  Context cx = Context::from_waker(noop_waker());
  auto make = [&] {
    return cell.get_or_init(
        [&] { return map(never.wait(), [] { return 1; }); });
  };
  auto first = std::make_unique<decltype(make())>(make());
  EXPECT_TRUE(first->poll(cx).is_pending());
  auto second = cell.get_or_init([] { return value(2); });
  EXPECT_TRUE(second.poll(cx).is_pending());
  first.reset();
  Poll<std::reference_wrapper<const int>> p = second.poll(cx);
  ASSERT_TRUE(p.is_ready());
  EXPECT_EQ(p.value().get(), 2);
}

TEST(OnceCellTest, SetAndGet) {
  OnceCell<int> cell;
  EXPECT_TRUE(cell.set(1));
  EXPECT_FALSE(cell.set(2));
  EXPECT_EQ(*cell.get(), 1);
  OnceCell<std::string> full(std::string("x"));
  EXPECT_TRUE(full.initialized());
  *full.get_mut() += "y";
  EXPECT_EQ(
      block_on(full.get_or_init([] { return value(std::string("z")); })).get(),
      "xy");
}

TEST(OnceCellTest, OneInitializerForManyTasksOnWorkers) {
  Runtime rt(Runtime::Options{2});
  OnceCell<std::vector<int>> cell;
  std::atomic<int> runs{0};
  std::vector<JoinHandle<size_t>> hs;
  for (int i = 0; i < 200; ++i)
    hs.push_back(
        rt.spawn(map(cell.get_or_init([&] {
          ++runs;
          return map(Countdown{20, 0},
                     [](int) { return std::vector<int>(1000, 7); });
        }),
                     [](std::reference_wrapper<const std::vector<int>> v) {
                       return v.get().size();
                     })));
  for (auto &h : hs)
    EXPECT_EQ(rt.block_on(std::move(h)), 1000u);
  EXPECT_EQ(runs.load(), 1);
}

} // namespace
