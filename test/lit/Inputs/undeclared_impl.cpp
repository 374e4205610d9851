// Defines compute() without declaring it first (no header included).
#include <hoist/hoist.hpp>

hoist::Async<int> compute(int x) {
  co_await hoist::yield_now();
  co_return x * 2;
}
