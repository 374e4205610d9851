// An async function whose body is a function-try-block is lowered as if its
// body were `{ try { ... } catch (...) { ... } }`: for a function (unlike a
// constructor) the end of a handler is the end of the body.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <stdexcept>
#include <string>

hoist::Async<int> num(int v) {
  co_await test::tick(1);
  co_return v;
}

hoist::Async<int> guarded(int v) try {
  std::string s = "held";
  int a = co_await num(v);
  if (a > 1)
    throw std::runtime_error("boom");
  co_await test::tick(1);
  co_return a + int(s.size());
} catch (const std::exception &e) {
  std::printf("caught %s\n", e.what());
  co_return -1;
}

// A void function: the end of a handler returns.
hoist::Async<void> quiet(int v) try {
  co_await test::tick(1);
  if (v)
    throw 1;
  std::printf("quiet %d\n", v);
} catch (int) {
  std::printf("caught int\n");
}

hoist::Async<void> run() {
  std::printf("%d\n", co_await guarded(1));
  std::printf("%d\n", co_await guarded(2));
  co_await quiet(0);
  co_await quiet(1);
}

int main() { hoist::block_on(run()); }

// CHECK-LABEL: auto guarded(int v) {
// The try statement is the body: the resume enters it through its label.
// CHECK:       case State::Suspend0: unwind.at = 2; goto try0;
// CHECK:     try0:
// CHECK-NEXT:  try {
// CHECK-NEXT:    switch (resumed) {
// CHECK:         ::new (&s) std::string("held"); unwind.at = 1;
// CHECK:       } catch (const std::exception &e) {
// CHECK-NEXT:    drop_to(unwind.at, 0); unwind.at = 0;
// CHECK-NEXT:    std::printf("caught %s\n", e.what());
// CHECK-NEXT:    {
// CHECK-NEXT:      hoist::Poll<Output> result(hoist::ready_in_place, -1);
// Reaching the end of a handler is reaching the end of the body.
// CHECK:       hoist::detail::fell_off_end("guarded", "function-try-block.cpp:15:19");
// CHECK-LABEL: auto quiet(int v) {
// CHECK:       } catch (int) {
// CHECK-NEXT:    std::printf("caught int\n");
// CHECK-NEXT:  }
// CHECK-NEXT:  state_ = State::Returned;
// CHECK-NEXT:  return hoist::ready();

// EXEC:      5
// EXEC-NEXT: caught boom
// EXEC-NEXT: -1
// EXEC-NEXT: quiet 0
// EXEC-NEXT: caught int
