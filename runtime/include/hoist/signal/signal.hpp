//===- hoist/signal/signal.hpp - Unix signals as futures --------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Unix signals as futures, with tokio's names (tokio::signal::ctrl_c and
/// tokio::signal::unix::signal):
///
///   co_await hoist::signal::ctrl_c();                  // the next SIGINT
///
///   hoist::signal::Signal term = hoist::signal::signal(SIGTERM);
///   for (;;) {
///     co_await term.recv();                            // each SIGTERM
///     reload();
///   }
///
/// A Signal starts listening when it is *created*, not when first polled:
/// a signal that arrives between creation and the first recv() is not
/// lost. Deliveries a listener has not yet received coalesce: recv()
/// completes once for any number of them, as the kernel's own pending
/// signals do. Every listener of a signal receives each delivery, so
/// several parts of a program can each wait for SIGTERM.
///
/// How (tokio's and mio's design, not signalfd): the first listener of a
/// signal installs a process-wide sigaction handler, which only sets the
/// signal's flag and writes a byte to a non-blocking self-pipe (both
/// async-signal-safe). The pipe's read end is registered with the process-wide
/// fallback reactor, whose thread drains it and wakes the listeners. A
/// signalfd would need the signal blocked in every thread of the process,
/// including threads a library starts before the runtime exists, or the
/// signal goes to one of those threads with its default action; a handler
/// works whatever the signal masks are. Being process-wide, the pipe does
/// not depend on any runtime: a Signal works under any executor and plain
/// hoist::block_on, and outlives runtimes.
///
/// As with tokio, the handler stays installed for the life of the process
/// once a signal has had a listener: after ctrl_c() has been awaited,
/// Ctrl-C no longer terminates the program by default. The handler does
/// not chain to a previously installed one. SIGKILL and SIGSTOP cannot be
/// caught, and SIGILL, SIGFPE, SIGSEGV and SIGBUS cannot be handled this way
/// (the faulting instruction would run again): signal() rejects them with
/// std::invalid_argument, as it does numbers that are not signals.
///
/// hoist::signal is a namespace (tokio's module): under `using namespace
/// hoist;` call the C library's function as std::signal or ::signal.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SIGNAL_SIGNAL_HPP
#define HOIST_SIGNAL_SIGNAL_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"

#include <csignal>
#include <memory>
#include <utility>

namespace hoist {
namespace detail {
struct SignalListener;
} // namespace detail

namespace signal {

/// A stream of deliveries of one signal (tokio's unix::Signal).
class Signal {
public:
  class RecvFuture;

  /// Starts listening for `signo` (installing the handler on first use);
  /// throws std::invalid_argument for SIGKILL, SIGSTOP, SIGILL, SIGFPE,
  /// SIGSEGV, SIGBUS and numbers that are not signals, std::system_error
  /// if sigaction fails.
  explicit Signal(int signo);
  Signal(Signal &&o) noexcept;
  Signal &operator=(Signal &&o) noexcept;
  ~Signal();

  /// Completes when the signal has been delivered since the last recv()
  /// completed (or since this Signal was created); Output = void.
  /// Cancel-safe: dropping it loses no delivery.
  RecvFuture recv() noexcept;

  /// Poll-style recv, for hand-written futures.
  Poll<void> poll_recv(Context &cx);

  int signo() const noexcept;

private:
  friend class RecvFuture;
  void forget_waker() noexcept;

  std::unique_ptr<detail::SignalListener> l_;
};

class [[nodiscard]] Signal::RecvFuture {
public:
  using Output = void;
  explicit RecvFuture(Signal &s) noexcept : s_(&s) {}
  RecvFuture(RecvFuture &&o) noexcept
      : s_(o.s_), waiting_(std::exchange(o.waiting_, false)) {}
  RecvFuture &operator=(RecvFuture &&) = delete;
  /// A pending recv takes its waker back from the listener.
  ~RecvFuture() {
    if (waiting_)
      s_->forget_waker();
  }

  Poll<void> poll(Context &cx) {
    Poll<void> p = s_->poll_recv(cx);
    waiting_ = p.is_pending();
    return p;
  }

private:
  Signal *s_;
  bool waiting_ = false;
};

inline Signal::RecvFuture Signal::recv() noexcept { return RecvFuture(*this); }

/// tokio::signal::unix::signal: a new listener for `signo`.
inline Signal signal(int signo) { return Signal(signo); }

/// The future of ctrl_c(): completes on the first SIGINT delivered after
/// its creation (polled again, it waits for the next one). It owns its
/// listener, so it may be moved, kept in a select, or dropped at any time.
class [[nodiscard]] CtrlC {
public:
  using Output = void;
  CtrlC() : sig_(SIGINT) {}
  Poll<void> poll(Context &cx) { return sig_.poll_recv(cx); }

private:
  Signal sig_;
};

/// tokio::signal::ctrl_c: waits for the next SIGINT. Listening starts
/// here, at the call, so a Ctrl-C right after it is not missed.
inline CtrlC ctrl_c() { return CtrlC(); }

} // namespace signal
} // namespace hoist

#endif // HOIST_SIGNAL_SIGNAL_HPP
