//===- hoist/detail/lowered.hpp - Support for generated futures -*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What the state machines that `hoist` generates call into. Users do not
/// use this header directly; reading it explains the generated code:
///
///   ::new (hoist::storage_of(&slot)) T(args...)
///                                        starts the lifetime of a stored
///                                        const value
///   hoist::construct_array(&slot, src)   copies an array into a stored one
///   hoist::destroy_array(&slot)          ends a stored array's (C++17's
///                                        std::destroy_at takes no arrays)
///   hoist::detail::copy_of(*self)      the object a `[*this]` lambda copies
///   hoist::detail::type_tag<T>,
///   hoist::detail::Discarded           a type named in a branch of
///                                        `if constexpr`, where it is kept
///   hoist::detail::UnwindGuard           destroys what is alive when an
///                                        exception leaves poll()
///   hoist::detail::polled_after_*        the aborts of the contract checks
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_DETAIL_LOWERED_HPP
#define HOIST_DETAIL_LOWERED_HPP

#include "hoist/core/future.hpp"

#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <new>
#include <tuple>
#include <type_traits>
#include <utility>

namespace hoist {

/// The storage of a stored value, for a placement new that constructs it
/// in place (a const object's too).
template <class T> void *storage_of(T *p) noexcept {
  return const_cast<void *>(static_cast<const volatile void *>(p));
}

/// Constructs a stored array from another (`auto [a, b] = arr;` copies each
/// element; from an rvalue array, moves it).
template <class T, std::size_t N, class Src>
void construct_array(T (*p)[N], Src &&src) {
  for (std::size_t I = 0; I < N; ++I)
    ::new (storage_of(&(*p)[I])) T(std::forward<Src>(src)[I]);
}

/// Destroys the elements of a stored array, last first (as C++ destroys an
/// array).
template <class T, std::size_t N> void destroy_array(T (*p)[N]) noexcept {
  for (std::size_t I = N; I-- > 0;) {
    if constexpr (std::is_array_v<T>)
      destroy_array(&(*p)[I]);
    else
      std::destroy_at(&(*p)[I]);
  }
}

namespace detail {
/// A prvalue of type T, for decltype only: what `co_await f` yields (its
/// awaitee's Output, by value), where the generated code names a type
/// through an expression that contains an await.
template <class T> T await_value() noexcept;

/// The address of the I-th of the N names a structured binding gives e,
/// where the kind of binding is known only at instantiation (a template):
/// the lowering keeps a pointer to it.
template <std::size_t I, class... B> auto *nth_address(B &...b) noexcept {
  return std::get<I>(std::make_tuple(std::addressof(b)...));
}
template <std::size_t I, std::size_t N, class E> auto *binding_address(E &e) {
  static_assert(N >= 1 && N <= 8, "hoist: at most 8 names in a structured binding "
                                  "of dependent type stored across a suspend point");
  if constexpr (N == 1) {
    [[maybe_unused]] auto &[b0] = e;
    return nth_address<I>(b0);
  } else if constexpr (N == 2) {
    [[maybe_unused]] auto &[b0, b1] = e;
    return nth_address<I>(b0, b1);
  } else if constexpr (N == 3) {
    [[maybe_unused]] auto &[b0, b1, b2] = e;
    return nth_address<I>(b0, b1, b2);
  } else if constexpr (N == 4) {
    [[maybe_unused]] auto &[b0, b1, b2, b3] = e;
    return nth_address<I>(b0, b1, b2, b3);
  } else if constexpr (N == 5) {
    [[maybe_unused]] auto &[b0, b1, b2, b3, b4] = e;
    return nth_address<I>(b0, b1, b2, b3, b4);
  } else if constexpr (N == 6) {
    [[maybe_unused]] auto &[b0, b1, b2, b3, b4, b5] = e;
    return nth_address<I>(b0, b1, b2, b3, b4, b5);
  } else if constexpr (N == 7) {
    [[maybe_unused]] auto &[b0, b1, b2, b3, b4, b5, b6] = e;
    return nth_address<I>(b0, b1, b2, b3, b4, b5, b6);
  } else {
    [[maybe_unused]] auto &[b0, b1, b2, b3, b4, b5, b6, b7] = e;
    return nth_address<I>(b0, b1, b2, b3, b4, b5, b6, b7);
  }
}

/// The awaitee of `co_await std::move(p)` for a parameter p named nowhere
/// else, in a template: none if p is a future (poll_moved polls p where it
/// is), else what make_awaitee makes (into_future()).
struct NoAwaitee {};

/// A type as a value: `decltype(f())::type` (a lambda that returns one
/// names a type only when its `if constexpr` branch is kept).
template <class T> struct type_tag {
  using type = T;
};
/// What a type the lowering names only inside a discarded branch of an
/// `if constexpr` is in that instantiation (never made).
struct Discarded {
  using Output = Discarded;
  static constexpr bool value = false; // as the condition of a nested branch
};
template <class F>
using moved_awaitee_t =
    std::conditional_t<is_future_v<F> && !has_into_future<F>::value, NoAwaitee,
                       awaitee_t<F &&>>;
template <class F> moved_awaitee_t<F> make_moved_awaitee(F &p) {
  if constexpr (std::is_same_v<moved_awaitee_t<F>, NoAwaitee>)
    return NoAwaitee{};
  else
    return make_awaitee(std::move(p));
}
template <class F>
Poll<output_t<awaitee_t<F &&>>> poll_moved(moved_awaitee_t<F> &awaitee, F &p, Context &cx) {
  if constexpr (std::is_same_v<moved_awaitee_t<F>, NoAwaitee>)
    return p.poll(cx);
  else
    return awaitee.poll(cx);
}
} // namespace detail

/// The address of an lvalue or xvalue (std::addressof takes lvalues only): a
/// stored reference, or an operand kept across a suspend point, is a pointer.
template <class T> std::remove_reference_t<T> *address_of(T &&ref) noexcept {
  return std::addressof(ref);
}

namespace detail {
/// A reference local of a template, held across a suspend point, whose
/// initializer's value category depends on the template arguments (clang
/// marks no temporary in dependent code). E is the initializer's
/// decltype((e)): a prvalue is held, as the temporary the reference
/// extends; an lvalue or xvalue is pointed to. `*r` is the referent.
template <class E, class Ref, bool = std::is_reference_v<E>> class BoundRef {
public:
  template <class Make> explicit BoundRef(Make &&make) : p_(address_of(make())) {}
  std::remove_reference_t<Ref> &operator*() const noexcept { return *p_; }

private:
  std::remove_reference_t<Ref> *p_;
};
template <class E, class Ref> class BoundRef<E, Ref, false> {
public:
  template <class Make> explicit BoundRef(Make &&make) : value_(make()) {}
  std::remove_reference_t<Ref> &operator*() noexcept { return value_; }

private:
  // The prvalue's own type (`const Base &b = Derived()` holds a Derived).
  std::remove_cv_t<E> value_;
};

/// The copy of the object that a lambda capturing `[*this]` inside an async
/// member function holds: there `this` is the future's, so the capture is
/// written `self = hoist::detail::copy_of(*self)`, and the lambda's body
/// reads the copy through it as it read the object through `self`. As with
/// `[*this]`, the copy is const in a lambda that is not `mutable`.
template <class T> class ObjectCopy {
public:
  explicit ObjectCopy(const T &object) : object_(object) {}
  T *operator->() noexcept { return std::addressof(object_); }
  const T *operator->() const noexcept { return std::addressof(object_); }
  T &operator*() noexcept { return object_; }
  const T &operator*() const noexcept { return object_; }
  operator T *() noexcept { return std::addressof(object_); }
  operator const T *() const noexcept { return std::addressof(object_); }

private:
  T object_;
};
template <class T> ObjectCopy<T> copy_of(const T &object) {
  return ObjectCopy<T>(object);
}
/// The object a lambda's `self` points to: the future's `self` itself, or
/// the copy a `[*this]` lambda holds (for `[this]` inside that lambda).
template <class T> T *self_pointer(T *self) noexcept { return self; }
template <class T> T *self_pointer(ObjectCopy<T> &self) noexcept { return self; }
template <class T> const T *self_pointer(const ObjectCopy<T> &self) noexcept {
  return self;
}
} // namespace detail

namespace adl {
using std::begin;
using std::end;
template <class R> auto call_begin(R &r) -> decltype(begin(r)) { return begin(r); }
template <class R> auto call_end(R &r) -> decltype(end(r)) { return end(r); }
} // namespace adl

/// begin(range) as a range-based for finds it (member or ADL).
template <class R> auto range_begin(R &r) -> decltype(adl::call_begin(r)) {
  return adl::call_begin(r);
}
/// end(range) as a range-based for finds it (member or ADL).
template <class R> auto range_end(R &r) -> decltype(adl::call_end(r)) {
  return adl::call_end(r);
}

namespace detail {

/// An operand kept across a suspend point in a template, whose value
/// category is known only once instantiated: `decltype((e))` is T& or T&&
/// (keep a pointer) or T (keep the value). `get()` gives it back as it was.
template <class E> struct Stored {
  E value;
  E &&get() noexcept { return static_cast<E &&>(value); }
};
template <class E> struct Stored<E &> {
  E *pointer;
  Stored(E &ref) noexcept : pointer(std::addressof(ref)) {}
  E &get() const noexcept { return *pointer; }
};
template <class E> struct Stored<E &&> {
  E *pointer;
  Stored(E &&ref) noexcept : pointer(std::addressof(ref)) {}
  E &&get() const noexcept { return static_cast<E &&>(*pointer); }
};

[[noreturn]] inline void contract_violation(const char *what, const char *fn,
                                            const char *where) {
  std::fprintf(stderr, "hoist: %s '%s' (%s)\n", what, fn, where);
  std::fflush(stderr);
  std::abort();
}

/// poll() on a future that already returned ready.
[[noreturn]] inline void polled_after_return(const char *fn, const char *where) {
  contract_violation("polled the future of async function after it completed:",
                     fn, where);
}

/// poll() on a future that an exception left (or that is running: a poll
/// that re-enters itself).
[[noreturn]] inline void polled_after_poison(const char *fn, const char *where) {
  contract_violation("polled the future of async function after an exception "
                     "escaped it (or while it was running):",
                     fn, where);
}

/// A future moved after its first poll: values inside it may point into it.
[[noreturn]] inline void moved_after_poll(const char *fn, const char *where) {
  contract_violation("moved the future of async function after it was polled "
                     "(a polled future is pinned):",
                     fn, where);
}

/// A non-void async function reached the end of its body without co_return.
[[noreturn]] inline void fell_off_end(const char *fn, const char *where) {
  contract_violation("reached the end of non-void async function without "
                     "co_return:",
                     fn, where);
}

/// Destroys the stored values still alive when the body finishes: on
/// co_return (state Returned) and when an exception leaves poll() (state
/// Poisoned). The generated future keeps `at` current: each construction or
/// destruction of a stored value moves it along the future's drop tree, and
/// `Frame::drop_to(at, 0)` destroys what is alive at `at`, newest first: the
/// body's values, then the parameters (the root of the tree: a completed
/// future holds nothing, as in Rust). `at` starts at the point that holds
/// the parameters. Declared before every local of poll(), the guard runs
/// after them, as C++ destroys the older objects last. Returning pending (a
/// Suspend state) destroys nothing.
///
/// `Finished` and `DropTo` are the frame's own members (their names are
/// chosen not to clash with the user's).
template <class Frame, bool (Frame::*Finished)() const,
          void (Frame::*DropTo)(int, int)>
class UnwindGuard {
public:
  UnwindGuard(Frame &frame, int parameters) noexcept
      : frame_(frame), at(parameters) {}
  UnwindGuard(const UnwindGuard &) = delete;
  UnwindGuard &operator=(const UnwindGuard &) = delete;
  ~UnwindGuard() {
    if ((frame_.*Finished)())
      (frame_.*DropTo)(at, 0);
  }

private:
  Frame &frame_;

public:
  /// The current drop point (0: nothing stored is alive).
  int at;
};

} // namespace detail
} // namespace hoist

#endif // HOIST_DETAIL_LOWERED_HPP
