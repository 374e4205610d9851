//===- hoist/sync/barrier.hpp - Wait until n tasks arrive -------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `Barrier` is tokio::sync::Barrier: `n` tasks call wait(), and all of
/// them are released when the n-th arrives; that one is the leader.
///
///   hoist::Barrier b(4);
///   hoist::BarrierWaitResult r = co_await b.wait();
///   if (r.is_leader()) ...             // exactly one of each group of 4
///
/// The barrier is reusable: the next n wait() calls form the next group. A
/// task counts as arrived from its first poll of wait(). Unlike tokio's, a
/// waiting future that is destroyed before its group is complete takes its
/// arrival back (its node is unlinked and the count goes down), so a
/// cancelled task cannot release a group short of one member. Waiters are
/// nodes inside their futures (no allocation); a mutex guards the count
/// and the list, and wakers are woken after it is released.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SYNC_BARRIER_HPP
#define HOIST_SYNC_BARRIER_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/sync/waiter_list.hpp"

#include <cstddef>
#include <cstdint>
#include <mutex>

namespace hoist {

/// What Barrier::wait() gives: whether this task completed its group.
class BarrierWaitResult {
public:
  explicit BarrierWaitResult(bool leader) noexcept : leader_(leader) {}
  bool is_leader() const noexcept { return leader_; }

private:
  bool leader_;
};

class Barrier {
public:
  /// A barrier for groups of `n` tasks (0 counts as 1).
  explicit Barrier(size_t n) noexcept : n_(n ? n : 1) {}
  Barrier(const Barrier &) = delete;
  Barrier &operator=(const Barrier &) = delete;

  /// The future of wait(): Output = BarrierWaitResult.
  class [[nodiscard]] Wait {
  public:
    using Output = BarrierWaitResult;
    explicit Wait(Barrier &b) noexcept : barrier_(&b) {}
    Wait(Wait &&o) noexcept;
    Wait &operator=(Wait &&) = delete;
    ~Wait();
    Poll<BarrierWaitResult> poll(Context &cx);

  private:
    enum class State : uint8_t { Init, Waiting, Done };
    Barrier *barrier_;
    State state_ = State::Init;
    detail::WaiterNode node_;
  };

  /// Arrives and waits for the rest of the group.
  Wait wait() noexcept { return Wait(*this); }

private:
  std::mutex mu_;
  const size_t n_;
  // Guarded by mu_.
  size_t arrived_ = 0;
  detail::WaiterList waiters_;
};

} // namespace hoist

#endif // HOIST_SYNC_BARRIER_HPP
