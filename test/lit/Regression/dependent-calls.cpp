// Calls resolved only when a template is instantiated: clang marks no
// temporary in them, so the lowering keeps an argument that a reference
// parameter of a known candidate may bind (it lives to the end of the
// full-expression, across the await), and leaves alone one that every
// candidate takes by value. A by-copy capture of a generic async lambda,
// kept in an operand, reads as the copy (const) for both compilers. A ?:
// whose type depends on a template parameter and whose operands suspend
// keeps its value in a hoist::detail::Stored of what decltype says (a value
// or a reference), named once the arms are lowered.
// RUN: %hoist %s --no-line-directives -- -I%inputs | FileCheck %s --check-prefix=LOWER
// RUN: %e2e %s | FileCheck %s
#include "helpers.hpp"

using test::Noisy;

hoist::Async<int> measure(const Noisy &n, int extra) {
  co_await test::tick(1);
  co_return int(n.name.size()) + extra;
}

hoist::Async<int> twice(int v, int extra) {
  co_await test::tick(1);
  co_return 2 * v + extra;
}

// LOWER-LABEL: auto in_lambda(int q)
// LOWER:       ::new (&temp0) test::Noisy(Noisy("tmp"));
// LOWER-NEXT:  ::new (&awaitee0) Awaitee0(hoist::make_awaitee(measure(std::move(temp0), q0)));
// LOWER:       ::new (&awaitee1) Awaitee1(hoist::make_awaitee(twice(20, q0)));
hoist::Async<int> in_lambda(int q) {
  auto lam = [](auto q0) -> hoist::Async<int> {
    int r = co_await measure(Noisy("tmp"), q0);
    co_return r + co_await twice(20, q0);
  };
  co_return co_await lam(q);
}

// LOWER-LABEL: auto in_template(T t)
// LOWER:       ::new (&temp0) test::Noisy(Noisy("t"));
template <class T> hoist::Async<int> in_template(T t) {
  co_return co_await measure(Noisy("t"), t);
}

// LOWER-LABEL: auto capture(int a0)
// LOWER:       std::declval<const int &>()
hoist::Async<int> capture(int a0) {
  auto lam = [a0](auto q0) -> hoist::Async<int> {
    int d = co_await test::delay(1, 1);
    co_return ((d > 2 ? q0 : a0) < co_await test::delay(1, 5)) ? 1 : 0;
  };
  co_return co_await lam(3);
}

template <class T> hoist::Async<T> get(T v) {
  co_await test::tick(1);
  co_return v;
}

// LOWER-LABEL: auto pick(bool c, T a)
// LOWER:       using Choice = hoist::detail::Stored<decltype((c ? std::declval<hoist::output_t<Awaitee0>>() : a + a))>;
// LOWER:       ::new (&choice0) Choice{std::move(ready0).value()};
// LOWER:       ::new (&choice0) Choice{a + a};
// LOWER:       ::new (&r) T(choice0.get());
template <class T> hoist::Async<T> pick(bool c, T a) {
  T r = c ? co_await get(a) : a + a;
  T &ref = c ? a : r;
  ref = ref + (c ? co_await get(a) : r);
  co_return r + a;
}

// A class value: made in the arm that ran, destroyed once, at the end of
// the full-expression.
template <class T> hoist::Async<std::size_t> object(bool c, T s) {
  std::size_t n = (c ? co_await get(Noisy(s)) : Noisy("other")).name.size();
  co_return n;
}

hoist::Async<void> run() {
  std::printf("pick %d %d\n", co_await pick(true, 3), co_await pick(false, 3));
  std::printf("object %zu\n", co_await object(true, std::string("abc")));
  std::printf("object %zu\n", co_await object(false, std::string("abc")));
  std::printf("lambda %d\n", co_await in_lambda(1));
  std::printf("template %d\n", co_await in_template(2));
  std::printf("capture %d\n", co_await capture(4));
}

int main() { hoist::block_on(run()); }

// CHECK:      pick 9 15
// CHECK-NEXT: +abc
// CHECK-NEXT: -abc
// CHECK-NEXT: object 3
// CHECK-NEXT: +other
// CHECK-NEXT: -other
// CHECK-NEXT: object 5
// CHECK-NEXT: +tmp
// CHECK-NEXT: -tmp
// CHECK-NEXT: lambda 45
// CHECK-NEXT: +t
// CHECK-NEXT: -t
// CHECK-NEXT: template 3
// CHECK-NEXT: capture 1
