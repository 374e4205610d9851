// Lambdas that capture a copy of the object (`[*this]`) inside an async
// member function. In poll() `this` is the future's, so the capture becomes
// `self = hoist::detail::copy_of(*self)`: the lambda holds the copy and
// reads it through its own `self`, const unless the lambda is `mutable`.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

#include <cstdio>

struct Widget {
  int k = 1;
  int bump() { return ++k; }
  int peek() const { return k * 100; }
  int which() { return 1; }
  int which() const { return 2; }

  hoist::Async<int> go() {
    auto first = [*this]() { return k + which(); };
    int a = first();
    auto later = [*this] { return k * 10 + which(); };
    co_await test::tick(1);
    k = 5;
    int b = later();
    auto counter = [*this]() mutable { return bump() * 10 + which(); };
    int c = counter();
    int c2 = counter();
    co_await test::tick(1);
    auto task = [*this]() -> hoist::Async<int> {
      co_await test::tick(1);
      co_return k + peek();
    };
    k = 9;
    int d = co_await task();
    auto pointers = [*this]() {
      const Widget *p = this;
      auto inner = [this] { return k + which(); };
      auto whole = [=, *this] { return (*this).k; };
      return p->k * 100 + inner() * 10 + whole() - k;
    };
    k = 3;
    co_await test::tick(1);
    int e = pointers();
    std::printf("a=%d b=%d c=%d c2=%d d=%d e=%d k=%d\n", a, b, c, c2, d, e, k);
    co_return a + b + c + c2 + d + e;
  }
};

template <class T> struct Holder {
  T value;
  hoist::Async<T> twice() {
    auto make = [*this]() mutable -> hoist::Async<T> {
      value = value + value;
      co_await test::tick(1);
      co_return value;
    };
    auto f = make();
    value = value + 1;
    T got = co_await std::move(f);
    co_return got + value;
  }
};

int main() {
  Widget w;
  int sum = hoist::block_on(w.go());
  Holder<int> h{4};
  int t = hoist::block_on(h.twice());
  std::printf("%d %d %d %d\n", sum, w.k, t, h.value);
}

// The closures are made by factories that take the object's address.
// CHECK-LABEL: auto go() {
// CHECK:       static auto make_lambda0(Widget * self_in) {
// CHECK-NEXT:    [self = hoist::detail::copy_of(*self_in)]()
// CHECK:       [self = hoist::detail::copy_of(*self_in)] {
// CHECK:       [self = hoist::detail::copy_of(*self_in)]() mutable
// CHECK:       [self = hoist::detail::copy_of(*self_in)]() -> auto {
// CHECK-NEXT:    using Self = decltype(hoist::detail::self_pointer(std::as_const(self)));
// CHECK:       [self = hoist::detail::self_pointer(self)]
// CHECK:       [=, self = hoist::detail::copy_of(*hoist::detail::self_pointer(self))]

// EXEC: a=3 b=12 c=61 c2=71 d=505 e=1010 k=3
// EXEC-NEXT: 1662 3 13 5
