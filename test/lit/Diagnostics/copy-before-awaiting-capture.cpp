// A lambda that copies before an init-capture that awaits is lowered
// (Lower/copy-before-awaiting-capture.cpp), except where the copy cannot
// become an init-capture of the same meaning: an error at the copy.
// RUN: not %hoist %s -- -I%inputs 2>&1 | FileCheck %s
#include "helpers.hpp"

hoist::Async<int> num(int v) {
  co_await test::tick(1);
  co_return v;
}

hoist::Async<int> array() {
  int a[2] = {1, 2};
  auto l = [a, n = co_await num(2)]() { return a[0] + n; };
  // CHECK: copy-before-awaiting-capture.cpp:[[@LINE-1]]:13: error: cannot lower a lambda that copies 'a' before an init-capture that awaits yet: an array is copied element by element; capture it after the init-capture, or by reference
  co_return l();
}

hoist::Async<int> constInMutable() {
  // (A const scalar is not copied early: it reads the same after.)
  const int k = 1;
  auto l = [k, n = co_await num(2)]() mutable { return k + n; };
  const std::string c = "c";
  auto m = [c, n = co_await num(2)]() mutable { return int(c.size()) + n; };
  // CHECK: copy-before-awaiting-capture.cpp:[[@LINE-1]]:13: error: cannot lower a lambda that copies 'c' before an init-capture that awaits yet: a const copy in a mutable lambda stays const; capture it after the init-capture, or by reference
  co_return l() + m();
}

struct S {
  int v = 1;
  hoist::Async<int> star() {
    auto l = [*this, n = co_await num(2)]() { return v + n; };
    // CHECK: copy-before-awaiting-capture.cpp:[[@LINE-1]]:15: error: cannot lower a lambda that copies '*this' before an init-capture that awaits yet: the copy of the object is made before the await suspends; capture it after the init-capture, or by reference
    co_return l();
  }
};

template <class... Ts> hoist::Async<int> pack(Ts... ts) {
  auto l = [ts..., n = co_await num(2)]() { return (ts + ... + n); };
  // CHECK: copy-before-awaiting-capture.cpp:[[@LINE-1]]:13: error: cannot lower a lambda that copies 'ts' before an init-capture that awaits yet: a pack is copied element by element; capture it after the init-capture, or by reference
  co_return l();
}
