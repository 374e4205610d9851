// try/catch/throw around co_await: a throw after a suspend point is caught
// in the body (the try block is entered through a second dispatch); the
// handler first destroys what the try block had constructed; an exception
// that escapes the body leaves poll() and poisons the future.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <stdexcept>

using test::Noisy;

hoist::Async<int> thrower(int n) {
  Noisy t("thrower");
  co_await test::tick(1);
  if (n > 0)
    throw std::runtime_error("boom " + std::to_string(n));
  co_return n;
}

hoist::Async<int> catches(int n) {
  Noisy outer("outer");
  try {
    Noisy inside("inside");
    int v = co_await thrower(n);
    co_await test::tick(1);
    co_return v;
  } catch (const std::runtime_error &e) {
    std::printf("caught %s\n", e.what());
  }
  try {
    try {
      co_await test::tick(1);
      throw 7;
    } catch (int x) {
      std::printf("inner %d\n", x);
      throw;
    }
  } catch (int y) {
    std::printf("outer %d\n", y);
  }
  co_return -1;
}

hoist::Async<int> escapes() {
  Noisy e("escapes");
  co_await test::tick(1);
  co_return co_await thrower(3);
}

int main() {
  std::printf("%d\n", hoist::block_on(catches(0)));
  std::printf("%d\n", hoist::block_on(catches(1)));
  try {
    hoist::block_on(escapes());
  } catch (const std::exception &e) {
    std::printf("escaped: %s\n", e.what());
  }
}

// CHECK-LABEL: auto catches(int n) {
// The top dispatch goes to the try statement; a second dispatch inside the
// try block goes on to the resume point.
// CHECK:       case State::Suspend0: unwind.at = {{[0-9]+}}; goto try0;
// CHECK:     try0:
// CHECK-NEXT:  try {
// CHECK-NEXT:    switch (resumed) {
// CHECK-NEXT:    case State::Suspend0: resumed = State::Poisoned; goto resume_suspend0;
// The handler unwinds what the try block constructed.
// CHECK:       } catch (const std::runtime_error &e) {
// CHECK-NEXT:    drop_to(unwind.at, [[ENTRY:[0-9]+]]); unwind.at = [[ENTRY]];

// EXEC:      +outer
// EXEC-NEXT: +inside
// EXEC-NEXT: +thrower
// EXEC-NEXT: -thrower
// EXEC-NEXT: -inside
// EXEC-NEXT: -outer
// EXEC-NEXT: 0
// EXEC-NEXT: +outer
// EXEC-NEXT: +inside
// EXEC-NEXT: +thrower
// EXEC-NEXT: -thrower
// EXEC-NEXT: -inside
// EXEC-NEXT: caught boom 1
// EXEC-NEXT: inner 7
// EXEC-NEXT: outer 7
// EXEC-NEXT: -outer
// EXEC-NEXT: -1
// EXEC-NEXT: +escapes
// EXEC-NEXT: +thrower
// EXEC-NEXT: -thrower
// EXEC-NEXT: -escapes
// EXEC-NEXT: escaped: boom 3
