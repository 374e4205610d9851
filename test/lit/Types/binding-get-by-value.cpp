// A tuple-like type whose get<i>() returns a value: each binding names a
// temporary of type tuple_element_t<i, E> that lives as long as the binding
// ([dcl.struct.bind]), so the future stores that value, const kept.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <cstdio>
#include <string>
#include <tuple>
#include <utility>

// A name and a count, read through get<i>() by value, as a computed view.
class Entry {
public:
  Entry(std::string name, int count) : name_(std::move(name)), count_(count) {}
  template <std::size_t I> auto get() const {
    if constexpr (I == 0)
      return name_ + "!";
    else
      return count_ * 2;
  }

private:
  std::string name_;
  int count_;
};

namespace std {
template <> struct tuple_size<Entry> : std::integral_constant<std::size_t, 2> {};
template <> struct tuple_element<0, Entry> { using type = const std::string; };
template <> struct tuple_element<1, Entry> { using type = int; };
} // namespace std

void show(const std::string &s) { std::printf("const %s\n", s.c_str()); }
void show(std::string &s) { std::printf("mutable %s\n", s.c_str()); }

hoist::Async<Entry> lookup() {
  co_await test::tick(1);
  co_return Entry("apple", 3);
}

hoist::Async<void> run() {
  auto [name, count] = co_await lookup();
  co_await test::tick(2);
  count += 1;
  show(name);
  std::printf("%s x%d\n", name.c_str(), count);
}

// CHECK: using Type_name = std::remove_cv_t<std::tuple_element_t<0, Type_name_count>>;
// CHECK: using Type_count = std::remove_cv_t<std::tuple_element_t<1, Type_name_count>>;
// CHECK: ::new (&name) Type_name(std::move(name_count).get<0>()); unwind.at = 3;
// CHECK-NEXT: count = std::move(name_count).get<1>();
// CHECK: show(std::as_const(name));
// CHECK: Type_name name; // local, line 43: name (std::move(name_count).get<0>()) [Suspend1]

int main() { hoist::block_on(run()); }

// EXEC: const apple!
// EXEC-NEXT: apple! x7
