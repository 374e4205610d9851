// goto within an async function: out of scopes that hold stored values
// (they are destroyed first) and backward over a suspend point.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

hoist::Async<int> retry(int fails) {
  int attempts = 0;
again:
  ++attempts;
  {
    test::Noisy n("attempt" + std::to_string(attempts));
    co_await test::tick(1);
    if (attempts <= fails)
      goto again;
  }
  co_return attempts;
}

int main() { std::printf("%d\n", hoist::block_on(retry(2))); }

// CHECK-LABEL: auto retry(int fails) {
// CHECK:       std::destroy_at(&n); unwind.at = 0;
// CHECK-NEXT:  goto again;

// EXEC:      +attempt1
// EXEC-NEXT: -attempt1
// EXEC-NEXT: +attempt2
// EXEC-NEXT: -attempt2
// EXEC-NEXT: +attempt3
// EXEC-NEXT: -attempt3
// EXEC-NEXT: 3
