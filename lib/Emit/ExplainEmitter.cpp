//===- ExplainEmitter.cpp - The explain report ---------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `hoist --emit=explain`: per async function, its states with the source
/// line of each suspend point, what the future stores and why (with its
/// type, size and offset), in which states each value is alive, and the
/// frame's layout as a compiler makes it: offsets, sizes, the unions of
/// values never alive together, the total size and alignment (like rustc's
/// -Zprint-type-sizes).
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

std::string padLeft(std::string S, size_t Width) {
  if (S.size() < Width)
    S.insert(0, Width - S.size(), ' ');
  return S;
}

/// The measured member `Name`, if the future has one layout.
const AsyncFnShape::MeasuredLayout::Member *member(const AsyncFnShape &S,
                                                   llvm::StringRef Name) {
  if (S.Measured.size() != 1)
    return nullptr;
  for (const auto &M : S.Measured[0].Members)
    if (M.Name == Name)
      return &M;
  return nullptr;
}

std::string bytes(uint64_t N) { return std::to_string(N) + " B"; }

} // namespace

std::string renderExplain(const std::vector<const AsyncFnShape *> &Shapes,
                          SourceRewriter &) {
  std::string Out;
  for (const AsyncFnShape *SP : Shapes) {
    const AsyncFnShape &S = *SP;
    Out += "async function '" + S.DisplayName + "' (" + S.Location + ")\n";
    Out += "  future: " + S.FutureName + ", output: " + S.Output +
           (S.Fn->Boxed ? ", boxed at the ABI boundary" : "") + "\n";
    if (S.Measured.empty())
      Out += "  size: not measured (the lowered code did not compile, or the "
             "template is never instantiated)\n";
    for (const auto &L : S.Measured)
      Out += "  size: " + bytes(L.Size) + ", alignment " + std::to_string(L.Align) +
             (L.Instance.empty() ? "" : " (" + L.Instance + ")") + "\n";

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
      std::string Where;
      if (const auto *M = member(S, Sl.Name))
        Where = bytes(M->Size) + " at " + std::to_string(M->Offset);
      Out += "    " + pad(Sl.Name, 12) + pad(Sl.Type, 24) + " " +
             (Where.empty() ? "" : pad(Where, 12) + " ") + "line " +
             std::to_string(Sl.Line) + ", " + Why + "\n";
      if (!Sl.What.empty() && Sl.Kind != SlotKind::Parameter)
        Out += "    " + pad("", 12) + "for: " + Sl.What + "\n";
      std::vector<std::string> Live;
      for (unsigned K : Sl.LiveIn)
        Live.push_back(stateName(K));
      Out += "    " + pad("", 12) + "alive in: " +
             (Live.empty() ? std::string("no suspended state") : llvm::join(Live, ", ")) +
             (Sl.Trivial || Sl.Reference ? "" : "; destroyed by the future") +
             (Sl.DestroyIf.empty() ? "" : " if " + Sl.DestroyIf) + "\n";
    }

    if (S.Measured.size() == 1) {
      // Offsets and sizes, and the padding between them.
      const auto &L = S.Measured[0];
      Out += "  layout (" + bytes(L.Size) + ", alignment " + std::to_string(L.Align) +
             "; a union's members share bytes):\n";
      Out += "    offset  size  member\n";
      struct Entry {
        uint64_t Offset, Size;
        std::string What;
      };
      std::vector<Entry> Rows;
      auto Row = [&](uint64_t Offset, uint64_t Size, std::string What) {
        Rows.push_back({Offset, Size, std::move(What)});
      };
      if (const auto *M = member(S, S.Names.StateVar))
        Row(M->Offset, M->Size, S.Names.StateVar);
      for (const FrameGroup &G : S.Layout.Groups) {
        std::vector<std::string> Names;
        uint64_t Offset = ~uint64_t(0), Size = 0;
        for (unsigned Id : G.Slots) {
          const auto *M = member(S, S.slot(Id).Name);
          Names.push_back(S.slot(Id).Name + (M && G.Slots.size() > 1
                                                 ? " (" + std::to_string(M->Size) + ")"
                                                 : ""));
          if (M) {
            Offset = std::min(Offset, M->Offset);
            Size = std::max(Size, M->Size);
          }
        }
        if (Offset == ~uint64_t(0))
          continue;
        Row(Offset, Size, Names.size() == 1 ? Names[0]
                                            : "union { " + llvm::join(Names, ", ") + " }");
      }
      std::stable_sort(Rows.begin(), Rows.end(),
                       [](const Entry &A, const Entry &B) { return A.Offset < B.Offset; });
      uint64_t End = 0;
      auto Line = [&](uint64_t Offset, uint64_t Size, const std::string &What) {
        Out += "    " + padLeft(std::to_string(Offset), 6) +
               padLeft(std::to_string(Size), 6) + "  " + What + "\n";
      };
      for (const Entry &E : Rows) {
        if (E.Offset > End)
          Line(End, E.Offset - End, "(padding)");
        Line(E.Offset, E.Size, E.What);
        End = std::max(End, E.Offset + E.Size);
      }
      if (L.Size > End)
        Line(End, L.Size - End, "(padding)");
    } else {
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
