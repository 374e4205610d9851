// A variadic async function that recurses on its pack under
// `if constexpr (sizeof...(rest))`: poll() runs in the lambda that unpacks
// the pack, where the condition would depend on the lambda's parameters and
// the discarded branch's awaits would be compiled. The condition is read
// before the future, where it names the function's own pack.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

#include <string>

template <typename T, typename... Rest>
hoist::Async<T> sum(T first, Rest... rest) {
  co_await test::tick(1);
  if constexpr (sizeof...(rest) > 0) {
    T r = co_await sum(rest...);
    co_return first + r;
  } else {
    co_return first;
  }
}

template <typename... Ts> hoist::Async<std::string> describe(Ts... ts) {
  std::string out;
  if constexpr (sizeof...(ts) == 0) {
    out = "none";
  } else {
    auto n = co_await sum(int(sizeof(ts))...);
    if constexpr (sizeof...(ts) > 2)
      out = "many:" + std::to_string(co_await sum(ts...));
    else
      out = "few:" + std::to_string(n);
  }
  co_return out;
}

struct Counter {
  int base;
  template <typename... Args> hoist::Async<int> add(Args... args) {
    if constexpr (sizeof...(Args) == 0)
      co_return base;
    else
      co_return base + co_await sum(args...);
  }
};

int main() {
  std::printf("%d %d\n", hoist::block_on(sum(1, 2, 3)), hoist::block_on(sum(5)));
  std::printf("%s %s %s\n", hoist::block_on(describe()).c_str(),
              hoist::block_on(describe('a', 2)).c_str(),
              hoist::block_on(describe(1, 2, 3, 4)).c_str());
  Counter c{10};
  std::printf("%d %d\n", hoist::block_on(c.add()), hoist::block_on(c.add(1, 2)));
}

// CHECK-LABEL: hoist::Async<T> sum(T first, Rest... rest) {
// CHECK:       using Condition = std::bool_constant<(sizeof...(rest) > 0)>;
// CHECK:       return std::apply([&](auto &...rest) -> hoist::Poll<Output> {
// CHECK:       if constexpr (Condition::value /* sizeof...(rest) > 0 */) {
// CHECK-LABEL: auto describe(Ts... ts) {
// CHECK:       using Condition = std::bool_constant<(sizeof...(ts) == 0)>;
// CHECK:       auto Condition_1_if_kept = [&] {
// CHECK-NEXT:    if constexpr (!(sizeof...(ts) == 0)) return hoist::detail::type_tag<std::bool_constant<(sizeof...(ts) > 2)>>{};
// CHECK:       if constexpr (Condition::value /* sizeof...(ts) == 0 */) {
// CHECK:       if constexpr (Condition_1::value /* sizeof...(ts) > 2 */)

// EXEC: 6 5
// EXEC-NEXT: none few:5 many:10
// EXEC-NEXT: 10 13
