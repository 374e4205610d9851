// Structured bindings whose names are used after a suspend point: the
// future stores the object they name; a binding of a member or element is
// that member at each use, a tuple-like binding a pointer to what get<i>
// returned.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <array>
#include <map>
#include <string>
#include <tuple>
#include <utility>

struct Point {
  int x;
  double y;
};

hoist::Async<Point> origin() {
  co_await test::tick(1);
  co_return Point{1, 2.5};
}
hoist::Async<std::tuple<int, std::string, test::Noisy>> triple() {
  co_await test::tick(1);
  co_return std::tuple<int, std::string, test::Noisy>{7, "seven", test::Noisy("n")};
}

hoist::Async<void> run() {
  // A channel's two ends, both used across awaits.
  auto [tx, rx] = hoist::mpsc::channel<int>(4);
  co_await tx.send(5);
  auto got = co_await rx.recv();
  // A struct, by value.
  auto [x, y] = co_await origin();
  co_await test::tick(1);
  // A reference to a pair: the bindings alias its members.
  std::pair<int, int> pr{8, 9};
  auto &[first, second] = pr;
  co_await test::tick(1);
  first = 10;
  // const, tuple-like, with an object that logs its destruction.
  const auto [num, name, noisy] = co_await triple();
  co_await test::tick(1);
  // An array.
  int arr[2] = {3, 4};
  auto [a0, a1] = arr;
  co_await test::tick(1);
  std::printf("%d %d %g %d %d %d %s %s %d %d\n", *got, x, y, pr.first, second, num,
              name.c_str(), noisy.name.c_str(), a0, a1);
}

// Bindings over a map, in a range-for whose body suspends.
hoist::Async<int> total(std::map<std::string, int> m) {
  int sum = 0;
  for (const auto &[key, value] : m) {
    co_await test::tick(1);
    sum += value * static_cast<int>(key.size());
  }
  co_return sum;
}

// In a template, what a binding names is known at instantiation: a
// pointer to it (hoist::detail::binding_address).
template <class T> hoist::Async<T> swap_sum(T a, T b) {
  auto [first, second] = co_await hoist::join(test::delay(1, b), test::delay(2, a));
  auto [px, py] = Point{static_cast<int>(first), 0.5};
  co_await test::tick(1);
  co_return first * 10 + second + static_cast<T>(px + py);
}

int main() {
  hoist::block_on(run());
  std::printf("%d\n", hoist::block_on(total({{"a", 1}, {"bb", 2}})));
  std::printf("%d\n", hoist::block_on(swap_sum(1, 2)));
}

// CHECK-LABEL: auto run() {
// CHECK:       ::new (&tx_rx) Type_tx_rx(hoist::mpsc::channel<int>(4));
// CHECK:       tx = hoist::address_of(std::get<0>(std::move(tx_rx)));
// CHECK:       (*tx).send(5)
// CHECK:       first_second = hoist::address_of(pr);
// CHECK:       first = hoist::address_of(std::get<0>((*first_second)));
// CHECK:       (*first) = 10;
// CHECK:       std::printf({{.*}}, *got, (x_y.x), (x_y.y), pr.first, (*second), (*num),

// CHECK-LABEL: auto swap_sum(T a, T b) {
// CHECK:       first = hoist::detail::binding_address<0, 2>(first_second);

// EXEC:      +n
// EXEC-NEXT: 5 1 2.5 10 9 7 seven n 3 4
// EXEC-NEXT: -n
// EXEC-NEXT: 5
// EXEC-NEXT: 23
