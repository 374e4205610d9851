// __func__, __FUNCTION__ and __PRETTY_FUNCTION__ in an async body name the
// async function (not the future's poll()): the string clang gives them is
// written in their place; in a template, the function's name.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

hoist::Async<void> announce() {
  std::printf("%s\n", __func__);
  co_await test::tick(1);
  std::printf("%s %s\n", __FUNCTION__, __PRETTY_FUNCTION__);
}

template <class T> hoist::Async<T> twice(T v) {
  co_await test::tick(1);
  std::printf("%s\n", __func__);
  co_return v * 2;
}

struct Counter {
  hoist::Async<int> next() {
    co_await test::tick(1);
    std::printf("%s\n", __func__);
    co_return 1;
  }
};

int main() {
  hoist::block_on(announce());
  std::printf("%d\n", hoist::block_on(twice(21)));
  Counter c;
  std::printf("%d\n", hoist::block_on(c.next()));
  auto lambda = []() -> hoist::Async<int> {
    co_await test::tick(1);
    std::printf("%s\n", __func__);
    co_return 2;
  };
  std::printf("%d\n", hoist::block_on(lambda()));
}

// CHECK-LABEL: auto announce() {
// CHECK:       std::printf("%s\n", "announce");
// CHECK:       std::printf("%s %s\n", "announce", "hoist::Async<void> announce()");

// EXEC:      announce
// EXEC-NEXT: announce hoist::Async<void> announce()
// EXEC-NEXT: twice
// EXEC-NEXT: 42
// EXEC-NEXT: next
// EXEC-NEXT: 1
// EXEC-NEXT: operator()
// EXEC-NEXT: 2
