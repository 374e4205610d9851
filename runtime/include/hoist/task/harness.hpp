//===- hoist/task/harness.hpp - Cell<F>: a task's one allocation -*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `Cell<F>` is the single heap allocation of a spawned task: the Header
/// (task/raw.hpp) followed by the stage, a union of the future F (while it
/// runs) and its TaskResult (after). The future is moved in once, at spawn,
/// before its first poll, and polled in place from then on.
///
/// This file holds the vtable functions that know F; the protocol that
/// calls them is type-independent and lives in src/task/harness.cpp.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TASK_HARNESS_HPP
#define HOIST_TASK_HARNESS_HPP

#include "hoist/core/future.hpp"
#include "hoist/task/join_handle.hpp"
#include "hoist/task/raw.hpp"
#include "hoist/task/unhandled.hpp"

#include <exception>
#include <new>
#include <type_traits>
#include <typeinfo>
#include <utility>

namespace hoist::detail {

template <class F> class Cell final : public Header {
public:
  using T = output_t<F>;

  Cell(F &&future, Scheduler *owner)
      : Header(&vtable, owner, next_task_id()) {
    ::new (static_cast<void *>(&future_)) F(std::move(future));
    owner->retain();
  }
  Cell(const Cell &) = delete;
  Cell &operator=(const Cell &) = delete;

  static const TaskVTable vtable;

private:
  ~Cell() { drop(); }

  /// Which member of the union is alive. Owned like the stage.
  enum class Stage : unsigned char { Running, Finished, Consumed };

  void drop() noexcept {
    if (stage_ == Stage::Running)
      future_.~F();
    else if (stage_ == Stage::Finished)
      output_.~TaskResult<T>();
    stage_ = Stage::Consumed;
  }

  template <class... A> void finish(A &&...a) {
    ::new (static_cast<void *>(&output_)) TaskResult<T>(std::forward<A>(a)...);
    stage_ = Stage::Finished;
  }

  static bool poll_future(Header *h, Context &cx) {
    auto *c = static_cast<Cell *>(h);
    try {
      Poll<T> p = c->future_.poll(cx);
      if (p.is_pending())
        return false;
      c->future_.~F();
      c->stage_ = Stage::Consumed;
      try {
        if constexpr (std::is_void<T>::value)
          c->finish(std::in_place_index<1>);
        else
          c->finish(std::in_place_index<1>, std::move(p).value());
      } catch (...) {
        c->finish(std::in_place_index<2>, std::current_exception());
      }
    } catch (...) {
      // The exception left the future's poll: destroy the (poisoned)
      // future and carry the exception to the JoinHandle.
      if (c->stage_ == Stage::Running)
        c->future_.~F();
      c->stage_ = Stage::Consumed;
      c->finish(std::in_place_index<2>, std::current_exception());
    }
    return true;
  }

  static void cancel(Header *h) {
    auto *c = static_cast<Cell *>(h);
    c->drop();
    c->finish(std::in_place_index<3>);
  }

  static void drop_stage(Header *h) {
    auto *c = static_cast<Cell *>(h);
    std::exception_ptr unseen;
    if (c->stage_ == Stage::Finished && c->output_.index() == 2)
      unseen = std::get<2>(c->output_);
    c->drop();
    if (unseen)
      report_unhandled(h, std::move(unseen));
  }

  static void read_output(Header *h, void *out) {
    auto *c = static_cast<Cell *>(h);
    if (c->stage_ != Stage::Finished) {
      std::fprintf(stderr, "hoist: internal error: JoinHandle read an "
                           "output that is not there\n");
      std::abort();
    }
    static_cast<std::optional<TaskResult<T>> *>(out)->emplace(std::move(c->output_));
    c->drop();
  }

  static void dealloc(Header *h) {
    auto *c = static_cast<Cell *>(h);
    Scheduler *s = c->scheduler;
    delete c;
    s->release_ref();
  }

  static const char *type_name() noexcept {
#if defined(__cpp_rtti) || defined(__GXX_RTTI)
    return typeid(F).name();
#else
    return nullptr;
#endif
  }

  Stage stage_ = Stage::Running;
  union {
    F future_;
    TaskResult<T> output_;
  };
};

template <class F>
const TaskVTable Cell<F>::vtable{&Cell::poll_future, &Cell::cancel,
                                 &Cell::drop_stage, &Cell::read_output,
                                 &Cell::dealloc, &Cell::type_name};

/// Makes the JoinHandle of a new task (its constructor is private).
struct JoinHandleAccess {
  template <class T> static JoinHandle<T> make(Header *task) noexcept {
    return JoinHandle<T>(task);
  }
};

/// Spawns `future` on `scheduler`: one allocation, then spawn_new.
template <class F>
JoinHandle<output_t<awaitee_t<F &&>>> spawn_on(Scheduler &scheduler, F &&future) {
  using Fut = awaitee_t<F &&>;
  static_assert(!std::is_lvalue_reference<F>::value,
                "spawn takes the future by value: use std::move(f)");
  auto *cell = new Cell<Fut>(make_awaitee(std::forward<F>(future)), &scheduler);
  scheduler.spawn_new(cell);
  return JoinHandleAccess::make<output_t<Fut>>(cell);
}

/// The future of spawn_blocking: calls `fn` once, on a blocking thread.
template <class Fn> class BlockingTask {
public:
  using Output = std::invoke_result_t<Fn &>;
  explicit BlockingTask(Fn fn) : fn_(std::move(fn)) {}
  Poll<Output> poll(Context &) {
    if constexpr (std::is_void<Output>::value) {
      fn_();
      return ready();
    } else {
      return Poll<Output>(ready_in_place, fn_());
    }
  }

private:
  Fn fn_;
};

} // namespace hoist::detail

#endif // HOIST_TASK_HARNESS_HPP
