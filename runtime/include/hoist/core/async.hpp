//===- hoist/core/async.hpp - Async<T>, the type-erased future --*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `hoist::Async<T>` plays two roles.
///
/// 1. It is the annotation: a function whose declared return type is
///    `hoist::Async<T>` and whose body uses `co_await`/`co_return` is an async
///    function, and `hoist` lowers it into a state machine. Callers in the
///    same translation unit get that concrete state machine, not an Async<T>.
///
/// 2. It is a boxed, type-erased future (Rust's `Pin<Box<dyn Future>>`): one
///    heap object behind a pointer, so it may be moved freely even after it was
///    polled. `hoist::boxed(f)` makes one; every future converts to one. The
///    lowered code uses it at ABI boundaries (an async function declared in a
///    header and defined elsewhere) and for recursion.
///
/// Compiled as C++20 without the tool (the reference backend), Async<T> is
/// also a coroutine type: its promise is the boxed object and `poll` resumes
/// the coroutine. The same source then runs unlowered, one heap frame per
/// call, as an oracle for tests and a rival for benchmarks.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_CORE_ASYNC_HPP
#define HOIST_CORE_ASYNC_HPP

#include "hoist/core/future.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <type_traits>
#include <utility>

#if defined(__cpp_impl_coroutine) && __cpp_impl_coroutine >= 201902L &&        \
    !defined(HOIST_NO_REFERENCE_BACKEND)
#define HOIST_REFERENCE_BACKEND 1
#include <coroutine>
#endif

