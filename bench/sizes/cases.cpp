// bench/sizes/cases.cpp - future sizes of the same async functions, three ways.
//
// The async functions below are written once, in Hoist's input language, and
// mirror bench/sizes/sizes.rs case by case. This file is built twice:
//
//   hoist cases.cpp -o lowered.cpp; g++ -std=c++17 lowered.cpp     (Hoist)
//     prints sizeof(decltype(f(args))): the size of the lowered future,
//     which the caller embeds (no allocation).
//   clang++-19 -std=c++20 cases.cpp                         (reference backend)
//     the same functions as C++20 coroutines: the future is an Async<T>
//     handle, and the coroutine frame is a heap allocation. A replaced global
//     operator new records every allocation: the size of the last one made
//     by the call itself is the function's frame; running the future to completion
//     adds the frames of the coroutines it awaits (each call allocates).
//
// Both builds run every future to completion on a noop waker and print the
// result, so the three builds are checked to do the same work.
// Output: one line per case, `name<TAB>size<TAB>result<TAB>allocations<TAB>
// bytes` (allocations and bytes: every allocation from the call to the end).
#include <hoist/hoist.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <utility>

//===----------------------------------------------------------------------===//
// Counting allocations (both builds)
//===----------------------------------------------------------------------===//

static bool g_counting = false;
static std::size_t g_count = 0, g_bytes = 0, g_last = 0;

void *operator new(std::size_t n) {
  if (g_counting) {
    g_last = n;
    ++g_count;
    g_bytes += n;
  }
  if (void *p = std::malloc(n ? n : 1))
    return p;
  throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }

//===----------------------------------------------------------------------===//
// The cases (keep in step with sizes.rs)
//===----------------------------------------------------------------------===//

/// A leaf that is pending once, then ready with `v` (sizes.rs's Tick).
struct Tick {
  using Output = int;
  int v;
  bool polled = false;
  hoist::Poll<int> poll(hoist::Context &cx) {
    if (polled)
      return hoist::ready(v);
    polled = true;
    cx.waker().wake_by_ref();
    return hoist::pending;
  }
};
inline Tick tick(int v) { return Tick{v}; }

// 1. The seed (examples/seed.cpp): example awaits sy1 and sy2.
hoist::Async<int> sy1(int t) {
  int a = t * 4, r = 0;
  for (int i = 0; i < a; ++i) r += i;
  co_return r;
}

hoist::Async<int> sy2(int t) {
  int a = t + 2, r = 123;
  for (int i = 1; i < a; ++i) r += i;
  co_return r;
}

hoist::Async<int> example(int t) {
  int a = co_await sy1(t);
  int b = co_await sy2(t);
  co_return a + b;
}

// 2. A 64-byte buffer held across two awaits.
hoist::Async<int> buffer64(int t) {
  unsigned char buf[64];
  for (int i = 0; i < 64; ++i)
    buf[i] = static_cast<unsigned char>(t + i);
  int a = co_await tick(t);
  int b = co_await tick(t + 1);
  co_return buf[a & 63] + buf[b & 63];
}

// 3. A 1 KiB argument, one await.
hoist::Async<int> big_argument(std::array<unsigned char, 1024> arg) {
  int x = co_await tick(1);
  co_return arg[0] + arg[1023] + x;
}

// 4. Two sequential scopes, each holding a 512-byte array across an await.
hoist::Async<int> two_scopes(int t) {
  int r = 0;
  {
    unsigned char a[512] = {};
    a[0] = static_cast<unsigned char>(t);
    a[511] = 1;
    r += co_await tick(t);
    r += a[0] + a[511];
  }
  {
    unsigned char b[512] = {};
    b[0] = 2;
    b[511] = static_cast<unsigned char>(t);
    r += co_await tick(t);
    r += b[0] + b[511];
  }
  co_return r;
}

// 5. An accumulator loop with an await inside.
hoist::Async<long> accumulate(int n) {
  long acc = 0;
  for (int i = 0; i < n; ++i)
    acc += co_await tick(i);
  co_return acc;
}

// 6. A chain of three nested async calls.
hoist::Async<int> nested1(int t) { co_return co_await tick(t) + 1; }
hoist::Async<int> nested2(int t) { co_return co_await nested1(t) + 1; }
hoist::Async<int> nested3(int t) { co_return co_await nested2(t) + 1; }

// 7. Awaiting a future passed in as an argument.
template <class F> hoist::Async<int> await_argument(F f) {
  co_return co_await std::move(f) + 1;
}

//===----------------------------------------------------------------------===//
// The driver
//===----------------------------------------------------------------------===//

/// Creates the future with `make` (counting allocations from there on),
/// prints its size, runs it to completion on a noop waker, prints the result.
template <class Make> void measure(const char *name, Make make) {
  g_count = g_bytes = g_last = 0;
  g_counting = true;
  {
    auto f = make();
#ifdef HOIST_REFERENCE_BACKEND
    // The future is a handle; the call allocated the frame last (after the
    // frames of any futures passed to it as arguments).
    std::size_t size = g_last;
#else
    std::size_t size = sizeof(f);
#endif
    hoist::Context cx = hoist::Context::from_waker(hoist::noop_waker());
    for (;;) {
      auto p = f.poll(cx);
      if (p.is_ready()) {
        g_counting = false;
        std::printf("%s\t%zu\t%ld\t%zu\t%zu\n", name, size,
                    static_cast<long>(std::move(p).value()), g_count, g_bytes);
        break;
      }
    }
  }
  g_counting = false;
}

int main() {
  measure("seed example", [] { return example(8); });
  measure("seed sy1", [] { return sy1(8); });
  measure("seed sy2", [] { return sy2(8); });
  measure("64 B buffer across 2 awaits", [] { return buffer64(5); });
  measure("1 KiB argument, 1 await", [] {
    std::array<unsigned char, 1024> arg{};
    arg[0] = 3;
    arg[1023] = 4;
    return big_argument(arg);
  });
  measure("2 scopes of 512 B", [] { return two_scopes(7); });
  measure("accumulator loop", [] { return accumulate(10); });
  measure("3 nested calls", [] { return nested3(5); });
  measure("awaits its argument", [] { return await_argument(nested1(5)); });
  return 0;
}
