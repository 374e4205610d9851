//===- runtime.cpp - The multi-threaded work-stealing runtime ------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The scheduler behind hoist::Runtime, after tokio's multi_thread
/// scheduler (docs/runtime.md has the picture):
///
///   - Each worker has a Core (its LIFO slot, tick, searching flag), used
///     only by its thread, and a shared part (its LocalQueue, its parker)
///     that other threads touch.
///   - A wake-up on a worker thread goes to that worker's LIFO slot (the
///     woken task runs next, with the cache still warm); the previous LIFO
///     task moves to the local queue. At most 3 LIFO tasks run in a row, and
///     they share one coop budget, so two tasks waking each other cannot
///     starve the queue. Wake-ups from other threads go to the injector.
///   - A worker takes work from: the injector every 61st tick (fairness),
///     else LIFO slot, local queue, injector (a batch), then steals half of
///     a random victim's queue, then parks.
///   - Parking: the first idle worker to win the reactor's try_lock blocks
///     in epoll_wait; the others wait on their condition variables.
///     Unparking wakes the reactor through its eventfd, or the condition
///     variable. Every 61st tick a busy worker turns the reactor without
///     blocking, so I/O and timers keep flowing when no worker is idle.
///
//===----------------------------------------------------------------------===//
#include "hoist/executor/runtime.hpp"

#include "blocking_pool.hpp"
#include "idle.hpp"
#include "local_queue.hpp"
#include "owned_tasks.hpp"

#include "hoist/io/driver.hpp"
#include "hoist/task/coop.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace hoist::detail {

//===----------------------------------------------------------------------===//
// The global injection queue
//===----------------------------------------------------------------------===//

/// A locked FIFO with a lock-free length, so empty checks cost no lock.
class Inject {
public:
  /// False if closed (the caller drops the entries).
  bool push_chain(Header *first, Header *last, size_t n) {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_)
      return false;
    queue_.push_chain(first, last, n);
    // seq_cst: part of the push-then-check-sleepers protocol (idle.hpp).
    len_.store(queue_.size(), std::memory_order_seq_cst);
    return true;
  }

  Header *pop() {
    if (len_.load(std::memory_order_seq_cst) == 0)
      return nullptr;
    std::lock_guard<std::mutex> lock(mu_);
    Header *t = queue_.pop();
    len_.store(queue_.size(), std::memory_order_seq_cst);
    return t;
  }

  /// Pops up to `max` tasks: returns the first, pushes the rest with `push`.
  /// `push` runs after the lock is released: a full local queue overflows
  /// back into this queue (push_chain), which would otherwise self-deadlock.
  template <class Push> Header *pop_batch(size_t max, Push &&push) {
    if (len_.load(std::memory_order_seq_cst) == 0)
      return nullptr;
    TaskQueue batch;
    Header *first;
    {
      std::lock_guard<std::mutex> lock(mu_);
      first = queue_.pop();
      for (size_t i = 1; first && i < max; ++i) {
        Header *t = queue_.pop();
        if (!t)
          break;
        batch.push(t);
      }
      len_.store(queue_.size(), std::memory_order_seq_cst);
    }
    while (Header *t = batch.pop())
      push(t);
    return first;
  }

  bool is_empty() const { return len_.load(std::memory_order_seq_cst) == 0; }
  size_t len() const { return len_.load(std::memory_order_seq_cst); }

  /// Closes and returns whatever is queued.
  TaskQueue close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    len_.store(0, std::memory_order_seq_cst);
    return queue_.take();
  }

private:
  std::mutex mu_;
  TaskQueue queue_;  // guarded by mu_
  bool closed_ = false; // guarded by mu_
  // The queue length, stored under mu_ and read without it to skip the
  // lock when empty. seq_cst: see the push-then-check protocol in idle.hpp.
  std::atomic<size_t> len_{0};
};

//===----------------------------------------------------------------------===//
// Parking a worker
//===----------------------------------------------------------------------===//

/// One worker's parker (tokio's multi_thread park.rs). The state word:
/// EMPTY, PARKED_CONDVAR (asleep on cv_), PARKED_DRIVER (inside the
/// reactor's turn), NOTIFIED (an unpark arrived; the next park returns at
/// once). acq_rel exchanges hand the NOTIFIED token from unparker to parker.
class WorkerParker {
public:
  /// Sleeps until unpark(); `driver` is turned instead if it is free.
  void park(Driver &driver) {
    int expected = kNotified;
    if (state_.compare_exchange_strong(expected, kEmpty, std::memory_order_acq_rel))
      return;
    if (driver.try_lock()) {
      park_driver(driver);
      driver.unlock();
    } else {
      park_condvar();
    }
  }

