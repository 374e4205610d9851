//===- blocking_pool.hpp - Threads for spawn_blocking ------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The bounded pool behind spawn_blocking(fn). Blocking calls are tasks
/// like any other (same Cell, same JoinHandle), whose future runs `fn` in
/// its single poll; the pool is their Scheduler. Threads are started on
/// demand up to a limit and exit after 10 s idle (tokio's keep-alive). At
/// shutdown, calls that have not started are cancelled (their handles
/// throw JoinError) and the pool waits for the running ones to return.
/// Outside any executor, current_blocking_pool() (executor/context.hpp)
/// gives a process-wide pool of the same kind that is never shut down.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SRC_EXECUTOR_BLOCKING_POOL_HPP
#define HOIST_SRC_EXECUTOR_BLOCKING_POOL_HPP

#include "owned_tasks.hpp"

#include "hoist/executor/context.hpp"
#include "hoist/task/raw.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace hoist::detail {

class BlockingPool final : public Scheduler {
public:
  /// `context` is installed on the pool's threads, so that a blocking
  /// call can spawn onto (and use the reactor of) its executor.
  BlockingPool(size_t max_threads, ExecutorContext context,
               std::chrono::milliseconds keep_alive = std::chrono::seconds(10));

  void spawn_new(Header *task) override;
  void schedule(Header *task) override;
  void yield_task(Header *task) override { schedule(task); }
  bool release(Header *) noexcept override { return false; }
  void retain() noexcept override;
  void release_ref() noexcept override;

  /// Cancels queued calls and waits for running ones. Idempotent.
  void shutdown();

  /// True while a call is queued or running (a paused clock does not
  /// auto-advance past it: hoist/time/pause.hpp).
  bool is_busy() const noexcept {
    return in_flight_.load(std::memory_order_acquire) != 0;
  }

private:
  ~BlockingPool() = default;
  void worker();
  void call_done() noexcept;

  const size_t max_threads_;
  const ExecutorContext context_;
  const std::chrono::milliseconds keep_alive_;

  // Owners: the executor and every thread and task of the pool. relaxed
  // increment, acq_rel decrement.
  std::atomic<long> refs_{1};
  // Calls queued or running: incremented when queued, decremented (acq_rel)
  // after the call ran or was cancelled; when it drops to zero while the
  // clock is paused, the executor's reactor is unparked so that it can
  // auto-advance again.
  std::atomic<size_t> in_flight_{0};

  // Guards everything below.
  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  TaskQueue queue_;
  size_t threads_ = 0;
  size_t idle_ = 0;
  size_t wakeups_ = 0; ///< notifications not yet consumed by idle threads
  bool shutdown_ = false;
};

} // namespace hoist::detail

#endif // HOIST_SRC_EXECUTOR_BLOCKING_POOL_HPP
