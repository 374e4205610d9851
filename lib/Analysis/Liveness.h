//===- Liveness.h - Locals that are dead across their suspend points -*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Which locals whose scope holds a suspend point are never read after it:
/// they need no place in the future. The question is asked of clang's CFG
/// of the body: from each co_await, can control reach a use of the local
/// before its declaration runs again? Only scalars are considered (a value
/// with a destructor is destroyed at its scope's end, which is a use), and
/// only while nothing refers to them indirectly (an address taken, a
/// reference bound, a lambda capture, a catch handler).
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_ANALYSIS_LIVENESS_H
#define HOIST_ANALYSIS_LIVENESS_H

#include "Analysis/AsyncFunctions.h"
#include "Analysis/LocalStorage.h"
#include "Analysis/SuspendPoints.h"

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseSet.h"

namespace hoist {

/// The stored locals of `Storage` that are dead across every suspend point
/// in their scope. Empty when the CFG cannot be built (a template's body).
llvm::DenseSet<const clang::VarDecl *>
findDeadAcrossSuspends(const AsyncFunction &Fn, const SuspendPoints &Points,
                       const LocalStorage &Storage, clang::ASTContext &Ctx);

} // namespace hoist

#endif // HOIST_ANALYSIS_LIVENESS_H
