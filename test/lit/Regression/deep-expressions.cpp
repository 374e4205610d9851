// Deep code does not exhaust the tool's stack: an expression of 50,000 terms
// in an async body (the analyses and the second parse recurse as deep), and
// 30 nested awaits take time linear in the function (not exponential).
// RUN: %python -c "print('#include \"helpers.hpp\"\nhoist::Async<int> sum() {\n  co_await test::tick(1);\n  int v = ' + '+'.join(['1'] * 50000) + ';\n  co_return v;\n}')" > %t.deep.cpp
// RUN: %hoist %t.deep.cpp -o %t.deep.out.cpp -- -I%inputs
// RUN: FileCheck %s --check-prefix=DEEP < %t.deep.out.cpp
// (A limit on CPU time, not wall time: the machine running the tests may be
// busy. Before, depth 11 took half a minute, and each level more took four
// times longer.)
// RUN: (ulimit -t 20 && %hoist %s -o %t.nested.cpp -- -I%inputs)
// (clang++ takes minutes over the C++20 build of the nested awaits, in the
// analyses behind its warnings: no reference run.)
// RUN: %e2e --no-reference %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

hoist::Async<int> g(int v) {
  co_await test::tick(1);
  co_return v + 1;
}

hoist::Async<int> nested() {
  // 30 awaits, each in the operand of the next.
  co_return co_await g(co_await g(co_await g(co_await g(co_await g(co_await g(co_await g(co_await g(co_await g(co_await g(
    co_await g(co_await g(co_await g(co_await g(co_await g(co_await g(co_await g(co_await g(co_await g(co_await g(
    co_await g(co_await g(co_await g(co_await g(co_await g(co_await g(co_await g(co_await g(co_await g(co_await g(0
    ))))))))))))))))))))))))))))));
}

int main() { std::printf("%d\n", hoist::block_on(nested())); }

// DEEP: struct SumFuture
// EXEC: 30
