//===- hoist/hoist.hpp - The Hoist runtime, all of it -----------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The umbrella header: async sources include this one. It declares the
/// runtime core (Poll, Context, Waker, Async, block_on, ...) and the support
/// the generated state machines use.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_HOIST_HPP
#define HOIST_HOIST_HPP

#include "hoist/core/async.hpp"
#include "hoist/core/block_on.hpp"
#include "hoist/core/context.hpp"
#include "hoist/core/future.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/core/poll_fn.hpp"
#include "hoist/core/waker.hpp"
#include "hoist/core/yield_now.hpp"
#include "hoist/detail/lowered.hpp"

#endif // HOIST_HOIST_HPP
