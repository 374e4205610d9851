// A reference local bound through a conversion (`const int &r = co_await
// f();` where f yields a std::reference_wrapper; runtime.md's
// `const T &c = co_await cell.get_or_init(...)`) refers to what the value
// converts to, and sees later writes to it.
// RUN: %e2e %s | FileCheck %s
#include <hoist/hoist.hpp>
#include <cstdio>
#include <functional>
#include <string>
int g = 7;
std::string text = "config";
hoist::Async<std::reference_wrapper<const int>> f() { co_return std::cref(g); }
hoist::Async<int> h() {
  const int &r = co_await f();
  hoist::OnceCell<std::string> cell;
  const std::string &c = co_await cell.get_or_init([]() -> hoist::Async<std::string> { co_return text; });
  co_await hoist::yield_now();
  g = 8;
  co_return r + int(c.size());
}
int main() { std::printf("%d\n", hoist::block_on(h())); }

// CHECK: 14