  void unpark(Driver &driver) {
    switch (state_.exchange(kNotified, std::memory_order_acq_rel)) {
    case kEmpty:
    case kNotified:
      return;
    case kParkedCondvar: {
      // Taking the lock orders this notify after the parker's wait began.
      std::lock_guard<std::mutex> lock(mu_);
      cv_.notify_one();
      return;
    }
    case kParkedDriver:
      driver.unpark();
      return;
    }
  }

private:
  static constexpr int kEmpty = 0, kParkedCondvar = 1, kParkedDriver = 2,
                       kNotified = 3;

  void park_condvar() {
    std::unique_lock<std::mutex> lock(mu_);
    int expected = kEmpty;
    if (!state_.compare_exchange_strong(expected, kParkedCondvar,
                                        std::memory_order_acq_rel)) {
      // NOTIFIED arrived meanwhile: consume it.
      state_.exchange(kEmpty, std::memory_order_acq_rel);
      return;
    }
    for (;;) {
      cv_.wait(lock);
      expected = kNotified;
      if (state_.compare_exchange_strong(expected, kEmpty,
                                         std::memory_order_acq_rel))
        return;
      // Spurious wake-up: keep waiting.
    }
  }

  void park_driver(Driver &driver) {
    int expected = kEmpty;
    if (!state_.compare_exchange_strong(expected, kParkedDriver,
                                        std::memory_order_acq_rel)) {
      state_.exchange(kEmpty, std::memory_order_acq_rel);
      return;
    }
    driver.turn(-1);
    // Notified or not (an I/O event or a timer woke us), we are awake.
    state_.exchange(kEmpty, std::memory_order_acq_rel);
  }

  // EMPTY / PARKED_CONDVAR / PARKED_DRIVER / NOTIFIED (class comment).
  std::atomic<int> state_{kEmpty};
  std::mutex mu_;
  std::condition_variable cv_;
};

//===----------------------------------------------------------------------===//
// The scheduler
//===----------------------------------------------------------------------===//

class MultiThread;

/// What a worker thread keeps to itself.
struct Core {
  size_t index;
  Header *lifo = nullptr;
  uint64_t tick = 0;
  bool is_searching = false;
  bool is_parked = false; ///< inside park(): wake-ups still land here
  uint32_t rand;
};

/// The worker the current thread is, if any.
struct WorkerThread {
  MultiThread *rt = nullptr;
  Core *core = nullptr;
};
thread_local WorkerThread tl_worker;

class MultiThread final : public Scheduler {
public:
  explicit MultiThread(const Runtime::Options &o)
      : num_workers_(o.worker_threads ? o.worker_threads
                                      : std::max(1u, std::thread::hardware_concurrency())),
        global_interval_(o.global_queue_interval ? o.global_queue_interval : 61),
        event_interval_(o.event_interval ? o.event_interval : 61),
        idle_(num_workers_), driver_(Driver::create()),
        blocking_(new BlockingPool(o.max_blocking_threads, context())),
        remotes_(num_workers_) {
    threads_.reserve(num_workers_);
    for (size_t i = 0; i < num_workers_; ++i)
      threads_.emplace_back([this, i] { worker_main(i); });
  }

  //===--- Scheduler -------------------------------------------------------===//

