// C++ forbids co_await inside a catch handler; clang says so, in its own
// words, and the tool writes nothing.
// RUN: %hoist %s -- -I%inputs -Xclang -verify
#include "helpers.hpp"

hoist::Async<int> handler() {
  try {
    co_await test::tick(1);
  } catch (...) {
    co_await test::tick(1); // expected-error {{'co_await' cannot be used in the handler of a try block}}
  }
  co_return 0;
}
