//===- WrittenTree.cpp - The body's statements as the user wrote them -----===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Children as written, and a parent map built along them without
/// recursion (a body may nest tens of thousands of expressions deep).
///
//===----------------------------------------------------------------------===//
#include "Analysis/WrittenTree.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

#include <vector>

using namespace clang;

namespace hoist {

Stmt::const_child_range writtenChildren(const Stmt *S) {
  Stmt::const_child_range All = S->children();
  // The operand comes first among the children of both.
  if (isa<CoroutineSuspendExpr>(S) || isa<CoreturnStmt>(S)) {
    if (All.begin() == All.end())
      return All;
    auto Second = All.begin();
    ++Second;
    return Stmt::const_child_range(All.begin(), Second);
  }
  return All;
}

WrittenParents::WrittenParents(const Stmt *Root) {
  std::vector<const Stmt *> Work;
  if (Root)
    Work.push_back(Root);
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    for (const Stmt *C : writtenChildren(S)) {
      if (!C)
        continue;
      Parents[C] = S;
      Work.push_back(C);
    }
    // As clang's ParentMap: the expression an OpaqueValueExpr stands for
    // (of a BinaryConditionalOperator, an ArrayInitLoopExpr) is its child,
    // the first time it is met.
    if (const auto *OVE = dyn_cast<OpaqueValueExpr>(S))
      if (const Expr *Source = OVE->getSourceExpr();
          Source && !Parents.count(Source)) {
        Parents[Source] = S;
        Work.push_back(Source);
      }
  }
}

const Stmt *WrittenParents::getParentIgnoreParens(const Stmt *S) const {
  do {
    S = getParent(S);
  } while (isa_and_nonnull<ParenExpr>(S));
  return S;
}

} // namespace hoist
