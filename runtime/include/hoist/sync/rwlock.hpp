//===- hoist/sync/rwlock.hpp - An async reader-writer lock ------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `RwLock<T>` is tokio::sync::RwLock: many readers or one writer, held
/// across co_await if need be.
///
///   hoist::RwLock<Table> table;
///   {
///     hoist::RwLockReadGuard<Table> r = co_await table.read();
///     lookup(*r);
///   }
///   {
///     hoist::RwLockWriteGuard<Table> w = co_await table.write();
///     w->insert(...);
///   }
///
/// Fair, as tokio's is: built on a FIFO Semaphore of `max_readers` permits,
/// a read takes one and a write takes them all. A waiting writer therefore
/// holds back the readers that come after it (writers are not starved), and
/// the lock is granted in the order it was asked for. Cancelling a waiting
/// read() or write() (destroying its future) leaves the queue as if it had
/// never asked.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SYNC_RWLOCK_HPP
#define HOIST_SYNC_RWLOCK_HPP

#include "hoist/sync/semaphore.hpp"

#include <cstddef>
#include <optional>
#include <utility>

namespace hoist {

template <class T> class RwLock;

/// Shared access to the T of a RwLock<T>; released on destruction.
template <class T> class [[nodiscard]] RwLockReadGuard {
public:
  RwLockReadGuard(RwLockReadGuard &&) noexcept = default;
  RwLockReadGuard &operator=(RwLockReadGuard &&) noexcept = default;
  const T &operator*() const noexcept { return *value_; }
  const T *operator->() const noexcept { return value_; }
  const T &get() const noexcept { return *value_; }

private:
  friend class RwLock<T>;
  RwLockReadGuard(const T *value, SemaphorePermit permit) noexcept
      : value_(value), permit_(std::move(permit)) {}
  const T *value_;
  SemaphorePermit permit_;
};

/// Exclusive access to the T of a RwLock<T>; released on destruction.
template <class T> class [[nodiscard]] RwLockWriteGuard {
public:
  RwLockWriteGuard(RwLockWriteGuard &&) noexcept = default;
  RwLockWriteGuard &operator=(RwLockWriteGuard &&) noexcept = default;
  T &operator*() const noexcept { return *value_; }
  T *operator->() const noexcept { return value_; }
  T &get() const noexcept { return *value_; }

private:
  friend class RwLock<T>;
  RwLockWriteGuard(T *value, SemaphorePermit permit) noexcept
      : value_(value), permit_(std::move(permit)) {}
  T *value_;
  SemaphorePermit permit_;
};

template <class T> class RwLock {
public:
  /// Readers that may hold the lock at once by default (tokio's bound).
  static constexpr size_t kMaxReaders = size_t(1) << 29;

  template <class... Args>
  explicit RwLock(Args &&...args)
      : max_readers_(kMaxReaders), sem_(kMaxReaders),
        value_(std::forward<Args>(args)...) {}

  /// A lock that lets at most `max_readers` (>= 1) read at once.
  template <class... Args>
  static RwLock with_max_readers(size_t max_readers, Args &&...args) {
    return RwLock(max_readers, std::in_place, std::forward<Args>(args)...);
  }

  RwLock(const RwLock &) = delete;
  RwLock &operator=(const RwLock &) = delete;

  /// The future of read(): Output = RwLockReadGuard<T>.
  class [[nodiscard]] Read {
  public:
    using Output = RwLockReadGuard<T>;
    explicit Read(RwLock &l) noexcept : l_(&l), acquire_(l.sem_.acquire(1)) {}
    Poll<RwLockReadGuard<T>> poll(Context &cx) {
      Poll<SemaphorePermit> p = acquire_.poll(cx);
      if (p.is_pending())
        return pending;
      return Poll<RwLockReadGuard<T>>(
          ready_in_place,
          RwLockReadGuard<T>(&l_->value_, std::move(p).value()));
    }

  private:
    RwLock *l_;
    Semaphore::Acquire acquire_;
  };

  /// The future of write(): Output = RwLockWriteGuard<T>.
  class [[nodiscard]] Write {
  public:
    using Output = RwLockWriteGuard<T>;
    explicit Write(RwLock &l) noexcept
        : l_(&l), acquire_(l.sem_.acquire(l.max_readers_)) {}
    Poll<RwLockWriteGuard<T>> poll(Context &cx) {
      Poll<SemaphorePermit> p = acquire_.poll(cx);
      if (p.is_pending())
        return pending;
      return Poll<RwLockWriteGuard<T>>(
          ready_in_place,
          RwLockWriteGuard<T>(&l_->value_, std::move(p).value()));
    }

  private:
    RwLock *l_;
    Semaphore::Acquire acquire_;
  };

  /// Waits for shared access.
  Read read() noexcept { return Read(*this); }
  /// Waits for exclusive access.
  Write write() noexcept { return Write(*this); }

  /// Shared access if it is free right now (and no one waits before us).
  std::optional<RwLockReadGuard<T>> try_read() {
    if (std::optional<SemaphorePermit> p = sem_.try_acquire(1))
      return RwLockReadGuard<T>(&value_, std::move(*p));
    return std::nullopt;
  }

  /// Exclusive access if it is free right now.
  std::optional<RwLockWriteGuard<T>> try_write() {
    if (std::optional<SemaphorePermit> p = sem_.try_acquire(max_readers_))
      return RwLockWriteGuard<T>(&value_, std::move(*p));
    return std::nullopt;
  }

  /// Direct access when no one else can hold the lock.
  T &get_mut() noexcept { return value_; }

private:
  template <class... Args>
  RwLock(size_t max_readers, std::in_place_t, Args &&...args)
      : max_readers_(max_readers), sem_(max_readers),
        value_(std::forward<Args>(args)...) {}

  const size_t max_readers_;
  Semaphore sem_;
  T value_;
};

} // namespace hoist

#endif // HOIST_SYNC_RWLOCK_HPP
