//===- LocalStorageTest.cpp - Tests of lib/Analysis/LocalStorage.cpp ------===//
#include "Analysis/AsyncFunctions.h"
#include "Analysis/LocalStorage.h"
#include "Analysis/SuspendPoints.h"
#include "Basic/Diagnostic.h"

#include "../TestCode.h"
#include "gtest/gtest.h"

#include <set>

using namespace hoist;

namespace {
/// The names of the stored locals of the first async function in `Code`.
std::set<std::string> storedLocals(const std::string &Code) {
  auto AST = test::parse("#include <hoist/hoist.hpp>\n" + Code);
  EXPECT_TRUE(AST);
  DiagEmitter Diags(AST->getDiagnostics());
  auto Fns = findAsyncFunctions(AST->getASTContext(), Diags);
  EXPECT_FALSE(Fns.empty());
  auto Points = findSuspendPoints(Fns[0], AST->getASTContext(), Diags);
  EXPECT_TRUE(Points.has_value());
  LocalStorage S = computeLocalStorage(Fns[0], *Points);
  std::set<std::string> Names;
  for (const auto &[V, Spans] : S.Stored)
    Names.insert(V->getName().str());
  return Names;
}
} // namespace

TEST(LocalStorageTest, OnlyLocalsWhoseScopeHoldsALaterSuspendPoint) {
  auto Stored = storedLocals(R"(
    hoist::Async<int> f() {
      int before = 1;
      int own = co_await hoist::yield_now(), 2;
      int after = before + own;
      { int inner = 3; (void)inner; }
      co_await hoist::yield_now();
      co_return after;
    })");
  EXPECT_EQ(Stored, (std::set<std::string>{"before", "own", "after"}));
}

TEST(LocalStorageTest, ALocalDeclaredAfterTheLastAwaitStaysInPoll) {
  auto Stored = storedLocals(R"(
    hoist::Async<int> f() {
      co_await hoist::yield_now();
      int late = 5;
      co_return late;
    })");
  EXPECT_TRUE(Stored.empty());
}

TEST(LocalStorageTest, LoopLocalsAfterTheAwaitInTheSameIterationStayInPoll) {
  auto Stored = storedLocals(R"(
    hoist::Async<int> f() {
      int sum = 0;
      for (int i = 0; i < 3; ++i) {
        co_await hoist::yield_now();
        int k = i * 2;
        sum += k;
      }
      co_return sum;
    })");
  EXPECT_EQ(Stored, (std::set<std::string>{"sum", "i"}));
}

TEST(LocalStorageTest, NewerLocalsWithDestructorsFollowStoredOnes) {
  auto Stored = storedLocals(R"(
    #include <string>
    hoist::Async<int> f() {
      std::string a = "a";
      co_await hoist::yield_now();
      std::string b = "b";   // newer than a stored local with a destructor
      int n = 1;             // no destructor: stays in poll()
      co_return int(a.size() + b.size()) + n;
    })");
  EXPECT_EQ(Stored, (std::set<std::string>{"a", "b"}));
}
