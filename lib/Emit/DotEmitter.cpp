//===- DotEmitter.cpp - State graphs for Graphviz -------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `hoist --emit=dot`: one digraph per async function. Nodes are the states,
/// labelled with the suspend point's line and the values held; edges are the
/// ways poll() leaves a state: on to the next suspend point, to completion,
/// to Poisoned by an exception, and destruction.
///
//===----------------------------------------------------------------------===//
#include "Emit/Reports.h"

#include "llvm/ADT/StringExtras.h"

namespace hoist {

namespace {

std::string escape(llvm::StringRef S) {
  std::string R;
  for (char C : S) {
    if (C == '"' || C == '\\')
      R += '\\';
    R += C;
  }
  return R;
}

} // namespace

std::string renderDot(const std::vector<const AsyncFnShape *> &Shapes) {
  std::string Out;
  for (const AsyncFnShape *SP : Shapes) {
    const AsyncFnShape &S = *SP;
    Out += "digraph \"" + escape(S.DisplayName) + "\" {\n";
    Out += "  label=\"" + escape(S.DisplayName + " (" + S.Location + ")") +
           "\";\n  labelloc=t;\n  node [shape=box, fontname=\"monospace\"];\n";
    auto Holds = [&](int State) {
      std::vector<std::string> Names;
      for (const Slot &Sl : S.Slots)
        if (State < 0 ? (Sl.Kind == SlotKind::Parameter ||
                         Sl.Kind == SlotKind::RefParameter ||
                         Sl.Kind == SlotKind::Capture || Sl.Kind == SlotKind::Self)
                      : llvm::is_contained(Sl.LiveIn, unsigned(State)))
          Names.push_back(Sl.Name);
      return llvm::join(Names, ", ");
    };
    Out += "  Unresumed [label=\"Unresumed\\nholds: " + escape(Holds(-1)) + "\"];\n";
    for (const SuspendState &St : S.States)
      Out += "  Suspend" + std::to_string(St.Index) + " [label=\"Suspend" +
             std::to_string(St.Index) + "\\nline " + std::to_string(St.Line) +
             ": " + escape(St.AwaitText) + "\\nholds: " +
             escape(Holds(int(St.Index))) + "\"];\n";
    Out += "  Returned [shape=doublecircle];\n  Poisoned [shape=octagon];\n"
           "  Dropped [shape=point];\n";
    // Resume paths: from each state, poll() runs to the next suspend point
    // it can reach; the lowering does not track paths, so every later state
    // and completion are drawn as possible successors of the code order.
    std::vector<std::string> Order = {"Unresumed"};
    for (const SuspendState &St : S.States)
      Order.push_back("Suspend" + std::to_string(St.Index));
    for (size_t I = 0; I < Order.size(); ++I) {
      if (I + 1 < Order.size())
        Out += "  " + Order[I] + " -> " + Order[I + 1] + " [label=\"poll\"];\n";
      Out += "  " + Order[I] + " -> Returned [label=\"co_return\", style=dashed];\n";
      Out += "  " + Order[I] + " -> Poisoned [label=\"exception\", color=red];\n";
      Out += "  " + Order[I] + " -> Dropped [label=\"drop\", style=dotted];\n";
    }
    Out += "}\n";
  }
  return Out;
}

} // namespace hoist
