// An unnamed parameter with a destructor (a permit, a guard) is held by the
// future until it is destroyed, as a coroutine's frame holds it: the
// lowering names it in the signature. Trivial ones are not stored.
// RUN: %hoist %s -- -I%inputs | %nochecks | FileCheck %s --check-prefix=SIG
// RUN: %e2e %s | FileCheck %s
#include <hoist/hoist.hpp>
#include <cstdio>
struct Guard {
  int id;
  explicit Guard(int i) : id(i) {}
  Guard(Guard &&o) noexcept : id(o.id) { o.id = 0; }
  ~Guard() { if (id) std::printf("guard %d released\n", id); }
};
hoist::Async<void> job(Guard, int n, Guard = Guard(9)) {
  std::printf("body start %d\n", n);
  co_await hoist::yield_now();
  std::printf("body end\n");
}
template <class T> hoist::Async<int> tjob(T, int n) {
  co_await hoist::yield_now();
  co_return n;
}
struct S {
  hoist::Async<void> m(Guard) const { co_await hoist::yield_now(); std::printf("member\n"); }
};
int main() {
  hoist::block_on(job(Guard(1), 5));
  std::printf("after job\n");
  std::printf("tjob %d\n", hoist::block_on(tjob(Guard(2), 7)));
  auto lam = [](Guard, int) -> hoist::Async<void> { co_await hoist::yield_now(); std::printf("lambda\n"); };
  hoist::block_on(lam(Guard(3), 1));
  hoist::block_on(S{}.m(Guard(4)));
  std::printf("done\n");
}

// SIG: auto job(Guard unnamed, int n, Guard unnamed_1 = Guard(9)) {
// SIG: Guard unnamed; // parameter
// SIG: auto tjob(T unnamed, int n) {
// SIG: Guard unnamed; // parameter
// SIG: auto lam = [](Guard unnamed, int) -> auto {

// CHECK: body start 5
// CHECK-NEXT: body end
// CHECK-NEXT: guard 9 released
// CHECK-NEXT: guard 1 released
// CHECK-NEXT: after job
// CHECK-NEXT: guard 2 released
// CHECK-NEXT: tjob 7
// CHECK-NEXT: lambda
// CHECK-NEXT: guard 3 released
// CHECK-NEXT: member
// CHECK-NEXT: guard 4 released
// CHECK-NEXT: done
