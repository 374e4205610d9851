//===- harness.cpp - Running, completing and joining tasks ---------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The executor-independent protocol around a task, driven by the state
/// transitions of hoist/task/state.hpp: run a popped task once, complete it
/// (hand the output to the JoinHandle and wake it), cancel it, the task
/// Waker vtable, and the JoinHandle's side. Every function documents which
/// reference it consumes; the thread that drops the last one frees the task.
///
//===----------------------------------------------------------------------===//
#include "hoist/task/raw.hpp"

#include "hoist/core/context.hpp"

#include <atomic>
#include <new>

namespace hoist::detail {

uint64_t next_task_id() noexcept {
  // relaxed: ids only need to be unique.
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

namespace {

void dealloc(Header *task) { task->vtable->dealloc(task); }

/// The future is done (output or cancellation stored) and the caller owns
/// RUNNING and one ref: publish COMPLETE, wake the JoinHandle, leave the
/// owned list, drop the refs.
void complete(Header *task) {
  Snapshot s = task->state.transition_to_complete();
  if (!s.is_join_interested()) {
    // Nobody will read the output: destroy it here.
    task->vtable->drop_stage(task);
  } else if (s.is_join_waker_set()) {
    // JOIN_WAKER and COMPLETE are both set: the slot is ours to read.
    task->join_waker->wake_by_ref();
    // Give the slot back; if the handle left meanwhile, we drop the waker.
    if (!task->state.unset_waker_after_complete().is_join_interested())
      task->join_waker.reset();
  }
  uint64_t refs = 1 + (task->scheduler->release(task) ? 1 : 0);
  if (task->state.transition_to_terminal(refs))
    dealloc(task);
}

void cancel_and_complete(Header *task) {
  task->vtable->cancel(task);
  complete(task);
}

/// A waker that borrows the poller's ref: it is never destroyed, so it
/// neither clones nor drops. Copies made by the future clone as usual.
class BorrowedWaker {
public:
  explicit BorrowedWaker(Header *task) {
    ::new (static_cast<void *>(storage_))
        Waker(Waker::from_raw(RawWaker{task, &task_waker_vtable}));
  }
  const Waker &get() const {
    return *std::launder(reinterpret_cast<const Waker *>(storage_));
  }

private:
  alignas(Waker) unsigned char storage_[sizeof(Waker)];
};

} // namespace

void run_task(Header *task) {
  switch (task->state.transition_to_running()) {
  case TransitionToRunning::Success:
    break;
  case TransitionToRunning::Cancelled:
    cancel_and_complete(task);
    return;
  case TransitionToRunning::Failed:
    return;
  case TransitionToRunning::Dealloc:
    dealloc(task);
    return;
  }
  BorrowedWaker waker(task);
  Context cx = Context::from_waker(waker.get());
  if (task->vtable->poll_future(task, cx)) {
    complete(task);
    return;
  }
  switch (task->state.transition_to_idle()) {
  case TransitionToIdle::Ok:
    return;
  case TransitionToIdle::OkNotified:
    task->scheduler->yield_task(task);
    return;
  case TransitionToIdle::OkDealloc:
    dealloc(task);
    return;
  case TransitionToIdle::Cancelled:
    cancel_and_complete(task);
    return;
  }
}

void shutdown_task(Header *task) {
  if (task->state.transition_to_shutdown())
    cancel_and_complete(task);
  else if (task->state.ref_dec())
    dealloc(task);
}

void drop_notified(Header *task) {
  if (task->state.ref_dec())
    dealloc(task);
}

//===----------------------------------------------------------------------===//
// The task Waker
//===----------------------------------------------------------------------===//

namespace {
Header *header_of(const void *data) {
  return static_cast<Header *>(const_cast<void *>(data));
}
} // namespace

const RawWakerVTable task_waker_vtable{
    /*clone=*/
    [](const void *data) {
      header_of(data)->state.ref_inc();
      return RawWaker{data, &task_waker_vtable};
    },
    /*wake=*/
    [](const void *data) {
      Header *task = header_of(data);
      switch (task->state.transition_to_notified_by_val()) {
      case TransitionToNotified::Submit:
        task->scheduler->schedule(task);
        break;
      case TransitionToNotified::Dealloc:
        dealloc(task);
        break;
      case TransitionToNotified::DoNothing:
        break;
      }
    },
    /*wake_by_ref=*/
    [](const void *data) {
      Header *task = header_of(data);
      if (task->state.transition_to_notified_by_ref() ==
          TransitionToNotified::Submit)
        task->scheduler->schedule(task);
    },
    /*drop=*/
    [](const void *data) {
      Header *task = header_of(data);
      if (task->state.ref_dec())
        dealloc(task);
    },
};

//===----------------------------------------------------------------------===//
// The JoinHandle side
//===----------------------------------------------------------------------===//

namespace {
/// True if the output can be read; otherwise `waker` is installed.
bool can_read_output(Header *task, const Waker &waker) {
  Snapshot s = task->state.load();
  if (s.is_complete())
    return true;
  if (s.is_join_waker_set()) {
    // The slot is published; replacing it means taking it back first.
    if (task->join_waker->will_wake(waker))
      return false;
    if (task->state.unset_waker() == JoinWakerTransition::Complete)
      return true; // the completing thread owns the slot now
  }
  // JOIN_WAKER is clear: the slot is ours.
  task->join_waker = waker;
  if (task->state.set_join_waker() == JoinWakerTransition::Complete) {
    task->join_waker.reset();
    return true;
  }
  return false;
}
} // namespace

bool try_read_output(Header *task, void *out, const Waker &waker) {
  if (!can_read_output(task, waker))
    return false;
  task->vtable->read_output(task, out);
  return true;
}

void drop_join_handle(Header *task) {
  JoinHandleDropped d = task->state.transition_to_join_handle_dropped();
  if (d.drop_output)
    task->vtable->drop_stage(task);
  if (d.drop_waker)
    task->join_waker.reset();
  if (task->state.ref_dec())
    dealloc(task);
}

void remote_abort(Header *task) {
  if (task->state.transition_to_notified_and_cancel())
    task->scheduler->schedule(task);
}

} // namespace hoist::detail
