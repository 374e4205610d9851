//===- hoist/task/raw.hpp - The type-erased task ----------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A task is ONE heap allocation, `Cell<F>` (task/harness.hpp), that starts
/// with this type-erased `Header` and holds the future by value right after
/// it. The future is constructed there once and never moved again, which is
/// what generated futures (pinned after their first poll) require.
///
///   Cell<F> ------------------------------------------------------------+
///   | Header: state word | vtable | scheduler | queue link | list links |
///   |         join waker slot | id                                     |
///   | stage:  Running(F) | Finished(TaskResult<T>) | Consumed          |
///   +-------------------------------------------------------------------+
///
/// The executor-independent part of the task machinery lives here and in
/// src/task/harness.cpp: running a task once, completing it, cancelling it,
/// its Waker vtable, and the JoinHandle side of the join protocol. An
/// executor only provides a `Scheduler`: where woken tasks are queued.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TASK_RAW_HPP
#define HOIST_TASK_RAW_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/waker.hpp"
#include "hoist/task/state.hpp"

#include <cstdint>
#include <exception>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <variant>

namespace hoist {

/// Thrown by awaiting a JoinHandle whose task was cancelled (by abort() or
/// by the shutdown of its executor), like tokio's JoinError::Cancelled. An
/// exception that escaped the task itself is rethrown as is instead.
class JoinError : public std::runtime_error {
public:
  JoinError() : std::runtime_error("hoist: task was cancelled") {}
  bool is_cancelled() const noexcept { return true; }
};

/// T, or std::monostate for void: a storable output type.
template <class T>
using unit_t = std::conditional_t<std::is_void<T>::value, std::monostate, T>;

namespace detail {

struct Header;

/// Where an executor queues its tasks. Implemented by LocalExecutor,
/// Runtime and the blocking pool. Each task keeps its scheduler alive with
/// a reference (retain at spawn, release when the task is freed), so a
/// waker that outlives the executor never touches freed memory.
class Scheduler {
public:
  /// A new task (state: NOTIFIED, 3 refs): add it to the owned list (its
  /// ref) and queue it (its entry's ref). On a closed executor, cancel it.
  virtual void spawn_new(Header *task) = 0;
  /// A waker submitted the task; the queue entry owns one ref.
  virtual void schedule(Header *task) = 0;
  /// The task woke itself while it was polled (yield_now, coop budget):
  /// queue it behind the others.
  virtual void yield_task(Header *task) = 0;
  /// The task completed: unlink it from the owned list. True if it was
  /// there, in which case the caller drops the list's ref too.
  virtual bool release(Header *task) noexcept = 0;
  virtual void retain() noexcept = 0;
  virtual void release_ref() noexcept = 0;
  /// Wakes `waker` once the executor has run every task that is ready
  /// (tokio's context::defer; hoist::time::advance uses it so that the
  /// tasks its timers woke run before it returns). False if this executor
  /// cannot (then the caller wakes at once, as yield_now does).
  virtual bool defer(const Waker &) { return false; }

protected:
  ~Scheduler() = default;
};

/// The operations that depend on the future's type.
struct TaskVTable {
  /// Polls the future once. On ready (or exception) stores the result in
  /// the stage, destroying the future, and returns true.
  bool (*poll_future)(Header *, Context &);
  /// Destroys the future and stores "cancelled" as the result.
  void (*cancel)(Header *);
  /// Destroys whatever the stage holds (future or output). Nobody will
  /// read it: an exception stored there is reported (task/unhandled.hpp).
  void (*drop_stage)(Header *);
  /// Moves the stored result into `*out` (a std::optional<TaskResult<T>>).
  void (*read_output)(Header *, void *out);
  /// Destroys the stage and frees the allocation.
  void (*dealloc)(Header *);
  /// The future's type as std::type_info::name() gives it (mangled), or
  /// nullptr without RTTI: what a report calls the task.
  const char *(*type_name)() noexcept;
};

/// The type-erased head of every task (see the file comment).
struct Header {
  explicit Header(const TaskVTable *vtable_in, Scheduler *scheduler_in,
                  uint64_t id_in) noexcept
      : vtable(vtable_in), scheduler(scheduler_in), id(id_in) {}

  State state;
  const TaskVTable *vtable;
  Scheduler *scheduler;
  /// Link for intrusive FIFO queues (injector, remote and blocking queues);
  /// owned by whoever holds the queue's lock.
  Header *queue_next = nullptr;
  /// Links in the executor's owned-task list; guarded by that list's lock.
  Header *owned_prev = nullptr;
  Header *owned_next = nullptr;
  bool owned = false;
  uint64_t id;
  /// The JoinHandle's waker (ownership: see JOIN_WAKER in state.hpp).
  std::optional<Waker> join_waker;
};

/// A process-unique task id.
uint64_t next_task_id() noexcept;

/// The waker vtable of tasks: data is the Header.
extern const RawWakerVTable task_waker_vtable;

/// Runs a task popped from a queue once: poll (or cancel) and hand it on.
/// Consumes the queue entry's ref. The caller sets the coop budget.
void run_task(Header *task);

/// Cancels a task during executor shutdown; consumes one ref of the caller.
void shutdown_task(Header *task);

/// Drops a queue entry without running it; consumes its ref.
void drop_notified(Header *task);

/// JoinHandle side: true if the output is ready (and moved into `out`);
/// otherwise `waker` is stored to be woken at completion.
bool try_read_output(Header *task, void *out, const Waker &waker);

/// JoinHandle side: the handle is gone (consumes the handle's ref).
void drop_join_handle(Header *task);

/// JoinHandle side: request cancellation.
void remote_abort(Header *task);

/// The task's result as kept in the stage and returned to the JoinHandle.
struct Cancelled {};
template <class T>
using TaskResult =
    std::variant<std::monostate, unit_t<T>, std::exception_ptr, Cancelled>;

} // namespace detail
} // namespace hoist

#endif // HOIST_TASK_RAW_HPP
