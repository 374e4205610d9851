// By-value parameters are destroyed when the body completes, after its
// locals and in reverse order (as Rust drops them): at co_return, at the
// closing brace, and when an exception escapes. A completed or poisoned
// future holds nothing; destroying it destroys nothing more.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %hoist %s --emit=explain -- -I%inputs | FileCheck %s --check-prefix=EXPLAIN
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <cstdio>
#include <stdexcept>

using test::Noisy;

hoist::Async<int> returns(Noisy a, Noisy b) {
  Noisy l("l");
  co_await test::tick(1);
  co_return int(a.name.size() + b.name.size());
}

hoist::Async<void> falls_off(Noisy a) {
  co_await test::tick(1);
  std::printf("body of %s\n", a.name.c_str());
}

hoist::Async<int> throws(Noisy a, bool fail) {
  Noisy l("tl");
  co_await test::tick(1);
  if (fail)
    throw std::runtime_error("failed");
  co_return 0;
}

template <class F> void poll_to_end(F &fut) {
  hoist::Context cx = hoist::Context::from_waker(hoist::noop_waker());
  try {
    while (fut.poll(cx).is_pending()) {
    }
    std::printf("completed\n");
  } catch (const std::exception &e) {
    std::printf("threw %s\n", e.what());
  }
}

int main() {
  {
    Noisy a("a"), b("b"); // (the order of arguments is the compiler's)
    auto fut = returns(std::move(a), std::move(b));
    poll_to_end(fut);
    std::printf("drop\n");
  }
  {
    auto fut = falls_off(Noisy("c"));
    poll_to_end(fut);
    std::printf("drop\n");
  }
  {
    auto fut = throws(Noisy("d"), true);
    poll_to_end(fut);
    std::printf("drop\n");
  }
}

// Unwinding from the end of the body goes down to the root of the drop
// tree (the parameters); only Unresumed holds the parameters alone.
// CHECK-LABEL: auto returns(Noisy a, Noisy b) {
// CHECK:       ~ReturnsFuture() {
// CHECK-NEXT:    switch (state_) {
// CHECK-NEXT:    case State::Suspend0: drop_to(3, 0); break;
// CHECK-NEXT:    case State::Unresumed: drop_to(2, 0); break; // the parameters
// CHECK-NEXT:    default: break;
// CHECK:       hoist::detail::UnwindGuard<ReturnsFuture, &ReturnsFuture::finished, &ReturnsFuture::drop_to> unwind(*this, 2);

// EXPLAIN-LABEL: async function 'returns'
// EXPLAIN:         Unresumed   holds a, b
// EXPLAIN:         Returned    holds nothing
// EXPLAIN-NEXT:    Poisoned    holds nothing

// EXEC:      +a
// EXEC-NEXT: +b
// EXEC-NEXT: +l
// EXEC-NEXT: -l
// EXEC-NEXT: -b
// EXEC-NEXT: -a
// EXEC-NEXT: completed
// EXEC-NEXT: drop
// EXEC-NEXT: +c
// EXEC-NEXT: body of c
// EXEC-NEXT: -c
// EXEC-NEXT: completed
// EXEC-NEXT: drop
// EXEC-NEXT: +d
// EXEC-NEXT: +tl
// EXEC-NEXT: -tl
// EXEC-NEXT: -d
// EXEC-NEXT: threw failed
// EXEC-NEXT: drop
