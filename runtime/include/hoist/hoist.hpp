//===- hoist/hoist.hpp - The Hoist runtime, all of it -----------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The umbrella header: async sources include this one. It declares the
/// runtime core (Poll, Context, Waker, Async, block_on, ...), the support
/// the generated state machines use, and the rest of the runtime: tasks
/// and executors, the reactor's timers and sockets, sync primitives and
/// combinators (see docs/runtime.md).
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

#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/fs/fs.hpp"
#include "hoist/future/join.hpp"
#include "hoist/future/select.hpp"
#include "hoist/io/async_fd.hpp"
#include "hoist/io/buf_reader.hpp"
#include "hoist/io/buf_writer.hpp"
#include "hoist/io/copy.hpp"
#include "hoist/io/pipe.hpp"
#include "hoist/io/read_write.hpp"
#include "hoist/io/split.hpp"
#include "hoist/net/lookup_host.hpp"
#include "hoist/net/socket_addr.hpp"
#include "hoist/net/tcp.hpp"
#include "hoist/net/udp.hpp"
#include "hoist/net/unix_addr.hpp"
#include "hoist/net/unix_datagram.hpp"
#include "hoist/net/unix_stream.hpp"
#include "hoist/process/process.hpp"
#include "hoist/signal/signal.hpp"
#include "hoist/sync/atomic_waker.hpp"
#include "hoist/sync/barrier.hpp"
#include "hoist/sync/broadcast.hpp"
#include "hoist/sync/cancellation_token.hpp"
#include "hoist/sync/mpsc.hpp"
#include "hoist/sync/mutex.hpp"
#include "hoist/sync/notify.hpp"
#include "hoist/sync/once_cell.hpp"
#include "hoist/sync/oneshot.hpp"
#include "hoist/sync/rwlock.hpp"
#include "hoist/sync/semaphore.hpp"
#include "hoist/sync/watch.hpp"
#include "hoist/task/coop.hpp"
#include "hoist/task/join_handle.hpp"
#include "hoist/task/join_set.hpp"
#include "hoist/task/spawn.hpp"
#include "hoist/task/unhandled.hpp"
#include "hoist/time/interval.hpp"
#include "hoist/time/pause.hpp"
#include "hoist/time/sleep.hpp"
#include "hoist/time/timeout.hpp"

#endif // HOIST_HOIST_HPP
