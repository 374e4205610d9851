//===- hoist/task/spawn.hpp - spawn and spawn_blocking ----------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The free functions that spawn onto the current executor (see
/// executor/context.hpp), for code running inside a task:
///
///   hoist::JoinHandle<int> h = hoist::spawn(compute(3));
///   hoist::JoinHandle<std::string> b =
///       hoist::spawn_blocking([] { return read_file("x"); });
///
/// Called outside of any executor they abort with a message: use
/// Runtime::spawn / LocalExecutor::spawn there instead.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TASK_SPAWN_HPP
#define HOIST_TASK_SPAWN_HPP

#include "hoist/executor/context.hpp"
#include "hoist/task/harness.hpp"

#include <type_traits>
#include <utility>

namespace hoist {

/// Spawns `future` onto the executor running the calling thread. The task
/// is one allocation holding the future by value.
template <class F> JoinHandle<output_t<awaitee_t<F &&>>> spawn(F &&future) {
  detail::Scheduler *s = detail::current_context().spawner;
  if (!s)
    detail::runtime_misuse(
        "hoist::spawn() called outside of an executor: call it from a task, "
        "inside Runtime::block_on / LocalExecutor::block_on, or use "
        "Runtime::spawn / LocalExecutor::spawn");
  return detail::spawn_on(*s, std::forward<F>(future));
}

/// Runs `fn()` on the current executor's blocking thread pool and returns a
/// handle to await its result (exceptions included). abort() only cancels
/// a call that has not started.
template <class Fn>
JoinHandle<std::invoke_result_t<std::decay_t<Fn> &>> spawn_blocking(Fn &&fn) {
  detail::ExecutorContext &cx = detail::current_context();
  if (!cx.blocking)
    detail::runtime_misuse(
        "hoist::spawn_blocking() called outside of an executor: call it from "
        "a task, or use Runtime::spawn_blocking / LocalExecutor::spawn_blocking");
  detail::Scheduler *pool = cx.blocking(cx.blocking_owner);
  return detail::spawn_on(
      *pool, detail::BlockingTask<std::decay_t<Fn>>(std::forward<Fn>(fn)));
}

} // namespace hoist

#endif // HOIST_TASK_SPAWN_HPP
