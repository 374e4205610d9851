// `auto` in every form real code writes it, deduced from what an await
// yields in the lowered program (not from the input's hoist::Async<T>):
// the value lives across later awaits.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <map>
#include <memory>
#include <string>
#include <vector>

hoist::Async<int> num(int v) {
  co_await test::tick(1);
  co_return v;
}
hoist::Async<std::string> str(std::string s) {
  co_await test::tick(1);
  co_return s + "!";
}
hoist::Async<unsigned long> size() {
  co_await test::tick(1);
  co_return 7ul;
}
hoist::Async<std::vector<std::unique_ptr<int>>> boxes(int n) {
  std::vector<std::unique_ptr<int>> v;
  for (int i = 0; i < n; ++i)
    v.push_back(std::make_unique<int>(i * 10));
  co_await test::tick(1);
  co_return v;
}

hoist::Async<void> run() {
  auto n = co_await size();
  auto x = co_await num(3);
  const auto c = co_await num(4);
  auto s = co_await str("hi");
  co_await test::tick(1);
  const auto &cs = co_await str("ref");
  auto &&rr = co_await num(5);
  co_await test::tick(1);
  decltype(auto) d = co_await num(6);
  auto v = co_await boxes(3);
  co_await test::tick(1);
  std::printf("%lu %d %d %s %s %d %d %zu %d\n", n, x, c, s.c_str(), cs.c_str(), rr, d,
              v.size(), *v[2]);
}

// An await anywhere in the initializer.
hoist::Async<void> inside() {
  auto p = std::make_unique<int>(co_await num(9));
  std::map<std::string, int> m{{"k!", 1}, {"z!", 2}};
  auto it = m.find(co_await str("k"));
  auto sum = std::string("a") + co_await str("b");
  auto *raw = p.get();
  const auto *craw = p.get();
  co_await test::tick(1);
  std::printf("%d %d %s %d %d\n", *p, it->second, sum.c_str(), *raw, *craw);
}

// In a template, a reference bound to an await's result extends it to the
// end of its scope too (clang marks no temporary in dependent code).
hoist::Async<test::Noisy> noisy(std::string name) {
  co_await test::tick(1);
  co_return test::Noisy(name);
}
template <class T> hoist::Async<void> held(T name) {
  auto &&n = co_await noisy(name);
  co_await test::tick(1);
  std::printf("held %s\n", n.name.c_str());
}

// A mutex guard held across awaits.
hoist::Mutex<std::string> log_mutex("log:");
hoist::Async<void> append(std::string word) {
  auto guard = co_await log_mutex.lock();
  co_await test::tick(1);
  *guard += " " + word;
  co_await test::tick(1);
  std::printf("%s\n", guard->c_str());
}

int main() {
  hoist::block_on(run());
  hoist::block_on(inside());
  hoist::block_on(append("one"));
  hoist::block_on(held(std::string("t")));
}

// The placeholder becomes what the lowered initializer yields, with the
// qualifiers and references the user wrote.
// CHECK-LABEL: auto run() {
// CHECK:       using Type_n = std::decay_t<decltype((hoist::detail::await_value<unsigned long>()))>;
// CHECK:       using Type_c = const std::decay_t<decltype((hoist::detail::await_value<int>()))>;
// CHECK:       using Type_d = decltype(hoist::detail::await_value<int>());
// CHECK-LABEL: auto inside() {
// CHECK:       using Type_it = std::decay_t<decltype((std::declval<std::map<std::string, int> &>().find(hoist::detail::await_value<std::string>())))>;
// CHECK:       using Type_craw = const std::remove_pointer_t<std::decay_t<decltype((std::declval<Type_p &>().get()))>> *;

// EXEC:      7 3 4 hi! ref! 5 6 3 20
// EXEC-NEXT: 9 1 ab! 9 9
// EXEC-NEXT: log: one
// EXEC-NEXT: +t
// EXEC-NEXT: held t
// EXEC-NEXT: -t
