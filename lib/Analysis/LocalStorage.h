//===- LocalStorage.h - Which locals the future must store ------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Decides which local variables live in the future rather than in poll().
/// poll() resumes by jumping to the code after a co_await, and C++ forbids a
/// jump past the initialization of a variable still in scope; so a local
/// whose scope contains a suspend point after its initialization is stored
/// in the future (and is therefore also kept alive across it, with its
/// destructor run at the end of its scope as written). Every other local
/// stays an ordinary local of poll().
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_ANALYSIS_LOCALSTORAGE_H
#define HOIST_ANALYSIS_LOCALSTORAGE_H

#include "Analysis/AsyncFunctions.h"
#include "Analysis/SuspendPoints.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"

#include <vector>

namespace hoist {

/// The locals that live in the future, with the suspend points each spans.
struct LocalStorage {
  /// Stored locals in declaration order, each with the indices (into
  /// SuspendPoints::Points) of the suspend points inside its scope.
  llvm::MapVector<const clang::VarDecl *, std::vector<unsigned>> Stored;
  /// Range-based for loops whose body suspends: their hidden range and
  /// iterators are stored too.
  llvm::DenseMap<const clang::CXXForRangeStmt *, std::vector<unsigned>>
      StoredRanges;

  /// Locals whose scope holds a suspend point but which are never read
  /// after one (Liveness.h): locals of poll(), declared at its top, so that
  /// resuming does not jump over their initialization.
  llvm::DenseSet<const clang::VarDecl *> DeadAcross;

  bool isStored(const clang::VarDecl *V) const { return Stored.count(V); }
  bool isDeadAcross(const clang::VarDecl *V) const { return DeadAcross.count(V); }
};

/// The temporary whose lifetime reference V extends, if any: bound to V
/// itself or, through member accesses and conversions to a base, to a
/// subobject of it (`const int &m = T{}.id;`). `Direct` (if given) is set
/// when V binds the whole temporary, unconverted.
const clang::MaterializeTemporaryExpr *extendedTemporary(const clang::VarDecl *V,
                                                         bool *Direct = nullptr);

/// Computes which locals of `Fn` are stored in its future.
LocalStorage computeLocalStorage(const AsyncFunction &Fn,
                                 const SuspendPoints &Points);

} // namespace hoist

#endif // HOIST_ANALYSIS_LOCALSTORAGE_H
