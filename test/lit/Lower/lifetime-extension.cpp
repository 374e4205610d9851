// A reference bound to a temporary extends the temporary's lifetime to its
// own, as C++ does: also when it binds a member of the temporary or a base
// class of it. Held across a suspend point, the future stores the
// temporary (the whole object) in the reference's scope; the reference
// points into it.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <cstdio>
#include <string>
#include <vector>

struct Tr {
  int id;
  Tr(int i) : id(i) { std::printf("+Tr%d\n", id); }
  ~Tr() { std::printf("-Tr%d\n", id); }
};
struct Base {
  int b = 10;
  const char *who() const { return "base"; }
};
struct Derived : Base {
  Derived() { std::printf("+Derived\n"); }
  ~Derived() { std::printf("-Derived\n"); }
  const char *who() const { return "derived"; }
};
struct Holder {
  Tr t;
  explicit Holder(int i) : t(i) {}
};

hoist::Async<void> run() {
  const int &m = Tr{3}.id;
  const Tr &t = Tr{4};
  const Base &b = Derived();
  {
    const Tr &inner = (Holder(5).t);
    co_await test::tick(1);
    std::printf("inner %d\n", inner.id);
  }
  co_await test::tick(1);
  std::printf("%d %d %d %s\n", m, t.id, b.b, b.who());
}

// In a template clang marks no temporary where the initializer depends on
// T: a reference bound to a built-in operator's result or to T(x) holds the
// value all the same; one bound to a variable points to it.
template <class T> hoist::Async<T> sum(T v) {
  const int &masked = (co_await test::delay(1, 5)) & 1023;
  const T &added = v + co_await test::delay(1, 6);
  const T &made = T(co_await test::delay(1, 7));
  T w = v;
  const T &named = w;
  co_await test::tick(1);
  w = 100;
  co_return masked + added + made + named;
}

// Where even that is unknown until instantiation (a call, a static member
// function of T), the future holds a hoist::detail::BoundRef: the value
// for a prvalue, a pointer for an lvalue or xvalue.
struct Num {
  int v;
  static Derived make() { return Derived(); }
};
std::string name_of(const Num &n) { return "num" + std::to_string(n.v); }

template <class T> hoist::Async<int> refs(T v, std::vector<T> &store) {
  const auto &s = name_of(v);             // a prvalue: held
  const T &first = store.front();         // an lvalue: pointed to
  auto &&moved = std::move(store.back()); // an xvalue: pointed to
  const Base &base = T::make();           // a prvalue of a derived class
  co_await test::tick(1);
  store.front().v = 100;
  std::printf("%s %d %d %d %s\n", s.c_str(), first.v, moved.v, base.b, base.who());
  co_return static_cast<int>(s.size());
}

int main() {
  hoist::block_on(run());
  std::printf("end\n");
  std::printf("%d\n", hoist::block_on(sum(1)));
  std::vector<Num> store{{1}, {2}};
  std::printf("%d\n", hoist::block_on(refs(Num{7}, store)));
}

// CHECK-LABEL: auto run() {
// CHECK:       ::new (&temp[[M:[0-9]+]]) Tr(Tr{3}); unwind.at = [[P:[0-9]+]];
// CHECK-NEXT:  m = hoist::address_of(temp[[M]].id);
// CHECK-NEXT:  ::new (hoist::storage_of(&t)) Tr(Tr{4});
// CHECK:       ::new (&temp[[B:[0-9]+]]) Derived(Derived());
// CHECK-NEXT:  b = hoist::address_of(temp[[B]]);
// CHECK:       ::new (&temp[[H:[0-9]+]]) Holder(Holder(5));
// CHECK-NEXT:  inner = hoist::address_of((temp[[H]].t));

// EXEC:      +Tr3
// EXEC-NEXT: +Tr4
// EXEC-NEXT: +Derived
// EXEC-NEXT: +Tr5
// EXEC-NEXT: inner 5
// EXEC-NEXT: -Tr5
// EXEC-NEXT: 3 4 10 base
// EXEC-NEXT: -Derived
// EXEC-NEXT: -Tr4
// EXEC-NEXT: -Tr3
// EXEC-NEXT: end
// EXEC-NEXT: 119
// EXEC-NEXT: +Derived
// EXEC-NEXT: num7 100 2 10 base
// EXEC-NEXT: -Derived
// EXEC-NEXT: 4

// CHECK-LABEL: auto sum(T v) {
// CHECK:       const int masked; // local
// CHECK:       const T added; // local
// CHECK:       const T made; // local
// CHECK:       const T *named; // local
// CHECK-LABEL: auto refs(T v, std::vector<T> &store) {
// CHECK:       using Type_first = hoist::detail::BoundRef<decltype((store.front())), const T &>;
// CHECK:       ::new (&first) Type_first([&]() -> decltype(auto) { return (store.front()); });
