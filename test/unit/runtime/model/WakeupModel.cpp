//===- WakeupModel.cpp - Relacy models of the park/unpark handshakes ------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Exhaustive checks of the runtime's small wake-up protocols under the C++
/// memory model, with Relacy (Debian bookworm packages it as relacy-dev; no
/// other C++ atomics model checker is packaged there: CDSChecker, GenMC and
/// Nidhugg are not). Relacy runs its own atomics, mutexes and condition
/// variables, not std's, so each model below mirrors the code it names,
/// step for step and with the same memory orders; keep them in sync.
///
///   DriverUnpark    Driver::unpark() against Driver::turn(0) reading the
///                   eventfd: once quiet, the flag is set iff the eventfd
///                   holds a write. The old order (clear, then read) is
///                   checked too, and must fail.
///   BlockOnParker   Parker::park()/unpark() (block_on): two unparkers, a
///                   parker that parks until it sees both; a lost unpark is
///                   a deadlock, a missing happens-before a data race.
///   WorkerParker    the Runtime's worker parker, both the condition
///                   variable and the driver (eventfd) ways of sleeping.
///   AtomicWaker     register-then-check against set-then-wake, two wakers.
///                   Reopening the slot with a release store instead of an
///                   acq_rel exchange (after wakes arrived while registering)
///                   is checked too, and must fail: the second waker's
///                   condition need not be visible to the task.
///
/// Threads block on Relacy's condition variables, so a lost wake-up shows
/// as a deadlock; plain data written before a wake-up is an rl::var, so a
/// missing happens-before shows as a data race. Exit status: 0 if every
/// model passes (and the old driver order fails).
///
//===----------------------------------------------------------------------===//
// Standard headers first: Relacy defines macros that break some of them.
#include <cstdio>
#include <fstream>
#include <iostream>

#include <relacy/relacy.hpp>

namespace {

//===--- The driver's unpark flag and eventfd -----------------------------===//

/// The eventfd and epoll, as the kernel runs them: a counter under a lock.
struct EventFd {
  rl::mutex mu;
  rl::condition_variable cv;
  rl::var<unsigned> count;

  void init() { count($) = 0; }
  void write() {
    mu.lock($);
    count($) = count($) + 1;
    cv.notify_all($);
    mu.unlock($);
  }
  /// epoll_wait(timeout 0): is it readable?
  bool poll() {
    mu.lock($);
    bool readable = count($) != 0;
    mu.unlock($);
    return readable;
  }
  /// epoll_wait(timeout -1).
  void wait_readable() {
    mu.lock($);
    while (count($) == 0)
      cv.wait(mu, $);
    mu.unlock($);
  }
  void read() {
    mu.lock($);
    count($) = 0;
    mu.unlock($);
  }
  unsigned peek() {
    mu.lock($);
    unsigned n = count($);
    mu.unlock($);
    return n;
  }
};

/// Driver::unpark() and the eventfd part of Driver::turn().
struct DriverModel {
  rl::atomic<bool> unpark_pending;
  EventFd eventfd;
  bool clear_first = false; // the old, broken order

  void init(bool old_order) {
    unpark_pending($).store(false, rl::mo_relaxed);
    eventfd.init();
    clear_first = old_order;
  }
  void unpark() {
    if (unpark_pending($).exchange(true, rl::mo_acq_rel))
      return;
    eventfd.write();
  }
  /// What turn() does once epoll_wait reported the eventfd.
  void consume() {
    if (clear_first) {
      unpark_pending($).store(false, rl::mo_release);
      eventfd.read();
    } else {
      eventfd.read();
      unpark_pending($).exchange(false, rl::mo_acq_rel);
    }
  }
  void turn_nonblocking() {
    if (eventfd.poll())
      consume();
  }
  void turn_blocking() {
    eventfd.wait_readable();
    consume();
  }
};

template <bool OldOrder> struct DriverUnpark : rl::test_suite<DriverUnpark<OldOrder>, 3> {
  DriverModel d;
  void before() { d.init(OldOrder); }
  void thread(unsigned index) {
    if (index == 0) {
      d.turn_nonblocking();
      d.turn_nonblocking();
    } else {
      d.unpark();
    }
  }
  void after() {
    // Quiet: a set flag must have a write to wake the next turn, and a
    // clear one an empty eventfd (else the next turn wakes for nothing).
    bool pending = d.unpark_pending($).load(rl::mo_relaxed);
    RL_ASSERT(pending == (d.eventfd.peek() != 0));
  }
};

//===--- block_on's Parker (core/parker.cpp) ------------------------------===//

struct ParkerModel {
  rl::atomic<bool> notified;
  rl::mutex mu;
  rl::condition_variable cv;

