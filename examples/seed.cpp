// The example Hoist grew from: three async functions, two awaits.
//
//   scripts/demo.sh              lowers this file, shows the state machine,
//                                builds it as C++17 and runs it (prints 664)
//   hoist examples/seed.cpp      prints the lowered C++
#include <hoist/hoist.hpp>

#include <cstdio>

hoist::Async<int> sy1(int t) {
  int a = t * 4, r = 0;
  for (int i = 0; i < a; ++i) r += i;
  co_return r;
}

hoist::Async<int> sy2(int t) {
  int a = t + 2, r = 123;
  for (int i = 1; i < a; ++i) r += i;
  co_return r;
}

hoist::Async<int> example(int t) {
  int a = co_await sy1(t);
  int b = co_await sy2(t);
  co_return a + b;
}

int main() { std::printf("%d\n", hoist::block_on(example(8))); } // prints 664
