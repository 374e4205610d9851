//===- StateGraph.h - Which state poll() can reach from which ---*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The state graph of one async function, as a teacher draws it: the states
/// of its future are the nodes, and an edge says where one call of poll()
/// that starts in a state can stop.
///
///   Unresumed --start--> Suspend0 --ready--> Suspend1 --ready--> Returned
///                          |  ^                 |  ^
///                          +--+ pending         +--+ pending
///   (every running state) --exception--> Poisoned
///
/// The edges are computed on clang's control-flow graph of the body as
/// written: from the top of the body (Unresumed), and from just after each
/// co_await (SuspendK, once its awaitee is ready), every path is followed to
/// the first co_await it meets or to the end of the body. So a loop around
/// an await gives a back edge, an `if` two edges, a `co_return` before an
/// await none. Exceptions: a `throw` and the calls inside a try block reach
/// its handlers; a handler that falls through continues the walk (a
/// "caught" edge). That a call may throw anywhere is drawn once per state.
///
/// The views (--emit=dot, --emit=html) and the tutorial draw this graph.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_EMIT_STATEGRAPH_H
#define HOIST_EMIT_STATEGRAPH_H

#include "Lower/AsyncFnShape.h"

#include <string>
#include <vector>

namespace hoist {

/// How one poll() gets from a state to another.
enum class StateEdgeKind {
  Start,   ///< Unresumed -> X: the first poll runs the body from the top
  Ready,   ///< SuspendK -> X: the awaitee was ready; the body runs on
  Pending, ///< SuspendK -> SuspendK: the awaitee was pending; poll() returns
  Return,  ///< X -> Returned: co_return, or the end of the body
  Caught,  ///< X -> Y: an exception was caught in the body, which runs on
  Throw,   ///< X -> Poisoned: an exception escapes poll()
};

/// One edge. Nodes are numbered as StateGraph's helpers say.
struct StateEdge {
  unsigned From = 0, To = 0;
  StateEdgeKind Kind = StateEdgeKind::Ready;
  /// Return: the lines of the co_returns taken (empty: the end of the
  /// body). Caught: the lines of the handlers. Throw: the lines of the
  /// throw expressions (empty: any call that throws).
  std::vector<unsigned> Lines;
};

/// The graph: Unresumed, Suspend0..N-1, Returned, Poisoned.
struct StateGraph {
  unsigned NumSuspends = 0;
  /// In a stable order: by source node, then kind, then target.
  std::vector<StateEdge> Edges;
  /// False if clang could not build the body's control-flow graph (for
  /// example, a template's dependent body): the edges then follow the
  /// order of the code, from each state to the next and to Returned.
  bool Exact = true;

  unsigned unresumed() const { return 0; }
  unsigned suspend(unsigned K) const { return 1 + K; }
  unsigned returned() const { return 1 + NumSuspends; }
  unsigned poisoned() const { return 2 + NumSuspends; }
  unsigned numNodes() const { return 3 + NumSuspends; }
  /// "Unresumed", "Suspend0", ..., "Returned", "Poisoned".
  std::string nodeName(unsigned Node) const;
  /// The K of SuspendK, or -1 for the other nodes.
  int suspendIndex(unsigned Node) const {
    return Node >= 1 && Node <= NumSuspends ? int(Node - 1) : -1;
  }
};

/// Computes the state graph of `Shape` (see the file comment). Its states
/// are matched to the body's co_awaits by their source position.
StateGraph computeStateGraph(const AsyncFnShape &Shape);

/// The slots a state holds (what its future stores while suspended there),
/// in slot order: for Unresumed the parameters, captures and `this`; for
/// SuspendK the slots alive in it; nothing for Returned and Poisoned.
std::vector<unsigned> slotsHeld(const AsyncFnShape &Shape,
                                const StateGraph &Graph, unsigned Node);

/// What destroying the future in `Node` destroys, newest first (the drop
/// tree's path from the state's drop point to the root).
std::vector<unsigned> slotsDropped(const AsyncFnShape &Shape,
                                   const StateGraph &Graph, unsigned Node);

} // namespace hoist

#endif // HOIST_EMIT_STATEGRAPH_H
