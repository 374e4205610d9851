// Member functions: the future stores `this` (as `self`); const members,
// static members, and members of class templates.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

class Counter {
public:
  explicit Counter(int start) : value_(start) {}

  hoist::Async<int> bump(int by) {
    co_await test::tick(1);
    value_ += by;
    this->log("bump");
    co_return value_;
  }

  hoist::Async<int> peek() const {
    co_await test::tick(1);
    co_return value_ * factor;
  }

  static hoist::Async<int> twice(int x) {
    co_await test::tick(1);
    co_return 2 * x;
  }

  static constexpr int factor = 10;

private:
  void log(const char *what) { std::printf("%s -> %d\n", what, value_); }
  int value_;
};

template <class T> struct Box {
  T item;
  hoist::Async<T> take(T extra) {
    T got = co_await test::Delay<T>{1, extra};
    co_return item + got;
  }
};

hoist::Async<void> run() {
  Counter c(5);
  std::printf("%d\n", co_await c.bump(3));
  std::printf("%d\n", co_await c.peek());
  std::printf("%d\n", co_await Counter::twice(21));
  Box<int> b{40};
  std::printf("%d\n", co_await b.take(2));
  Box<std::string> s{std::string("ab")};
  std::printf("%s\n", (co_await s.take("cd")).c_str());
}

int main() { hoist::block_on(run()); }

// `this` becomes `self`: the future stores it, and implicit member accesses
// are qualified with it.
// CHECK-LABEL: auto bump(int by) {
// CHECK:       explicit BumpFuture(Counter *self_in, int &&by_in) : self(self_in), by(std::move(by_in)) {}
// CHECK:       self->value_ += by;
// CHECK-NEXT:  self->log("bump");
// CHECK:       Counter *self; // this
// CHECK:       return BumpFuture(this, std::move(by));
// A const member stores a pointer to const.
// CHECK:       explicit PeekFuture(const Counter *self_in) : self(self_in) {}
// CHECK:       hoist::Poll<Output> result(hoist::ready_in_place, self->value_ * factor);

// EXEC:      bump -> 8
// EXEC-NEXT: 8
// EXEC-NEXT: 80
// EXEC-NEXT: 42
// EXEC-NEXT: 42
// EXEC-NEXT: abcd
