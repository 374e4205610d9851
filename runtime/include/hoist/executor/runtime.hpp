//===- hoist/executor/runtime.hpp - The work-stealing runtime ---*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `Runtime` is the multi-threaded executor, after tokio's multi_thread
/// scheduler: N worker threads, each with a bounded local run queue and a
/// LIFO slot, a global injection queue, work stealing (half a victim's
/// queue at a time), a cooperative budget, and idle workers parked without
/// spinning, one of them inside the reactor. docs/runtime.md draws it.
///
///   hoist::Runtime rt;                          // one worker per core
///   hoist::JoinHandle<int> h = rt.spawn(work(1));
///   int v = rt.block_on(main_task());           // on the calling thread
///
/// The thread calling block_on() polls the future it is given (it is not a
/// worker) while tasks run on the workers; inside it, and inside every
/// task, hoist::spawn / spawn_blocking and timers and sockets use this
/// runtime. Destroying the runtime stops the workers, cancels every task
/// left (their handles throw JoinError), and waits for running blocking
/// calls. Spawned futures move between worker threads: they must be safe
/// to poll from any thread (one at a time).
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_EXECUTOR_RUNTIME_HPP
#define HOIST_EXECUTOR_RUNTIME_HPP

#include "hoist/core/block_on.hpp"
#include "hoist/core/future.hpp"
#include "hoist/executor/context.hpp"
#include "hoist/task/harness.hpp"

#include <cstddef>
#include <type_traits>
#include <utility>

namespace hoist {

namespace detail {
class MultiThread;
Scheduler &runtime_scheduler(MultiThread &rt);
Scheduler &runtime_blocking_pool(MultiThread &rt);
ExecutorContext runtime_context(MultiThread &rt);
bool is_runtime_worker_thread() noexcept;
} // namespace detail

class Runtime {
public:
  struct Options {
    /// Worker threads; 0 means one per hardware thread.
    size_t worker_threads = 0;
    /// Upper bound of the spawn_blocking pool.
    size_t max_blocking_threads = 64;
    /// Tasks a worker runs between checks of the global queue.
    unsigned global_queue_interval = 61;
    /// Tasks a worker runs between non-blocking turns of the reactor.
    unsigned event_interval = 61;
  };

  Runtime();
  explicit Runtime(const Options &options);
  ~Runtime();
  Runtime(const Runtime &) = delete;
  Runtime &operator=(const Runtime &) = delete;

  /// Spawns `future` onto the workers.
  template <class F> JoinHandle<output_t<awaitee_t<F &&>>> spawn(F &&future) {
    return detail::spawn_on(detail::runtime_scheduler(*rt_),
                            std::forward<F>(future));
  }

  /// Runs `fn()` on the blocking pool.
  template <class Fn>
  JoinHandle<std::invoke_result_t<std::decay_t<Fn> &>> spawn_blocking(Fn &&fn) {
    return detail::spawn_on(
        detail::runtime_blocking_pool(*rt_),
        detail::BlockingTask<std::decay_t<Fn>>(std::forward<Fn>(fn)));
  }

  /// Runs `future` to completion on the calling thread, with this runtime
  /// as the current executor. Must not be called from a worker.
  template <class F> output_t<awaitee_t<F &&>> block_on(F &&future) {
    if (detail::is_runtime_worker_thread())
      detail::runtime_misuse("Runtime::block_on called from a runtime worker "
                             "thread: await the future instead");
    detail::ContextGuard guard(detail::runtime_context(*rt_));
    return hoist::block_on(std::forward<F>(future));
  }

  /// Makes this runtime the calling thread's current executor until the
  /// guard is destroyed (to spawn or create timers from plain code).
  class EnterGuard {
  public:
    explicit EnterGuard(detail::MultiThread &rt)
        : guard_(detail::runtime_context(rt)) {}

  private:
    detail::ContextGuard guard_;
  };
  [[nodiscard]] EnterGuard enter() { return EnterGuard(*rt_); }

  size_t num_workers() const noexcept;

private:
  detail::MultiThread *rt_;
};

} // namespace hoist

#endif // HOIST_EXECUTOR_RUNTIME_HPP
