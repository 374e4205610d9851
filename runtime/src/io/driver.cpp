//===- driver.cpp - The reactor: epoll, eventfd and timers ---------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// One turn of the reactor and the bookkeeping around it; see
/// hoist/io/driver.hpp for who turns it and why.
///
//===----------------------------------------------------------------------===//
#include "hoist/io/driver.hpp"

#include "hoist/executor/context.hpp"

#include <cerrno>
#include <cstring>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace hoist::detail {

namespace {
constexpr int kMaxEvents = 1024;

[[noreturn]] void fatal(const char *what) {
  std::fprintf(stderr, "hoist: %s: %s\n", what, std::strerror(errno));
  std::abort();
}
Instant start_instant() {
  return Instant(std::chrono::floor<std::chrono::milliseconds>(
      hoist::now().time_since_epoch()));
}

// Every live driver (Driver::unpark_all).
std::mutex all_mu;
Driver *all_head = nullptr;
} // namespace

Driver::Driver() : start_(start_instant()) {
  epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epfd_ < 0)
    fatal("epoll_create1 failed");
  eventfd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (eventfd_ < 0)
    fatal("eventfd failed");
  epoll_event ev{};
  ev.events = EPOLLIN; // level-triggered: readable until the turn reads it
  ev.data.ptr = nullptr;
  if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, eventfd_, &ev) < 0)
    fatal("epoll_ctl(eventfd) failed");
  events_.resize(kMaxEvents);
  std::lock_guard<std::mutex> lock(all_mu);
  all_next_ = all_head;
  if (all_head)
    all_head->all_prev_ = this;
  all_head = this;
}

Driver::~Driver() {
  {
    std::lock_guard<std::mutex> lock(all_mu);
    if (all_prev_)
      all_prev_->all_next_ = all_next_;
    else
      all_head = all_next_;
    if (all_next_)
      all_next_->all_prev_ = all_prev_;
  }
  free_released();
  ::close(eventfd_);
  ::close(epfd_);
}

Driver *Driver::create() { return new Driver(); }

Driver &Driver::current() {
  if (Driver *d = current_context().driver)
    return *d;
  return fallback();
}

Driver &Driver::fallback() {
  // The process-wide fallback: created on first use, turned forever by a
  // detached background thread, never destroyed (it stays reachable).
  static Driver *instance = [] {
    Driver *d = new Driver();
    std::thread([d] {
      while (!d->try_lock())
        std::this_thread::yield();
      for (;;)
        d->turn(-1);
    }).detach();
    return d;
  }();
  return *instance;
}

void Driver::retain() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }

void Driver::release() noexcept {
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
    delete this;
}

bool Driver::try_lock() noexcept {
  bool expected = false;
  return driving_.compare_exchange_strong(expected, true,
                                          std::memory_order_acquire,
                                          std::memory_order_relaxed);
}

void Driver::unlock() noexcept { driving_.store(false, std::memory_order_release); }

void Driver::unpark() noexcept {
  if (unpark_pending_.exchange(true, std::memory_order_acq_rel))
    return; // a write is pending already
  uint64_t one = 1;
  ssize_t r = ::write(eventfd_, &one, sizeof one);
  (void)r; // EAGAIN only if the counter is saturated: still readable
}

uint64_t Driver::now_tick() const noexcept {
  auto d = hoist::now() - start_;
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

uint64_t Driver::deadline_tick(Instant t) const noexcept {
  if (t <= start_)
    return 0;
  auto d = t - start_;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d);
  if (ms < d)
    ms += std::chrono::milliseconds(1); // round up
  return static_cast<uint64_t>(ms.count());
}