  void spawn_new(Header *task) override {
    if (!owned_.bind(task)) {
      shutdown_task(task); // the list's ref
      drop_notified(task); // the queue entry's ref
      return;
    }
    schedule_task(task, /*is_yield=*/false);
  }
  void schedule(Header *task) override { schedule_task(task, false); }
  void yield_task(Header *task) override { schedule_task(task, true); }
  bool release(Header *task) noexcept override { return owned_.remove(task); }
  void retain() noexcept override { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release_ref() noexcept override {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
      delete this;
  }

  //===--- Public operations -----------------------------------------------===//

  ExecutorContext context() {
    ExecutorContext cx;
    cx.spawner = this;
    cx.driver = driver_;
    cx.blocking = [](void *owner) -> Scheduler * {
      return static_cast<MultiThread *>(owner)->blocking_;
    };
    cx.blocking_owner = this;
    return cx;
  }

  Scheduler &blocking_pool() { return *blocking_; }
  size_t num_workers() const { return num_workers_; }

  void shutdown() {
    if (tl_worker.rt == this)
      runtime_misuse("a Runtime was destroyed from one of its own worker "
                     "threads (a task cannot destroy the runtime it runs on)");
    shutdown_.store(true, std::memory_order_seq_cst);
    for (Remote &r : remotes_)
      r.parker.unpark(*driver_);
    for (std::thread &t : threads_)
      t.join();
    threads_.clear();
    // Workers are gone: no task is running. Cancel every task left.
    owned_.close();
    while (Header *t = owned_.pop())
      shutdown_task(t);
    // Drop the queue entries (the tasks are complete now).
    TaskQueue q = inject_.close();
    while (Header *t = q.pop())
      drop_notified(t);
    for (Remote &r : remotes_)
      while (Header *t = r.queue.pop())
        drop_notified(t);
    driver_->shutdown();
    blocking_->shutdown();
  }

private:
  ~MultiThread() {
    blocking_->release_ref();
    driver_->release();
  }

  /// Per-worker state other threads touch.
  struct alignas(64) Remote {
    LocalQueue queue;
    WorkerParker parker;
  };

  //===--- Scheduling ------------------------------------------------------===//

  void schedule_task(Header *task, bool is_yield) {
    WorkerThread &w = tl_worker;
    if (w.rt == this && w.core) {
      schedule_local(*w.core, task, is_yield);
      return;
    }
    // A wake from outside the workers (another thread, the signal
    // dispatcher): once the task is queued a worker may run it to the end,
    // and its owner may then destroy the runtime before notify_parked()
    // returns. Hold a reference across both (the task's own reference
    // makes taking one safe here).
    retain();
    push_remote(task, task, 1);
    notify_parked();
    release_ref();
  }

  void schedule_local(Core &core, Header *task, bool is_yield) {
    bool should_notify;
    if (!is_yield) {
      // The woken task runs next; the one it displaces goes to the queue.
      Header *prev = core.lifo;
      core.lifo = task;
      if (!prev)
        return;
      task = prev;
    }
    remotes_[core.index].queue.push_back(
        task, [this](Header *first, Header *last, size_t n) {
          push_remote(first, last, n);
        });
    should_notify = true;
    // A parked worker (turning the reactor) notifies after waking up.
    if (should_notify && !core.is_parked)
      notify_parked();
  }

  void push_remote(Header *first, Header *last, size_t n) {
    if (inject_.push_chain(first, last, n))
      return;
    // Shut down: drop the entries.
    for (Header *t = first;;) {
      Header *next = t->queue_next;
      bool end = t == last;
      drop_notified(t);
      if (end)
        break;
      t = next;
    }
  }

  void notify_parked() {
    if (std::optional<size_t> w = idle_.worker_to_notify())
      remotes_[*w].parker.unpark(*driver_);
  }

  void notify_if_work_pending() {
    std::atomic_thread_fence(std::memory_order_seq_cst);
    for (Remote &r : remotes_) {
      if (r.queue.len() > 0) {
        notify_parked();
        return;
      }
    }
    if (!inject_.is_empty())
      notify_parked();
  }

  //===--- The worker loop -------------------------------------------------===//

  void worker_main(size_t index) {
    ContextGuard guard(context());
    Core core;
    core.index = index;
    core.rand = static_cast<uint32_t>(index * 2654435761u + 1);
    tl_worker.rt = this;
    tl_worker.core = &core;
    while (!shutdown_.load(std::memory_order_acquire)) {
      ++core.tick;
      if (core.tick % event_interval_ == 0)
        maintenance();
      if (Header *t = next_task(core)) {
        run(core, t);
        continue;
      }
      if (Header *t = steal_work(core)) {
        run(core, t);
        continue;
      }
      park(core);
    }
    // Hand back what this worker still holds; shutdown drops it.
    if (core.lifo) {
      push_remote(core.lifo, core.lifo, 1);
      core.lifo = nullptr;
    }
    if (core.is_searching)
      (void)idle_.transition_worker_from_searching();
    tl_worker = WorkerThread{};
  }

  void maintenance() {
    if (driver_->try_lock()) {
      driver_->turn(0);
      driver_->unlock();
    }
  }

  Header *next_task(Core &core) {
    LocalQueue &q = remotes_[core.index].queue;
    if (core.tick % global_interval_ == 0) {
      if (Header *t = inject_.pop())
        return t;
    }
    if (Header *t = core.lifo) {
      core.lifo = nullptr;
      return t;
    }
    if (Header *t = q.pop())
      return t;
    // Refill from the injector: a fair share, at most half our queue.
    size_t n = std::min<size_t>(inject_.len() / num_workers_ + 1,
                                LocalQueue::kCapacity / 2);
    return inject_.pop_batch(n, [&](Header *t) {
      q.push_back(t, [this](Header *first, Header *last, size_t m) {
        push_remote(first, last, m);
      });
    });
  }

  Header *steal_work(Core &core) {
    if (!core.is_searching) {
      if (!idle_.transition_worker_to_searching())
        return nullptr;
      core.is_searching = true;
    }
    size_t n = num_workers_;
    core.rand ^= core.rand << 13;
    core.rand ^= core.rand >> 17;
    core.rand ^= core.rand << 5;
    size_t start = core.rand % n;
    LocalQueue &mine = remotes_[core.index].queue;
    for (size_t i = 0; i < n; ++i) {
      size_t victim = (start + i) % n;
      if (victim == core.index)
        continue;
      if (Header *t = remotes_[victim].queue.steal_into(mine))
        return t;
    }
    return inject_.pop();
  }

  void run(Core &core, Header *task) {
    if (core.is_searching) {
      core.is_searching = false;
      if (idle_.transition_worker_from_searching())
        notify_parked(); // keep someone searching for the rest
    }
    coop::BudgetScope budget;
    run_task(task);
    // Run what the task woke, within the same budget, a few times at most.
    for (int lifo_polls = 0; core.lifo; ++lifo_polls) {
      Header *t = core.lifo;
      core.lifo = nullptr;
      if (lifo_polls >= kMaxLifoPolls || !coop::has_budget_remaining() ||
          shutdown_.load(std::memory_order_relaxed)) {
        remotes_[core.index].queue.push_back(
            t, [this](Header *first, Header *last, size_t m) {
              push_remote(first, last, m);
            });
        notify_parked();
        break;
      }
      run_task(t);
    }
  }

  void park(Core &core) {
    LocalQueue &q = remotes_[core.index].queue;
    if (core.lifo || !q.is_empty())
      return;
    if (idle_.transition_worker_to_parked(core.index, core.is_searching))
      notify_if_work_pending();
    core.is_searching = false;
    core.is_parked = true;
    while (!shutdown_.load(std::memory_order_acquire)) {
      remotes_[core.index].parker.park(*driver_);
      if (core.lifo || !q.is_empty()) {
        // The reactor woke tasks onto this worker.
        core.is_searching = !idle_.unpark_worker_by_id(core.index);
        if (q.len() > 0)
          notify_parked(); // share the rest
        break;
      }
      if (!idle_.is_parked(core.index)) {
        core.is_searching = true; // a notifier woke us to search
        break;
      }
    }
    core.is_parked = false;
  }

  static constexpr int kMaxLifoPolls = 3;

  const size_t num_workers_;
  const unsigned global_interval_;
  const unsigned event_interval_;
  // Owners: the Runtime and every task. relaxed inc, acq_rel dec.
  std::atomic<long> refs_{1};
  // Set once by shutdown(); workers read it (acquire) at each loop.
  std::atomic<bool> shutdown_{false};
  Idle idle_;
  Inject inject_;
  OwnedTasks owned_;
  Driver *const driver_;
  BlockingPool *const blocking_;
  std::vector<Remote> remotes_;
  std::vector<std::thread> threads_;
};

Scheduler &runtime_scheduler(MultiThread &rt) { return rt; }
Scheduler &runtime_blocking_pool(MultiThread &rt) { return rt.blocking_pool(); }
ExecutorContext runtime_context(MultiThread &rt) { return rt.context(); }
bool is_runtime_worker_thread() noexcept { return tl_worker.rt != nullptr; }

} // namespace hoist::detail

namespace hoist {

Runtime::Runtime() : Runtime(Options()) {}
Runtime::Runtime(const Options &options) : rt_(new detail::MultiThread(options)) {}

Runtime::~Runtime() {
  rt_->shutdown();
  rt_->release_ref();
}

size_t Runtime::num_workers() const noexcept { return rt_->num_workers(); }

} // namespace hoist
