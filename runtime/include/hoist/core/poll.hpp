//===- hoist/core/poll.hpp - The result of polling a future -----*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `Poll<T>` is what `poll(Context&)` returns: either `ready` with a value of
/// type T, or `pending` (the future has arranged for its waker to be woken
/// and must be polled again later). It is Rust's `std::task::Poll`.
///
///   hoist::Poll<int> p = hoist::ready(42);     // ready, holds 42
///   hoist::Poll<int> q = hoist::pending;       // pending
///   hoist::Poll<void> r = hoist::ready();      // ready, no value
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_CORE_POLL_HPP
#define HOIST_CORE_POLL_HPP

#include <cassert>
#include <new>
#include <type_traits>
#include <utility>

namespace hoist {

/// The tag type of `hoist::pending`; converts to every `Poll<T>`.
struct Pending {
  explicit constexpr Pending(int) {}
};

/// `return hoist::pending;` from a `poll` method means "not yet".
inline constexpr Pending pending{0};

/// Tag for constructing a ready `Poll<T>` in place from constructor arguments.
struct ReadyInPlace {
  explicit constexpr ReadyInPlace(int) {}
};
inline constexpr ReadyInPlace ready_in_place{0};

/// Ready with a value of type T, or pending.
template <class T> class [[nodiscard]] Poll {
  static_assert(!std::is_reference<T>::value,
                "Poll<T> holds values; use a pointer for a borrowed result");

public:
  using value_type = T;

  constexpr Poll(Pending) noexcept : ready_(false) {}

  template <class... Args>
  explicit Poll(ReadyInPlace, Args &&...args) : ready_(true) {
    ::new (static_cast<void *>(&storage_)) T(std::forward<Args>(args)...);
  }

  /// A ready `Poll<U>` converts to a ready `Poll<T>` when U converts to T.
  template <class U, class = std::enable_if_t<!std::is_same<U, T>::value &&
                                              std::is_convertible<U, T>::value>>
  Poll(Poll<U> &&other) : ready_(other.is_ready()) {
    if (ready_)
      ::new (static_cast<void *>(&storage_)) T(std::move(other).value());
  }

  Poll(Poll &&other) noexcept(std::is_nothrow_move_constructible<T>::value)
      : ready_(other.ready_) {
    if (ready_)
      ::new (static_cast<void *>(&storage_)) T(std::move(other.get()));
  }
  Poll(const Poll &other) : ready_(other.ready_) {
    if (ready_)
      ::new (static_cast<void *>(&storage_)) T(other.get());
  }
  Poll &operator=(Poll other) {
    reset();
    if (other.ready_) {
      ::new (static_cast<void *>(&storage_)) T(std::move(other.get()));
      ready_ = true;
    }
    return *this;
  }
  ~Poll() { reset(); }

  constexpr bool is_ready() const noexcept { return ready_; }
  constexpr bool is_pending() const noexcept { return !ready_; }
  explicit constexpr operator bool() const noexcept { return ready_; }

  /// The value of a ready poll. Calling it on a pending poll is a bug.
  T &value() & {
    assert(ready_ && "Poll::value() on a pending poll");
    return get();
  }
  const T &value() const & {
    assert(ready_ && "Poll::value() on a pending poll");
    return get();
  }
  T &&value() && {
    assert(ready_ && "Poll::value() on a pending poll");
    return std::move(get());
  }

private:
  T &get() { return *std::launder(reinterpret_cast<T *>(&storage_)); }
  const T &get() const {
    return *std::launder(reinterpret_cast<const T *>(&storage_));
  }
  void reset() {
    if (ready_) {
      get().~T();
      ready_ = false;
    }
  }

  alignas(T) unsigned char storage_[sizeof(T)];
  bool ready_;
};

/// The result of polling a future whose output is `void`.
template <> class [[nodiscard]] Poll<void> {
public:
  using value_type = void;

  constexpr Poll(Pending) noexcept : ready_(false) {}
  explicit constexpr Poll(ReadyInPlace) noexcept : ready_(true) {}

  constexpr bool is_ready() const noexcept { return ready_; }
  constexpr bool is_pending() const noexcept { return !ready_; }
  explicit constexpr operator bool() const noexcept { return ready_; }
  constexpr void value() const noexcept {
    assert(ready_ && "Poll::value() on a pending poll");
  }

private:
  bool ready_;
};

/// A ready poll holding `V` (decayed, like `std::make_optional`).
template <class V> Poll<std::decay_t<V>> ready(V &&value) {
  return Poll<std::decay_t<V>>(ready_in_place, std::forward<V>(value));
}

/// A ready `Poll<void>`.
inline constexpr Poll<void> ready() noexcept { return Poll<void>(ready_in_place); }

} // namespace hoist

#endif // HOIST_CORE_POLL_HPP
