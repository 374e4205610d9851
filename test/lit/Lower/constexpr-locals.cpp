// constexpr locals in an async function are moved before the future as
// static constants: poll() uses them as constants (`std::array<int, N>`,
// static_assert) and may odr-use them (std::clamp takes references); they
// are never stored.
// RUN: %e2e %s | FileCheck %s
#include <hoist/hoist.hpp>
#include <algorithm>
#include <array>
#include <cstdio>
hoist::Async<int> f(int x) {
  constexpr size_t N = 3;
  std::array<int, N> a{};
  co_await hoist::yield_now();
  static_assert(N == 3);
  constexpr int Lo = 1, Hi = 10;
  int clamped = std::clamp(x, Lo, Hi);
  co_await hoist::yield_now();
  co_return (int)a.size() + clamped + int(N);
}
template <class T> hoist::Async<T> g(T v) {
  constexpr T Scale = T(2);
  co_await hoist::yield_now();
  co_return v * Scale;
}
int main() { std::printf("%d %d %.1f\n", hoist::block_on(f(42)), hoist::block_on(g(4)), hoist::block_on(g(1.5))); }

// CHECK: 16 8 3.0
