//===- hoist/task/unhandled.hpp - Exceptions nobody joins -------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// An exception that escapes a spawned task is kept for its JoinHandle,
/// which rethrows it when awaited. If nobody will await it (the handle was
/// dropped: the task is detached), the exception is reported instead of
/// vanishing, when the task completes or, if the handle is dropped after
/// that, when the handle is dropped. By default the report goes to stderr:
///
///   hoist: unhandled exception in detached task 7 (serve(hoist::TcpStream)::
///   ServeFuture): std::runtime_error: bad request
///
/// A program replaces that with its own handler (a log, a counter, abort):
///
///   hoist::set_unhandled_exception_handler(
///       [](const hoist::UnhandledException &u) {
///         log_error(u.task_id, u.task_name, u.error);
///       });
///
/// The handler runs on the thread that completed the task (an executor's
/// worker) or that dropped the handle; it must not throw, and should not
/// block for long. A task that was cancelled (abort(), executor shutdown)
/// has no exception and reports nothing.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TASK_UNHANDLED_HPP
#define HOIST_TASK_UNHANDLED_HPP

#include <cstdint>
#include <exception>

namespace hoist {

/// What a report says about an exception that no JoinHandle will rethrow.
struct UnhandledException {
  /// The exception that escaped the task's future.
  std::exception_ptr error;
  /// The task's id, as its JoinHandle's id() returned it.
  uint64_t task_id;
  /// The type of the spawned future, demangled: for a lowered async
  /// function, a name like "fetch(int)::FetchFuture"; nullptr if the
  /// program was built without RTTI. Valid during the call only.
  const char *task_name;
};

/// Called with every unhandled exception of a detached task.
using UnhandledExceptionHandler = void (*)(const UnhandledException &);

/// Installs `handler` (nullptr: the default) for the whole process and
/// returns the previous one. Thread-safe.
UnhandledExceptionHandler
set_unhandled_exception_handler(UnhandledExceptionHandler handler) noexcept;

/// The handler installed now (the default one if none was).
UnhandledExceptionHandler get_unhandled_exception_handler() noexcept;

/// The default: one line on stderr naming the task, the exception's type
/// and its what().
void default_unhandled_exception_handler(const UnhandledException &u) noexcept;

namespace detail {
struct Header;
/// Hands `error`, which escaped `task` and which no JoinHandle will see,
/// to the installed handler.
void report_unhandled(const Header *task, std::exception_ptr error) noexcept;
} // namespace detail

} // namespace hoist

#endif // HOIST_TASK_UNHANDLED_HPP
