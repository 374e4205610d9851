// The brief's example: sy1 and sy2 run to completion on their first poll;
// example awaits each, so its future has two suspend points.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include <hoist/hoist.hpp>
#include <cstdio>

hoist::Async<int> sy1(int t) {
  int a = t * 4, r = 0;
  for (int i = 0; i < a; ++i) r += i;
  co_return r;
}

hoist::Async<int> sy2(int t) {
  int a = t + 2, r = 123;
  for (int i = 1; i < a; ++i) r += i;
  co_return r;
}

hoist::Async<int> example(int t) {
  int a = co_await sy1(t);
  int b = co_await sy2(t);
  co_return a + b;
}

int main() { std::printf("%d\n", hoist::block_on(example(8))); }

// A function without co_await has no suspend point; its locals stay in poll().
// CHECK-LABEL: auto sy1(int t) {
// CHECK:       struct Sy1Future {
// CHECK:         enum class State : unsigned char {
// CHECK-NEXT:      Unresumed,
// CHECK-NEXT:      Returned,
// CHECK-NEXT:      Poisoned,
// CHECK:           int a = t * 4, r = 0;
// CHECK-NEXT:      for (int i = 0; i < a; ++i) r += i;
// CHECK:           hoist::Poll<Output> result(hoist::ready_in_place, std::move(r));
// CHECK:         int t; // parameter
// CHECK-NOT:     union
// CHECK:       return Sy1Future(std::move(t));

// example: one state per co_await, each commented with its source line.
// CHECK-LABEL: auto example(int t) {
// CHECK:       using [[A0:Awaitee0]] = decltype(sy1(t));
// CHECK:       using [[A1:Awaitee1]] = decltype(sy2(t));
// CHECK:       struct ExampleFuture {
// CHECK:         Unresumed,
// CHECK-NEXT:    Suspend0, // line 21: co_await sy1(t)
// CHECK-NEXT:    Suspend1, // line 22: co_await sy2(t)
// CHECK-NEXT:    Returned,
// CHECK-NEXT:    Poisoned,

// poll() dispatches on the state to the code after each co_await.
// CHECK:       switch (std::exchange(state_, State::Poisoned)) {
// CHECK:       case State::Suspend0: unwind.at = [[P0:[0-9]+]]; goto resume_suspend0;
// CHECK:       case State::Suspend1: unwind.at = [[P1:[0-9]+]]; goto resume_suspend1;
// CHECK:       ::new (&awaitee0) [[A0]](sy1(t)); unwind.at = [[P0]];
// CHECK-NEXT: resume_suspend0:
// CHECK-NEXT:   if ((ready0 = awaitee0.poll(cx)).is_pending()) return suspend(State::Suspend0);
// CHECK-NEXT:   a = std::move(ready0).value();
// The awaitee is a temporary of its full-expression: destroyed at its end.
// CHECK-NEXT:   std::destroy_at(&awaitee0); unwind.at = 0;

// `a` lives across the second co_await, `b` does not.
// CHECK:       int b = std::move(ready1).value();
// CHECK:       hoist::Poll<Output> result(hoist::ready_in_place, a + b);

// The frame: the two awaitees are never alive together and share bytes;
// largest alignment first (another function's future counts as largest),
// the one-byte state last. The layout is pinned.
// CHECK:       // The frame.
// CHECK:       union {
// CHECK-NEXT:    [[A0]] awaitee0;
// CHECK-NEXT:    [[A1]] awaitee1;
// CHECK-NEXT:  };
// CHECK-NEXT:  int t; // parameter
// CHECK-NEXT:  int a; // local
// CHECK-NEXT:  State state_ = State::Unresumed;
// CHECK-NEXT: };
// CHECK-NEXT: static_assert(sizeof(ExampleFuture) == 20 && alignof(ExampleFuture) == 4, "not the layout hoist measured: give hoist this compile's flags (after --; CMake: PARSE_ARGS) or lower with --no-layout-asserts");

// EXEC: 664
