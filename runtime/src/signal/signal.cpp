//===- signal.cpp - The signal handler, the self-pipe and the listeners --===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The machinery behind hoist/signal/signal.hpp:
///
///   handler (any thread)          pending[signo] = true; write(pipe, 1 byte)
///   fallback reactor's thread     the pipe is readable: the dispatch waker
///                                 drains it, then for each pending signal
///                                 bumps its generation and wakes its
///                                 listeners
///   a listener's poll             generation != seen: seen = generation,
///                                 ready; else store the waker (under the
///                                 signal's lock), pending
///
/// No delivery is lost: the handler sets the flag before writing, the
/// dispatcher drains the pipe before reading the flags, so a flag it
/// misses belongs to a write that makes the pipe readable again (a new
/// edge). A listener compares generations under the lock the dispatcher
/// bumps them under, so a bump either precedes the comparison or finds the
/// waker stored.
///
//===----------------------------------------------------------------------===//
#include "hoist/signal/signal.hpp"

#include "hoist/io/driver.hpp"
#include "hoist/sync/waiter_list.hpp"

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace hoist::detail {

/// One Signal's state, on the heap so that the Signal can move.
struct SignalListener {
  int signo;
  uint64_t seen;  ///< the generation this listener last received
  WaiterNode node; ///< linked in its slot for its whole life
};

namespace {

/// The state of one signal number.
struct SignalSlot {
  // Set by the handler, cleared by the dispatcher. Lock-free, hence
  // async-signal-safe; acq_rel/release so what the handler's thread did
  // before the signal is visible to the woken listeners.
  std::atomic<bool> pending{false};
  // Guarded by mu.
  std::mutex mu;
  bool installed = false;
  uint64_t generation = 0;
  WaiterList listeners;
};

// Read by the handler: plain atomics, set before the first sigaction.
std::atomic<SignalSlot *> g_slots{nullptr};
std::atomic<int> g_pipe_write{-1};

extern "C" void hoist_on_signal(int signo) {
  int saved = errno;
  if (SignalSlot *slots = g_slots.load(std::memory_order_acquire)) {
    slots[signo].pending.store(true, std::memory_order_release);
    char b = 0;
    // EAGAIN: the pipe is full, so it is readable already; nothing lost.
    ssize_t r = ::write(g_pipe_write.load(std::memory_order_relaxed), &b, 1);
    (void)r;
  }
  errno = saved;
}

[[noreturn]] void fatal(const char *what) {
  std::fprintf(stderr, "hoist: signal: %s: %s\n", what, std::strerror(errno));
  std::abort();
}

/// Process-wide: the slots, the self-pipe and its registration with the
/// fallback reactor. Created on first use and never destroyed (the
/// handler may run at any time, even during exit).
class SignalRegistry {
public:
  static SignalRegistry &get() {
    static SignalRegistry *instance = new SignalRegistry();
    return *instance;
  }

  SignalSlot &slot(int signo) noexcept { return slots_[signo]; }

  /// Installs the handler for `signo` once.
  void install(int signo) {
    SignalSlot &s = slots_[signo];
    std::lock_guard<std::mutex> lock(s.mu);
    if (s.installed)
      return;
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = &hoist_on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (::sigaction(signo, &sa, nullptr) < 0)
      throw std::system_error(errno, std::generic_category(), "hoist: sigaction");
    s.installed = true;
  }

private:
  SignalRegistry() : slots_(NSIG) {
    int fds[2];
    if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0)
      fatal("pipe2 failed");
    read_fd_ = fds[0];
    g_slots.store(slots_.data(), std::memory_order_release);
    g_pipe_write.store(fds[1], std::memory_order_release);
    // The fallback reactor is never shut down, so the registration stays
    // valid for the life of the process.
    io_ = Driver::fallback().register_fd(read_fd_);
    dispatch(); // arms the dispatch waker
  }

  static RawWaker clone_waker(const void *data) noexcept {
    return RawWaker{data, &vtable};
  }
  static void wake_waker(const void *data) {
    static_cast<SignalRegistry *>(const_cast<void *>(data))->dispatch();
  }
  static void drop_waker(const void *) noexcept {}
  static const RawWakerVTable vtable;

  /// Drains the pipe until the reactor holds our waker again, then hands
  /// every pending signal to its listeners. Runs on the reactor's thread
  /// (from a wake) or, once, in the constructor.
  void dispatch() {
    std::lock_guard<std::mutex> lock(dispatch_mu_);
    Waker self = Waker::from_raw(RawWaker{this, &vtable});
    Context cx = Context::from_waker(self);
    for (;;) {
      Poll<ReadyEvent> ev = io_->poll_ready(cx, Interest::Read);
      if (ev.is_pending() || ev.value().shutdown)
        break;
      char buf[256];
      ssize_t n;
      do
        n = ::read(read_fd_, buf, sizeof buf);
      while (n > 0 || (n < 0 && errno == EINTR));
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        io_->clear_readiness(ev.value());
      else
        fatal("read from the signal pipe failed");
    }
    for (int signo = 1; signo < NSIG; ++signo) {
      SignalSlot &s = slots_[static_cast<size_t>(signo)];
      if (!s.pending.load(std::memory_order_relaxed) ||
          !s.pending.exchange(false, std::memory_order_acq_rel))
        continue;
      std::vector<Waker> wakers;
      {
        std::lock_guard<std::mutex> slot_lock(s.mu);
        ++s.generation;
        for (WaiterNode *n = s.listeners.front(); n; n = n->next)
          if (n->waker) {
            wakers.push_back(std::move(*n->waker));
            n->waker.reset();
          }
      }
      // Outside the lock: a woken task may drop its Signal at once.
      for (Waker &w : wakers)
        w.wake();
    }
  }

  std::vector<SignalSlot> slots_;
  int read_fd_ = -1;
  ScheduledIo *io_ = nullptr;
  std::mutex dispatch_mu_;
};

const RawWakerVTable SignalRegistry::vtable{
    &SignalRegistry::clone_waker, &SignalRegistry::wake_waker,
    &SignalRegistry::wake_waker, &SignalRegistry::drop_waker};

void check_signo(int signo) {
  if (signo <= 0 || signo >= NSIG)
    throw std::invalid_argument("hoist: signal: " + std::to_string(signo) +
                                " is not a signal number");
  switch (signo) {
  case SIGKILL:
  case SIGSTOP:
  case SIGILL:
  case SIGFPE:
  case SIGSEGV:
  case SIGBUS:
    throw std::invalid_argument(std::string("hoist: signal: ") + ::strsignal(signo) +
                                " cannot be listened for");
  default:
    break;
  }
}

} // namespace
} // namespace hoist::detail

