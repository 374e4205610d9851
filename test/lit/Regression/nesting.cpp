// Expressions and nestings that once lowered to code that did not build:
// a member call on a temporary with an await in its argument (the object is
// kept, not the bound member function); a class-type await result used
// across a later await; `(a == b) ? co_await ... : ...` (no extra
// parentheses in the `if`); an array braced-initialized by an await in a
// template; an await in the argument of an awaited call in a template; an
// async lambda in a member function that awaits a free async function (its
// future's scaffolding maps to the output file, so g++ does not take it
// for a header's, -Wsubobject-linkage); a lambda capturing an `auto` local.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

using test::Noisy;

struct Adder {
  int base;
  int add(int x) const { return base + x; }
};

hoist::Async<Noisy> make(const char *name) {
  co_await test::tick(1);
  co_return Noisy(name);
}

hoist::Async<int> twice(int x) {
  co_await test::tick(1);
  co_return 2 * x;
}

// CHECK-LABEL: auto member_call()
// CHECK: ::new (&temp0) Adder(Adder{8});
// CHECK-NEXT: temp1 = hoist::address_of(std::move(temp0));
// CHECK: std::move(*temp1).add(std::move(ready0).value())
hoist::Async<int> member_call() {
  co_return Adder{8}.add(co_await test::delay(1, 3));
}

// CHECK-LABEL: auto result_across_await()
// CHECK: ::new (&temp0) test::Noisy(
hoist::Async<int> result_across_await() {
  int a[2] = {int((co_await make("kept")).name.size()), co_await test::delay(1, 7)};
  co_return a[0] + a[1];
}

// CHECK-LABEL: auto comparison_choice(int a)
// CHECK: if (a == 3) {
hoist::Async<int> comparison_choice(int a) {
  int x = (a == 3) ? co_await test::delay(1, 7) : 1;
  co_return x;
}

// CHECK-LABEL: auto array_in_template(T a)
// CHECK: ::new (hoist::storage_of(&arr)) int[3]{a, 2, std::move(ready0).value()};
template <class T> hoist::Async<T> array_in_template(T a) {
  int arr[3] = {a, 2, co_await test::delay(1, 3)};
  T s = 0;
  for (const int &e : arr)
    s += co_await test::delay(1, e);
  co_return s;
}

// CHECK-LABEL: auto await_in_awaited_call(T a)
hoist::Async<int> await_in_awaited_call_helper(int x) { co_return co_await twice(x); }
template <class T> hoist::Async<T> await_in_awaited_call(T a) {
  int x = co_await twice(co_await test::delay(1, 3));
  co_return a + x;
}

struct Owner {
  int base;
  // CHECK-LABEL: auto lambda_in_member(int a0)
  hoist::Async<int> lambda_in_member(int a0) {
    auto lam = [a0](int q) -> hoist::Async<int> {
      co_await twice(q);
      co_return q + a0;
    };
    co_return co_await lam(2) + base;
  }
};

// CHECK-LABEL: auto captures_auto_local(int a)
// CHECK: using Type_e_1 = {{.*}};
// CHECK: struct Lambdas {
hoist::Async<int> captures_auto_local(int a) {
  auto e = a + 2;
  auto lam = [e]() -> hoist::Async<int> {
    co_await test::tick(1);
    co_return e;
  };
  int r = co_await lam();
  co_return r + e;
}

int main() {
  std::printf("member_call %d\n", hoist::block_on(member_call()));
  std::printf("result_across_await %d\n", hoist::block_on(result_across_await()));
  std::printf("comparison_choice %d %d\n", hoist::block_on(comparison_choice(3)),
              hoist::block_on(comparison_choice(4)));
  std::printf("array_in_template %d\n", hoist::block_on(array_in_template(1)));
  std::printf("await_in_awaited_call %d\n", hoist::block_on(await_in_awaited_call(1)));
  Owner o{1};
  std::printf("lambda_in_member %d\n", hoist::block_on(o.lambda_in_member(4)));
  std::printf("captures_auto_local %d\n", hoist::block_on(captures_auto_local(1)));
}
// EXEC: member_call 11
// EXEC-NEXT: +kept
// EXEC-NEXT: -kept
// EXEC-NEXT: result_across_await 11
// EXEC-NEXT: comparison_choice 7 1
// EXEC-NEXT: array_in_template 6
// EXEC-NEXT: await_in_awaited_call 7
// EXEC-NEXT: lambda_in_member 7
// EXEC-NEXT: captures_auto_local 6
