// __func__ or __FUNCTION__ that a macro's body spells (a logging macro)
// cannot be rewritten: the future's body goes in a member named as the
// async function, which poll() calls, so that they name it there too. One
// passed as a macro's argument is rewritten as any other.
// RUN: %hoist %s --no-line-directives -- -I%inputs 2>%t.err | %nochecks | FileCheck %s
// RUN: count 0 < %t.err
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

#define LOG(what) std::printf("[%s] %s\n", __func__, what)
#define TRACE() std::printf("<%s>\n", __FUNCTION__)
#define SHOW(name) std::printf("(%s)\n", name)

hoist::Async<int> fetch(int key) {
  LOG("start");
  int v = co_await test::delay(key, key * 10);
  TRACE();
  SHOW(__func__);
  co_return v;
}

template <class T> hoist::Async<T> twice(T v) {
  T got = co_await test::delay(1, v);
  LOG("twice");
  co_return got * 2;
}

struct Store {
  hoist::Async<int> load() {
    int v = co_await fetch(3);
    LOG("loaded");
    co_return v + 1;
  }
};

int main() {
  std::printf("%d\n", hoist::block_on(fetch(2)));
  std::printf("%d\n", hoist::block_on(twice(5)));
  Store s;
  std::printf("%d\n", hoist::block_on(s.load()));
  auto lambda = []() -> hoist::Async<int> {
    co_await test::tick(1);
    LOG("lambda");
    co_return 7;
  };
  std::printf("%d\n", hoist::block_on(lambda()));
}

// CHECK-LABEL: auto fetch(int key) {
// CHECK:       // The body runs in a function of the async function's name: __func__ in a macro names it.
// CHECK-NEXT:  hoist::Poll<Output> poll(hoist::Context &cx) { return fetch(cx); }
// CHECK-NEXT:  hoist::Poll<Output> fetch(hoist::Context &cx) {
// CHECK:       SHOW("fetch");
// CHECK-LABEL: auto load() {
// CHECK:       hoist::Poll<Output> poll(hoist::Context &cx) { return load(cx); }
// CHECK:       hoist::Poll<Output> poll(hoist::Context &cx) { return (*this)(cx); }
// CHECK-NEXT:  hoist::Poll<Output> operator()(hoist::Context &cx) {

// EXEC:      [fetch] start
// EXEC-NEXT: <fetch>
// EXEC-NEXT: (fetch)
// EXEC-NEXT: 20
// EXEC-NEXT: [twice] twice
// EXEC-NEXT: 10
// EXEC-NEXT: [fetch] start
// EXEC-NEXT: <fetch>
// EXEC-NEXT: (fetch)
// EXEC-NEXT: [load] loaded
// EXEC-NEXT: 31
// EXEC-NEXT: [operator()] lambda
// EXEC-NEXT: 7