namespace hoist {

namespace detail {
/// The heap object behind an Async<T>: something that can be polled and
/// destroyed. `destroy` rather than a virtual destructor, because a coroutine
/// frame is released through its handle. A future that releases itself when
/// it completes (a reference coroutine's frame) sets `self` to what stands
/// for it afterwards.
template <class T> class ErasedFuture {
public:
  virtual Poll<T> poll(Context &cx, ErasedFuture *&self) = 0;
  virtual void destroy() noexcept = 0;

protected:
  ~ErasedFuture() = default;
};

/// A future of type F moved into its own heap object.
template <class F>
class BoxedFuture final : public ErasedFuture<output_t<F>> {
public:
  explicit BoxedFuture(F &&future) : future_(std::move(future)) {}
  template <class... Args>
  explicit BoxedFuture(std::in_place_t, Args &&...args)
      : future_(std::forward<Args>(args)...) {}
  Poll<output_t<F>> poll(Context &cx, ErasedFuture<output_t<F>> *&) override {
    return future_.poll(cx);
  }
  void destroy() noexcept override { delete this; }

private:
  F future_;
};

#ifdef HOIST_REFERENCE_BACKEND
template <class T> class AsyncPromise;
#endif
} // namespace detail

template <class T> class Async;

template <class T> struct is_async : std::false_type {};
template <class T> struct is_async<Async<T>> : std::true_type {};

/// A boxed, type-erased future with output T (see the file comment).
template <class T> class [[nodiscard]] Async {
public:
  using Output = T;
#ifdef HOIST_REFERENCE_BACKEND
  using promise_type = detail::AsyncPromise<T>;
#endif

  /// Boxes any future whose output converts to T.
  template <class F,
            class = std::enable_if_t<!is_async<std::decay_t<F>>::value &&
                                     is_future_v<std::decay_t<F>>>>
  Async(F &&future)
      : impl_(new detail::BoxedFuture<std::decay_t<F>>(std::forward<F>(future))) {
    static_assert(std::is_same<output_t<std::decay_t<F>>, T>::value,
                  "boxing a future into Async<T> requires the same Output");
    static_assert(!std::is_lvalue_reference<F>::value,
                  "boxing a named future moves it: use std::move(f)");
  }

  explicit Async(detail::ErasedFuture<T> *impl) noexcept : impl_(impl) {}
  Async(Async &&other) noexcept : impl_(std::exchange(other.impl_, nullptr)) {}
  Async &operator=(Async &&other) noexcept {
    Async moved(std::move(other));
    std::swap(impl_, moved.impl_);
    return *this;
  }
  Async(const Async &) = delete;
  Async &operator=(const Async &) = delete;
  ~Async() {
    if (impl_)
      impl_->destroy();
  }

  Poll<T> poll(Context &cx) {
    if (!impl_) {
      std::fprintf(stderr, "hoist: polled an empty (moved-from) Async<T>\n");
      std::abort();
    }
    return impl_->poll(cx, impl_);
  }

private:
  detail::ErasedFuture<T> *impl_;
};

/// Makes a future of type F in a heap box from F's constructor arguments,
/// with no temporary to move from: `hoist::make_boxed<F>(args...)` is
/// `hoist::boxed(F(args...))` without the move (the ramp of a boxed
/// async function uses it).
template <class F, class... Args> Async<output_t<F>> make_boxed(Args &&...args) {
  return Async<output_t<F>>(
      new detail::BoxedFuture<F>(std::in_place, std::forward<Args>(args)...));
}

/// Moves a future into a heap box (Rust's `Box::pin`). This is how an async
/// function awaits itself: `co_await hoist::boxed(fib(n - 1))`.
template <class F, class = std::enable_if_t<is_future_v<std::decay_t<F>>>>
Async<output_t<std::decay_t<F>>> boxed(F &&future) {
  static_assert(!std::is_lvalue_reference<F>::value,
                "boxed(f) moves the future: use std::move(f)");
  using Fut = std::decay_t<F>;
  if constexpr (is_async<Fut>::value)
    return std::move(future);
  else
    return Async<output_t<Fut>>(
        new detail::BoxedFuture<Fut>(std::forward<F>(future)));
}

#ifdef HOIST_REFERENCE_BACKEND
//===----------------------------------------------------------------------===//
// The reference backend: Async<T> as a C++20 coroutine
//===----------------------------------------------------------------------===//
namespace detail {

/// What the promise knows about the await it is suspended at: how to poll
/// that awaitee again.
struct SuspendedAwait {
  void *awaiter = nullptr;
  bool (*poll_again)(void *awaiter, Context &cx) = nullptr;
};

/// The awaiter of `co_await e` in a reference coroutine: polls the awaitee
/// once on the way in (await_ready), then once per poll of the coroutine
/// until it is ready.
template <class F> class RefAwaiter {
public:
  using Output = output_t<F>;
  RefAwaiter(F &&future, Context *&cx, SuspendedAwait &slot)
      : future_(std::move(future)), cx_(cx), slot_(slot) {}

  bool await_ready() { return poll_once(*cx_); }
  void await_suspend(std::coroutine_handle<>) noexcept {
    slot_.awaiter = this;
    slot_.poll_again = [](void *self, Context &cx) {
      // An exception from the awaitee must surface at the co_await, inside
      // the coroutine body, so that the body's try/catch sees it.
      auto *awaiter = static_cast<RefAwaiter *>(self);
      try {
        return awaiter->poll_once(cx);
      } catch (...) {
        awaiter->error_ = std::current_exception();
        return true;
      }
    };
  }
  Output await_resume() {
    if (error_)
      std::rethrow_exception(error_);
    if constexpr (!std::is_void<Output>::value)
      return std::move(result_).value();
  }

private:
  bool poll_once(Context &cx) {
    Poll<Output> p = future_.poll(cx);
    if (p.is_pending())
      return false;
    result_ = std::move(p);
    return true;
  }

  F future_;
  Context *&cx_;
  SuspendedAwait &slot_;
  Poll<Output> result_ = pending;
  std::exception_ptr error_;
};

[[noreturn]] inline void reference_misuse(const char *what) {
  std::fprintf(stderr, "hoist: %s\n", what);
  std::abort();
}

/// What stands for a reference coroutine once its frame is gone: polling
/// it aborts.
template <class T> class FinishedCoroutine final : public ErasedFuture<T> {
public:
  explicit FinishedCoroutine(const char *what) : what_(what) {}
  Poll<T> poll(Context &, ErasedFuture<T> *&) override { reference_misuse(what_); }
  void destroy() noexcept override {}

  static ErasedFuture<T> *completed() {
    static FinishedCoroutine F("polled an async function after it completed");
    return &F;
  }
  static ErasedFuture<T> *threw() {
    static FinishedCoroutine F("polled an async function after it threw");
    return &F;
  }

private:
  const char *what_;
};

/// How the body of a reference coroutine ended, kept by the poll() that
/// resumed it: the frame (the promise, the parameter copies) is destroyed
/// as the body completes, as a lowered future destroys its parameters.
template <class T> struct Completion {
  Poll<T> result = pending;
  std::exception_ptr error;
  bool finished = false;
};

/// Common part of the promise of every Async<T> coroutine.
template <class T> class AsyncPromiseBase : public ErasedFuture<T> {
public:
  std::suspend_always initial_suspend() noexcept { return {}; }
  /// The frame is destroyed as the body completes (after its locals, with
  /// the parameter copies); the result is already in `done_`.
  std::suspend_never final_suspend() noexcept {
    done_->finished = true;
    return {};
  }
  void unhandled_exception() noexcept { done_->error = std::current_exception(); }

  /// co_yield has no meaning for a future that completes once. The tool
  /// (which defines HOIST_LOWERING when it parses) reports it itself, at the
  /// co_yield; a C++20 build stops here.
#ifdef HOIST_LOWERING
  template <class V> std::suspend_always yield_value(V &&);
#else
  template <class V> std::suspend_always yield_value(V &&) {
    static_assert(sizeof(V) == 0,
                  "co_yield in a hoist::Async<T> function: an async function "
                  "completes once (co_return), it does not yield values");
    return {};
  }
#endif

  template <class E> RefAwaiter<awaitee_t<E &&>> await_transform(E &&e) {
    return RefAwaiter<awaitee_t<E &&>>(make_awaitee(std::forward<E>(e)), cx_,
                                       suspended_);
  }

  Poll<T> poll(Context &cx, ErasedFuture<T> *&self) final {
    auto h = std::coroutine_handle<AsyncPromise<T>>::from_promise(
        static_cast<AsyncPromise<T> &>(*this));
    cx_ = &cx;
    if (suspended_.awaiter) {
      if (!suspended_.poll_again(suspended_.awaiter, cx))
        return pending;
      suspended_ = {};
    }
    Completion<T> done;
    done_ = &done;
    h.resume(); // if the body completes, *this is gone after this
    if (!done.finished)
      return pending;
    if (done.error) {
      self = FinishedCoroutine<T>::threw();
      std::rethrow_exception(done.error);
    }
    self = FinishedCoroutine<T>::completed();
    return std::move(done.result);
  }

  void destroy() noexcept final {
    std::coroutine_handle<AsyncPromise<T>>::from_promise(
        static_cast<AsyncPromise<T> &>(*this))
        .destroy();
  }

  Async<T> get_return_object() noexcept {
    return Async<T>(static_cast<ErasedFuture<T> *>(this));
  }

protected:
  Completion<T> *done_ = nullptr;

private:
  Context *cx_ = nullptr;
  SuspendedAwait suspended_;
};

template <class T> class AsyncPromise : public AsyncPromiseBase<T> {
public:
  template <class U = T> void return_value(U &&value) {
    this->done_->result = Poll<T>(ready_in_place, std::forward<U>(value));
  }
};

template <> class AsyncPromise<void> : public AsyncPromiseBase<void> {
public:
  void return_void() noexcept { this->done_->result = ready(); }
};

} // namespace detail
#endif // HOIST_REFERENCE_BACKEND

} // namespace hoist

#endif // HOIST_CORE_ASYNC_HPP