  void init() { notified($).store(false, rl::mo_relaxed); }
  void park() {
    if (notified($).exchange(false, rl::mo_acquire))
      return;
    mu.lock($);
    while (!notified($).exchange(false, rl::mo_acquire))
      cv.wait(mu, $);
    mu.unlock($);
  }
  void unpark() {
    if (notified($).exchange(true, rl::mo_release))
      return;
    mu.lock($);
    cv.notify_one($);
    mu.unlock($);
  }
};

/// Two wakers, each making its own condition true; block_on polls (checks
/// both) and parks until it sees both. A lost unpark is a deadlock.
struct BlockOnParker : rl::test_suite<BlockOnParker, 3> {
  ParkerModel p;
  rl::atomic<bool> done[2];
  void before() {
    p.init();
    for (int i = 0; i < 2; ++i)
      done[i]($).store(false, rl::mo_relaxed);
  }
  void thread(unsigned index) {
    if (index == 0) {
      while (!(done[0]($).load(rl::mo_acquire) && done[1]($).load(rl::mo_acquire)))
        p.park();
    } else {
      done[index - 1]($).store(true, rl::mo_release);
      p.unpark();
    }
  }
};

/// park() returns only after an unpark(), and what the unparking thread
/// wrote before it is visible after (else a data race on `data`).
struct BlockOnParkerHandOff : rl::test_suite<BlockOnParkerHandOff, 2> {
  ParkerModel p;
  rl::var<int> data;
  void before() { p.init(); }
  void thread(unsigned index) {
    if (index == 0) {
      p.park();
      RL_ASSERT(data($) == 1);
    } else {
      data($) = 1;
      p.unpark();
    }
  }
};

//===--- The Runtime's worker parker (executor/runtime.cpp) ---------------===//

struct WorkerParkerModel {
  static constexpr int kEmpty = 0, kParkedCondvar = 1, kParkedDriver = 2,
                       kNotified = 3;
  rl::atomic<int> state;
  rl::mutex mu;
  rl::condition_variable cv;

  void init() { state($).store(kEmpty, rl::mo_relaxed); }

  void park(DriverModel &driver, rl::atomic<bool> &driving) {
    int expected = kNotified;
    if (state($).compare_exchange_strong(expected, kEmpty, rl::mo_acq_rel))
      return;
    bool unlocked = false;
    if (driving($).compare_exchange_strong(unlocked, true, rl::mo_acquire,
                                           rl::mo_relaxed)) {
      park_driver(driver);
      driving($).store(false, rl::mo_release);
    } else {
      park_condvar();
    }
  }

  void unpark(DriverModel &driver) {
    switch (state($).exchange(kNotified, rl::mo_acq_rel)) {
    case kParkedCondvar:
      mu.lock($);
      cv.notify_one($);
      mu.unlock($);
      return;
    case kParkedDriver:
      driver.unpark();
      return;
    default:
      return;
    }
  }

  void park_condvar() {
    mu.lock($);
    int expected = kEmpty;
    if (!state($).compare_exchange_strong(expected, kParkedCondvar,
                                          rl::mo_acq_rel)) {
      state($).exchange(kEmpty, rl::mo_acq_rel);
      mu.unlock($);
      return;
    }
    for (;;) {
      cv.wait(mu, $);
      expected = kNotified;
      if (state($).compare_exchange_strong(expected, kEmpty, rl::mo_acq_rel))
        break;
    }
    mu.unlock($);
  }

