// Every future has the members `Output` and `poll`; the user's parameters,
// locals, types and functions of those names keep their meaning: parameters
// and locals are stored under other names, names of namespace scope are
// written qualified.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

struct Output {
  int v;
};
int poll(int x) { return x * 2; }

namespace app {
struct poll {
  int w;
};
} // namespace app

hoist::Async<int> named(int Output, int poll) {
  co_await test::tick(1);
  co_return Output + poll;
}

hoist::Async<int> locals() {
  int Output = 3, poll = 4;
  co_await test::tick(1);
  int sum = Output + poll;
  co_await test::tick(1);
  co_return sum + Output * poll;
}

hoist::Async<::Output> types() {
  Output o{5};
  app::poll p{6};
  co_await test::tick(1);
  co_return Output{o.v + p.w + poll(1)};
}

int main() {
  std::printf("%d\n", hoist::block_on(named(1, 2)));
  std::printf("%d\n", hoist::block_on(locals()));
  std::printf("%d\n", hoist::block_on(types()).v);
}

// CHECK-LABEL: auto named(int Output, int poll) {
// CHECK:       return NamedFuture(std::move(Output), std::move(poll));
// CHECK-LABEL: auto types() {
// CHECK:       using Output = ::Output;
// CHECK:       ::Output{o.v + p.w + ::poll(1)}

// EXEC:      3
// EXEC-NEXT: 19
// EXEC-NEXT: 13
