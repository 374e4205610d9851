//===- parker.cpp - Park a thread until woken ----------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The per-thread Parker behind block_on, and the waker vtable that unparks
/// it. See hoist/core/parker.hpp for the protocol.
///
//===----------------------------------------------------------------------===//
#include "hoist/core/parker.hpp"

namespace hoist::detail {

namespace {
/// Holds the thread's reference to its parker and drops it at thread exit.
struct ThreadParker {
  Parker *parker = nullptr;
  ~ThreadParker();
};
} // namespace

const RawWakerVTable Parker::vtable{
    /*clone=*/
    [](const void *data) {
      auto *p = static_cast<Parker *>(const_cast<void *>(data));
      p->retain();
      return RawWaker{data, &vtable};
    },
    /*wake=*/
    [](const void *data) {
      auto *p = static_cast<Parker *>(const_cast<void *>(data));
      p->unpark();
      p->release();
    },
    /*wake_by_ref=*/
    [](const void *data) {
      static_cast<Parker *>(const_cast<void *>(data))->unpark();
    },
    /*drop=*/
    [](const void *data) {
      static_cast<Parker *>(const_cast<void *>(data))->release();
    },
};

Parker &Parker::current() {
  static thread_local ThreadParker owner;
  if (!owner.parker)
    owner.parker = new Parker();
  return *owner.parker;
}

Waker Parker::waker() {
  retain();
  return Waker::from_raw(RawWaker{this, &vtable});
}

void Parker::park() {
  // Fast path: a wake-up already arrived.
  if (notified_.exchange(false, std::memory_order_acquire))
    return;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!notified_.exchange(false, std::memory_order_acquire))
    cv_.wait(lock);
}

void Parker::unpark() {
  if (notified_.exchange(true, std::memory_order_release))
    return; // already notified; the parked thread will see it
  // Taking the lock orders this notify after a concurrent park() started
  // waiting, so the notification cannot fall between its check and wait.
  std::lock_guard<std::mutex> lock(mutex_);
  cv_.notify_one();
}

void Parker::retain() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }

void Parker::release() noexcept {
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
    delete this;
}

ThreadParker::~ThreadParker() {
  if (parker)
    parker->release();
}

} // namespace hoist::detail
