//===- hoist/task/join_handle.hpp - Await a spawned task --------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `JoinHandle<T>` is what spawn() returns. It is a future with Output = T:
///
///   hoist::JoinHandle<int> h = hoist::spawn(work());
///   int v = co_await h;          // the task's co_return value
///
/// - An exception that escaped the task is rethrown by the await.
/// - `h.abort()` cancels the task: its future is destroyed (on the
///   executor, at its next turn) and the await throws hoist::JoinError.
///   A task that already completed keeps its output.
/// - Destroying the handle detaches the task; it keeps running. An
///   exception that escapes it then is reported (task/unhandled.hpp).
/// - Polling it again after it returned its output aborts the process.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TASK_JOIN_HANDLE_HPP
#define HOIST_TASK_JOIN_HANDLE_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/future.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/task/coop.hpp"
#include "hoist/task/raw.hpp"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>

namespace hoist {

namespace detail {
struct JoinHandleAccess;
} // namespace detail

template <class T> class [[nodiscard]] JoinHandle {
public:
  using Output = T;

  JoinHandle(JoinHandle &&other) noexcept
      : task_(std::exchange(other.task_, nullptr)),
        finished_(other.finished_) {}
  JoinHandle &operator=(JoinHandle &&other) noexcept {
    JoinHandle moved(std::move(other));
    std::swap(task_, moved.task_);
    std::swap(finished_, moved.finished_);
    return *this;
  }
  JoinHandle(const JoinHandle &) = delete;
  JoinHandle &operator=(const JoinHandle &) = delete;
  ~JoinHandle() {
    if (task_)
      detail::drop_join_handle(task_);
  }

  /// Ready with the task's output once it completed (see the file comment).
  Poll<T> poll(Context &cx) {
    if (!task_) {
      std::fprintf(stderr, "hoist: polled a JoinHandle %s\n",
                   finished_ ? "after it returned the task's output"
                             : "that was moved from");
      std::abort();
    }
    auto budget = coop::poll_proceed(cx);
    if (!budget)
      return pending;
    std::optional<detail::TaskResult<T>> out;
    if (!detail::try_read_output(task_, &out, cx.waker()))
      return pending;
    detail::TaskResult<T> &result = *out;
    budget.made_progress();
    detail::drop_join_handle(std::exchange(task_, nullptr));
    finished_ = true;
    switch (result.index()) {
    case 1:
      if constexpr (std::is_void<T>::value)
        return ready();
      else
        return Poll<T>(ready_in_place, std::move(std::get<1>(result)));
    case 2:
      std::rethrow_exception(std::get<2>(result));
    default:
      throw JoinError();
    }
  }

  /// Requests cancellation; no effect once the task completed.
  void abort() noexcept {
    if (task_)
      detail::remote_abort(task_);
  }

  /// True once the task completed (or the output was taken).
  bool is_finished() const noexcept {
    return finished_ || (task_ && task_->state.load().is_complete());
  }

  /// The task's process-unique id (0 after the output was taken).
  uint64_t id() const noexcept { return task_ ? task_->id : 0; }

private:
  friend struct detail::JoinHandleAccess;

  explicit JoinHandle(detail::Header *task) noexcept : task_(task) {}

  detail::Header *task_;
  bool finished_ = false;
};

} // namespace hoist

#endif // HOIST_TASK_JOIN_HANDLE_HPP
