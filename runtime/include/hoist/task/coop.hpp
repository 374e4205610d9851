//===- hoist/task/coop.hpp - The cooperative scheduling budget --*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A task that is always ready (a loop over a channel that never empties)
/// would never return to the executor and starve every other task. As in
/// tokio, each poll of a task gets a budget of 128 operations; every leaf
/// future of the runtime (channels, sockets, timers, JoinHandle) spends one
/// unit when it completes, and once the budget is spent it returns pending
/// after waking its task, so the task goes to the back of the queue.
///
/// Outside an executor (hoist::block_on) the budget is unconstrained.
///
///   auto b = coop::poll_proceed(cx);   // pending if the budget is spent
///   if (!b) return hoist::pending;
///   ... if (done) { b.made_progress(); return hoist::ready(...); }
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TASK_COOP_HPP
#define HOIST_TASK_COOP_HPP

#include "hoist/core/context.hpp"

namespace hoist::coop {

/// Units per task poll.
inline constexpr int kInitialBudget = 128;
/// The value meaning "no budget applies".
inline constexpr int kUnconstrained = -1;

namespace detail {
/// The budget of the task being polled on this thread. Touched only by
/// this thread: a plain thread_local int.
inline thread_local int budget = kUnconstrained;
} // namespace detail

/// Resets the budget before polling a task; returns the previous value.
inline int set_budget(int b) noexcept {
  int prev = detail::budget;
  detail::budget = b;
  return prev;
}

/// True if the current task has budget left (always, outside executors).
inline bool has_budget_remaining() noexcept { return detail::budget != 0; }

/// One unit of budget, taken by poll_proceed: given back unless the
/// operation reports progress.
class [[nodiscard]] RestoreOnPending {
public:
  explicit RestoreOnPending(bool ok, bool charged) noexcept
      : ok_(ok), charged_(charged) {}
  RestoreOnPending(const RestoreOnPending &) = delete;
  RestoreOnPending &operator=(const RestoreOnPending &) = delete;
  ~RestoreOnPending() {
    if (charged_ && detail::budget >= 0)
      ++detail::budget;
  }
  explicit operator bool() const noexcept { return ok_; }
  void made_progress() noexcept { charged_ = false; }

private:
  bool ok_;
  bool charged_;
};

/// Takes one unit of budget. If none is left, wakes the task (so it is
/// polled again after the others) and returns a falsy value: the caller
/// returns pending.
inline RestoreOnPending poll_proceed(Context &cx) {
  int &b = detail::budget;
  if (b < 0)
    return RestoreOnPending(true, false);
  if (b == 0) {
    cx.waker().wake_by_ref();
    return RestoreOnPending(false, false);
  }
  --b;
  return RestoreOnPending(true, true);
}

/// RAII: sets a fresh budget for one task poll and restores the old one.
class BudgetScope {
public:
  explicit BudgetScope(int b = kInitialBudget) noexcept : prev_(set_budget(b)) {}
  ~BudgetScope() { set_budget(prev_); }
  BudgetScope(const BudgetScope &) = delete;
  BudgetScope &operator=(const BudgetScope &) = delete;

private:
  int prev_;
};

} // namespace hoist::coop

#endif // HOIST_TASK_COOP_HPP
