//===- hoist/task/state.hpp - The task state word ---------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Every spawned task has one 64-bit atomic state word. It says who may touch
/// the future, whether the task is queued, whether a JoinHandle still wants
/// the output, and how many references keep the task's single allocation
/// alive. Every transition is one atomic read-modify-write that returns a
/// [[nodiscard]] enum telling the caller what it must do next, after tokio's
/// runtime/task/state.rs.
///
///   bit 0  RUNNING        a thread owns the stage (polls or cancels the future)
///   bit 1  COMPLETE       the future is gone; the output (or error) is stored
///   bit 2  NOTIFIED       the task is queued, or must be re-queued after the
///                         current poll
///   bit 3  JOIN_INTEREST  a JoinHandle exists and will read the output
///   bit 4  JOIN_WAKER     the join waker slot is set (ownership rules below)
///   bit 5  CANCELLED      abort() or shutdown: the next poll cancels instead
///   bits 6-63             reference count
///
/// References are held by: the executor's owned-task list (until the task
/// completes), each queue entry (one per NOTIFIED submission), the
/// JoinHandle, and every Waker. A new task starts with three: list, queue,
/// join handle. The thread that takes the count to zero frees the task.
///
/// The stage (future or output) belongs to the thread that set RUNNING, then
/// after COMPLETE to the JoinHandle (or, if JOIN_INTEREST was already clear
/// at completion, to the completing thread, which destroys the output).
///
/// The join waker slot: while JOIN_WAKER is clear only the JoinHandle touches
/// it; while JOIN_WAKER is set and COMPLETE is clear nobody writes it; once
/// both are set the completing thread owns it until it clears JOIN_WAKER.
///
/// Memory orders: every transition is acq_rel, because a transition hands
/// the stage or the waker slot from one thread to another (release publishes
/// this thread's writes, acquire receives the previous owner's). Loads that
/// decide a transition, including those that end it without a write (such
/// as seeing COMPLETE in set_join_waker, after which the JoinHandle reads
/// the output), are acquire for the same reason. Adding a reference is
/// relaxed (the new owner already holds one); dropping one is acq_rel so
/// the thread that frees the task sees every other thread's writes.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TASK_STATE_HPP
#define HOIST_TASK_STATE_HPP

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace hoist::detail {

/// A value of the state word, with named accessors.
class Snapshot {
public:
  static constexpr uint64_t kRunning = 1u << 0;
  static constexpr uint64_t kComplete = 1u << 1;
  static constexpr uint64_t kNotified = 1u << 2;
  static constexpr uint64_t kJoinInterest = 1u << 3;
  static constexpr uint64_t kJoinWaker = 1u << 4;
  static constexpr uint64_t kCancelled = 1u << 5;
  static constexpr unsigned kRefShift = 6;
  static constexpr uint64_t kRefOne = uint64_t(1) << kRefShift;

  constexpr explicit Snapshot(uint64_t v) : v_(v) {}
  constexpr uint64_t bits() const { return v_; }
  constexpr bool is_running() const { return v_ & kRunning; }
  constexpr bool is_complete() const { return v_ & kComplete; }
  constexpr bool is_idle() const { return !(v_ & (kRunning | kComplete)); }
  constexpr bool is_notified() const { return v_ & kNotified; }
  constexpr bool is_join_interested() const { return v_ & kJoinInterest; }
  constexpr bool is_join_waker_set() const { return v_ & kJoinWaker; }
  constexpr bool is_cancelled() const { return v_ & kCancelled; }
  constexpr uint64_t ref_count() const { return v_ >> kRefShift; }

private:
  uint64_t v_;
};

/// What the thread that popped a task from a queue must do.
enum class [[nodiscard]] TransitionToRunning {
  Success,   ///< RUNNING is ours: poll the future.
  Cancelled, ///< RUNNING is ours and CANCELLED is set: cancel the future.
  Failed,    ///< The task is running or complete elsewhere; our ref is gone.
  Dealloc,   ///< As Failed, and ours was the last ref: free the task.
};

/// What the poller must do after the future returned pending.
enum class [[nodiscard]] TransitionToIdle {
  Ok,         ///< Idle now; the poller's ref is gone.
  OkNotified, ///< Woken during the poll: re-queue it (the ref moves along).
  OkDealloc,  ///< Idle, and the poller's ref was the last one: free it.
  Cancelled,  ///< Aborted during the poll: still RUNNING, cancel it now.
};

/// What a waker must do.
enum class [[nodiscard]] TransitionToNotified {
  DoNothing, ///< Already queued, running, or complete.
  Submit,    ///< Queue the task; the queue entry owns a ref.
  Dealloc,   ///< (by value) the waker's ref was the last: free the task.
};

/// Result of the CAS transitions on the join waker: Ok, or the task
/// completed first (then the JoinHandle reads the output instead).
enum class [[nodiscard]] JoinWakerTransition { Ok, Complete };

/// The bits a dropped JoinHandle must act on.
struct [[nodiscard]] JoinHandleDropped {
  bool drop_output; ///< COMPLETE was set: the handle destroys the output.
  bool drop_waker;  ///< JOIN_WAKER is now clear: the handle owns the slot.
};

/// The task state word (see the file comment).
class State {
  using S = Snapshot;

public:
  State()
      : v_(3 * S::kRefOne | S::kJoinInterest | S::kNotified) {}

  Snapshot load() const { return Snapshot(v_.load(std::memory_order_acquire)); }

  /// A queue entry was popped: try to own the stage.
  TransitionToRunning transition_to_running() {
    uint64_t cur = v_.load(std::memory_order_acquire);
    for (;;) {
      Snapshot s(cur);
      uint64_t next;
      TransitionToRunning action;
      if (s.is_idle()) {
        next = (cur | S::kRunning) & ~S::kNotified;
        action = s.is_cancelled() ? TransitionToRunning::Cancelled
                                  : TransitionToRunning::Success;
      } else {
        // Running or complete elsewhere: drop the queue entry's ref.
        next = cur - S::kRefOne;
        action = Snapshot(next).ref_count() == 0 ? TransitionToRunning::Dealloc
                                                 : TransitionToRunning::Failed;
      }
      if (v_.compare_exchange_weak(cur, next, std::memory_order_acq_rel,
                                   std::memory_order_acquire))
        return action;
    }
  }

  /// The future returned pending: give up the stage.
  TransitionToIdle transition_to_idle() {
    uint64_t cur = v_.load(std::memory_order_acquire);
    for (;;) {
      Snapshot s(cur);
      if (s.is_cancelled())
        return TransitionToIdle::Cancelled; // keep RUNNING; caller cancels
      uint64_t next = cur & ~S::kRunning;
      TransitionToIdle action;
      if (s.is_notified()) {
        action = TransitionToIdle::OkNotified; // poller's ref -> new entry
      } else {
        next -= S::kRefOne;
        action = Snapshot(next).ref_count() == 0 ? TransitionToIdle::OkDealloc
                                                 : TransitionToIdle::Ok;
      }
      if (v_.compare_exchange_weak(cur, next, std::memory_order_acq_rel,
                                   std::memory_order_acquire))
        return action;
    }
  }

  /// RUNNING -> COMPLETE. Returns the new state.
  Snapshot transition_to_complete() {
    constexpr uint64_t delta = S::kRunning | S::kComplete;
    uint64_t prev = v_.fetch_xor(delta, std::memory_order_acq_rel);
    check(Snapshot(prev).is_running() && !Snapshot(prev).is_complete(),
          "transition_to_complete: task not running");
    return Snapshot(prev ^ delta);
  }

  /// Drops `count` refs after completion; true if the task must be freed.
  [[nodiscard]] bool transition_to_terminal(uint64_t count) {
    uint64_t prev = v_.fetch_sub(count * S::kRefOne, std::memory_order_acq_rel);
    check(Snapshot(prev).ref_count() >= count, "task ref count underflow");
    return Snapshot(prev).ref_count() == count;
  }

  /// wake(): consumes the waker's ref.
  TransitionToNotified transition_to_notified_by_val() {
    uint64_t cur = v_.load(std::memory_order_acquire);
    for (;;) {
      Snapshot s(cur);
      uint64_t next;
      TransitionToNotified action;
      if (s.is_running()) {
        // The poller re-queues it; it holds a ref, so this can't reach 0.
        next = (cur | S::kNotified) - S::kRefOne;
        action = TransitionToNotified::DoNothing;
      } else if (s.is_complete() || s.is_notified()) {
        next = cur - S::kRefOne;
        action = Snapshot(next).ref_count() == 0 ? TransitionToNotified::Dealloc
                                                 : TransitionToNotified::DoNothing;
      } else {
        next = cur | S::kNotified; // the waker's ref becomes the entry's
        action = TransitionToNotified::Submit;
      }
      if (v_.compare_exchange_weak(cur, next, std::memory_order_acq_rel,
                                   std::memory_order_acquire))
        return action;
    }
  }

  /// wake_by_ref(): the queue entry, if any, gets a new ref.
  TransitionToNotified transition_to_notified_by_ref() {
    uint64_t cur = v_.load(std::memory_order_acquire);
    for (;;) {
      Snapshot s(cur);
      if (s.is_complete() || s.is_notified())
        return TransitionToNotified::DoNothing;
      uint64_t next = cur | S::kNotified;
      TransitionToNotified action = TransitionToNotified::DoNothing;
      if (!s.is_running()) {
        next += S::kRefOne;
        action = TransitionToNotified::Submit;
      }
      if (v_.compare_exchange_weak(cur, next, std::memory_order_acq_rel,
                                   std::memory_order_acquire))
        return action;
    }
  }

  /// abort(): true if the caller must submit the task (with a new ref) so
  /// that a worker cancels it.
  [[nodiscard]] bool transition_to_notified_and_cancel() {
    uint64_t cur = v_.load(std::memory_order_acquire);
    for (;;) {
      Snapshot s(cur);
      if (s.is_cancelled() || s.is_complete())
        return false;
      uint64_t next = cur | S::kCancelled;
      bool submit = false;
      if (s.is_running()) {
        next |= S::kNotified; // the poller sees CANCELLED in transition_to_idle
      } else if (!s.is_notified()) {
        next = (next | S::kNotified) + S::kRefOne;
        submit = true;
      }
      if (v_.compare_exchange_weak(cur, next, std::memory_order_acq_rel,
                                   std::memory_order_acquire))
        return submit;
    }
  }

  /// Executor shutdown: true if the task was idle and the caller now owns
  /// the stage (RUNNING set) and must cancel it.
  [[nodiscard]] bool transition_to_shutdown() {
    uint64_t cur = v_.load(std::memory_order_acquire);
    for (;;) {
      Snapshot s(cur);
      uint64_t next = cur | S::kCancelled;
      if (s.is_idle())
        next |= S::kRunning;
      if (v_.compare_exchange_weak(cur, next, std::memory_order_acq_rel,
                                   std::memory_order_acquire))
        return s.is_idle();
    }
  }

  /// The JoinHandle is dropped: clear JOIN_INTEREST, and JOIN_WAKER too if
  /// the task is not complete (the handle takes the slot back).
  JoinHandleDropped transition_to_join_handle_dropped() {
    uint64_t cur = v_.load(std::memory_order_acquire);
    for (;;) {
      Snapshot s(cur);
      check(s.is_join_interested(), "join handle dropped twice");
      uint64_t next = cur & ~S::kJoinInterest;
      if (!s.is_complete())
        next &= ~S::kJoinWaker;
      if (v_.compare_exchange_weak(cur, next, std::memory_order_acq_rel,
                                   std::memory_order_acquire))
        return {s.is_complete(), !Snapshot(next).is_join_waker_set()};
    }
  }

  /// The JoinHandle stored a waker in the slot: publish it.
  JoinWakerTransition set_join_waker() {
    uint64_t cur = v_.load(std::memory_order_acquire);
    for (;;) {
      Snapshot s(cur);
      check(s.is_join_interested() && !s.is_join_waker_set(),
            "set_join_waker: bad state");
      if (s.is_complete())
        return JoinWakerTransition::Complete;
      if (v_.compare_exchange_weak(cur, cur | S::kJoinWaker,
                                   std::memory_order_acq_rel,
                                   std::memory_order_acquire))
        return JoinWakerTransition::Ok;
    }
  }

  /// The JoinHandle wants to replace its waker: take the slot back.
  JoinWakerTransition unset_waker() {
    uint64_t cur = v_.load(std::memory_order_acquire);
    for (;;) {
      Snapshot s(cur);
      check(s.is_join_interested() && s.is_join_waker_set(),
            "unset_waker: bad state");
      if (s.is_complete())
        return JoinWakerTransition::Complete;
      if (v_.compare_exchange_weak(cur, cur & ~S::kJoinWaker,
                                   std::memory_order_acq_rel,
                                   std::memory_order_acquire))
        return JoinWakerTransition::Ok;
    }
  }

  /// After completion the task woke the join waker: give the slot back.
  Snapshot unset_waker_after_complete() {
    uint64_t prev = v_.fetch_and(~S::kJoinWaker, std::memory_order_acq_rel);
    return Snapshot(prev & ~S::kJoinWaker);
  }

  void ref_inc() {
    // relaxed: the caller already holds a ref, so the task can't be freed.
    uint64_t prev = v_.fetch_add(S::kRefOne, std::memory_order_relaxed);
    check(Snapshot(prev).ref_count() < (uint64_t(1) << 56),
          "task ref count overflow");
  }

  /// True if this was the last ref: the caller frees the task.
  [[nodiscard]] bool ref_dec() {
    uint64_t prev = v_.fetch_sub(S::kRefOne, std::memory_order_acq_rel);
    check(Snapshot(prev).ref_count() >= 1, "task ref count underflow");
    return Snapshot(prev).ref_count() == 1;
  }

private:
  static void check(bool ok, const char *what) {
    if (!ok) {
      std::fprintf(stderr, "hoist: internal error: %s\n", what);
      std::abort();
    }
  }

  // The state word: bits and orders as in the file comment.
  std::atomic<uint64_t> v_;
};

} // namespace hoist::detail

#endif // HOIST_TASK_STATE_HPP