namespace hoist::signal {

using detail::SignalListener;
using detail::SignalRegistry;
using detail::SignalSlot;

Signal::Signal(int signo) {
  detail::check_signo(signo);
  SignalRegistry &reg = SignalRegistry::get();
  reg.install(signo);
  l_ = std::make_unique<SignalListener>();
  l_->signo = signo;
  SignalSlot &s = reg.slot(signo);
  std::lock_guard<std::mutex> lock(s.mu);
  l_->seen = s.generation;
  s.listeners.push_back(&l_->node);
}

Signal::Signal(Signal &&o) noexcept : l_(std::move(o.l_)) {}

Signal &Signal::operator=(Signal &&o) noexcept {
  Signal moved(std::move(o));
  std::swap(l_, moved.l_);
  return *this;
}

Signal::~Signal() {
  if (!l_)
    return;
  SignalSlot &s = SignalRegistry::get().slot(l_->signo);
  std::optional<Waker> w;
  {
    std::lock_guard<std::mutex> lock(s.mu);
    s.listeners.remove(&l_->node);
    w = std::move(l_->node.waker); // dropped outside the lock
  }
}

int Signal::signo() const noexcept { return l_ ? l_->signo : 0; }

Poll<void> Signal::poll_recv(Context &cx) {
  if (!l_)
    throw std::logic_error("hoist: signal: recv on a moved-from Signal");
  SignalSlot &s = SignalRegistry::get().slot(l_->signo);
  std::lock_guard<std::mutex> lock(s.mu);
  if (s.generation != l_->seen) {
    l_->seen = s.generation;
    l_->node.waker.reset();
    return ready();
  }
  l_->node.set_waker(cx.waker());
  return pending;
}

void Signal::forget_waker() noexcept {
  if (!l_)
    return;
  SignalSlot &s = SignalRegistry::get().slot(l_->signo);
  std::optional<Waker> w;
  {
    std::lock_guard<std::mutex> lock(s.mu);
    w = std::move(l_->node.waker);
    l_->node.waker.reset();
  }
}

} // namespace hoist::signal
