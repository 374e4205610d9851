//===- DotEmitter.cpp - State graphs for Graphviz -------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `hoist --emit=dot`: the state graph of StateGraph.h of each async
/// function, drawn for Graphviz (`dot -Tsvg`). One function is a digraph of
/// its own; several are clusters of one digraph named after the file (one
/// picture), their nodes named f<N>_Unresumed, f<N>_Suspend0, ...:
///
///   digraph "example" {
///     Unresumed [label="Unresumed\nholds: t"];
///     Suspend0  [label="Suspend0\nline 23: co_await sy1(t)\nholds: t, awaitee0"];
///     ...
///     Unresumed -> Suspend0 [label="first poll"];      // resume paths
///     Suspend0 -> Suspend0  [label="pending"];
///     Suspend1 -> Returned  [label="co_return\nline 25"]; // completion
///     Suspend0 -> Poisoned  [label="exception"];       // an exception escapes
///     Suspend0 -> Dropped   [label="drop: awaitee0"];  // destruction
///   }
///
/// The output is deterministic: nodes in state order, edges in the graph's.
///
//===----------------------------------------------------------------------===//
#include "Emit/Reports.h"
#include "Emit/StateGraph.h"

#include "llvm/ADT/StringExtras.h"

namespace hoist {

namespace {

/// A DOT string literal's contents. `\n` stays a line break.
std::string escape(llvm::StringRef S) {
  std::string R;
  for (char C : S) {
    if (C == '\n') {
      R += "\\n";
      continue;
    }
    if (C == '"' || C == '\\')
      R += '\\';
    R += C;
  }
  return R;
}

std::string lines(const std::vector<unsigned> &Ls) {
  std::vector<std::string> S;
  for (unsigned L : Ls)
    S.push_back(std::to_string(L));
  return (Ls.size() == 1 ? "line " : "lines ") + llvm::join(S, ", ");
}

std::string names(const AsyncFnShape &Shape, const std::vector<unsigned> &Ids) {
  std::vector<std::string> S;
  for (unsigned Id : Ids)
    S.push_back(Shape.slot(Id).Name);
  return llvm::join(S, ", ");
}

std::string edgeLabel(const StateEdge &E) {
  switch (E.Kind) {
  case StateEdgeKind::Start:
    return "first poll";
  case StateEdgeKind::Ready:
    return "ready";
  case StateEdgeKind::Pending:
    return "pending";
  case StateEdgeKind::Return:
    return E.Lines.empty() ? "end of body" : "co_return\n" + lines(E.Lines);
  case StateEdgeKind::Caught:
    return "caught\n" + lines(E.Lines);
  case StateEdgeKind::Throw:
    return E.Lines.empty() ? "exception" : "throw\n" + lines(E.Lines);
  }
  llvm_unreachable("unknown StateEdgeKind");
}

std::string edgeStyle(StateEdgeKind K) {
  switch (K) {
  case StateEdgeKind::Start:
  case StateEdgeKind::Ready:
    return "";
  case StateEdgeKind::Pending:
    return ", style=dashed";
  case StateEdgeKind::Return:
    return ", color=darkgreen, fontcolor=darkgreen";
  case StateEdgeKind::Caught:
    return ", color=orange3, fontcolor=orange3";
  case StateEdgeKind::Throw:
    return ", color=red3, fontcolor=red3, style=dashed";
  }
  llvm_unreachable("unknown StateEdgeKind");
}

/// The state graph of `S`: a digraph's body, each line starting with
/// `Indent`, each node's name with `Prefix` (unique across functions).
void renderGraph(const AsyncFnShape &S, const std::string &Prefix,
                 const std::string &Indent, std::string &Out) {
  StateGraph G = computeStateGraph(S);
  std::string Title = S.DisplayName + " (" + S.Location + ")\n" + S.FutureName +
                      ": " + std::to_string(S.States.size()) + " suspend point" +
                      (S.States.size() == 1 ? "" : "s");
  if (!G.Exact)
    Title += "\n(edges in code order: no control-flow graph)";
  auto Node = [&](unsigned N) { return Prefix + G.nodeName(N); };
  std::string Dropped = Prefix + "Dropped";
  Out += Indent + "label=\"" + escape(Title) + "\";\n";
  Out += Indent + "labelloc=t;\n";

  // The states, with the values each holds.
  for (unsigned N = 0; N < G.numNodes(); ++N) {
    std::string Label = G.nodeName(N);
    std::string Attrs;
    int K = G.suspendIndex(N);
    if (K >= 0) {
      const SuspendState &St = S.States[K];
      Label += "\nline " + std::to_string(St.Line) + ": " + St.AwaitText;
    }
    if (N == G.returned()) {
      Label += "\ncompleted";
      Attrs = ", peripheries=2";
    } else if (N == G.poisoned()) {
      Label += "\nan exception escaped";
      Attrs = ", color=red3";
    } else {
      std::string Held = names(S, slotsHeld(S, G, N));
      Label += "\nholds: " + (Held.empty() ? std::string("nothing") : Held);
    }
    Out += Indent + Node(N) + " [label=\"" + escape(Label) + "\"" + Attrs +
           "];\n";
  }
  Out += Indent + Dropped + " [label=\"dropped\", shape=plaintext];\n";
  Out += Indent + "{ rank=sink; " + Node(G.returned()) + "; " +
         Node(G.poisoned()) + "; " + Dropped + "; }\n";

  // How one poll() moves between them.
  for (const StateEdge &E : G.Edges)
    Out += Indent + Node(E.From) + " -> " + Node(E.To) + " [label=\"" +
           escape(edgeLabel(E)) + "\"" + edgeStyle(E.Kind) + "];\n";

  // Destroying the future: what each state's drop destroys, newest first.
  for (unsigned N = 0; N < G.returned(); ++N) {
    std::string What = names(S, slotsDropped(S, G, N));
    Out += Indent + Node(N) + " -> " + Dropped + " [label=\"" +
           escape(What.empty() ? "drop" : "drop: " + What) +
           "\", style=dotted, color=gray40, fontcolor=gray40];\n";
  }
}

} // namespace

std::string renderDot(const std::vector<const AsyncFnShape *> &Shapes,
                      llvm::StringRef FileName) {
  if (Shapes.empty())
    return "";
  // One graph, so that `dot -Tsvg` writes one picture: a function's graph
  // alone, or a cluster per function, its nodes named f<N>_<state>.
  bool One = Shapes.size() == 1;
  std::string Out = "digraph \"" +
                    escape(One ? Shapes.front()->DisplayName : FileName.str()) +
                    "\" {\n";
  Out += "  fontname=\"monospace\";\n";
  Out += "  node [shape=box, style=rounded, fontname=\"monospace\", fontsize=10];\n";
  Out += "  edge [fontname=\"monospace\", fontsize=9];\n";
  if (One) {
    renderGraph(*Shapes.front(), "", "  ", Out);
  } else {
    Out += "  label=\"" + escape(FileName.str()) + ": " +
           std::to_string(Shapes.size()) + " async functions\";\n";
    Out += "  labelloc=t;\n";
    for (size_t I = 0; I < Shapes.size(); ++I) {
      Out += "  subgraph \"cluster_f" + std::to_string(I) + "\" {\n";
      renderGraph(*Shapes[I], "f" + std::to_string(I) + "_", "    ", Out);
      Out += "  }\n";
    }
  }
  Out += "}\n";
  return Out;
}

} // namespace hoist
