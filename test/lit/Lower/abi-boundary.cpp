// An async function declared in a header and defined in another file keeps
// its declared type: it returns the boxed hoist::Async<T>, and callers here
// await that.
// RUN: %hoist %inputs/abi_boundary_impl.cpp --no-line-directives -- -I%inputs | FileCheck %s
// RUN: %e2e %s %inputs/abi_boundary_impl.cpp | FileCheck %s --check-prefix=EXEC
#include "abi_boundary.hpp"
#include <cstdio>

hoist::Async<int> local_sum() {
  int a = co_await remote_square(3);
  int b = co_await remote_square(4);
  co_return a + b;
}

int main() { std::printf("%d\n", hoist::block_on(local_sum())); }

// CHECK:       hoist::Async<int> remote_square(int x) {
// CHECK:         return hoist::make_boxed<RemoteSquareFuture>(std::move(x));

// EXEC: 25
