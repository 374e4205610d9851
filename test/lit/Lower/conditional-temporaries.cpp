// The temporaries of an operand of ?:, && or || end with the full-expression,
// as in C++: not at the end of the operand. Only the operand that ran made
// them, so a flag of the future says which (the left operand's value for &&
// and ||, `takenN` for ?:), and every exit destroys them under it: the end
// of the full-expression, an exception, and the destruction of the future
// while a later co_await of the full-expression is pending.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

#include <stdexcept>

using test::Noisy;

hoist::Async<Noisy> make(const char *name) {
  co_await test::tick(1);
  co_return Noisy(name);
}

hoist::Async<int> boom(bool really) {
  co_await test::tick(1);
  if (really)
    throw std::runtime_error("boom");
  co_return 7;
}

int report(const char *what, std::size_t n) {
  std::printf("%s %zu\n", what, n);
  return int(n);
}

// The awaited Noisy lives until report() has run; the flag is set before
// the branch and guards its destruction.
// CHECK-LABEL: auto choose(bool first)
// CHECK:       taken[[T:[0-9]+]] = static_cast<bool>(first);
// CHECK-NEXT:  if (taken[[T]]) {
// CHECK:       } else {
// CHECK:       }
// CHECK-NEXT:  report("choose", choice{{[0-9]+}});
// CHECK-NEXT:  {{.*}}if (taken[[T]]) std::destroy_at(&awaitee{{[0-9]+}}); unwind.at = 0;
// CHECK:       bool taken[[T]]; // temporary, line [[@LINE+3]]: which operand of first ? {{.*}} ran
// CHECK-LABEL: auto both_sides(bool first)
hoist::Async<void> choose(bool first) {
  report("choose", first ? (co_await make("t")).name.size() : (co_await make("ff")).name.size());
}

// Both arms make temporaries; a later await of the same full-expression
// keeps them in the future, each under its flag (the arms share storage).
// CHECK: if (!taken[[B:[0-9]+]]) std::destroy_at(&temp{{[0-9]+}}); if (taken[[B]]) std::destroy_at(&temp{{[0-9]+}}); unwind.at = 0;
hoist::Async<void> both_sides(bool first) {
  report(first ? Noisy("L").name.c_str() : Noisy("RR").name.c_str(), (co_await make("n")).name.size());
}

// && keeps its left operand's value as the flag; the right operand's
// result gets a bool of its own.
// CHECK-LABEL: auto logic(bool go)
// CHECK:       cond[[C:[0-9]+]] = static_cast<bool>(go);
// CHECK-NEXT:  if (cond[[C]]) {
// CHECK:       right[[R:[0-9]+]] = static_cast<bool>(
// CHECK:       (cond[[C]] && right[[R]])
// CHECK:       if (cond[[C]]) std::destroy_at(&temp
hoist::Async<void> logic(bool go) {
  std::printf("logic %d %d\n", go && Noisy("x").name.size() == 1, co_await boom(false));
}

// Thrown by a later await of the full-expression: the arm's value is
// destroyed once, by the unwinding.
hoist::Async<void> throws(bool first) {
  report(first ? (co_await make("e")).name.c_str() : "none", co_await boom(true));
}

// A ?: inside an arm of another: both flags guard the inner value.
// CHECK-LABEL: auto nested(bool a, bool b)
// CHECK: if (taken{{[0-9]+}} && taken{{[0-9]+}}) std::destroy_at(
hoist::Async<void> nested(bool a, bool b) {
  report("nested", a ? (b ? (co_await make("ab")).name.size() : 0u) : 9u);
}

// The temporaries of a condition, of a left operand of && and of a comma's
// left operand live across the later await too.
// CHECK-LABEL: auto left_operands()
// CHECK:       ::new (&temp{{[0-9]+}}) test::Noisy(Noisy("c"));
hoist::Async<void> left_operands() {
  report("cond", Noisy("c").name.size() == 1 ? (co_await make("a")).name.size() : 0u);
  // The arm that does not suspend keeps its temporary too.
  report("arm", Noisy("c").name.size() == 2 ? (co_await make("a")).name.size() : Noisy("w").name.size());
  std::printf("and %d\n", Noisy("l").name.size() == 1 && co_await boom(false) == 7);
  report("comma", (Noisy("k").name.size(), (co_await make("m")).name.size()));
}

hoist::Async<void> run() {
  co_await choose(true);
  co_await choose(false);
  co_await both_sides(true);
  co_await both_sides(false);
  co_await logic(true);
  co_await logic(false);
  for (bool first : {true, false}) {
    try {
      co_await throws(first);
    } catch (const std::exception &e) {
      std::printf("caught %s\n", e.what());
    }
  }
  co_await nested(true, true);
  co_await nested(true, false);
  co_await nested(false, true);
  co_await left_operands();
}

// Dropped while the later await is pending: the arm's value is destroyed
// once, by the future's destructor.
void cancel(bool first) {
  hoist::Context cx = hoist::Context::from_waker(hoist::noop_waker());
  auto fut = both_sides(first);
  (void)fut.poll(cx);
  std::printf("drop\n");
}

int main() {
  hoist::block_on(run());
  cancel(true);
  cancel(false);
}

// EXEC:      +t
// EXEC-NEXT: choose 1
// EXEC-NEXT: -t
// EXEC-NEXT: +ff
// EXEC-NEXT: choose 2
// EXEC-NEXT: -ff
// EXEC-NEXT: +L
// EXEC-NEXT: +n
// EXEC-NEXT: L 1
// EXEC-NEXT: -n
// EXEC-NEXT: -L
// EXEC-NEXT: +RR
// EXEC-NEXT: +n
// EXEC-NEXT: RR 1
// EXEC-NEXT: -n
// EXEC-NEXT: -RR
// EXEC-NEXT: +x
// EXEC-NEXT: logic 1 7
// EXEC-NEXT: -x
// EXEC-NEXT: logic 0 7
// EXEC-NEXT: +e
// EXEC-NEXT: -e
// EXEC-NEXT: caught boom
// EXEC-NEXT: caught boom
// EXEC-NEXT: +ab
// EXEC-NEXT: nested 2
// EXEC-NEXT: -ab
// EXEC-NEXT: nested 0
// EXEC-NEXT: nested 9
// EXEC-NEXT: +c
// EXEC-NEXT: +a
// EXEC-NEXT: cond 1
// EXEC-NEXT: -a
// EXEC-NEXT: -c
// EXEC-NEXT: +c
// EXEC-NEXT: +w
// EXEC-NEXT: arm 1
// EXEC-NEXT: -w
// EXEC-NEXT: -c
// EXEC-NEXT: +l
// EXEC-NEXT: and 1
// EXEC-NEXT: -l
// EXEC-NEXT: +k
// EXEC-NEXT: +m
// EXEC-NEXT: comma 1
// EXEC-NEXT: -m
// EXEC-NEXT: -k
// EXEC-NEXT: +L
// EXEC-NEXT: drop
// EXEC-NEXT: -L
// EXEC-NEXT: +RR
// EXEC-NEXT: drop
// EXEC-NEXT: -RR
