// The runtime's combinators and the user's own templates over the futures
// of async functions: in the lowered program a call of an async function
// is that function's future, so every type built from one is named through
// the lowered expression, never printed from hoist::Async<T>.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <chrono>
#include <string>
#include <vector>

using namespace std::chrono_literals;

hoist::Async<int> a() {
  co_await test::tick(1);
  co_return 1;
}
hoist::Async<int> b() {
  co_await test::tick(3);
  co_return 2;
}
hoist::Async<std::string> name(int i) {
  co_await test::tick(i);
  co_return "n" + std::to_string(i);
}
hoist::Async<int> slow() {
  co_await hoist::sleep(200ms);
  co_return 3;
}

// A user's join of three, generic over any futures.
template <class F1, class F2, class F3>
hoist::Async<int> join3(F1 f1, F2 f2, F3 f3) {
  int x = co_await std::move(f1);
  int y = co_await std::move(f2);
  int z = co_await std::move(f3);
  co_return x + y + z;
}

// A gather over a vector of futures.
template <class F> hoist::Async<int> gather(std::vector<F> fs) {
  int sum = 0;
  for (auto &f : fs)
    sum += co_await f;
  co_return sum;
}

hoist::Async<void> run() {
  try {
    auto r = co_await hoist::timeout(20ms, slow());
    std::printf("no timeout %d\n", r);
  } catch (const hoist::Elapsed &) {
    std::printf("timed out\n");
  }
  auto q = co_await hoist::timeout(1s, a());
  co_await test::tick(1);
  auto [x, y] = co_await hoist::join(a(), name(2));
  co_await test::tick(1);
  auto s = co_await hoist::select(b(), a());
  co_await test::tick(1);
  auto t = co_await hoist::select_biased(b(), a(), a());
  std::printf("%d %d %s %zu %zu\n", q, x, y.c_str(), s.index(), t.index());
  std::printf("join3 %d\n", co_await join3(a(), b(), a()));
  std::vector<decltype(a())> fs;
  fs.push_back(a());
  fs.push_back(a());
  std::printf("gather %d\n", co_await gather(std::move(fs)));
  std::vector<decltype(name(0))> names;
  for (int i = 1; i <= 3; ++i)
    names.push_back(name(i));
  auto all = co_await hoist::join_all(std::move(names));
  co_await test::tick(1);
  for (const auto &n : all)
    std::printf("%s ", n.c_str());
  std::printf("\n");
}

int main() { hoist::block_on(run()); }

// The awaitee of a combinator is named through the lowered call.
// CHECK-LABEL: auto run() {
// CHECK:       using Awaitee{{[0-9]+}} = decltype(hoist::timeout(20ms, slow()));

// EXEC:      timed out
// EXEC-NEXT: 1 1 n2 1 1
// EXEC-NEXT: join3 4
// EXEC-NEXT: gather 2
// EXEC-NEXT: n1 n2 n3
