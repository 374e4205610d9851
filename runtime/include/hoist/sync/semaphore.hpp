//===- hoist/sync/semaphore.hpp - An async counting semaphore ---*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `Semaphore` hands out permits fairly (FIFO), like tokio::sync::Semaphore:
///
///   hoist::Semaphore sem(3);
///   hoist::SemaphorePermit p = co_await sem.acquire();     // or acquire(n)
///   ...                                                    // p released at
///                                                          // end of scope
///
/// A waiter asking for n permits blocks the ones behind it until it gets
/// them, so large requests are not starved. Waiters are nodes inside the
/// acquire futures (no allocation); destroying a waiting future unlinks it,
/// and destroying one that was granted permits but not yet polled gives
/// them back. async Mutex is built on it (hoist/sync/mutex.hpp).
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SYNC_SEMAPHORE_HPP
#define HOIST_SYNC_SEMAPHORE_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/sync/waiter_list.hpp"

#include <cstddef>
#include <mutex>
#include <optional>
#include <utility>

namespace hoist {

class Semaphore;

namespace detail {
/// A queued acquire: the node and how many permits it waits for.
struct SemaphoreWaiter : WaiterNode {
  size_t needed = 0;
};
} // namespace detail

/// Permits held; released on destruction (unless forget()).
class [[nodiscard]] SemaphorePermit {
public:
  SemaphorePermit(SemaphorePermit &&o) noexcept
      : sem_(std::exchange(o.sem_, nullptr)), n_(o.n_) {}
  SemaphorePermit &operator=(SemaphorePermit &&o) noexcept {
    SemaphorePermit moved(std::move(o));
    std::swap(sem_, moved.sem_);
    std::swap(n_, moved.n_);
    return *this;
  }
  ~SemaphorePermit();

  /// Keeps the permits out of the semaphore for good.
  void forget() noexcept { sem_ = nullptr; }
  size_t num_permits() const noexcept { return n_; }

private:
  friend class Semaphore;
  SemaphorePermit(Semaphore *s, size_t n) noexcept : sem_(s), n_(n) {}
  Semaphore *sem_;
  size_t n_;
};

class Semaphore {
public:
  explicit Semaphore(size_t permits) noexcept : permits_(permits) {}
  Semaphore(const Semaphore &) = delete;
  Semaphore &operator=(const Semaphore &) = delete;

  /// The future of acquire(n): Output = SemaphorePermit.
  class [[nodiscard]] Acquire {
  public:
    using Output = SemaphorePermit;
    Acquire(Semaphore &s, size_t n) noexcept : sem_(&s), n_(n) {}
    Acquire(Acquire &&o) noexcept;
    Acquire &operator=(Acquire &&) = delete;
    ~Acquire();
    Poll<SemaphorePermit> poll(Context &cx);

  private:
    friend class Semaphore;
    Semaphore *sem_;
    size_t n_;
    bool polled_ = false;
    bool done_ = false;
    detail::SemaphoreWaiter node_;
  };

  /// Waits for `n` permits.
  Acquire acquire(size_t n = 1) noexcept { return Acquire(*this, n); }
  /// `n` permits if available right now (and nobody waits before us).
  std::optional<SemaphorePermit> try_acquire(size_t n = 1);
  /// Adds permits (waking waiters they satisfy).
  void add_permits(size_t n);
  size_t available_permits() const;

private:
  friend class SemaphorePermit;
  friend class Acquire;

  /// Returns `n` permits and grants waiters in order.
  void release(size_t n);

  mutable std::mutex mu_;
  // Guarded by mu_.
  size_t permits_;
  detail::WaiterList waiters_;
};

inline SemaphorePermit::~SemaphorePermit() {
  if (sem_)
    sem_->release(n_);
}

} // namespace hoist

#endif // HOIST_SYNC_SEMAPHORE_HPP
