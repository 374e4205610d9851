//===- FrameLayoutTest.cpp - Tests of lib/Lower/FrameLayout.cpp -----------===//
#include "Lower/FrameLayout.h"

#include "gtest/gtest.h"

using namespace hoist;

namespace {
AsyncFnShape shapeWith(unsigned N) {
  AsyncFnShape S;
  for (unsigned I = 0; I < N; ++I) {
    Slot Sl;
    Sl.Id = I;
    Sl.Name = "v" + std::to_string(I);
    S.Slots.push_back(Sl);
  }
  return S;
}
void interfere(AsyncFnShape &S, unsigned A, unsigned B) {
  S.Slots[A].Interferes.push_back(B);
  S.Slots[B].Interferes.push_back(A);
}
} // namespace

TEST(FrameLayoutTest, ValuesNeverAliveTogetherShareAUnion) {
  AsyncFnShape S = shapeWith(3);
  interfere(S, 0, 1); // 0 and 1 alive together; 2 alone
  FrameLayout L = computeFrameLayout(S);
  ASSERT_EQ(L.Groups.size(), 2u);
  EXPECT_EQ(L.Groups[0].Slots, (std::vector<unsigned>{0, 2}));
  EXPECT_EQ(L.Groups[1].Slots, (std::vector<unsigned>{1}));
}

TEST(FrameLayoutTest, AllInterferingValuesGetTheirOwnMembers) {
  AsyncFnShape S = shapeWith(3);
  interfere(S, 0, 1);
  interfere(S, 0, 2);
  interfere(S, 1, 2);
  EXPECT_EQ(computeFrameLayout(S).Groups.size(), 3u);
}

TEST(FrameLayoutTest, ReferencesAreNeverInAUnion) {
  AsyncFnShape S = shapeWith(2);
  S.Slots[0].Reference = true;
  FrameLayout L = computeFrameLayout(S);
  ASSERT_EQ(L.Groups.size(), 2u) << "a reference member cannot be in a union";
}

TEST(FrameLayoutTest, GroupsFollowSlotOrder) {
  AsyncFnShape S = shapeWith(4);
  interfere(S, 0, 1);
  interfere(S, 2, 3);
  interfere(S, 1, 2);
  FrameLayout L = computeFrameLayout(S);
  // 0 | 1 | 2 can join 0's group | 3 can join 1's group.
  ASSERT_EQ(L.Groups.size(), 2u);
  EXPECT_EQ(L.Groups[0].Slots, (std::vector<unsigned>{0, 2}));
  EXPECT_EQ(L.Groups[1].Slots, (std::vector<unsigned>{1, 3}));
}
