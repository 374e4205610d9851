// Async member functions that keep their declared hoist::Async<T> (the
// boxed, type-erased future): a virtual one (an override returns what it
// overrides), and one that a member defined before it in the class awaits
// (its deduced type would not be known there yet).
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <memory>

struct Shape {
  virtual ~Shape() = default;
  virtual hoist::Async<int> area() {
    co_await test::tick(1);
    co_return 0;
  }
};
struct Square : Shape {
  int side;
  explicit Square(int s) : side(s) {}
  hoist::Async<int> area() override {
    co_await test::tick(1);
    co_return side * side;
  }
};

struct Service {
  int base = 5;
  hoist::Async<int> outer() {
    int x = co_await inner();
    co_return x + 1;
  }
  hoist::Async<int> inner() {
    co_await test::tick(1);
    co_return base;
  }
  // Defined after outer(): not named before its definition, not boxed.
  hoist::Async<int> last() {
    co_await test::tick(1);
    co_return base * 2;
  }
};

hoist::Async<void> run() {
  std::unique_ptr<Shape> s = std::make_unique<Square>(3);
  int area = co_await s->area();
  Service svc;
  int o = co_await svc.outer();
  std::printf("%d %d %d\n", area, o, co_await svc.last());
}

int main() { hoist::block_on(run()); }

// CHECK:      virtual hoist::Async<int> area() {
// CHECK:        return hoist::make_boxed<AreaFuture>(this);
// CHECK:      hoist::Async<int> area() override {
// CHECK:        return hoist::make_boxed<AreaFuture>(this);
// CHECK:      auto outer() {
// CHECK:      hoist::Async<int> inner() {
// CHECK:        return hoist::make_boxed<InnerFuture>(this);
// CHECK:      auto last() {

// EXEC: 9 6 10
