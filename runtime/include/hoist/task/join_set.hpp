//===- hoist/task/join_set.hpp - Many tasks, joined as they finish -*- C++ -*-//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `JoinSet<T>` is tokio's: it owns a set of spawned tasks with the same
/// output type and joins them in the order they finish.
///
///   hoist::JoinSet<int> set;
///   for (int i = 0; i < 10; ++i)
///     set.spawn(work(i));                       // onto the current executor
///   while (std::optional<int> v = co_await set.join_next())
///     use(*v);                                  // nullopt: the set is empty
///
/// - join_next() rethrows an exception that escaped a task and throws
///   hoist::JoinError for an aborted task, as awaiting its JoinHandle would;
///   the task has left the set either way, so the loop may go on.
/// - abort_all() asks every task to stop (each is then joined with
///   JoinError, unless it finished first); destroying the set aborts every
///   task still in it. detach_all() lets them run on without the set.
/// - A JoinSet belongs to one task at a time, like tokio's (`&mut self`):
///   it is not synchronized. For void tasks join_next() gives
///   std::optional<std::monostate>.
///
/// The set is a vector of JoinHandles: spawning costs the task's own
/// allocation and, now and then, the vector's growth. join_next() polls the
/// handles from a rotating start, so a handle that is always ready does not
/// starve the others; a poll costs one atomic load per unfinished task whose
/// join waker is already this task's.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TASK_JOIN_SET_HPP
#define HOIST_TASK_JOIN_SET_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/future.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/task/coop.hpp"
#include "hoist/task/join_handle.hpp"
#include "hoist/task/raw.hpp"
#include "hoist/task/spawn.hpp"

#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace hoist {

template <class T> class JoinSet {
public:
  /// What join_next() yields for one task.
  using Value = unit_t<T>;

  JoinSet() = default;
  JoinSet(JoinSet &&) noexcept = default;
  JoinSet &operator=(JoinSet &&o) noexcept {
    abort_all();
    handles_ = std::move(o.handles_);
    next_ = o.next_;
    return *this;
  }
  JoinSet(const JoinSet &) = delete;
  JoinSet &operator=(const JoinSet &) = delete;
  /// Aborts every task still in the set.
  ~JoinSet() { abort_all(); }

  /// Spawns `future` onto the current executor (as hoist::spawn) and adds
  /// it to the set. Returns the task's id.
  template <class F> uint64_t spawn(F &&future) {
    return insert(hoist::spawn(std::forward<F>(future)));
  }

  /// Spawns `future` with `executor.spawn` (a Runtime or LocalExecutor).
  template <class Executor, class F>
  uint64_t spawn_on(Executor &executor, F &&future) {
    return insert(executor.spawn(std::forward<F>(future)));
  }

  /// Adds a task spawned elsewhere. Returns its id.
  uint64_t insert(JoinHandle<T> handle) {
    uint64_t id = handle.id();
    handles_.push_back(std::move(handle));
    return id;
  }

  /// The future of join_next(): Output = std::optional<Value>, nullopt once
  /// the set is empty.
  class [[nodiscard]] JoinNext {
  public:
    using Output = std::optional<Value>;
    explicit JoinNext(JoinSet &s) noexcept : set_(&s) {}
    Poll<Output> poll(Context &cx) { return set_->poll_join_next(cx); }

  private:
    JoinSet *set_;
  };

  /// Waits for the next task to finish and gives its output.
  JoinNext join_next() noexcept { return JoinNext(*this); }

  /// The future of shutdown(): Output = void.
  class [[nodiscard]] Shutdown {
  public:
    using Output = void;
    explicit Shutdown(JoinSet &s) noexcept : set_(&s) {}
    Poll<void> poll(Context &cx) {
      if (!aborted_) {
        set_->abort_all();
        aborted_ = true;
      }
      for (;;) {
        try {
          Poll<std::optional<Value>> p = set_->poll_join_next(cx);
          if (p.is_pending())
            return pending;
          if (!p.value())
            return ready();
        } catch (...) {
          // Outputs and errors alike are discarded.
        }
      }
    }

  private:
    JoinSet *set_;
    bool aborted_ = false;
  };

  /// Aborts every task and waits until all of them are gone (their outputs
  /// and errors are discarded), leaving the set empty.
  Shutdown shutdown() noexcept { return Shutdown(*this); }

  /// The output of a task that already finished, without waiting; nullopt
  /// if none has (or the set is empty). Throws as join_next() does.
  std::optional<Value> try_join_next() {
    Context cx = Context::from_waker(noop_waker());
    Poll<std::optional<Value>> p = poll_join_next(cx);
    if (p.is_pending())
      return std::nullopt;
    return std::move(p).value();
  }

  /// Asks every task in the set to stop; they stay in the set until joined.
  void abort_all() noexcept {
    for (JoinHandle<T> &h : handles_)
      h.abort();
  }

  /// Removes every task from the set without aborting it.
  void detach_all() noexcept { handles_.clear(); }

  size_t size() const noexcept { return handles_.size(); }
  bool is_empty() const noexcept { return handles_.empty(); }

  /// Polls the tasks once for one that finished (see join_next).
  Poll<std::optional<Value>> poll_join_next(Context &cx) {
    size_t n = handles_.size();
    if (n == 0)
      return Poll<std::optional<Value>>(ready_in_place, std::nullopt);
    if (!coop::has_budget_remaining()) {
      // Out of budget: yield once here rather than in every handle's poll.
      cx.waker().wake_by_ref();
      return pending;
    }
    size_t start = next_ < n ? next_ : 0;
    for (size_t k = 0; k < n; ++k) {
      size_t i = start + k < n ? start + k : start + k - n;
      try {
        if constexpr (std::is_void<T>::value) {
          if (handles_[i].poll(cx).is_ready()) {
            remove(i);
            return Poll<std::optional<Value>>(ready_in_place, Value{});
          }
        } else {
          Poll<T> p = handles_[i].poll(cx);
          if (p.is_ready()) {
            std::optional<Value> v(std::move(p).value());
            remove(i);
            return Poll<std::optional<Value>>(ready_in_place, std::move(v));
          }
        }
      } catch (...) {
        // The task threw (or was aborted): it leaves the set, then the
        // error goes to the caller.
        remove(i);
        throw;
      }
    }
    return pending;
  }

private:
  /// Takes handle `i` out (order does not matter) and starts the next poll
  /// just after it.
  void remove(size_t i) {
    if (i + 1 != handles_.size())
      handles_[i] = std::move(handles_.back());
    handles_.pop_back();
    next_ = i + 1;
  }

  std::vector<JoinHandle<T>> handles_;
  size_t next_ = 0; ///< where the next poll starts
};

} // namespace hoist

#endif // HOIST_TASK_JOIN_SET_HPP
