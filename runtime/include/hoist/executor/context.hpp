//===- hoist/executor/context.hpp - The current executor --------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// How runtime services find their executor: like tokio's thread-local
/// runtime handle, each thread has a current context, set while it runs an
/// executor (a Runtime worker, Runtime::block_on, LocalExecutor::block_on,
/// or an explicit Runtime::enter()). It names three things:
///
///   spawner   where hoist::spawn() puts new tasks
///   driver    the reactor (epoll + timer wheel) that timers and sockets
///             register with on their first poll
///   blocking  the pool that hoist::spawn_blocking() uses
///
/// Outside any executor there is no spawner: hoist::spawn() aborts with a
/// message. Timers and sockets fall back to a process-wide driver running on
/// a background thread started on first use, so that plain hoist::block_on
/// can sleep and do I/O (see docs/runtime.md).
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_EXECUTOR_CONTEXT_HPP
#define HOIST_EXECUTOR_CONTEXT_HPP

#include "hoist/task/raw.hpp"

#include <cstdio>
#include <cstdlib>

namespace hoist::detail {

class Driver;

/// The thread's current executor (see the file comment). Thread-local.
struct ExecutorContext {
  Scheduler *spawner = nullptr;
  Driver *driver = nullptr;
  Scheduler *(*blocking)(void *owner) = nullptr; ///< lazily creates the pool
  void *blocking_owner = nullptr;
};

ExecutorContext &current_context() noexcept;

/// Where the runtime's own blocking calls go (a name lookup): the current
/// executor's blocking pool or, outside any executor, a process-wide pool
/// started on first use (its threads leave when idle), so that these
/// services work under plain hoist::block_on as timers and sockets do.
Scheduler &current_blocking_pool();

/// Sets the thread's context for its lifetime and restores the previous one.
class ContextGuard {
public:
  explicit ContextGuard(const ExecutorContext &cx) noexcept
      : prev_(current_context()) {
    current_context() = cx;
  }
  ~ContextGuard() { current_context() = prev_; }
  ContextGuard(const ContextGuard &) = delete;
  ContextGuard &operator=(const ContextGuard &) = delete;

private:
  ExecutorContext prev_;
};

[[noreturn]] inline void runtime_misuse(const char *what) {
  std::fprintf(stderr, "hoist: %s\n", what);
  std::fflush(stderr);
  std::abort();
}

} // namespace hoist::detail

#endif // HOIST_EXECUTOR_CONTEXT_HPP