void Driver::turn(int timeout_ms) {
  free_released();

  // Bound the wait by the next timer, and publish how long we sleep so
  // that an earlier timer inserted meanwhile interrupts us.
  {
    std::lock_guard<std::mutex> lock(timer_mu_);
    if (std::optional<uint64_t> next = wheel_.next_expiration()) {
      uint64_t now = now_tick();
      int until = *next <= now ? 0
                  : *next - now > 3600 * 1000
                      ? 3600 * 1000
                      : static_cast<int>(*next - now);
      if (timeout_ms < 0 || until < timeout_ms)
        timeout_ms = until;
    }
    sleep_until_ = timeout_ms == 0  ? 0
                   : timeout_ms < 0 ? UINT64_MAX
                                    : now_tick() + static_cast<uint64_t>(timeout_ms);
  }

  int n = ::epoll_wait(epfd_, events_.data(), kMaxEvents, timeout_ms);
  if (n < 0) {
    if (errno != EINTR)
      fatal("epoll_wait failed");
    n = 0;
  }
  {
    std::lock_guard<std::mutex> lock(timer_mu_);
    sleep_until_ = 0;
  }

  // Never 0: a fresh registration's speculative readiness has tick 0.
  tick_ = (tick_ + 1) & 0xffff;
  if (tick_ == 0)
    tick_ = 1;
  for (int i = 0; i < n; ++i) {
    const epoll_event &ev = events_[static_cast<size_t>(i)];
    if (!ev.data.ptr) {
      // Drain the eventfd, then clear the flag: an unpark() before the
      // clear finds the flag set and this turn ending anyway; one after it
      // writes again. (Clearing first let a write land between the two and
      // be swallowed by the read, leaving the flag set with nothing to wake.)
      // The eventfd was readable, so the unpark that set the flag has
      // written: the read leaves no write of this flag still to come.
      uint64_t count;
      ssize_t r = ::read(eventfd_, &count, sizeof count);
      (void)r;
      unpark_pending_.exchange(false, std::memory_order_acq_rel);
      continue;
    }
    uint32_t ready = 0;
    if (ev.events & EPOLLIN)
      ready |= ScheduledIo::kReadable;
    if (ev.events & EPOLLOUT)
      ready |= ScheduledIo::kWritable;
    if (ev.events & EPOLLRDHUP)
      ready |= ScheduledIo::kReadable | ScheduledIo::kReadClosed;
    if (ev.events & EPOLLHUP)
      ready |= ScheduledIo::kReadable | ScheduledIo::kReadClosed |
               ScheduledIo::kWritable | ScheduledIo::kWriteClosed;
    if (ev.events & EPOLLERR)
      ready |= ScheduledIo::kError | ScheduledIo::kReadable |
               ScheduledIo::kWritable;
    static_cast<ScheduledIo *>(ev.data.ptr)->set_readiness(ready, tick_);
  }

  fire_timers(now_tick());
}

void Driver::fire_timers(uint64_t now) {
  {
    std::lock_guard<std::mutex> lock(timer_mu_);
    wheel_.advance(now, [&](TimerEntry *e) {
      // FIRED before taking the waker: a poll that registers after our
      // take() re-checks the state and completes (no lost wake-up).
      e->state.store(TimerEntry::kFired, std::memory_order_release);
      if (std::optional<Waker> w = e->waker.take())
        fired_.push_back(std::move(*w));
      // DONE: we never touch the entry again; its owner may free it.
      e->state.store(TimerEntry::kDone, std::memory_order_release);
    });
  }
  // Wake outside the lock: a wake may free a task whose destructor
  // removes other timers.
  for (Waker &w : fired_)
    w.wake();
  fired_.clear();
}

void Driver::fire_due_timers() {
  if (!try_lock())
    return; // the thread turning the driver fires them
  fire_timers(now_tick());
  unlock();
}

std::optional<Instant> Driver::next_timer_deadline() {
  std::lock_guard<std::mutex> lock(timer_mu_);
  if (std::optional<uint64_t> next = wheel_.next_expiration())
    return start_ + std::chrono::milliseconds(*next);
  return std::nullopt;
}

