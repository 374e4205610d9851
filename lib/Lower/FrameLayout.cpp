//===- FrameLayout.cpp - Which stored values share storage ---------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Greedy coloring of the interference graph, in slot order (which is the
/// order of construction): each slot joins the first group none of whose
/// members it interferes with. References cannot live in a union and get a
/// member of their own. The groups are then ordered by alignment, largest
/// first, so that padding is minimal (a group whose alignment is unknown,
/// such as another async function's future, counts as the largest).
///
//===----------------------------------------------------------------------===//
#include "Lower/FrameLayout.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>

namespace hoist {

FrameLayout computeFrameLayout(const AsyncFnShape &Shape) {
  FrameLayout Layout;
  std::vector<bool> Shareable;
  for (const Slot &S : Shape.Slots) {
    bool CanShare = !S.Reference;
    bool Placed = false;
    if (CanShare) {
      for (size_t G = 0; G < Layout.Groups.size() && !Placed; ++G) {
        if (!Shareable[G])
          continue;
        bool Conflict = llvm::any_of(Layout.Groups[G].Slots, [&](unsigned O) {
          return llvm::is_contained(S.Interferes, O);
        });
        if (!Conflict) {
          Layout.Groups[G].Slots.push_back(S.Id);
          Placed = true;
        }
      }
    }
    if (!Placed) {
      Layout.Groups.push_back(FrameGroup{{S.Id}});
      Shareable.push_back(CanShare);
    }
  }
  auto AlignOf = [&](const FrameGroup &G) {
    unsigned A = 0;
    for (unsigned Id : G.Slots) {
      if (Shape.Slots[Id].Align == 0)
        return ~0u;
      A = std::max(A, Shape.Slots[Id].Align);
    }
    return A;
  };
  std::stable_sort(Layout.Groups.begin(), Layout.Groups.end(),
                   [&](const FrameGroup &A, const FrameGroup &B) {
                     return AlignOf(A) > AlignOf(B);
                   });
  return Layout;
}

} // namespace hoist
