//===- hoist/executor/local_executor.hpp - A one-thread executor -*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `LocalExecutor` runs tasks on the thread that created it (tokio's
/// current_thread runtime with a LocalSet): its tasks never move between
/// threads, so their futures need not be thread-safe. Wakers may still be
/// used from any thread; such wake-ups go through a locked remote queue and
/// interrupt the executor's reactor.
///
///   hoist::LocalExecutor ex;
///   auto h = ex.spawn(worker(1));            // queued, runs inside block_on
///   int r = ex.block_on(main_task());        // runs everything until done
///
/// Tasks run only while the thread is inside block_on(). The executor has
/// its own reactor (sockets and timers of its tasks) and, on first use, a
/// blocking pool. Destroying it cancels every task left (their handles
/// throw JoinError). spawn() and block_on() must be called on the owning
/// thread; anything else aborts with a message.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_EXECUTOR_LOCAL_EXECUTOR_HPP
#define HOIST_EXECUTOR_LOCAL_EXECUTOR_HPP

#include "hoist/core/future.hpp"
#include "hoist/executor/context.hpp"
#include "hoist/task/harness.hpp"

#include <type_traits>
#include <utility>

namespace hoist {

namespace detail {
class LocalShared;
Scheduler &local_scheduler(LocalShared &s);
Scheduler &local_blocking_pool(LocalShared &s);
/// Runs the executor until `poll_main(main, cx)` returns true.
void local_block_on(LocalShared &s, bool (*poll_main)(void *, Context &),
                    void *main);
} // namespace detail

class LocalExecutor {
public:
  LocalExecutor();
  ~LocalExecutor();
  LocalExecutor(const LocalExecutor &) = delete;
  LocalExecutor &operator=(const LocalExecutor &) = delete;

  /// Queues `future` as a task of this executor.
  template <class F> JoinHandle<output_t<awaitee_t<F &&>>> spawn(F &&future) {
    check_owner("LocalExecutor::spawn");
    return detail::spawn_on(detail::local_scheduler(*shared_),
                            std::forward<F>(future));
  }

  /// Runs `fn()` on this executor's blocking pool.
  template <class Fn>
  JoinHandle<std::invoke_result_t<std::decay_t<Fn> &>> spawn_blocking(Fn &&fn) {
    return detail::spawn_on(
        detail::local_blocking_pool(*shared_),
        detail::BlockingTask<std::decay_t<Fn>>(std::forward<Fn>(fn)));
  }

  /// Runs `future` to completion on this thread, running the executor's
  /// tasks meanwhile; returns its output (or rethrows its exception).
  template <class F> output_t<awaitee_t<F &&>> block_on(F &&future) {
    using Fut = awaitee_t<F &&>;
    using T = output_t<Fut>;
    struct Main {
      Fut fut;
      Poll<T> result = pending;
    } main{make_awaitee(std::forward<F>(future))};
    detail::local_block_on(
        *shared_,
        [](void *p, Context &cx) {
          Main &m = *static_cast<Main *>(p);
          m.result = m.fut.poll(cx);
          return m.result.is_ready();
        },
        &main);
    return std::move(main.result).value();
  }

private:
  void check_owner(const char *what) const;

  detail::LocalShared *shared_;
};

} // namespace hoist

#endif // HOIST_EXECUTOR_LOCAL_EXECUTOR_HPP
