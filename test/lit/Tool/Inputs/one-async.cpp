// One async function, for tests of the tool.
#include "helpers.hpp"

hoist::Async<int> answer() {
  co_await test::tick(1);
  co_return 42;
}
