//===- hoist/future/join.hpp - Await several futures at once ----*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `join(f...)` and `join_all(vector<F>)` poll several futures concurrently
/// inside one task (no spawning) and complete when all did:
///
///   auto [a, b] = co_await hoist::join(fetch(1), fetch(2));
///   std::vector<int> all = co_await hoist::join_all(std::move(futures));
///
/// Outputs are kept in order; a `void` output becomes std::monostate. Each
/// future is stored in place and polled where it is (futures are pinned once
/// polled), and destroyed as soon as it completes. An exception from any
/// future propagates out of the join; the others are destroyed with it.
///
/// Every child is re-polled on each wake-up of the task (futures-rs's simple
/// join, not the waker-per-child variant): fine for the handfuls of futures
/// join is used with.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_FUTURE_JOIN_HPP
#define HOIST_FUTURE_JOIN_HPP

#include "hoist/core/future.hpp"
#include "hoist/task/raw.hpp"

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

namespace hoist {

namespace detail {

/// A future, then its output, then nothing (taken).
template <class F> class MaybeDone {
public:
  using T = unit_t<output_t<F>>;
  explicit MaybeDone(F &&f) : v_(std::in_place_index<0>, std::move(f)) {}
  MaybeDone(MaybeDone &&) = default;

  /// Polls the future if it is still running; true once it has an output.
  bool poll(Context &cx) {
    if (v_.index() != 0)
      return true;
    auto p = std::get<0>(v_).poll(cx);
    if (p.is_pending())
      return false;
    if constexpr (std::is_void<output_t<F>>::value)
      v_.template emplace<1>();
    else
      v_.template emplace<1>(std::move(p).value());
    return true;
  }

  T take() {
    T out = std::move(std::get<1>(v_));
    v_.template emplace<2>();
    return out;
  }

private:
  std::variant<F, T, std::monostate> v_;
};

[[noreturn]] inline void polled_after_completion(const char *what) {
  std::fprintf(stderr, "hoist: polled a %s future after it completed\n", what);
  std::abort();
}

} // namespace detail

/// The future of join(f...).
template <class... F> class [[nodiscard]] Join {
public:
  using Output = std::tuple<unit_t<output_t<F>>...>;

  explicit Join(F &&...f) : futures_(detail::MaybeDone<F>(std::move(f))...) {}

  Poll<Output> poll(Context &cx) {
    if (done_)
      detail::polled_after_completion("join");
    bool all = std::apply([&](auto &...m) { return (m.poll(cx) & ... & true); },
                          futures_);
    if (!all)
      return pending;
    done_ = true;
    return Poll<Output>(ready_in_place,
                        std::apply([](auto &...m) { return Output(m.take()...); },
                                   futures_));
  }

private:
  std::tuple<detail::MaybeDone<F>...> futures_;
  bool done_ = false;
};

/// Awaits all of `futures` concurrently; Output = tuple of their outputs.
template <class... F> Join<awaitee_t<F &&>...> join(F &&...futures) {
  return Join<awaitee_t<F &&>...>(make_awaitee(std::forward<F>(futures))...);
}

/// The future of join_all(futures).
template <class F> class [[nodiscard]] JoinAll {
public:
  using Output = std::vector<unit_t<output_t<F>>>;

  explicit JoinAll(std::vector<F> futures) {
    // Reserve once: the futures must never move after being polled.
    futures_.reserve(futures.size());
    for (F &f : futures)
      futures_.emplace_back(std::move(f));
  }

  Poll<Output> poll(Context &cx) {
    if (done_)
      detail::polled_after_completion("join_all");
    bool all = true;
    for (auto &m : futures_)
      all = m.poll(cx) && all;
    if (!all)
      return pending;
    done_ = true;
    Output out;
    out.reserve(futures_.size());
    for (auto &m : futures_)
      out.push_back(m.take());
    return Poll<Output>(ready_in_place, std::move(out));
  }

private:
  std::vector<detail::MaybeDone<F>> futures_;
  bool done_ = false;
};

/// Awaits every future of `futures` concurrently; Output = their outputs in
/// order (std::monostate for void).
template <class F> JoinAll<F> join_all(std::vector<F> futures) {
  return JoinAll<F>(std::move(futures));
}

} // namespace hoist

#endif // HOIST_FUTURE_JOIN_HPP
