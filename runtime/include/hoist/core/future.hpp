//===- hoist/core/future.hpp - What a future is -----------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A future is any type F with
///
///   using Output = T;                       // what it completes with
///   hoist::Poll<T> poll(hoist::Context &);  // advance it
///
/// (Rust's `Future` trait, as a C++17 trait and, in C++20, a concept.) A type
/// with a member `into_future()` returning a future can be awaited too (Rust's
/// `IntoFuture`). This header also holds the awaitee adaptor that both the
/// generated state machines and the C++20 reference backend use to turn the
/// operand of `co_await` into the future they poll:
///
///   co_await prvalue-or-xvalue future  -> the future is moved into the awaiter
///   co_await lvalue future             -> polled in place, through a pointer
///   co_await x with x.into_future()    -> the result of into_future()
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_CORE_FUTURE_HPP
#define HOIST_CORE_FUTURE_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"

#include <type_traits>
#include <utility>

namespace hoist {

namespace detail {
template <class F, class = void> struct is_future_impl : std::false_type {};
template <class F>
struct is_future_impl<
    F, std::enable_if_t<std::is_same<
           decltype(std::declval<F &>().poll(std::declval<Context &>())),
           Poll<typename F::Output>>::value>> : std::true_type {};

template <class T, class = void> struct has_into_future : std::false_type {};
template <class T>
struct has_into_future<T, std::void_t<decltype(std::declval<T>().into_future())>>
    : std::true_type {};
} // namespace detail

/// True if F is a future: it has `Output` and `Poll<Output> poll(Context&)`.
template <class F>
inline constexpr bool is_future_v = detail::is_future_impl<std::remove_cv_t<F>>::value;

/// The output type of future F.
template <class F> using output_t = typename std::remove_cv_t<F>::Output;

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
/// The Future concept (C++20): the same test as `is_future_v`.
template <class F>
concept Future = is_future_v<F>;
#endif

/// A borrowed future: polls a future that lives elsewhere (`co_await f` on a
/// named future `f`). The owner must keep it alive and in place.
template <class F> class FutureRef {
public:
  using Output = output_t<F>;
  explicit FutureRef(F &future) noexcept : future_(&future) {}
  Poll<Output> poll(Context &cx) { return future_->poll(cx); }

private:
  F *future_;
};

namespace detail {
template <class E, bool IntoFuture = has_into_future<E>::value>
struct awaitee_impl;

// x.into_future(): await what it returns.
template <class E> struct awaitee_impl<E, true> {
  using type = std::decay_t<decltype(std::declval<E>().into_future())>;
  static type make(E &&e) { return std::forward<E>(e).into_future(); }
};

// A future: borrow an lvalue, take ownership of an rvalue.
template <class E> struct awaitee_impl<E, false> {
  using type = std::conditional_t<std::is_lvalue_reference<E>::value,
                                  FutureRef<std::remove_reference_t<E>>,
                                  std::decay_t<E>>;
  static_assert(is_future_v<std::remove_reference_t<E>>,
                "co_await operand is not a future: it needs 'using Output = "
                "T;' and 'hoist::Poll<T> poll(hoist::Context&)', or a member "
                "into_future()");
  static type make(E &&e) { return type(std::forward<E>(e)); }
};
} // namespace detail

/// The future that `co_await e` polls, for `E = decltype((e))`.
template <class E> using awaitee_t = typename detail::awaitee_impl<E>::type;

/// Builds the future that `co_await e` polls (see the file comment).
template <class E> awaitee_t<E &&> make_awaitee(E &&e) {
  return detail::awaitee_impl<E &&>::make(std::forward<E>(e));
}

} // namespace hoist

#endif // HOIST_CORE_FUTURE_HPP
