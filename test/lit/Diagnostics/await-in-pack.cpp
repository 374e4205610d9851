// An await inside a pack expansion would suspend once per element of the
// pack: a number of states that differs between instantiations.
// RUN: not %hoist %s -- -I%inputs 2>&1 | FileCheck %s
#include "helpers.hpp"

template <class... Fs> hoist::Async<int> await_all(Fs... fs) {
  int total = 0;
  ((total += co_await std::move(fs)), ...);
  co_return total;
}

// CHECK: await-in-pack.cpp:[[@LINE-4]]:3: error: cannot lower 'co_await' inside a pack expansion (it would suspend once per element) yet
