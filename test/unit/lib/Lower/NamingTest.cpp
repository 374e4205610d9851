//===- NamingTest.cpp - Tests of lib/Lower/Naming.cpp ---------------------===//
#include "Lower/Naming.h"

#include "gtest/gtest.h"

using namespace hoist;

TEST(NamingTest, FreshNamesAvoidTheUsersIdentifiers) {
  NameAllocator N;
  N.reserveIdentifiersIn("int state_ = cx + awaitee0;");
  EXPECT_EQ(N.fresh("state_"), "state__");
  EXPECT_EQ(N.fresh("cx"), "cx_");
  EXPECT_EQ(N.fresh("unwind"), "unwind");
  EXPECT_EQ(N.fresh("unwind"), "unwind_") << "a name is handed out once";
}

TEST(NamingTest, LiteralsAndCommentsReserveNothing) {
  NameAllocator N;
  N.reserveIdentifiersIn("puts(\"finished\"); // drop_to\n/* suspend */ 'x';");
  EXPECT_EQ(N.fresh("finished"), "finished");
  EXPECT_EQ(N.fresh("drop_to"), "drop_to");
  EXPECT_EQ(N.fresh("suspend"), "suspend");
  EXPECT_TRUE(N.isTaken("puts"));
}

TEST(NamingTest, NumberSuffixesAreNotIdentifiers) {
  NameAllocator N;
  N.reserveIdentifiersIn("x = 10u + 0x1f;");
  EXPECT_FALSE(N.isTaken("u"));
  EXPECT_FALSE(N.isTaken("f"));
}

TEST(NamingTest, NumberedNamesCount) {
  NameAllocator N;
  EXPECT_EQ(N.numbered("i"), "i");
  EXPECT_EQ(N.numbered("i"), "i_1");
  EXPECT_EQ(N.numbered("i"), "i_2");
}
