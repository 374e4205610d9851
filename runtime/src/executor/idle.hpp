//===- idle.hpp - Which workers sleep, and which search ----------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Coordination of idle Runtime workers, after tokio's multi_thread Idle.
/// Waking a worker costs a syscall, so new work wakes one only when no
/// worker is already searching for work (stealing), and at most half of
/// the workers search at once. The last searcher to give up re-checks every
/// queue before it parks, which closes the window in which work could be
/// pushed while everyone goes to sleep.
///
///   state = [ num_unparked : upper bits | num_searching : low 16 bits ]
///   sleepers = indices of parked workers (under a mutex)
///
/// Memory orders: the state word is seq_cst throughout. The race that
/// matters is "push work, then read state" on one side against "update
/// state, then re-check queues" on the other (a store-load pattern that
/// needs a total order), as in tokio, which fences with SeqCst there.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SRC_EXECUTOR_IDLE_HPP
#define HOIST_SRC_EXECUTOR_IDLE_HPP

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <mutex>
#include <optional>
#include <vector>

namespace hoist::detail {

class Idle {
public:
  explicit Idle(size_t num_workers)
      : num_workers_(num_workers), state_(num_workers << kUnparkShift) {
    sleepers_.reserve(num_workers);
  }

  /// The worker to wake for new work, if one should be woken: it leaves
  /// the sleepers and counts as unparked and searching.
  std::optional<size_t> worker_to_notify() {
    // Orders the caller's push of work before the read of the state.
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (!should_wake())
      return std::nullopt;
    std::lock_guard<std::mutex> lock(mu_);
    if (!should_wake() || sleepers_.empty())
      return std::nullopt;
    state_.fetch_add(1 | (size_t(1) << kUnparkShift), std::memory_order_seq_cst);
    size_t w = sleepers_.back();
    sleepers_.pop_back();
    return w;
  }

  /// The worker parks. True if it was the last searcher: it must re-check
  /// all queues and notify if it finds work.
  [[nodiscard]] bool transition_worker_to_parked(size_t worker, bool is_searching) {
    std::lock_guard<std::mutex> lock(mu_);
    size_t dec = (size_t(1) << kUnparkShift) + (is_searching ? 1 : 0);
    size_t prev = state_.fetch_sub(dec, std::memory_order_seq_cst);
    sleepers_.push_back(worker);
    return is_searching && (prev & kSearchMask) == 1;
  }

  /// The worker wants to steal; false if enough workers already search.
  [[nodiscard]] bool transition_worker_to_searching() {
    size_t s = state_.load(std::memory_order_seq_cst);
    if (2 * (s & kSearchMask) >= num_workers_)
      return false;
    state_.fetch_add(1, std::memory_order_seq_cst);
    return true;
  }

  /// The worker found work; true if it was the last searcher (it must
  /// wake another worker so that searching goes on).
  [[nodiscard]] bool transition_worker_from_searching() {
    size_t prev = state_.fetch_sub(1, std::memory_order_seq_cst);
    return (prev & kSearchMask) == 1;
  }

  /// A parked worker woke up with work of its own (from the reactor): if
  /// it is still listed as a sleeper, unlist it (not searching) and return
  /// true; false if a notifier already did (then it is searching).
  bool unpark_worker_by_id(size_t worker) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = std::find(sleepers_.begin(), sleepers_.end(), worker);
    if (it == sleepers_.end())
      return false;
    sleepers_.erase(it);
    state_.fetch_add(size_t(1) << kUnparkShift, std::memory_order_seq_cst);
    return true;
  }

  /// True while the worker is listed as a sleeper.
  bool is_parked(size_t worker) {
    std::lock_guard<std::mutex> lock(mu_);
    return std::find(sleepers_.begin(), sleepers_.end(), worker) != sleepers_.end();
  }

private:
  static constexpr unsigned kUnparkShift = 16;
  static constexpr size_t kSearchMask = (size_t(1) << kUnparkShift) - 1;

  bool should_wake() const {
    size_t s = state_.load(std::memory_order_seq_cst);
    return (s & kSearchMask) == 0 && (s >> kUnparkShift) < num_workers_;
  }

  const size_t num_workers_;
  // [num_unparked | num_searching], seq_cst (file comment).
  std::atomic<size_t> state_;
  std::mutex mu_;
  std::vector<size_t> sleepers_; // guarded by mu_
};

} // namespace hoist::detail

#endif // HOIST_SRC_EXECUTOR_IDLE_HPP
