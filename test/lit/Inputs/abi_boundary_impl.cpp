// The definition of remote_square, lowered on its own (its declared type
// hoist::Async<int> stays: the future is boxed).
#include "abi_boundary.hpp"
#include "helpers.hpp"

hoist::Async<int> remote_square(int x) {
  co_await test::tick(2);
  co_return x * x;
}
