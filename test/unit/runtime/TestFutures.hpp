//===- TestFutures.hpp - Small hand-written futures for tests ---*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Test helpers for writing asynchronous tests in C++17, without coroutines:
/// leaf futures (Countdown, Event::wait, Value), and the combinators map and
/// and_then (Rust's FutureExt::map / then) to chain them into tasks.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TEST_TEST_FUTURES_HPP
#define HOIST_TEST_TEST_FUTURES_HPP

#include "hoist/core/future.hpp"
#include "hoist/sync/atomic_waker.hpp"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>
#include <type_traits>
#include <utility>
#include <variant>

namespace hoist::test {

/// Pending `n` times (waking itself), then ready with `value`.
struct Countdown {
  using Output = int;
  int n;
  int value = 0;
  Poll<int> poll(Context &cx) {
    if (n > 0) {
      --n;
      cx.waker().wake_by_ref();
      return pending;
    }
    return ready(value);
  }
};

/// Ready at once with a value.
template <class T> struct Value {
  using Output = T;
  T v;
  Poll<T> poll(Context &) { return Poll<T>(ready_in_place, std::move(v)); }
};
template <class T> Value<std::decay_t<T>> value(T &&v) {
  return Value<std::decay_t<T>>{std::forward<T>(v)};
}

/// A one-time event that any thread can fire; wait() is a leaf future.
class Event {
public:
  void fire() {
    fired_.store(true, std::memory_order_release);
    waker_.wake();
  }
  bool is_fired() const { return fired_.load(std::memory_order_acquire); }

  struct Wait {
    using Output = void;
    Event *e;
    Poll<void> poll(Context &cx) {
      if (e->is_fired())
        return ready();
      e->waker_.register_waker(cx.waker());
      return e->is_fired() ? Poll<void>(ready()) : Poll<void>(pending);
    }
  };
  Wait wait() { return Wait{this}; }

private:
  std::atomic<bool> fired_{false};
  AtomicWaker waker_;
};

/// A gate that any number of tasks wait on, opened once from any thread.
class Gate {
public:
  void open() {
    std::vector<std::optional<Waker>> ws;
    {
      std::lock_guard<std::mutex> lock(mu_);
      open_ = true;
      ws.swap(wakers_);
    }
    for (auto &w : ws)
      if (w)
        w->wake();
  }

  struct Wait {
    using Output = void;
    Gate *g;
    size_t slot = SIZE_MAX;
    Poll<void> poll(Context &cx) {
      std::lock_guard<std::mutex> lock(g->mu_);
      if (g->open_)
        return ready();
      if (slot == SIZE_MAX) {
        slot = g->wakers_.size();
        g->wakers_.emplace_back(cx.waker());
      } else {
        g->wakers_[slot] = cx.waker();
      }
      return pending;
    }
  };
  Wait wait() { return Wait{this}; }

private:
  std::mutex mu_;
  bool open_ = false;
  std::vector<std::optional<Waker>> wakers_;
};

/// Counts constructions and destructions of a future's payload.
struct DropCounter {
  std::atomic<int> *drops;
  explicit DropCounter(std::atomic<int> *d) : drops(d) {}
  DropCounter(DropCounter &&o) noexcept : drops(std::exchange(o.drops, nullptr)) {}
  ~DropCounter() {
    if (drops)
      drops->fetch_add(1);
  }
};

/// `f` then `fn(output)`: Output = the return type of fn.
template <class F, class Fn> class Map {
  using In = output_t<F>;
  template <class X> struct Res {
    using type = std::invoke_result_t<Fn &, X>;
  };
  template <class Dummy> struct ResVoid {
    using type = std::invoke_result_t<Fn &>;
  };

public:
  using Output = typename std::conditional_t<std::is_void<In>::value,
                                             ResVoid<void>, Res<In>>::type;
  Map(F f, Fn fn) : f_(std::move(f)), fn_(std::move(fn)) {}
  Poll<Output> poll(Context &cx) {
    auto p = f_.poll(cx);
    if (p.is_pending())
      return pending;
    if constexpr (std::is_void<In>::value) {
      if constexpr (std::is_void<Output>::value) {
        fn_();
        return ready();
      } else {
        return Poll<Output>(ready_in_place, fn_());
      }
    } else {
      if constexpr (std::is_void<Output>::value) {
        fn_(std::move(p).value());
        return ready();
      } else {
        return Poll<Output>(ready_in_place, fn_(std::move(p).value()));
      }
    }
  }

private:
  F f_;
  Fn fn_;
};
template <class F, class Fn> Map<awaitee_t<F &&>, std::decay_t<Fn>> map(F &&f, Fn &&fn) {
  return {make_awaitee(std::forward<F>(f)), std::forward<Fn>(fn)};
}

/// `f`, then the future `fn(output)` returns: Output = that future's.
template <class F, class Fn> class AndThen {
  using In = output_t<F>;
  template <class X> struct G {
    using type = std::invoke_result_t<Fn &, X>;
  };
  template <class D> struct GVoid {
    using type = std::invoke_result_t<Fn &>;
  };
  using Next = typename std::conditional_t<std::is_void<In>::value, GVoid<void>,
                                           G<In>>::type;

public:
  using Output = output_t<Next>;
  AndThen(F f, Fn fn) : s_(std::in_place_index<0>, std::move(f)), fn_(std::move(fn)) {}
  Poll<Output> poll(Context &cx) {
    if (s_.index() == 0) {
      auto p = std::get<0>(s_).poll(cx);
      if (p.is_pending())
        return pending;
      if constexpr (std::is_void<In>::value)
        s_.template emplace<1>(fn_());
      else
        s_.template emplace<1>(fn_(std::move(p).value()));
    }
    return std::get<1>(s_).poll(cx);
  }

private:
  std::variant<F, Next> s_;
  Fn fn_;
};
template <class F, class Fn>
AndThen<awaitee_t<F &&>, std::decay_t<Fn>> and_then(F &&f, Fn &&fn) {
  return {make_awaitee(std::forward<F>(f)), std::forward<Fn>(fn)};
}

} // namespace hoist::test

#endif // HOIST_TEST_TEST_FUTURES_HPP
