//===- hoist/io/driver.hpp - The reactor: epoll and the timer wheel -*- C++ -*-//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The Driver is the reactor of one executor: an epoll instance, an eventfd
/// to interrupt it, and the timer wheel. A thread "turns" the driver when
/// it has nothing else to do: one epoll_wait bounded by the next timer
/// deadline, then it wakes the tasks whose sockets became ready and whose
/// timers came due.
///
///   Runtime        the idle worker that wins try_lock() turns it, the
///                  others sleep on a condition variable (tokio's design);
///                  busy workers turn it without blocking every 61 tasks
///   LocalExecutor  its thread turns it when no task is ready
///   fallback       a process-wide driver turned by a background thread,
///                  for timers and sockets used outside any executor
///                  (plain hoist::block_on)
///
/// Futures bind to the driver of the thread that first polls them
/// (Driver::current()) and keep it alive by reference count, so a waker or
/// socket that outlives its runtime never touches freed memory; after the
/// runtime shut its driver down, timers complete at once and socket
/// operations fail with ECANCELED.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_IO_DRIVER_HPP
#define HOIST_IO_DRIVER_HPP

#include "hoist/io/scheduled_io.hpp"
#include "hoist/time/clock.hpp"
#include "hoist/time/wheel.hpp"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

struct epoll_event;

namespace hoist::detail {

class Driver {
public:
  /// A new driver with one reference (the caller's).
  static Driver *create();
  /// The current thread's executor's driver, or the process-wide fallback.
  static Driver &current();
  /// The process-wide fallback driver (started on first use, turned by a
  /// background thread, never shut down): for process-wide services such
  /// as the signal pipe, which must not die with any one runtime.
  static Driver &fallback();

  void retain() noexcept;
  void release() noexcept;

  //===--------------------------------------------------------------------===//
  // Driving
  //===--------------------------------------------------------------------===//

  /// Takes the right to turn the driver; false if another thread has it
  /// (or this thread is inside turn()).
  bool try_lock() noexcept;
  void unlock() noexcept;

  /// One turn: waits for I/O up to `timeout_ms` (-1: no limit) but no
  /// later than the next timer, then wakes ready I/O and due timers. The
  /// caller holds the lock.
  void turn(int timeout_ms);

  /// Interrupts a turn in progress (or makes the next one return at once).
  void unpark() noexcept;

  /// Wakes every registered waiter with an error and fires every timer;
  /// later registrations fail or fire at once.
  void shutdown();
  bool is_shutdown() const noexcept {
    return shutdown_.load(std::memory_order_acquire);
  }

  //===--------------------------------------------------------------------===//
  // I/O
  //===--------------------------------------------------------------------===//

  /// Registers `fd` (non-blocking) for both directions; throws on error.
  ScheduledIo *register_fd(int fd);
  /// Removes the registration; the record is freed when no turn can still
  /// be looking at it.
  void deregister(ScheduledIo *io) noexcept;

  //===--------------------------------------------------------------------===//
  // Timers
  //===--------------------------------------------------------------------===//

  /// Links `e` to fire at `deadline`. False if it is already due (or the
  /// driver is shut down): the caller completes at once.
  bool insert_timer(TimerEntry *e, Instant deadline);
  /// Re-arms `e` at `deadline` (it may be linked, fired, or done).
  bool reset_timer(TimerEntry *e, Instant deadline);
  /// Unlinks `e` unless the driver has finished with it.
  void remove_timer(TimerEntry *e) noexcept;

  /// The tick of an instant: milliseconds since the driver started,
  /// rounded up (a timer never fires early).
  uint64_t deadline_tick(Instant t) const noexcept;

  //===--------------------------------------------------------------------===//
  // The paused clock (hoist/time/pause.hpp)
  //===--------------------------------------------------------------------===//

  /// Fires the timers due at hoist::now() if no other thread is turning
  /// the driver (that thread fires them at the end of its turn).
  void fire_due_timers();
  /// The instant of the earliest timer's tick, if any timer is linked.
  std::optional<Instant> next_timer_deadline();
  /// Interrupts the turn of every live driver (the clock moved).
  static void unpark_all() noexcept;

private:
  Driver();
  ~Driver();
  Driver(const Driver &) = delete;
  Driver &operator=(const Driver &) = delete;

  void free_released() noexcept;
  void fire_timers(uint64_t now_tick);
  uint64_t now_tick() const noexcept;

  int epfd_ = -1;
  int eventfd_ = -1;
  // Tick 0: hoist::now() at creation, rounded down to a whole millisecond
  // of the clock, so that whole-millisecond instants are whole ticks.
  const Instant start_;

  // Every live driver, for unpark_all(); guarded by a global mutex.
  Driver *all_prev_ = nullptr;
  Driver *all_next_ = nullptr;

  // Owners: the creator and every future bound to the driver. relaxed
  // increment, acq_rel decrement (the last owner sees all writes).
  std::atomic<long> refs_{1};
  // The turn lock: true while a thread is inside turn(). acquire on
  // taking it, release on giving it back; turn state below is guarded.
  std::atomic<bool> driving_{false};
  // Set by unpark() before it writes the eventfd, cleared by the turn
  // after it reads the eventfd. Invariant: flag set => a write is pending
  // (or about to be made by the unpark that set it), or the turn in
  // progress has read it and is about to clear the flag and return; flag
  // clear => the eventfd is empty. So each unpark either finds a wake-up
  // for the turn in progress or the next one, or makes one. acq_rel
  // exchanges.
  std::atomic<bool> unpark_pending_{false};
  // Set once by shutdown(); acquire/release.
  std::atomic<bool> shutdown_{false};

  // Guarded by the turn lock.
  uint32_t tick_ = 0;
  std::vector<epoll_event> events_;
  std::vector<Waker> fired_;

  // The timer wheel and the tick the current turn sleeps until (0: no turn
  // is sleeping, UINT64_MAX: sleeping with no limit); inserting an earlier
  // timer unparks the turn.
  std::mutex timer_mu_;
  TimerWheel wheel_;
  uint64_t sleep_until_ = 0;

  // Every live registration, for shutdown.
  std::mutex reg_mu_;
  ScheduledIo *registrations_ = nullptr;

  // Deregistered records waiting for a turn boundary.
  std::mutex release_mu_;
  ScheduledIo *released_ = nullptr;
  size_t released_count_ = 0;
};

} // namespace hoist::detail

#endif // HOIST_IO_DRIVER_HPP
