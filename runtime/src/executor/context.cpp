//===- context.cpp - The thread's current executor -----------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The thread-local ExecutorContext (see hoist/executor/context.hpp).
///
//===----------------------------------------------------------------------===//
#include "hoist/executor/context.hpp"

namespace hoist::detail {

ExecutorContext &current_context() noexcept {
  static thread_local ExecutorContext cx;
  return cx;
}

} // namespace hoist::detail
