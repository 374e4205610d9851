// In a template, the types the lowering names inside a branch of
// `if constexpr` (awaitees, stored locals, kept values) are named only where
// the branch is kept: each is an alias made by a lambda whose own
// `if constexpr` names the type, or hoist::detail::Discarded, so the awaits
// of a discarded branch, which may not compile for this instantiation, are
// not instantiated.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

#include <string>
#include <type_traits>
#include <vector>

hoist::Async<int> as_int(int v) {
  co_await test::tick(1);
  co_return v * 2;
}
hoist::Async<std::size_t> as_len(std::string s) {
  co_await test::tick(1);
  co_return s.size();
}
hoist::Async<std::vector<int>> digits(long v) {
  co_await test::tick(1);
  std::vector<int> out;
  for (; v > 0; v /= 10)
    out.push_back(int(v % 10));
  co_return out;
}

template <class T> hoist::Async<int> measure(T v) {
  int r = 0;
  if constexpr (std::is_same_v<T, int>) {
    r = co_await as_int(v);
  } else if constexpr (std::is_same_v<T, long>) {
    auto ds = co_await digits(v);
    co_await test::tick(1);
    r = int(ds.size());
  } else {
    auto n = co_await as_len(v);
    co_await test::tick(1);
    if constexpr (sizeof(T) > 1)
      r = int(n) + int(co_await as_len(v + "!"));
  }
  co_return r;
}

struct Meter {
  int base = 100;
  template <class T> hoist::Async<int> read(T v) {
    if constexpr (std::is_integral_v<T>)
      co_return base + co_await as_int(int(v));
    else
      co_return base + int(co_await as_len(v));
  }
};

int main() {
  std::printf("%d %d %d\n", hoist::block_on(measure(21)), hoist::block_on(measure(12345L)),
              hoist::block_on(measure(std::string("abcd"))));
  Meter m;
  std::printf("%d %d\n", hoist::block_on(m.read(4)), hoist::block_on(m.read(std::string("xy"))));
}

// CHECK-LABEL: template <class T> auto measure(T v) {
// CHECK:       // Only where its branch of `if constexpr` is kept (else hoist::detail::Discarded):
// CHECK-NEXT:  auto Awaitee0_if_kept = [&] {
// CHECK-NEXT:    if constexpr (std::is_same_v<T, int>) return hoist::detail::type_tag<hoist::awaitee_t<decltype((as_int(v)))>>{};
// CHECK-NEXT:    else return hoist::detail::type_tag<hoist::detail::Discarded>{};
// CHECK-NEXT:  };
// CHECK-NEXT:  using Awaitee0 = typename decltype(Awaitee0_if_kept())::type;
// CHECK:       if constexpr ((!(std::is_same_v<T, int>)) && (std::is_same_v<T, long>)) return
// CHECK:       if constexpr ((!(std::is_same_v<T, int>)) && (!(std::is_same_v<T, long>)) && (sizeof(T) > 1)) return

// EXEC: 42 5 9
// EXEC-NEXT: 108 102
