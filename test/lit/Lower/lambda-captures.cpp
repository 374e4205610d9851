// An init-capture is evaluated when its closure is made: one that awaits is
// awaited first, like any operand, and the closure is made by a factory
// that takes the awaited value as a parameter (the lambda's text, outside
// poll(), then has no co_await).
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <memory>
#include <string>

hoist::Async<int> num(int v) {
  co_await test::tick(1);
  co_return v;
}

template <class F> hoist::Async<int> apply(F f) {
  co_await test::tick(1);
  co_return f();
}

hoist::Async<void> run() {
  int base = 100;
  // Stored across the next await.
  auto l = [v = co_await num(4)]() { return v + 1; };
  co_await test::tick(1);
  std::printf("%d\n", l());

  // The awaited value is an operand of the initializer.
  auto p = [p = std::make_unique<int>(co_await num(5))]() { return *p * 2; };
  co_await test::tick(1);
  std::printf("%d\n", p());

  // The lambda is an argument of an awaited call; it also captures `base`.
  int r = co_await apply([w = co_await num(6), base]() { return w + base; });
  std::printf("%d\n", r);

  // An init-capture before the one that awaits is kept in the future.
  auto s = [s = std::string("s"), n = co_await num(7)]() { return s + std::to_string(n); };
  std::printf("%s\n", s().c_str());

  // Called at once, never stored.
  std::printf("%d\n", [v = co_await num(8)]() { return v * 3; }());
}

int main() { hoist::block_on(run()); }

// CHECK-LABEL: auto run() {
// The factories take the awaited values; the lambdas read them.
// CHECK:       struct Lambdas {
// CHECK-NEXT:    static auto make_lambda0(int v_in) {
// CHECK-NEXT:      return [v = v_in]() { return v + 1; };
// CHECK:         static auto make_lambda1(std::decay_t<decltype((std::make_unique<int>(hoist::detail::await_value<int>())))> p_in) {
// CHECK-NEXT:      return [p = std::move(p_in)]() { return *p * 2; };
// CHECK:         static auto make_lambda2(int &base, int w_in) {
// CHECK-NEXT:      return [w = w_in, base]() { return w + base; };
// CHECK:         static auto make_lambda3(std::decay_t<decltype((std::string("s")))> s_in, int n_in) {
// CHECK-NEXT:      return [s = std::move(s_in), n = n_in]() { return s + std::to_string(n); };
// CHECK:       using Type_l = std::decay_t<decltype((Lambdas::make_lambda0(std::declval<int>())))>;
// The await runs first; the closure is made from its result.
// CHECK:       if ((ready0 = awaitee0.poll(cx)).is_pending()) return suspend(State::Suspend0);
// CHECK-NEXT:  ::new (&l) Type_l(Lambdas::make_lambda0(std::move(ready0).value()));
// CHECK:       ::new (&p_1) Type_p(Lambdas::make_lambda1(std::make_unique<int>(std::move(ready2).value())));
// CHECK:       ::new (&awaitee5) Awaitee5(apply(Lambdas::make_lambda2(base, std::move(ready4).value()))); unwind.at = 5;
// CHECK:       ::new (&temp0) std::string(std::string("s")); unwind.at = 6;
// CHECK:       ::new (&s_1) Type_s(Lambdas::make_lambda3(std::move(temp0), std::move(ready6).value()));
// CHECK:       std::printf("%d\n", Lambdas::make_lambda4(std::move(ready7).value())());

// EXEC:      5
// EXEC-NEXT: 10
// EXEC-NEXT: 106
// EXEC-NEXT: s7
// EXEC-NEXT: 24
