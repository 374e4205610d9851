//===- local_executor.cpp - A one-thread executor -------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The scheduler of LocalExecutor and its run loop. Two queues:
///
///   local   the owner thread's wake-ups and spawns; unsynchronized
///   remote  wake-ups from other threads; under a mutex, and each push
///           unparks the reactor
///
/// The loop polls the main future when its waker fired, otherwise runs the
/// next task; with nothing to do it turns the reactor, blocking until I/O,
/// a timer, or a remote wake-up. Every 61 tasks it turns the reactor
/// without blocking, so I/O is noticed while tasks keep the thread busy,
/// and it drains the remote queue at least every 31 tasks.
///
/// Before blocking it wakes the deferred wakers (Scheduler::defer: each
/// waits for the executor to run out of ready tasks), and while the clock
/// is paused it auto-advances instead of blocking (hoist/time/pause.hpp).
///
//===----------------------------------------------------------------------===//
#include "hoist/executor/local_executor.hpp"

#include "blocking_pool.hpp"
#include "owned_tasks.hpp"

#include "hoist/io/driver.hpp"
#include "hoist/task/coop.hpp"
#include "hoist/time/pause.hpp"

#include <mutex>
#include <thread>
#include <vector>

namespace hoist::detail {

class LocalShared final : public Scheduler {
public:
  LocalShared() : owner_(std::this_thread::get_id()), driver_(Driver::create()) {}

  void spawn_new(Header *task) override {
    if (!owned_.bind(task)) {
      shutdown_task(task); // the list's ref
      drop_notified(task); // the queue entry's ref
      return;
    }
    schedule(task);
  }

  void schedule(Header *task) override {
    if (std::this_thread::get_id() == owner_) {
      if (closed_.load(std::memory_order_relaxed)) {
        drop_notified(task);
        return;
      }
      local_.push(task);
      return;
    }
    // From another thread: once the task is queued the owner may run it to
    // the end and destroy the executor before unpark() returns; hold a
    // reference across both (the task's own makes taking one safe).
    retain();
    {
      std::lock_guard<std::mutex> lock(remote_mu_);
      if (closed_.load(std::memory_order_relaxed)) {
        // Dropping the entry may free the task; not under our lock.
      } else {
        remote_.push(task);
        // relaxed: the flag is a hint; the queue itself is read under
        // the lock.
        has_remote_.store(true, std::memory_order_relaxed);
        task = nullptr;
      }
    }
    if (task)
      drop_notified(task);
    else
      driver_->unpark();
    release_ref();
  }

  void yield_task(Header *task) override { schedule(task); }
  bool defer(const Waker &waker) override {
    if (std::this_thread::get_id() != owner_ || !running_)
      return false;
    deferred_.push_back(waker);
    return true;
  }

  /// Wakes the deferred wakers; false if there were none.
  bool wake_deferred() {
    if (deferred_.empty())
      return false;
    std::vector<Waker> wakers;
    wakers.swap(deferred_);
    for (Waker &w : wakers)
      w.wake();
    return true;
  }

  /// The paused clock's auto-advance, called with nothing to run: polls
  /// the reactor without blocking and, if that readied nothing and no
  /// blocking call is in flight, moves the clock to the earliest timer and
  /// fires what came due. False if the executor should block instead (no
  /// timer, a blocking call to wait for, or the clock is no longer
  /// paused).
  bool auto_advance() {
    turn(0);
    if (has_work())
      return true;
    if (blocking_ && blocking_->is_busy())
      return false; // its completion unparks the reactor
    std::optional<Instant> next = driver_->next_timer_deadline();
    if (!next || !advance_clock_to(*next))
      return false;
    turn(0);
    return true;
  }

