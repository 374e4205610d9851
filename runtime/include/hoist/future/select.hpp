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
/// std::monostate), so equal output types stay distinguishable. Futures
/// are polled in argument order on every poll (tokio's `biased;` mode): an
/// earlier future wins a tie.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_FUTURE_SELECT_HPP
#define HOIST_FUTURE_SELECT_HPP

#include "hoist/core/future.hpp"
#include "hoist/future/join.hpp"
#include "hoist/task/raw.hpp"

#include <optional>
#include <tuple>
#include <utility>
#include <variant>

namespace hoist {

/// The future of select(f...).
template <class... F> class [[nodiscard]] Select {
public:
  using Output = std::variant<unit_t<output_t<F>>...>;

  explicit Select(F &&...f)
      : futures_(std::optional<F>(std::in_place, std::move(f))...) {}

  Poll<Output> poll(Context &cx) {
    if (done_)
      detail::polled_after_completion("select");
    Poll<Output> out = pending;
    poll_each(cx, out, std::index_sequence_for<F...>());
    if (out.is_ready()) {
      done_ = true;
      // Destroy the losers now, in reverse order.
      std::apply([](auto &...f) { (void)std::initializer_list<int>{(f.reset(), 0)...}; },
                 futures_);
    }
    return out;
  }

private:
  template <size_t... I>
  void poll_each(Context &cx, Poll<Output> &out, std::index_sequence<I...>) {
    (void)((poll_one<I>(cx, out)) || ...);
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

/// Awaits the first of `futures` to complete (see the file comment).
template <class... F> Select<awaitee_t<F &&>...> select(F &&...futures) {
  return Select<awaitee_t<F &&>...>(make_awaitee(std::forward<F>(futures))...);
}

} // namespace hoist

#endif // HOIST_FUTURE_SELECT_HPP
