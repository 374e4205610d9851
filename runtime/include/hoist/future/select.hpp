//===- hoist/future/select.hpp - Await the first of several -----*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `select(f...)` completes with the output of the first future to complete
/// and destroys the others at once (cancellation is destruction):
///
///   auto r = co_await hoist::select(rx.recv(), hoist::sleep(1s));
///   if (r.index() == 0) { std::optional<int> v = std::get<0>(r); ... }
///   else { /* timed out; the recv future is already destroyed */ }
///
/// Output = std::variant<outputs...> indexed by position (void becomes
/// std::monostate), so equal output types stay distinguishable.
///
/// Each poll starts at a random future and goes round from there (tokio's
/// select!): when several are ready, each wins as often, so a future that is
/// always ready does not starve the others. `select_biased(f...)` polls in
/// argument order every time (tokio's `biased;`, futures-rs's
/// select_biased!): an earlier future wins a tie, which gives priorities
/// (a shutdown signal before work) and a deterministic order, at the price
/// of fairness. Neither allocates or stores anything beyond the futures: the
/// random start comes from a per-thread generator (core/fast_rand.hpp).
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_FUTURE_SELECT_HPP
#define HOIST_FUTURE_SELECT_HPP

#include "hoist/core/fast_rand.hpp"
#include "hoist/core/future.hpp"
#include "hoist/future/join.hpp"
#include "hoist/task/raw.hpp"

#include <optional>
#include <tuple>
#include <utility>
#include <variant>

namespace hoist {

/// The future of select(f...) (Biased = false: a random start on each
/// poll) and of select_biased(f...) (Biased = true: argument order).
template <bool Biased, class... F> class [[nodiscard]] BasicSelect {
public:
  using Output = std::variant<unit_t<output_t<F>>...>;

  explicit BasicSelect(F &&...f)
      : futures_(std::optional<F>(std::in_place, std::move(f))...) {}

  Poll<Output> poll(Context &cx) {
    if (done_)
      detail::polled_after_completion(Biased ? "select_biased" : "select");
    Poll<Output> out = pending;
    size_t start = 0;
    if constexpr (!Biased && sizeof...(F) > 1)
      start = detail::fast_rand_n(sizeof...(F));
    poll_from(cx, out, start, std::index_sequence_for<F...>());
    if (out.is_ready()) {
      done_ = true;
      // Destroy the losers now, in reverse order.
      std::apply([](auto &...f) { (void)std::initializer_list<int>{(f.reset(), 0)...}; },
                 futures_);
    }
    return out;
  }

private:
  /// Polls futures start, start + 1, ..., the last, then the first, ...,
  /// start - 1, until one is ready.
  template <size_t... I>
  void poll_from(Context &cx, Poll<Output> &out, size_t start,
                 std::index_sequence<I...>) {
    if (!((I + 1 > start && poll_one<I>(cx, out)) || ...))
      (void)((I < start && poll_one<I>(cx, out)) || ...);
  }

  template <size_t I> bool poll_one(Context &cx, Poll<Output> &out) {
    auto &f = std::get<I>(futures_);
    auto p = f->poll(cx);
    if (p.is_pending())
      return false;
    if constexpr (std::is_void<output_t<std::tuple_element_t<I, std::tuple<F...>>>>::value)
      out = Poll<Output>(ready_in_place, std::in_place_index<I>);
    else
      out = Poll<Output>(ready_in_place, std::in_place_index<I>, std::move(p).value());
    return true;
  }

  std::tuple<std::optional<F>...> futures_;
  bool done_ = false;
};

template <class... F> using Select = BasicSelect<false, F...>;
template <class... F> using SelectBiased = BasicSelect<true, F...>;

/// Awaits the first of `futures` to complete; when several are ready, any
/// of them may win (see the file comment).
template <class... F> Select<awaitee_t<F &&>...> select(F &&...futures) {
  return Select<awaitee_t<F &&>...>(make_awaitee(std::forward<F>(futures))...);
}

/// Awaits the first of `futures` to complete; when several are ready, the
/// earliest argument wins.
template <class... F>
SelectBiased<awaitee_t<F &&>...> select_biased(F &&...futures) {
  return SelectBiased<awaitee_t<F &&>...>(
      make_awaitee(std::forward<F>(futures))...);
}

} // namespace hoist

#endif // HOIST_FUTURE_SELECT_HPP
