// Code other than async functions passes through unchanged, byte for byte.
// RUN: %hoist %s --no-line-directives -- -I%inputs > %t.cpp
// RUN: diff <(sed -n '/^int plain/,/^};/p' %s) <(sed -n '/^int plain/,/^};/p' %t.cpp)
#include "helpers.hpp"

int plain(int x) {
  // a comment   with   spaces
  return x * 2; /* and this */
}

struct NotAsync {
  int member() const { return 1; }
};

hoist::Async<int> lowered() {
  co_await test::tick(1);
  co_return plain(2);
}
