//===- TimerWheelTest.cpp - The hierarchical timer wheel ------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::detail::TimerWheel with explicit ticks: timers fire at their
/// tick (never early, never twice), cascade through the levels, can be
/// removed, report the next expiration, and survive large deadlines.
///
//===----------------------------------------------------------------------===//
#include "hoist/time/wheel.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <vector>

using namespace hoist::detail;

namespace {

struct Fired {
  std::vector<std::pair<TimerEntry *, uint64_t>> log;
};

void advance(TimerWheel &w, uint64_t now, Fired &f) {
  w.advance(now, [&](TimerEntry *e) { f.log.push_back({e, w.elapsed()}); });
}

TEST(TimerWheelTest, DueTimerIsRejected) {
  TimerWheel w;
  TimerEntry e;
  EXPECT_FALSE(w.insert(&e, 0));
  EXPECT_TRUE(w.empty());
}

TEST(TimerWheelTest, FiresAtItsTick) {
  TimerWheel w;
  TimerEntry e;
  ASSERT_TRUE(w.insert(&e, 10));
  EXPECT_EQ(w.next_expiration(), 10u);
  Fired f;
  advance(w, 9, f);
  EXPECT_TRUE(f.log.empty());
  advance(w, 10, f);
  ASSERT_EQ(f.log.size(), 1u);
  EXPECT_EQ(f.log[0].second, 10u);
  EXPECT_TRUE(w.empty());
}

TEST(TimerWheelTest, CascadesFromHigherLevels) {
  TimerWheel w;
  std::vector<uint64_t> deadlines{1, 63, 64, 65, 4095, 4096, 4097, 262143,
                                  262144, 300000, 16777216, 1000000000};
  std::vector<std::unique_ptr<TimerEntry>> entries;
  for (uint64_t d : deadlines) {
    entries.push_back(std::make_unique<TimerEntry>());
    ASSERT_TRUE(w.insert(entries.back().get(), d));
  }
  Fired f;
  // Advance in irregular steps; each timer fires exactly once, at a tick
  // >= its deadline, and at or before the tick we advanced to.
  uint64_t now = 0;
  std::mt19937_64 rng(1);
  while (!w.empty()) {
    std::optional<uint64_t> next = w.next_expiration();
    ASSERT_TRUE(next);
    ASSERT_GT(*next, now);
    now = std::rand() % 2 ? *next : *next + rng() % 1000;
    size_t before = f.log.size();
    advance(w, now, f);
    for (size_t i = before; i < f.log.size(); ++i)
      EXPECT_LE(f.log[i].first->when, now);
  }
  ASSERT_EQ(f.log.size(), deadlines.size());
  for (auto &[e, at] : f.log) {
    EXPECT_EQ(at, e->when) << "fired at its own tick";
    EXPECT_EQ(e->level, -1);
  }
}

TEST(TimerWheelTest, Remove) {
  TimerWheel w;
  TimerEntry a, b, c;
  ASSERT_TRUE(w.insert(&a, 5));
  ASSERT_TRUE(w.insert(&b, 5));
  ASSERT_TRUE(w.insert(&c, 5000));
  w.remove(&a);
  w.remove(&a); // idempotent
  w.remove(&c);
  Fired f;
  advance(w, 10000, f);
  ASSERT_EQ(f.log.size(), 1u);
  EXPECT_EQ(f.log[0].first, &b);
}

TEST(TimerWheelTest, NextExpirationIsEarliest) {
  TimerWheel w;
  TimerEntry a, b;
  ASSERT_TRUE(w.insert(&a, 5000));
  ASSERT_TRUE(w.insert(&b, 70));
  // Level-1 slot of 70 starts at 64: the wheel wakes then to cascade.
  EXPECT_EQ(w.next_expiration(), 64u);
  Fired f;
  advance(w, 64, f);
  EXPECT_TRUE(f.log.empty());
  EXPECT_EQ(w.next_expiration(), 70u);
}

TEST(TimerWheelTest, FarDeadlinesAreClamped) {
  TimerWheel w;
  TimerEntry e;
  ASSERT_TRUE(w.insert(&e, UINT64_MAX / 2));
  EXPECT_EQ(e.when, TimerWheel::kMaxDuration);
  Fired f;
  advance(w, TimerWheel::kMaxDuration, f);
  EXPECT_EQ(f.log.size(), 1u);
}

TEST(TimerWheelTest, RandomizedAgainstSortedOrder) {
  std::mt19937_64 rng(42);
  TimerWheel w;
  std::vector<std::unique_ptr<TimerEntry>> es;
  for (int i = 0; i < 2000; ++i) {
    es.push_back(std::make_unique<TimerEntry>());
    ASSERT_TRUE(w.insert(es.back().get(), 1 + rng() % 200000));
  }
  // Remove a third at random.
  for (int i = 0; i < 2000; i += 3)
    w.remove(es[i].get());
  Fired f;
  uint64_t now = 0;
  while (!w.empty()) {
    now += 1 + rng() % 500;
    advance(w, now, f);
  }
  EXPECT_EQ(f.log.size(), 2000u - 667u);
  for (size_t i = 1; i < f.log.size(); ++i)
    EXPECT_LE(f.log[i - 1].first->when, f.log[i].first->when) << "in order";
  for (auto &[e, at] : f.log)
    EXPECT_EQ(at, e->when);
}

} // namespace
