//===- blocking_pool.cpp - Threads for spawn_blocking --------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// See blocking_pool.hpp.
///
//===----------------------------------------------------------------------===//
#include "blocking_pool.hpp"

#include "hoist/io/driver.hpp"
#include "hoist/task/coop.hpp"
#include "hoist/time/pause.hpp"

#include <thread>

namespace hoist::detail {

BlockingPool::BlockingPool(size_t max_threads, ExecutorContext context,
                           std::chrono::milliseconds keep_alive)
    : max_threads_(max_threads ? max_threads : 1), context_(context),
      keep_alive_(keep_alive) {}

void BlockingPool::retain() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }

void BlockingPool::release_ref() noexcept {
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
    delete this;
}

void BlockingPool::spawn_new(Header *task) {
  // No owned list: queued calls are cancelled from the queue at shutdown,
  // and running ones always complete. Drop the list's ref.
  drop_notified(task);
  schedule(task);
}

void BlockingPool::schedule(Header *task) {
  std::unique_lock<std::mutex> lock(mu_);
  if (shutdown_) {
    lock.unlock();
    shutdown_task(task); // consumes the queue entry's ref
    return;
  }
  in_flight_.fetch_add(1, std::memory_order_relaxed);
  queue_.push(task);
  if (idle_ > wakeups_) {
    ++wakeups_;
    work_cv_.notify_one();
  } else if (threads_ < max_threads_) {
    ++threads_;
    retain();
    std::thread([this] { worker(); }).detach();
  }
  // Otherwise every thread is busy: the call waits in the queue.
}

void BlockingPool::call_done() noexcept {
  if (in_flight_.fetch_sub(1, std::memory_order_acq_rel) == 1 &&
      time::is_paused() && context_.driver)
    context_.driver->unpark();
}

void BlockingPool::worker() {
  ContextGuard guard(context_);
  coop::BudgetScope unconstrained(coop::kUnconstrained);
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (Header *task = queue_.pop()) {
      lock.unlock();
      run_task(task);
      call_done();
      lock.lock();
      continue;
    }
    if (shutdown_)
      break;
    ++idle_;
    bool woke = work_cv_.wait_for(lock, keep_alive_, [&] {
      return wakeups_ > 0 || shutdown_;
    });
    --idle_;
    if (wakeups_ > 0)
      --wakeups_;
    if (!woke && queue_.empty())
      break; // idle too long
  }
  --threads_;
  if (threads_ == 0)
    done_cv_.notify_all();
  lock.unlock();
  release_ref();
}

void BlockingPool::shutdown() {
  TaskQueue pending;
  {
    std::lock_guard<std::mutex> lock(mu_);
    shutdown_ = true;
    pending = queue_.take();
    work_cv_.notify_all();
  }
  while (Header *task = pending.pop()) {
    shutdown_task(task);
    call_done();
  }
  std::unique_lock<std::mutex> lock(mu_);
  done_cv_.wait(lock, [&] { return threads_ == 0; });
}

Scheduler &current_blocking_pool() {
  ExecutorContext &cx = current_context();
  if (cx.blocking)
    return *cx.blocking(cx.blocking_owner);
  // The process-wide fallback, like the fallback driver: never shut down
  // or destroyed (it stays reachable); its threads exit when idle.
  static BlockingPool *fallback = new BlockingPool(64, ExecutorContext{});
  return *fallback;
}

} // namespace hoist::detail
