//===- hoist/sync/cancellation_token.hpp - Cancelling trees -----*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `CancellationToken` is tokio-util's: a flag that one party sets and many
/// tasks watch, arranged in a tree.
///
///   hoist::CancellationToken token;
///   hoist::CancellationToken child = token.child_token();
///   ... in a task:
///   auto r = co_await hoist::select_biased(child.cancelled(), work());
///   ... elsewhere:
///   token.cancel();        // cancels `token`, `child` and their children
///
/// Copies of a token share one node (cancelling one cancels all copies). A
/// child is cancelled with its parent, never the other way round; a child
/// made from a cancelled token starts cancelled. A node lives while a token,
/// a cancelled() future or a child refers to it. Every node of a tree
/// shares the root's mutex, which guards the links and the waiter lists;
/// is_cancelled() is one atomic load. Waiters are nodes inside the
/// cancelled() futures (no allocation); a destroyed future unlinks its node.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SYNC_CANCELLATION_TOKEN_HPP
#define HOIST_SYNC_CANCELLATION_TOKEN_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/future.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/sync/waiter_list.hpp"
#include "hoist/task/raw.hpp"

#include <atomic>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace hoist {

namespace detail {

/// One node of a cancellation tree. The links and `waiters` are guarded by
/// `*mu` (the root's `own_mu`); `cancelled` is set under it too and read
/// without it (release/acquire).
struct CancelNode {
  CancelNode() noexcept : mu(&own_mu) {}
  explicit CancelNode(CancelNode *p) noexcept : mu(p->mu), parent(p) {}

  // Owners: tokens, cancelled() futures, and each child (of its parent).
  // relaxed increment, acq_rel decrement.
  std::atomic<size_t> refs{1};
  std::atomic<bool> cancelled{false};
  std::mutex own_mu; ///< used by the root only
  std::mutex *mu;
  CancelNode *parent = nullptr;
  CancelNode *first_child = nullptr;
  CancelNode *prev_sibling = nullptr;
  CancelNode *next_sibling = nullptr;
  WaiterList waiters;
};

void cancel_node_retain(CancelNode *n) noexcept;
void cancel_node_release(CancelNode *n);
CancelNode *cancel_node_child(CancelNode *parent);
void cancel_node_cancel(CancelNode *n);
[[noreturn]] void cancel_token_moved_from() noexcept;

} // namespace detail

class CancellationToken {
public:
  /// A new root token, not cancelled.
  CancellationToken() : node_(new detail::CancelNode()) {}
  CancellationToken(const CancellationToken &o) noexcept : node_(o.node_) {
    if (node_)
      detail::cancel_node_retain(node_);
  }
  CancellationToken(CancellationToken &&o) noexcept
      : node_(std::exchange(o.node_, nullptr)) {}
  CancellationToken &operator=(CancellationToken o) noexcept {
    std::swap(node_, o.node_);
    return *this;
  }
  ~CancellationToken() {
    if (node_)
      detail::cancel_node_release(node_);
  }

  /// The future of cancelled(): Output = void, ready once the token is
  /// cancelled. It keeps the node alive, so it may outlive the token.
  class [[nodiscard]] WaitForCancellation {
  public:
    using Output = void;
    explicit WaitForCancellation(detail::CancelNode *n) noexcept : node_(n) {
      detail::cancel_node_retain(node_);
    }
    WaitForCancellation(WaitForCancellation &&o) noexcept;
    WaitForCancellation &operator=(WaitForCancellation &&) = delete;
    ~WaitForCancellation();
    Poll<void> poll(Context &cx);

  private:
    detail::CancelNode *node_;
    bool polled_ = false; ///< the waiter may be linked: ask under the lock
    bool done_ = false;
    detail::WaiterNode waiter_;
  };

  /// Cancels this token and every token derived from it, and wakes their
  /// waiters. Idempotent.
  void cancel() {
    if (node_)
      detail::cancel_node_cancel(node_);
  }
  bool is_cancelled() const noexcept {
    return live()->cancelled.load(std::memory_order_acquire);
  }
  WaitForCancellation cancelled() const noexcept {
    return WaitForCancellation(live());
  }
  /// A token cancelled with this one (or on its own).
  CancellationToken child_token() const {
    return CancellationToken(detail::cancel_node_child(live()));
  }

  /// The future of run_until_cancelled(f): Output = std::optional<the
  /// output of f> (std::monostate for void); nullopt if the token was
  /// cancelled first, and `f` is then destroyed unfinished.
  template <class F> class [[nodiscard]] RunUntilCancelled {
  public:
    using Output = std::optional<unit_t<output_t<F>>>;
    RunUntilCancelled(WaitForCancellation c, F f)
        : cancelled_(std::move(c)), f_(std::move(f)) {}
    Poll<Output> poll(Context &cx) {
      if (cancelled_.poll(cx).is_ready()) {
        f_.reset();
        return Poll<Output>(ready_in_place, std::nullopt);
      }
      if constexpr (std::is_void<output_t<F>>::value) {
        if (f_->poll(cx).is_pending())
          return pending;
        return Poll<Output>(ready_in_place, std::monostate{});
      } else {
        Poll<output_t<F>> p = f_->poll(cx);
        if (p.is_pending())
          return pending;
        return Poll<Output>(ready_in_place, std::move(p).value());
      }
    }

  private:
    WaitForCancellation cancelled_;
    std::optional<F> f_;
  };

  /// Runs `future` until it completes or the token is cancelled, whichever
  /// comes first (cancellation is checked first on each poll).
  template <class F>
  RunUntilCancelled<awaitee_t<F &&>> run_until_cancelled(F &&future) const {
    return RunUntilCancelled<awaitee_t<F &&>>(
        cancelled(), make_awaitee(std::forward<F>(future)));
  }

  /// Cancels the token when destroyed, unless disarm()ed.
  class DropGuard;
  DropGuard drop_guard() const;

private:
  explicit CancellationToken(detail::CancelNode *n) noexcept : node_(n) {}
  detail::CancelNode *live() const noexcept {
    if (!node_)
      detail::cancel_token_moved_from();
    return node_;
  }
  detail::CancelNode *node_;
};

/// Cancels the token when destroyed, unless disarm()ed.
class [[nodiscard]] CancellationToken::DropGuard {
public:
  explicit DropGuard(CancellationToken t) noexcept : token_(std::move(t)) {}
  DropGuard(DropGuard &&) noexcept = default;
  DropGuard &operator=(DropGuard &&) = delete;
  ~DropGuard() {
    if (token_.node_)
      token_.cancel();
  }
  /// Gives the token back without cancelling it.
  CancellationToken disarm() noexcept { return std::move(token_); }

private:
  CancellationToken token_;
};

inline CancellationToken::DropGuard CancellationToken::drop_guard() const {
  return DropGuard(*this);
}

} // namespace hoist

#endif // HOIST_SYNC_CANCELLATION_TOKEN_HPP
