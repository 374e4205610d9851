// `if constexpr` with awaits in its branches, in a template: a jump into a
// branch of `if constexpr` is ill-formed, so a resume goes to a label
// before the statement, and a second dispatch at the top of the branch
// continues to the resume point (as for a try block).
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <cstdio>
#include <string>

hoist::Async<int> num(int v) {
  co_await test::tick(1);
  co_return v;
}

template <class T> hoist::Async<int> pick(T t) {
  int r = 0;
  if constexpr (sizeof(T) <= 4) {
    int v = co_await num(1);
    r = v * 2 + int(sizeof(t));
  } else {
    int w = co_await num(2);
    co_await test::tick(1);
    r = w + 100;
  }
  if constexpr (sizeof(T) > 4)
    r += co_await num(1000);
  co_return r;
}

hoist::Async<void> run() {
  std::printf("%d\n", co_await pick(3));
  std::printf("%d\n", co_await pick(std::string("ab")));
}

int main() { hoist::block_on(run()); }

// CHECK-LABEL: template <class T> auto pick(T t) {
// CHECK:       case State::Suspend0: unwind.at = {{[0-9]+}}; goto constexpr0;
// CHECK-NEXT:  case State::Suspend1: unwind.at = {{[0-9]+}}; goto constexpr0;
// CHECK-NEXT:  case State::Suspend2: unwind.at = {{[0-9]+}}; goto constexpr0;
// CHECK-NEXT:  case State::Suspend3: unwind.at = {{[0-9]+}}; goto constexpr1;
// CHECK:       constexpr0:
// CHECK-NEXT:  if constexpr (sizeof(T) <= 4) {
// CHECK-NEXT:    switch (resumed) {
// CHECK-NEXT:    case State::Suspend0: resumed = State::Poisoned; goto resume_suspend0;
// CHECK-NEXT:    default: break;
// CHECK-NEXT:    }
// CHECK:       } else {
// CHECK-NEXT:    switch (resumed) {
// CHECK-NEXT:    case State::Suspend1: resumed = State::Poisoned; goto resume_suspend1;
// CHECK-NEXT:    case State::Suspend2: resumed = State::Poisoned; goto resume_suspend2;
// CHECK-NEXT:    default: break;
// CHECK-NEXT:    }
// CHECK:       constexpr1:
// CHECK-NEXT:  if constexpr (sizeof(T) > 4) {

// EXEC:      6
// EXEC-NEXT: 1102
