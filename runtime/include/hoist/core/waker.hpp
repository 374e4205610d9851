//===- hoist/core/waker.hpp - Wakers and the raw waker vtable ---*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A `Waker` is the handle a pending future keeps so that it can ask the
/// executor to poll its task again. It is laid out as Rust's
/// `std::task::Waker`: a data pointer and a pointer to a vtable of four
/// functions supplied by whoever created it (an executor, `block_on`, a test).
///
///   RawWakerVTable { clone, wake, wake_by_ref, drop }
///
///   - clone(data)        -> a new RawWaker for the same task (copying a Waker)
///   - wake(data)         -> wake the task and release this handle (consumes)
///   - wake_by_ref(data)  -> wake the task, keep the handle
///   - drop(data)         -> release this handle (destroying a Waker)
///
/// Every Waker owns exactly one handle: each copy calls `clone` once and each
/// destruction or `wake()` calls `drop` or `wake` once. Tests count this.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_CORE_WAKER_HPP
#define HOIST_CORE_WAKER_HPP

#include <utility>

namespace hoist {

struct RawWakerVTable;

/// The untyped handle behind a Waker: a data pointer and its vtable.
struct RawWaker {
  const void *data;
  const RawWakerVTable *vtable;
};

/// The four operations an executor supplies for its wakers (Rust's layout).
struct RawWakerVTable {
  RawWaker (*clone)(const void *data);
  void (*wake)(const void *data);
  void (*wake_by_ref)(const void *data);
  void (*drop)(const void *data);
};

/// A handle that wakes one task. Copying clones it; destroying drops it.
class Waker {
public:
  /// Adopts `raw`; the caller promises it follows the RawWakerVTable contract.
  static Waker from_raw(RawWaker raw) noexcept { return Waker(raw); }

  Waker(const Waker &other) : raw_(other.raw_.vtable->clone(other.raw_.data)) {}
  Waker(Waker &&other) noexcept : raw_(other.raw_) { other.raw_ = empty(); }
  Waker &operator=(const Waker &other) {
    if (this != &other && !will_wake(other)) {
      Waker copy(other);
      swap(copy);
    }
    return *this;
  }
  Waker &operator=(Waker &&other) noexcept {
    Waker moved(std::move(other));
    swap(moved);
    return *this;
  }
  ~Waker() { raw_.vtable->drop(raw_.data); }

  /// Wakes the task and consumes this waker: it is left as a no-op waker.
  void wake() {
    RawWaker raw = raw_;
    raw_ = empty();
    raw.vtable->wake(raw.data);
  }

  /// Wakes the task and keeps this waker.
  void wake_by_ref() const { raw_.vtable->wake_by_ref(raw_.data); }

  /// True if both wakers would wake the same task (same data and vtable).
  bool will_wake(const Waker &other) const noexcept {
    return raw_.data == other.raw_.data && raw_.vtable == other.raw_.vtable;
  }

  /// The raw handle, still owned by this waker.
  const RawWaker &as_raw() const noexcept { return raw_; }

  void swap(Waker &other) noexcept { std::swap(raw_, other.raw_); }

private:
  explicit Waker(RawWaker raw) noexcept : raw_(raw) {}
  static RawWaker empty() noexcept;

  RawWaker raw_;
};

namespace detail {
inline RawWaker noop_clone(const void *) noexcept;
inline void noop_fn(const void *) noexcept {}
inline constexpr RawWakerVTable noop_vtable{&noop_clone, &noop_fn, &noop_fn,
                                            &noop_fn};
inline RawWaker noop_clone(const void *) noexcept {
  return RawWaker{nullptr, &noop_vtable};
}
} // namespace detail

inline RawWaker Waker::empty() noexcept {
  return RawWaker{nullptr, &detail::noop_vtable};
}

/// A waker that does nothing when woken (for tests and busy drivers).
inline const Waker &noop_waker() noexcept {
  static const Waker waker = Waker::from_raw(detail::noop_clone(nullptr));
  return waker;
}

} // namespace hoist

#endif // HOIST_CORE_WAKER_HPP
