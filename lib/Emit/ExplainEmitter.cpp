//===- ExplainEmitter.cpp - The explain report ---------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `hoist --emit=explain`: per async function, its states with the source
/// line of each suspend point, what the future stores and why, in which
/// states each value is alive, and how the frame groups them.
///
//===----------------------------------------------------------------------===//
#include "Emit/Reports.h"

#include "llvm/ADT/StringExtras.h"

namespace hoist {

namespace {

std::string pad(std::string S, size_t Width) {
  if (S.size() < Width)
    S.append(Width - S.size(), ' ');
  return S;
}

std::string stateName(unsigned Index) {
  return "Suspend" + std::to_string(Index);
}

} // namespace

std::string renderExplain(const std::vector<const AsyncFnShape *> &Shapes,
                          SourceRewriter &) {
  std::string Out;
  for (const AsyncFnShape *SP : Shapes) {
    const AsyncFnShape &S = *SP;
    Out += "async function '" + S.DisplayName + "' (" + S.Location + ")\n";
    Out += "  future: " + S.FutureName + ", output: " + S.Output +
           (S.Fn->Boxed ? ", boxed at the ABI boundary" : "") + "\n";

    Out += "  states:\n";
    auto Holding = [&](int State) {
      std::vector<std::string> Names;
      for (const Slot &Sl : S.Slots) {
        bool Alive = State < 0 ? (Sl.Kind == SlotKind::Parameter ||
                                  Sl.Kind == SlotKind::RefParameter ||
                                  Sl.Kind == SlotKind::Capture ||
                                  Sl.Kind == SlotKind::Self)
                               : llvm::is_contained(Sl.LiveIn, unsigned(State));
        if (Alive)
          Names.push_back(Sl.Name);
      }
      return Names.empty() ? std::string("nothing") : llvm::join(Names, ", ");
    };
    Out += "    " + pad("Unresumed", 12) + "holds " + Holding(-1) + "\n";
    for (const SuspendState &St : S.States) {
      Out += "    " + pad(stateName(St.Index), 12) + "line " +
             std::to_string(St.Line) + ": " + St.AwaitText + "\n";
      Out += "    " + pad("", 12) + "holds " + Holding(int(St.Index)) + "\n";
    }
    Out += "    " + pad("Returned", 12) + "holds nothing\n";
    Out += "    " + pad("Poisoned", 12) + "holds nothing\n";

    Out += "  stored values:\n";
    if (S.Slots.empty())
      Out += "    none\n";
    for (const Slot &Sl : S.Slots) {
      std::string Why = slotKindName(Sl.Kind);
      switch (Sl.Kind) {
      case SlotKind::Local:
        Why += ": its scope contains a suspend point";
        break;
      case SlotKind::Awaitee:
        Why += ": polled until ready";
        break;
      case SlotKind::Temporary:
        Why += ": computed before a later co_await of its expression";
        break;
      case SlotKind::Parameter:
        Why += ": moved in when the future is created";
        break;
      default:
        break;
      }
      Out += "    " + pad(Sl.Name, 12) + pad(Sl.Type, 24) + " line " +
             std::to_string(Sl.Line) + ", " + Why + "\n";
      if (!Sl.What.empty() && Sl.Kind != SlotKind::Parameter)
        Out += "    " + pad("", 12) + "for: " + Sl.What + "\n";
      std::vector<std::string> Live;
      for (unsigned K : Sl.LiveIn)
        Live.push_back(stateName(K));
      Out += "    " + pad("", 12) + "alive in: " +
             (Live.empty() ? std::string("no suspended state") : llvm::join(Live, ", ")) +
             (Sl.Trivial || Sl.Reference ? "" : "; destroyed by the future") + "\n";
    }

    Out += "  layout (in declaration order; a union's members share bytes):\n";
    Out += "    " + S.Names.StateVar + "\n";
    for (const FrameGroup &G : S.Layout.Groups) {
      std::vector<std::string> Names;
      for (unsigned Id : G.Slots)
        Names.push_back(S.slot(Id).Name);
      if (Names.size() == 1)
        Out += "    " + Names[0] + "\n";
      else
        Out += "    union { " + llvm::join(Names, ", ") + " }\n";
    }
    if (S.hasDrops()) {
      Out += "  drop tree (point: value <- parent):\n";
      for (unsigned P = 1; P < S.DropTree.size(); ++P)
        Out += "    " + std::to_string(P) + ": " +
               S.slot(S.DropTree[P].Slot).Name + " <- " +
               std::to_string(S.DropTree[P].Parent) + "\n";
    }
    Out += "\n";
  }
  return Out;
}

} // namespace hoist
