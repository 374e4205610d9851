//===- HoistActionTest.cpp - Tests of lib/Frontend/HoistAction.cpp --------===//
#include "Frontend/HoistAction.h"

#include "../TestCode.h"
#include "gtest/gtest.h"

#include <sstream>

using namespace hoist;

namespace {
std::optional<std::string> lower(const std::string &Code) {
  ToolOptions Opts;
  Opts.Lowering.LineDirectives = false;
  std::vector<std::string> Args = test::parseArgs();
  Args.erase(Args.begin()); // runHoistOnCode sets the standard itself
  return runHoistOnCode("#include <hoist/hoist.hpp>\n" + Code, Opts, Args);
}
} // namespace

TEST(HoistActionTest, LowersTheSeedExample) {
  auto Out = lower(R"(
    hoist::Async<int> sy1(int t) { co_return t * 2; }
    hoist::Async<int> example(int t) {
      int a = co_await sy1(t);
      co_return a + 1;
    })");
  ASSERT_TRUE(Out);
  EXPECT_NE(Out->find("auto example(int t) {"), std::string::npos);
  EXPECT_NE(Out->find("struct ExampleFuture {"), std::string::npos);
  EXPECT_NE(Out->find("Suspend0,"), std::string::npos);
  EXPECT_NE(Out->find("return ExampleFuture(std::move(t));"), std::string::npos);
  // co_await remains only in comments (the states name their line).
  std::istringstream Lines(*Out);
  for (std::string L; std::getline(Lines, L);) {
    size_t At = L.find("co_await");
    EXPECT_TRUE(At == std::string::npos || L.find("//") < At) << L;
  }
}

TEST(HoistActionTest, NonAsyncCodePassesThrough) {
  const std::string Plain = "int twice(int x) { return 2 * x; }\n";
  auto Out = lower(Plain);
  ASSERT_TRUE(Out);
  EXPECT_NE(Out->find(Plain), std::string::npos);
}

TEST(HoistActionTest, ErrorsMeanNoOutput) {
  EXPECT_FALSE(lower("hoist::Async<int> f() { co_return undeclared; }"));
}

TEST(HoistActionTest, SameInputSameBytes) {
  const std::string Code = R"(
    hoist::Async<int> f(int x) {
      int a = co_await hoist::poll_fn([](hoist::Context &) { return hoist::ready(1); });
      co_return a + x;
    })";
  EXPECT_EQ(lower(Code), lower(Code));
}
