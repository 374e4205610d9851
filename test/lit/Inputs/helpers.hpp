// Helpers for the lit and end-to-end tests: leaf futures that are pending
// a given number of times, and objects that log their lifetime.
#ifndef HOIST_TEST_HELPERS_HPP
#define HOIST_TEST_HELPERS_HPP

#include <hoist/hoist.hpp>

#include <cstdio>
#include <string>
#include <utility>

namespace test {

/// A leaf future: pending `times` times (waking itself each time), then
/// ready with `value`.
template <class T> struct Delay {
  using Output = T;
  int times;
  T value;
  hoist::Poll<T> poll(hoist::Context &cx) {
    if (times-- > 0) {
      cx.waker().wake_by_ref();
      return hoist::pending;
    }
    return hoist::ready(std::move(value));
  }
};

/// Delay with output `int`.
inline Delay<int> delay(int times, int value) { return Delay<int>{times, value}; }

/// A leaf future with no output, pending `times` times.
struct Tick {
  using Output = void;
  int times;
  hoist::Poll<void> poll(hoist::Context &cx) {
    if (times-- > 0) {
      cx.waker().wake_by_ref();
      return hoist::pending;
    }
    return hoist::ready();
  }
};
inline Tick tick(int times = 1) { return Tick{times}; }

/// Logs construction, copies and destruction (moved-from objects are
/// silent, so both backends print the same).
struct Noisy {
  std::string name;
  explicit Noisy(std::string n) : name(std::move(n)) {
    std::printf("+%s\n", name.c_str());
  }
  Noisy(const Noisy &o) : name(o.name + "'") { std::printf("+%s\n", name.c_str()); }
  Noisy(Noisy &&o) noexcept : name(std::move(o.name)) { o.name.clear(); }
  Noisy &operator=(const Noisy &) = delete;
  ~Noisy() {
    if (!name.empty())
      std::printf("-%s\n", name.c_str());
  }
};

} // namespace test

#endif
