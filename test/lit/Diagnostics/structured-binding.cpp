// A structured binding kept across a suspend point is not lowered yet: an
// error at its declaration.
// RUN: %hoist %s -- -I%inputs -Xclang -verify
#include "helpers.hpp"
#include <utility>

hoist::Async<int> pairs() {
  auto [a, b] = std::pair<int, int>(1, 2); // expected-error {{cannot lower a structured binding stored across a suspend point declared inside async function 'pairs' yet}}
  co_await test::tick(1);
  co_return a + b;
}
