// A co_await in a macro is lowered only where the await, its operand and
// what is evaluated before it map back to the file: not an await the macro's
// body spells around its argument, nor an argument expanded twice.
// RUN: %hoist %s -- -I%inputs -Xclang -verify
#include "helpers.hpp"

#define AWAIT_NUM(x) co_await num(x)
#define TWICE(x) ((x) + (x))
#define SUM(a, b) ((a) + (b))

hoist::Async<int> num(int v) {
  co_await test::tick(1);
  co_return v;
}

hoist::Async<int> run() {
  int a = AWAIT_NUM(1); // expected-error {{cannot lower 'co_await' written inside a macro expansion}}
  int b = TWICE(co_await num(2)); // expected-error {{cannot lower 'co_await' written inside a macro expansion}}
  co_return a + b;
}

hoist::Async<int> sum(int a) {
  // `(a)` reads `a` in the macro's body, before the await: it has no text
  // of its own to keep it by.
  int c = SUM(a, co_await num(3)); // expected-error {{cannot lower 'co_await' written inside a macro expansion}}
  co_return c;
}
