//===- unhandled.cpp - Reporting exceptions nobody joins ------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The process-wide handler of task/unhandled.hpp and the default one,
/// which names the task and the exception on stderr in one write.
///
//===----------------------------------------------------------------------===//
#include "hoist/task/unhandled.hpp"

#include "hoist/task/raw.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cxxabi.h>
#include <memory>
#include <string>
#include <typeinfo>

namespace hoist {

namespace {

/// nullptr: the default. acquire/release: a handler may read what the
/// thread that installed it set up.
std::atomic<UnhandledExceptionHandler> handler{nullptr};

/// A mangled type name made readable (as is if it cannot be demangled).
std::string demangle(const char *mangled) {
  int status = 0;
  std::unique_ptr<char, void (*)(void *)> out(
      abi::__cxa_demangle(mangled, nullptr, nullptr, &status), std::free);
  return status == 0 && out ? std::string(out.get()) : std::string(mangled);
}

} // namespace

UnhandledExceptionHandler
set_unhandled_exception_handler(UnhandledExceptionHandler h) noexcept {
  UnhandledExceptionHandler prev =
      handler.exchange(h, std::memory_order_acq_rel);
  return prev ? prev : &default_unhandled_exception_handler;
}

UnhandledExceptionHandler get_unhandled_exception_handler() noexcept {
  UnhandledExceptionHandler h = handler.load(std::memory_order_acquire);
  return h ? h : &default_unhandled_exception_handler;
}

void default_unhandled_exception_handler(const UnhandledException &u) noexcept {
  try {
    std::string line = "hoist: unhandled exception in detached task " +
                       std::to_string(u.task_id);
    if (u.task_name)
      line += std::string(" (") + u.task_name + ")";
    line += ": ";
    try {
      std::rethrow_exception(u.error);
    } catch (const std::exception &e) {
      line += demangle(typeid(e).name()) + ": " + e.what();
    } catch (...) {
      const std::type_info *t = abi::__cxa_current_exception_type();
      line += t ? demangle(t->name()) : std::string("unknown exception");
    }
    line += "\n";
    std::fputs(line.c_str(), stderr);
  } catch (...) {
    // Out of memory while reporting: say the least.
    std::fputs("hoist: unhandled exception in detached task\n", stderr);
  }
  std::fflush(stderr);
}

namespace detail {

void report_unhandled(const Header *task, std::exception_ptr error) noexcept {
  std::string name;
  const char *mangled = task->vtable->type_name();
  bool named = false;
  if (mangled) {
    try {
      name = demangle(mangled);
      named = true;
    } catch (...) {
    }
  }
  UnhandledException u{std::move(error), task->id,
                       named ? name.c_str() : nullptr};
  get_unhandled_exception_handler()(u);
}

} // namespace detail
} // namespace hoist
