//===- FrameLayout.h - Which stored values share storage --------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Assigns the future's slots to members. Slots never alive at the same time
/// (no interference, as recorded by the lowering at every construction) may
/// share bytes: they become members of one anonymous union. Each slot is
/// placed by its own live range, not by the states it spans, so values of
/// different scopes share storage even when both span several suspend
/// points (rustc overlaps only values confined to one, rust#62575).
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_LOWER_FRAMELAYOUT_H
#define HOIST_LOWER_FRAMELAYOUT_H

#include "Lower/AsyncFnShape.h"

namespace hoist {

/// Groups the slots of `Shape` into members and unions.
FrameLayout computeFrameLayout(const AsyncFnShape &Shape);

} // namespace hoist

#endif // HOIST_LOWER_FRAMELAYOUT_H
