// `co_await std::move(p)` of a by-value parameter named nowhere else, in no
// loop: the future polls p where it is instead of moving it into an awaitee,
// so it holds the awaited future once (rustc holds it twice,
// rust-lang/rust#62958). In a template, p's type decides at instantiation
// (hoist::detail::poll_moved); a type with into_future() still gets its
// awaitee. Named again, or awaited in a loop, p is moved as C++ says.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

hoist::Async<int> inner(int t) {
  co_await test::tick(1);
  co_return t + 1;
}

// CHECK-LABEL: auto once(test::Delay<int> d)
// CHECK:       if ((ready0 = d.poll(cx)).is_pending()) return suspend(State::Suspend0);
// CHECK-NOT:   awaitee
// CHECK:       test::Delay<int> d; // parameter [Suspend0]
// CHECK-NEXT:  };
// CHECK-NEXT:  State state_
hoist::Async<int> once(test::Delay<int> d) {
  int r = co_await std::move(d);
  co_return r * 2;
}

// CHECK-LABEL: auto generic(F f)
// CHECK:       using Awaitee0 = hoist::detail::moved_awaitee_t<F>;
// CHECK:       ::new (&awaitee0) Awaitee0(hoist::detail::make_moved_awaitee(f));
// CHECK:       if ((ready0 = hoist::detail::poll_moved(awaitee0, f, cx)).is_pending())
template <class F> hoist::Async<int> generic(F f) {
  co_return co_await std::move(f) + 1;
}

// Named again: moved into an awaitee, as written.
// CHECK-LABEL: auto named_again(test::Delay<int> d)
// CHECK:       ::new (&awaitee0) Awaitee0(hoist::make_awaitee(std::move(d)));
hoist::Async<int> named_again(test::Delay<int> d) {
  int r = co_await std::move(d);
  co_return r + d.times;
}

// In a loop: the second round awaits the moved-from parameter.
// CHECK-LABEL: auto in_loop(test::Delay<int> d)
// CHECK:       ::new (&awaitee0) Awaitee0(hoist::make_awaitee(std::move(d)));
hoist::Async<int> in_loop(test::Delay<int> d) {
  int sum = 0;
  for (int i = 0; i < 2; ++i)
    sum += co_await std::move(d);
  co_return sum;
}

/// Awaitable through into_future() only.
struct Later {
  int v;
  test::Delay<int> into_future() && { return test::delay(1, v); }
};

hoist::Async<void> run() {
  std::printf("once %d\n", co_await once(test::delay(2, 20)));
  std::printf("generic %d\n", co_await generic(inner(5)));
  std::printf("generic leaf %d\n", co_await generic(test::delay(1, 8)));
  std::printf("generic into_future %d\n", co_await generic(Later{30}));
  std::printf("named_again %d\n", co_await named_again(test::delay(1, 3)));
  std::printf("in_loop %d\n", co_await in_loop(test::delay(0, 4)));
}

int main() { hoist::block_on(run()); }

// EXEC:      once 40
// EXEC-NEXT: generic 7
// EXEC-NEXT: generic leaf 9
// EXEC-NEXT: generic into_future 31
// EXEC-NEXT: named_again 4
// EXEC-NEXT: in_loop 8