  void park_driver(DriverModel &driver) {
    int expected = kEmpty;
    if (!state($).compare_exchange_strong(expected, kParkedDriver,
                                          rl::mo_acq_rel)) {
      state($).exchange(kEmpty, rl::mo_acq_rel);
      return;
    }
    driver.turn_blocking();
    state($).exchange(kEmpty, rl::mo_acq_rel);
  }
};

struct WorkerParker : rl::test_suite<WorkerParker, 3> {
  DriverModel driver;
  rl::atomic<bool> driving;
  WorkerParkerModel parkers[2];
  rl::atomic<bool> work[2];
  rl::var<int> data[2];
  void before() {
    driver.init(false);
    driving($).store(false, rl::mo_relaxed);
    for (int i = 0; i < 2; ++i) {
      parkers[i].init();
      work[i]($).store(false, rl::mo_relaxed);
    }
  }
  void thread(unsigned index) {
    if (index < 2) {
      // A worker: sleeps (on the driver or its condition variable) until
      // its work arrives; spurious returns just loop.
      while (!work[index]($).load(rl::mo_acquire))
        parkers[index].park(driver, driving);
      RL_ASSERT(data[index]($) == 1);
    } else {
      for (int i = 0; i < 2; ++i) {
        data[i]($) = 1;
        work[i]($).store(true, rl::mo_release);
        parkers[i].unpark(driver);
      }
    }
  }
};

//===--- AtomicWaker (sync/atomic_waker.hpp) ------------------------------===//

/// The task's waker: wakes bump a counter under a lock (the scheduler).
struct TaskWaker {
  rl::mutex mu;
  rl::condition_variable cv;
  rl::var<int> wakes;
  void init() { wakes($) = 0; }
  void wake() {
    mu.lock($);
    wakes($) = wakes($) + 1;
    cv.notify_all($);
    mu.unlock($);
  }
  int count() {
    mu.lock($);
    int n = wakes($);
    mu.unlock($);
    return n;
  }
  void wait_past(int seen) {
    mu.lock($);
    while (wakes($) == seen)
      cv.wait(mu, $);
    mu.unlock($);
  }
};

template <bool ExchangeOnReopen> struct AtomicWakerModel {
  static constexpr unsigned kWaiting = 0, kRegistering = 1, kWaking = 2;
  rl::atomic<unsigned> state;
  rl::var<bool> slot; // holds the task's waker

  void init() {
    state($).store(kWaiting, rl::mo_relaxed);
    slot($) = false;
  }

  void register_waker(TaskWaker &task) {
    unsigned expected = kWaiting;
    if (state($).compare_exchange_strong(expected, kRegistering, rl::mo_acquire,
                                         rl::mo_acquire)) {
      slot($) = true;
      expected = kRegistering;
      if (!state($).compare_exchange_strong(expected, kWaiting, rl::mo_acq_rel,
                                            rl::mo_acquire)) {
        bool had = slot($);
        slot($) = false;
        if (ExchangeOnReopen)
          state($).exchange(kWaiting, rl::mo_acq_rel);
        else
          state($).store(kWaiting, rl::mo_release);
        if (had)
          task.wake();
      }
      return;
    }
    if (expected & kWaking) {
      task.wake();
      // The task is polled again at once: let the waker get on meanwhile
      // (Relacy would call the task's loop a livelock otherwise).
      rl::yield(1, $);
    }
  }

  void wake(TaskWaker &task) {
    unsigned prev = state($).fetch_or(kWaking, rl::mo_acq_rel);
    if (prev != kWaiting)
      return;
    bool had = slot($);
    slot($) = false;
    state($).fetch_and(~kWaking, rl::mo_release);
    if (had)
      task.wake();
  }
};

template <bool ExchangeOnReopen>
struct AtomicWakerTest : rl::test_suite<AtomicWakerTest<ExchangeOnReopen>, 3> {
  AtomicWakerModel<ExchangeOnReopen> w;
  TaskWaker task;
  rl::atomic<bool> ready[2];
  void before() {
    w.init();
    task.init();
    for (int i = 0; i < 2; ++i)
      ready[i]($).store(false, rl::mo_relaxed);
  }
  void thread(unsigned index) {
    if (index == 0) {
      // The task: each poll registers, then checks; until both are ready
      // it waits for a wake that came after its registration.
      for (;;) {
        int seen = task.count();
        w.register_waker(task);
        if (ready[0]($).load(rl::mo_relaxed) && ready[1]($).load(rl::mo_relaxed))
          return;
        task.wait_past(seen);
      }
    }
    ready[index - 1]($).store(true, rl::mo_relaxed);
    w.wake(task);
  }
};

//===--- Running them -----------------------------------------------------===//

template <class Test>
bool run(rl::scheduler_type_e search, unsigned long iterations,
         std::ostream &out) {
  rl::test_params params;
  params.search_type = search;
  if (iterations)
    params.iteration_count = iterations;
  params.output_stream = &out;
  params.progress_stream = &out;
  return rl::simulate<Test>(params);
}

/// Runs a model quietly; if it does not end as expected, runs it again
/// printing the execution Relacy found. (Relacy allocates from its own
/// heap while it runs: the output goes to a stream, not to a string.)
template <class Test>
bool check(const char *name, bool expect_pass, rl::scheduler_type_e search,
           unsigned long iterations = 0) {
  std::ofstream null("/dev/null");
  bool passed = run<Test>(search, iterations, null);
  std::printf("%-34s %s (%s expected)\n", name, passed ? "passes" : "FAILS",
              expect_pass ? "pass" : "failure");
  std::fflush(stdout);
  if (passed == expect_pass)
    return true;
  run<Test>(search, iterations, std::cout);
  return false;
}

} // namespace

int main() {
  bool ok = true;
  ok &= check<DriverUnpark<false>>("DriverUnpark", true, rl::sched_full);
  ok &= check<DriverUnpark<true>>("DriverUnpark (clear, then read)", false,
                                  rl::sched_full);
  // The parkers' condition variables make a full search take many minutes:
  // a random one instead (the whole run takes a few minutes).
  ok &= check<BlockOnParker>("BlockOnParker", true, rl::sched_random, 200000);
  ok &= check<BlockOnParkerHandOff>("BlockOnParkerHandOff", true, rl::sched_full);
  ok &= check<WorkerParker>("WorkerParker", true, rl::sched_random, 200000);
  ok &= check<AtomicWakerTest<true>>("AtomicWaker", true, rl::sched_full);
  ok &= check<AtomicWakerTest<false>>("AtomicWaker (reopen by a store)", false,
                                      rl::sched_full);
  std::printf("%s\n", ok ? "all models as expected" : "MODEL CHECK FAILED");
  return ok ? 0 : 1;
}
