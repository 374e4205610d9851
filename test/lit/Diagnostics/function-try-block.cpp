// An async function whose body is a function-try-block is not lowered yet.
// RUN: %hoist %s -- -I%inputs -Wno-return-type -Xclang -verify
#include "helpers.hpp"

hoist::Async<int> guarded() try { // expected-error {{cannot lower async function 'guarded' with a function-try-block yet}}
  co_await test::tick(1);
  co_return 1;
} catch (...) {
}
