//===- LoweredFileTest.cpp - Reading a lowered file back ------------------===//
#include "Compile/LoweredFile.h"

#include <gtest/gtest.h>

using namespace hoist;

namespace {

// Two lowered functions, as the emitter writes them (shortened).
const char *const Lowered = R"(#line 1 "app.cpp"
#include <hoist/hoist.hpp>
#line 5 "app.cpp"
auto first(int t) {
  using Awaitee0 = decltype(step(t));
  // The future of 'first' (app.cpp:5:19): 1 suspend point.
  struct FirstFuture {
#line 8 "out.cpp"
    hoist::Poll<int> poll(hoist::Context &cx) {
#line 6 "app.cpp"
      ::new (&awaitee0) Awaitee0(step(t));
#line 6
      if ((ready0 = awaitee0.poll(cx)).is_pending())
#line 13 "out.cpp"
    }
    union {
      Awaitee0 awaitee0; // awaitee, line 6: co_await step(t) [Suspend0]
    };
  };
}
#line 20 "app.cpp"
auto second() {
  using Awaitee0 = decltype(other());
  // The future of 'second' (app.cpp:20:19): 1 suspend point.
  struct SecondFuture {
    union {
      Awaitee0 awaitee0;   // awaitee, line 21: co_await other() [Suspend0]
      std::string temp0;   // temporary, line 22: std::string("x"), made if flag
    };
  };
}
)";

TEST(LoweredFileTest, FirstLineIsADirective) {
  EXPECT_TRUE(LoweredFile::looksLowered("#line 1 \"a.cpp\"\nint x;"));
  EXPECT_TRUE(LoweredFile::looksLowered("# line 3\n"));
  EXPECT_FALSE(LoweredFile::looksLowered("int x;\n#line 1 \"a.cpp\"\n"));
  EXPECT_FALSE(LoweredFile::looksLowered("#include <x>\n"));
}

TEST(LoweredFileTest, LinesFollowTheDirectives) {
  LoweredFile F = LoweredFile::read("out.cpp", Lowered);
  // The user's line 6 is three physical lines (0-based): the preamble
  // (after `auto first`, line 5) and two after directives.
  EXPECT_EQ(F.linesOf("app.cpp", 6), (std::vector<unsigned>{4, 10, 12}));
  EXPECT_EQ(F.text(10).trim(), "::new (&awaitee0) Awaitee0(step(t));");
  // Lines count on after a directive: `auto first` is line 5, its next 6.
  EXPECT_EQ(F.linesOf("app.cpp", 5), (std::vector<unsigned>{3}));
  // The file's own lines are its own.
  EXPECT_EQ(F.linesOf("out.cpp", 8), (std::vector<unsigned>{8}));
  EXPECT_TRUE(F.linesOf("app.cpp", 99).empty());
  EXPECT_TRUE(F.linesOf("other.cpp", 6).empty());
}

TEST(LoweredFileTest, GeneratedNames) {
  EXPECT_TRUE(LoweredFile::isGeneratedName("ExampleFuture"));
  EXPECT_TRUE(LoweredFile::isGeneratedName("Awaitee12"));
  EXPECT_TRUE(LoweredFile::isGeneratedName("awaitee0"));
  EXPECT_TRUE(LoweredFile::isGeneratedName("temp3"));
  EXPECT_FALSE(LoweredFile::isGeneratedName("awaitee"));
  EXPECT_FALSE(LoweredFile::isGeneratedName("value"));
  EXPECT_FALSE(LoweredFile::isGeneratedName("Future"));
}

TEST(LoweredFileTest, NamesExplainedByTheFutureThatHoldsThem) {
  LoweredFile F = LoweredFile::read("out.cpp", Lowered);
  EXPECT_EQ(F.explain("FirstFuture", 12), "the future of 'first' (app.cpp:5:19)");
  EXPECT_EQ(F.explain("awaitee0", 12),
            "the future awaited at line 6: co_await step(t)");
  EXPECT_EQ(F.userCode("Awaitee0", 12), "co_await step(t)");
  EXPECT_EQ(F.userCode("Awaitee0", 4), "co_await step(t)");
  // The second function's preamble is the second future's.
  EXPECT_EQ(F.userCode("Awaitee0", 22), "co_await other()");
  EXPECT_EQ(F.userCode("awaitee0", 25), "co_await other()");
  // A comment's states and condition are not the user's code.
  EXPECT_EQ(F.userCode("temp0", 26), "std::string(\"x\")");
  EXPECT_EQ(F.explain("temp0", 26),
            "the temporary of line 22: std::string(\"x\")");
  EXPECT_FALSE(F.explain("unknown0", 12));
  EXPECT_FALSE(F.userCode("FirstFuture", 12));
}

} // namespace
