// Variadic async templates: a parameter pack is stored as one tuple, and
// poll() runs where its elements have the pack's name again, so the body
// uses the pack as written (folds, expansions, sizeof...). An await inside
// a pack expansion is diagnosed (test/lit/Diagnostics/await-in-pack.cpp).
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <string>
#include <tuple>
#include <utility>

hoist::Async<int> num(int v) {
  co_await test::tick(1);
  co_return v;
}

template <class... Ts> hoist::Async<int> sum_all(Ts... xs) {
  co_await test::tick(1);
  int n = static_cast<int>(sizeof...(xs));
  co_await test::tick(1);
  co_return (xs + ... + 0) * 10 + n;
}

template <class... Args> std::string concat(const Args &...args) {
  return (std::string() + ... + std::string(args));
}

// Forwarding references stay references.
template <class... Args> hoist::Async<std::string> describe(int id, Args &&...args) {
  auto head = co_await num(id);
  auto text = concat(std::forward<Args>(args)...);
  co_await test::tick(1);
  co_return std::to_string(head) + ":" + text;
}

// Awaits each future of the pack in turn, through a tuple.
template <class... Fs> hoist::Async<int> await_both(Fs... fs) {
  auto futures = std::make_tuple(std::move(fs)...);
  int a = co_await std::get<0>(futures);
  int b = co_await std::get<1>(futures);
  co_return a + b;
}

hoist::Async<void> run() {
  std::string world = "world";
  std::printf("%d\n", co_await sum_all(1, 2, 3));
  std::printf("%d\n", co_await sum_all());
  std::printf("%s\n", (co_await describe(7, "hello ", world)).c_str());
  std::printf("%d\n", co_await await_both(num(4), num(5)));
}

int main() { hoist::block_on(run()); }

// CHECK-LABEL: auto sum_all(Ts... xs) {
// CHECK:       using Pack_xs = std::tuple<decltype(xs)...>;
// CHECK:       return std::apply([&](auto &...xs) -> hoist::Poll<Output> {
// CHECK:       }, xs_pack);
// CHECK:       return SumAllFuture(Pack_xs(std::forward<decltype(xs)>(xs)...));

// EXEC:      63
// EXEC-NEXT: 0
// EXEC-NEXT: 7:hello world
// EXEC-NEXT: 9
