//===- FastRandTest.cpp - The per-thread random numbers -------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests detail::fast_rand_n: results stay in range and cover it evenly,
/// seeds differ, and two threads draw different sequences.
///
//===----------------------------------------------------------------------===//
#include "hoist/core/fast_rand.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

using namespace hoist::detail;

namespace {

TEST(FastRandTest, InRangeAndEven) {
  for (uint32_t n : {1u, 2u, 3u, 7u, 64u}) {
    std::vector<int> counts(n, 0);
    for (uint32_t i = 0; i < 1000 * n; ++i) {
      uint32_t r = fast_rand_n(n);
      ASSERT_LT(r, n);
      ++counts[r];
    }
    for (int c : counts)
      EXPECT_GT(c, 800) << "n = " << n; // 1000 expected in each
  }
}

TEST(FastRandTest, SeedsDiffer) {
  std::set<uint64_t> seeds;
  for (int i = 0; i < 100; ++i) {
    uint64_t s = fast_rand_seed();
    EXPECT_NE(s, 0u);
    seeds.insert(s);
  }
  EXPECT_EQ(seeds.size(), 100u);
}

TEST(FastRandTest, ThreadsDrawDifferentSequences) {
  auto draw = [] {
    std::vector<uint32_t> v;
    for (int i = 0; i < 8; ++i)
      v.push_back(fast_rand());
    return v;
  };
  std::vector<uint32_t> a, b;
  std::thread ta([&] { a = draw(); });
  std::thread tb([&] { b = draw(); });
  ta.join();
  tb.join();
  EXPECT_NE(a, b);
}

} // namespace