void Driver::unpark_all() noexcept {
  std::lock_guard<std::mutex> lock(all_mu);
  for (Driver *d = all_head; d; d = d->all_next_)
    d->unpark();
}

void Driver::shutdown() {
  if (shutdown_.exchange(true, std::memory_order_acq_rel))
    return;
  {
    std::lock_guard<std::mutex> lock(reg_mu_);
    for (ScheduledIo *io = registrations_; io; io = io->reg_next)
      io->shutdown();
  }
  // Fire every timer. Whoever holds the turn lock is gone (the executor
  // shut down), so fired_ is free to use; take the lock anyway.
  while (!try_lock())
    std::this_thread::yield();
  fire_timers(UINT64_MAX);
  unlock();
}

ScheduledIo *Driver::register_fd(int fd) {
  if (is_shutdown())
    throw std::system_error(ECANCELED, std::generic_category(),
                            "hoist: the runtime driving this socket has shut down");
  auto *io = new ScheduledIo(fd);
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.ptr = io;
  if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) < 0) {
    int err = errno;
    delete io;
    throw std::system_error(err, std::generic_category(), "hoist: epoll_ctl(ADD)");
  }
  std::lock_guard<std::mutex> lock(reg_mu_);
  io->reg_next = registrations_;
  if (registrations_)
    registrations_->reg_prev = io;
  registrations_ = io;
  if (is_shutdown())
    io->shutdown();
  return io;
}

void Driver::deregister(ScheduledIo *io) noexcept {
  ::epoll_ctl(epfd_, EPOLL_CTL_DEL, io->fd, nullptr);
  {
    std::lock_guard<std::mutex> lock(reg_mu_);
    if (io->reg_prev)
      io->reg_prev->reg_next = io->reg_next;
    else
      registrations_ = io->reg_next;
    if (io->reg_next)
      io->reg_next->reg_prev = io->reg_prev;
  }
  // A turn in progress may hold a pointer to `io` from its epoll_wait.
  // If no turn is in progress, free it now; otherwise at the next turn.
  if (try_lock()) {
    delete io;
    unlock();
    return;
  }
  bool wake_turn;
  {
    std::lock_guard<std::mutex> lock(release_mu_);
    io->release_next = released_;
    released_ = io;
    wake_turn = ++released_count_ % 64 == 0;
  }
  // A turn blocked for long would hold on to the records: nudge it.
  if (wake_turn)
    unpark();
}

void Driver::free_released() noexcept {
  ScheduledIo *list;
  {
    std::lock_guard<std::mutex> lock(release_mu_);
    list = released_;
    released_ = nullptr;
    released_count_ = 0;
  }
  while (list) {
    ScheduledIo *next = list->release_next;
    delete list;
    list = next;
  }
}

bool Driver::insert_timer(TimerEntry *e, Instant deadline) {
  return reset_timer(e, deadline);
}

bool Driver::reset_timer(TimerEntry *e, Instant deadline) {
  uint64_t when = deadline_tick(deadline);
  bool wake_turn = false;
  {
    std::lock_guard<std::mutex> lock(timer_mu_);
    wheel_.remove(e);
    if (is_shutdown() || !wheel_.insert(e, when)) {
      e->state.store(TimerEntry::kDone, std::memory_order_release);
      return false;
    }
    e->state.store(TimerEntry::kRegistered, std::memory_order_release);
    wake_turn = sleep_until_ != 0 && when < sleep_until_;
  }
  if (wake_turn)
    unpark();
  return true;
}

void Driver::remove_timer(TimerEntry *e) noexcept {
  uint8_t s = e->state.load(std::memory_order_acquire);
  if (s == TimerEntry::kIdle || s == TimerEntry::kDone)
    return;
  std::lock_guard<std::mutex> lock(timer_mu_);
  wheel_.remove(e);
  e->state.store(TimerEntry::kDone, std::memory_order_release);
}

} // namespace hoist::detail