  bool has_work() const {
    return !local_.empty() || has_remote_.load(std::memory_order_relaxed) ||
           main_woken_.load(std::memory_order_acquire);
  }
  bool release(Header *task) noexcept override { return owned_.remove(task); }
  void retain() noexcept override { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release_ref() noexcept override {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
      delete this;
  }

  Scheduler &blocking_pool() {
    std::call_once(blocking_once_,
                   [&] { blocking_ = new BlockingPool(64, context()); });
    return *blocking_;
  }

  /// The executor context of this executor (see executor/context.hpp).
  ExecutorContext context() {
    ExecutorContext ecx;
    ecx.spawner = this;
    ecx.driver = driver_;
    ecx.blocking = [](void *owner) -> Scheduler * {
      return &static_cast<LocalShared *>(owner)->blocking_pool();
    };
    ecx.blocking_owner = this;
    return ecx;
  }

  Header *next_task(uint64_t tick) {
    if ((local_.empty() || tick % 31 == 0) &&
        has_remote_.load(std::memory_order_relaxed)) {
      std::lock_guard<std::mutex> lock(remote_mu_);
      TaskQueue q = remote_.take();
      has_remote_.store(false, std::memory_order_relaxed);
      while (Header *t = q.pop())
        local_.push(t);
    }
    return local_.pop();
  }

  void turn(int timeout_ms) {
    // Other threads take the turn lock only briefly (to free a socket
    // record), so spinning for it is fine.
    while (!driver_->try_lock())
      std::this_thread::yield();
    driver_->turn(timeout_ms);
    driver_->unlock();
  }

  void shutdown() {
    {
      std::lock_guard<std::mutex> lock(remote_mu_);
      closed_.store(true, std::memory_order_relaxed);
    }
    owned_.close();
    while (Header *t = owned_.pop())
      shutdown_task(t);
    drain();
    deferred_.clear();
    driver_->shutdown();
    if (blocking_)
      blocking_->shutdown();
    drain();
  }

  void drain() {
    while (Header *t = local_.pop())
      drop_notified(t);
    TaskQueue q;
    {
      std::lock_guard<std::mutex> lock(remote_mu_);
      q = remote_.take();
    }
    while (Header *t = q.pop())
      drop_notified(t);
  }

  static const RawWakerVTable main_waker_vtable;

  const std::thread::id owner_;
  Driver *const driver_;
  // Set by the main future's waker; acq_rel exchange by the loop.
  std::atomic<bool> main_woken_{false};
  bool running_ = false; ///< inside block_on (owner thread only)

private:
  ~LocalShared() {
    if (blocking_)
      blocking_->release_ref();
    driver_->release();
  }

  // Owners: the LocalExecutor, each task, each main-future waker.
  std::atomic<long> refs_{1};
  // Set once at shutdown; written under remote_mu_, read relaxed on the
  // owner thread (which wrote it) or under remote_mu_.
  std::atomic<bool> closed_{false};
  OwnedTasks owned_;
  TaskQueue local_; // owner thread only
  std::mutex remote_mu_;
  TaskQueue remote_; // guarded by remote_mu_
  // A hint that remote_ is not empty, so the owner skips the lock when
  // it is; relaxed (the queue itself is read under remote_mu_, and every
  // remote push also unparks the reactor).
  std::atomic<bool> has_remote_{false};
  std::vector<Waker> deferred_; // owner thread only
  std::once_flag blocking_once_;
  BlockingPool *blocking_ = nullptr;
};

namespace {
LocalShared *shared_of(const void *data) {
  return static_cast<LocalShared *>(const_cast<void *>(data));
}
void main_wake_by_ref(const void *data) {
  LocalShared *s = shared_of(data);
  s->main_woken_.store(true, std::memory_order_release);
  if (std::this_thread::get_id() != s->owner_)
    s->driver_->unpark();
}
} // namespace

const RawWakerVTable LocalShared::main_waker_vtable{
    [](const void *data) {
      shared_of(data)->retain();
      return RawWaker{data, &main_waker_vtable};
    },
    [](const void *data) {
      main_wake_by_ref(data);
      shared_of(data)->release_ref();
    },
    &main_wake_by_ref,
    [](const void *data) { shared_of(data)->release_ref(); },
};

Scheduler &local_scheduler(LocalShared &s) { return s; }
Scheduler &local_blocking_pool(LocalShared &s) { return s.blocking_pool(); }

void local_block_on(LocalShared &s, bool (*poll_main)(void *, Context &),
                    void *main) {
  if (std::this_thread::get_id() != s.owner_)
    runtime_misuse("LocalExecutor::block_on called from a thread other than "
                   "the one that created the executor");
  if (s.running_)
    runtime_misuse("LocalExecutor::block_on called from inside its own "
                   "block_on (it is not reentrant)");
  ContextGuard guard(s.context());
  struct Running {
    bool &flag;
    ~Running() { flag = false; }
  } running{s.running_};
  s.running_ = true;

  s.retain();
  Waker waker = Waker::from_raw(RawWaker{&s, &LocalShared::main_waker_vtable});
  Context cx = Context::from_waker(waker);
  s.main_woken_.store(true, std::memory_order_relaxed);
  uint64_t tick = 0;
  for (;;) {
    if (s.main_woken_.exchange(false, std::memory_order_acq_rel)) {
      coop::BudgetScope budget;
      if (poll_main(main, cx))
        return;
    }
    if (Header *task = s.next_task(tick)) {
      {
        coop::BudgetScope budget;
        run_task(task);
      }
      if (++tick % 61 == 0)
        s.turn(0);
      continue;
    }
    if (s.main_woken_.load(std::memory_order_acquire))
      continue;
    if (s.wake_deferred())
      continue;
    if (time::is_paused() && s.auto_advance())
      continue;
    s.turn(-1);
  }
}

} // namespace hoist::detail

namespace hoist {

LocalExecutor::LocalExecutor() : shared_(new detail::LocalShared()) {}

LocalExecutor::~LocalExecutor() {
  check_owner("LocalExecutor::~LocalExecutor");
  shared_->shutdown();
  shared_->release_ref();
}

void LocalExecutor::check_owner(const char *what) const {
  if (std::this_thread::get_id() != shared_->owner_) {
    std::fprintf(stderr, "hoist: %s called from a thread other than the one "
                         "that created the executor\n", what);
    std::abort();
  }
}

} // namespace hoist
