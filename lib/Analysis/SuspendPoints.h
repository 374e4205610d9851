//===- SuspendPoints.h - The co_awaits of an async function -----*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Finds the suspend points of an async function (each `co_await`, in source
/// order; each becomes a state SuspendN) and its `co_return`s, and rejects
/// the constructs the lowering cannot handle, with a diagnostic at each.
/// Nested lambdas and local classes are separate functions and are skipped.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_ANALYSIS_SUSPENDPOINTS_H
#define HOIST_ANALYSIS_SUSPENDPOINTS_H

#include "Analysis/AsyncFunctions.h"
#include "Basic/Diagnostic.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <vector>

namespace hoist {

/// One `co_await` of the body.
struct SuspendPoint {
  unsigned Index = 0;                ///< N in SuspendN (source order)
  const clang::Expr *Await = nullptr; ///< CoawaitExpr or DependentCoawaitExpr
  const clang::Expr *Operand = nullptr; ///< the expression awaited, as written
};

/// The suspend points of one body and which statements contain them.
struct SuspendPoints {
  std::vector<SuspendPoint> Points;
  std::vector<const clang::CoreturnStmt *> Returns;
  llvm::DenseMap<const clang::Expr *, unsigned> IndexOf;
  /// Every statement or expression that has a suspend point inside it (the
  /// co_await itself included).
  llvm::DenseSet<const clang::Stmt *> Containing;
  /// Every statement that has a co_return inside it.
  llvm::DenseSet<const clang::Stmt *> ContainingReturn;
  /// The body's `goto`s (not those of nested functions).
  std::vector<const clang::GotoStmt *> Gotos;

  bool contains(const clang::Stmt *S) const { return S && Containing.count(S); }
  bool containsReturn(const clang::Stmt *S) const {
    return S && ContainingReturn.count(S);
  }
};

/// Collects the suspend points of `Fn` and diagnoses unsupported constructs.
/// Returns std::nullopt if an error was reported.
std::optional<SuspendPoints> findSuspendPoints(const AsyncFunction &Fn,
                                               clang::ASTContext &Ctx,
                                               DiagEmitter &Diags);

/// The operand of a co_await expression as written (CoawaitExpr or
/// DependentCoawaitExpr), or null if `E` is not one.
const clang::Expr *awaitOperand(const clang::Expr *E);

} // namespace hoist

#endif // HOIST_ANALYSIS_SUSPENDPOINTS_H
