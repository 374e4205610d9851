// co_yield has no meaning for a future that completes once: an error at the
// co_yield (from the runtime's promise, so the C++20 reference build says
// the same), and no output file.
// RUN: %hoist %s -- -I%inputs -Xclang -verify -Xclang -verify-ignore-unexpected=note
// RUN: not %hoist %s -o %t.cpp -- -I%inputs
// RUN: not test -e %t.cpp
#include "helpers.hpp"

hoist::Async<int> bad() {
  co_await test::tick(1);
  co_yield 5; // expected-note {{in instantiation of function template specialization}}
  co_return 2;
}
// expected-error@hoist/core/async.hpp:* {{co_yield in a hoist::Async<T> function: an async function completes once (co_return), it does not yield values}}
