//===- semaphore.cpp - An async counting semaphore -----------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// FIFO permit hand-off for hoist::Semaphore (and so hoist::Mutex). A waiter
/// is granted its permits by the releasing thread under the lock (`notified`
/// set, node unlinked); its future then completes on its next poll without
/// touching the count. Wakers are taken out under the lock and woken after.
///
//===----------------------------------------------------------------------===//
#include "hoist/sync/semaphore.hpp"

#include <vector>

namespace hoist {

namespace {
/// Grants the head waiters while permits suffice; collects their wakers.
void grant(size_t &permits, detail::WaiterList &waiters, std::vector<Waker> &out) {
  while (detail::WaiterNode *n = waiters.front()) {
    auto *w = static_cast<detail::SemaphoreWaiter *>(n);
    if (w->needed > permits)
      break; // FIFO: nobody overtakes the head
    permits -= w->needed;
    waiters.pop_front();
    w->notified = true;
    if (w->waker)
      out.push_back(std::move(*w->waker));
    w->waker.reset();
  }
}
} // namespace

Semaphore::Acquire::Acquire(Acquire &&o) noexcept
    : sem_(o.sem_), n_(o.n_), done_(o.done_) {
  if (o.polled_) {
    std::fprintf(stderr, "hoist: moved a Semaphore::acquire future after it "
                         "was polled\n");
    std::abort();
  }
  o.done_ = true; // the moved-from future owns nothing
}

Semaphore::Acquire::~Acquire() {
  if (!polled_ || done_)
    return;
  bool granted;
  std::vector<Waker> wake;
  {
    std::lock_guard<std::mutex> lock(sem_->mu_);
    sem_->waiters_.remove(&node_);
    granted = node_.notified;
    // A cancelled head may have been all that held back the waiters behind
    // it (it wanted more permits than they do): grant them now.
    if (!granted)
      grant(sem_->permits_, sem_->waiters_, wake);
  }
  for (Waker &w : wake)
    w.wake_by_ref();
  // Granted but never observed: give the permits back.
  if (granted)
    sem_->release(n_);
}

Poll<SemaphorePermit> Semaphore::Acquire::poll(Context &cx) {
  if (done_) {
    std::fprintf(stderr, "hoist: polled a Semaphore::acquire future after it "
                         "completed\n");
    std::abort();
  }
  std::lock_guard<std::mutex> lock(sem_->mu_);
  if (!polled_) {
    polled_ = true;
    if (sem_->waiters_.empty() && sem_->permits_ >= n_) {
      sem_->permits_ -= n_;
      done_ = true;
      return Poll<SemaphorePermit>(ready_in_place, SemaphorePermit(sem_, n_));
    }
    node_.needed = n_;
    node_.set_waker(cx.waker());
    sem_->waiters_.push_back(&node_);
    return pending;
  }
  if (node_.notified) {
    done_ = true;
    return Poll<SemaphorePermit>(ready_in_place, SemaphorePermit(sem_, n_));
  }
  node_.set_waker(cx.waker());
  return pending;
}

std::optional<SemaphorePermit> Semaphore::try_acquire(size_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!waiters_.empty() || permits_ < n)
    return std::nullopt;
  permits_ -= n;
  return SemaphorePermit(this, n);
}

void Semaphore::add_permits(size_t n) { release(n); }

void Semaphore::release(size_t n) {
  std::vector<Waker> wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    permits_ += n;
    grant(permits_, waiters_, wake);
  }
  for (Waker &w : wake)
    w.wake_by_ref();
}

size_t Semaphore::available_permits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return permits_;
}

} // namespace hoist
