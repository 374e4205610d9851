//===- hoist/sync/mutex.hpp - An async mutex --------------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `Mutex<T>` guards a T and may be held across co_await (a std::mutex must
/// not be: it would block the executor's thread). Built on a one-permit
/// Semaphore, so waiters get the lock in FIFO order:
///
///   hoist::Mutex<std::vector<int>> m;
///   {
///     hoist::MutexGuard<std::vector<int>> g = co_await m.lock();
///     g->push_back(1);
///     co_await something();          // still holding the lock
///   }                                // unlocked here
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SYNC_MUTEX_HPP
#define HOIST_SYNC_MUTEX_HPP

#include "hoist/sync/semaphore.hpp"

#include <optional>
#include <utility>

namespace hoist {

template <class T> class Mutex;

/// Exclusive access to the T of a Mutex<T>; unlocks on destruction.
template <class T> class [[nodiscard]] MutexGuard {
public:
  MutexGuard(MutexGuard &&) noexcept = default;
  MutexGuard &operator=(MutexGuard &&) noexcept = default;
  T &operator*() const noexcept { return *value_; }
  T *operator->() const noexcept { return value_; }
  T &get() const noexcept { return *value_; }

private:
  friend class Mutex<T>;
  MutexGuard(T *value, SemaphorePermit permit) noexcept
      : value_(value), permit_(std::move(permit)) {}
  T *value_;
  SemaphorePermit permit_;
};

template <class T> class Mutex {
public:
  template <class... Args>
  explicit Mutex(Args &&...args) : value_(std::forward<Args>(args)...) {}
  Mutex(const Mutex &) = delete;
  Mutex &operator=(const Mutex &) = delete;

  /// The future of lock(): Output = MutexGuard<T>.
  class [[nodiscard]] Lock {
  public:
    using Output = MutexGuard<T>;
    explicit Lock(Mutex &m) noexcept : m_(&m), acquire_(m.sem_.acquire()) {}
    Poll<MutexGuard<T>> poll(Context &cx) {
      Poll<SemaphorePermit> p = acquire_.poll(cx);
      if (p.is_pending())
        return pending;
      return Poll<MutexGuard<T>>(ready_in_place,
                                 MutexGuard<T>(&m_->value_, std::move(p).value()));
    }

  private:
    Mutex *m_;
    Semaphore::Acquire acquire_;
  };

  /// Waits for the lock.
  Lock lock() noexcept { return Lock(*this); }

  /// The lock if it is free right now.
  std::optional<MutexGuard<T>> try_lock() {
    if (std::optional<SemaphorePermit> p = sem_.try_acquire())
      return MutexGuard<T>(&value_, std::move(*p));
    return std::nullopt;
  }

  /// Direct access when no one else can hold the lock (e.g. after all
  /// tasks finished).
  T &get_mut() noexcept { return value_; }

private:
  Semaphore sem_{1};
  T value_;
};

} // namespace hoist

#endif // HOIST_SYNC_MUTEX_HPP
