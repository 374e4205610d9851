//===- hoist/sync/once_cell.hpp - A value initialized once, async -*- C++ -*-//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `OnceCell<T>` is tokio::sync::OnceCell: a value set at most once, by an
/// async initializer that runs once however many tasks ask at the same time.
///
///   hoist::OnceCell<Config> cell;
///   const Config &c = co_await cell.get_or_init([] { return load(); });
///
/// get_or_init(fn) takes a callable that returns a future (an async
/// function's result, Async<T>, or any future with Output = T). The first
/// caller runs it; callers that come while it runs wait and then get the
/// same value. If the initializer throws, or its caller is cancelled (its
/// get_or_init future destroyed), the cell stays empty and the next waiter
/// runs its own initializer. The Output is a std::reference_wrapper<const
/// T> to the value in the cell (it converts to `const T &`).
///
/// Built as tokio's is: a one-permit Semaphore decides who initializes (so
/// the waiters queue FIFO, inside their futures, without allocation), and
/// an atomic flag says the value is there (one acquire load on the fast
/// path). Once the value is stored the semaphore is flooded with permits,
/// which wakes every waiter at once.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SYNC_ONCE_CELL_HPP
#define HOIST_SYNC_ONCE_CELL_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/future.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/sync/semaphore.hpp"

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <new>
#include <optional>
#include <type_traits>
#include <utility>

namespace hoist {

template <class T> class OnceCell {
public:
  OnceCell() = default;
  /// A cell that is already set.
  explicit OnceCell(T value) { store(std::move(value)); }
  OnceCell(const OnceCell &) = delete;
  OnceCell &operator=(const OnceCell &) = delete;
  ~OnceCell() {
    if (initialized())
      slot().~T();
  }

  bool initialized() const noexcept {
    return set_.load(std::memory_order_acquire);
  }

  /// The value, or nullptr if the cell is empty.
  const T *get() const noexcept { return initialized() ? &slot() : nullptr; }
  /// Mutable access (no one else may be using the cell).
  T *get_mut() noexcept { return initialized() ? &slot() : nullptr; }

  /// Sets the value if the cell is empty and no initializer is running.
  /// False (and `value` is dropped) otherwise.
  bool set(T value) {
    std::optional<SemaphorePermit> p = sem_.try_acquire(1);
    if (!p || initialized())
      return false;
    store(std::move(value));
    p->forget();
    sem_.add_permits(kFlood);
    return true;
  }

  /// The future of get_or_init(fn): Output = std::reference_wrapper<const T>.
  template <class Fn> class [[nodiscard]] GetOrInit {
    using Init = awaitee_t<std::invoke_result_t<Fn &>>;
    static_assert(std::is_constructible<T, output_t<Init> &&>::value,
                  "get_or_init: the initializer's future must yield a T");

  public:
    using Output = std::reference_wrapper<const T>;
    GetOrInit(OnceCell &c, Fn fn)
        : cell_(&c), fn_(std::move(fn)), acquire_(c.sem_.acquire(1)) {}

    Poll<Output> poll(Context &cx) {
      if (done_) {
        std::fprintf(stderr, "hoist: polled a OnceCell::get_or_init future "
                             "after it completed\n");
        std::abort();
      }
      if (!init_) {
        if (cell_->initialized())
          return finish();
        Poll<SemaphorePermit> p = acquire_.poll(cx);
        if (p.is_pending())
          return pending;
        if (cell_->initialized())
          return finish(); // the permit goes back (the cell is flooded)
        permit_.emplace(std::move(p).value());
        init_.emplace(make_awaitee(fn_()));
      }
      std::optional<output_t<Init>> v;
      try {
        Poll<output_t<Init>> p = init_->poll(cx);
        if (p.is_pending())
          return pending;
        v.emplace(std::move(p).value());
      } catch (...) {
        // The cell stays empty; the next waiter gets the permit.
        done_ = true;
        init_.reset();
        permit_.reset();
        throw;
      }
      init_.reset();
      cell_->store(T(std::move(*v)));
      permit_->forget();
      permit_.reset();
      cell_->sem_.add_permits(kFlood);
      return finish();
    }

  private:
    Poll<Output> finish() {
      done_ = true;
      return Poll<Output>(ready_in_place, std::cref(cell_->slot()));
    }

    OnceCell *cell_;
    Fn fn_;
    Semaphore::Acquire acquire_;
    std::optional<SemaphorePermit> permit_; ///< held while initializing
    std::optional<Init> init_;
    bool done_ = false;
  };

  /// The value, running `fn()`'s future to make it if the cell is empty.
  /// The cell must outlive the future.
  template <class Fn> GetOrInit<std::decay_t<Fn>> get_or_init(Fn &&fn) {
    return GetOrInit<std::decay_t<Fn>>(*this, std::forward<Fn>(fn));
  }

private:
  /// Permits added once the value is stored: every waiter, present and
  /// future, passes (each gives its permit back).
  static constexpr size_t kFlood = ~size_t(0) >> 2;

  const T &slot() const noexcept {
    return *std::launder(reinterpret_cast<const T *>(storage_));
  }
  T &slot() noexcept { return *std::launder(reinterpret_cast<T *>(storage_)); }

  void store(T &&value) {
    ::new (static_cast<void *>(storage_)) T(std::move(value));
    set_.store(true, std::memory_order_release);
  }

  std::atomic<bool> set_{false};
  Semaphore sem_{1};
  alignas(T) unsigned char storage_[sizeof(T)];
};

} // namespace hoist

#endif // HOIST_SYNC_ONCE_CELL_HPP
