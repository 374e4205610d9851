//===- WrittenTree.h - The body's statements as the user wrote them -*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// clang gives a `co_await e` the children e, then the awaiter calls it
/// built, which hold e again; a `co_return e` holds e twice too. A walk
/// through Stmt::children() therefore visits an operand once per enclosing
/// await and then some: exponential in the nesting of awaits, as is
/// clang's ParentMap. These walk the tree as written: a coroutine
/// expression or statement has its operand only.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_ANALYSIS_WRITTENTREE_H
#define HOIST_ANALYSIS_WRITTENTREE_H

#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"

namespace hoist {

/// The children of `S` as written (see the file comment).
clang::Stmt::const_child_range writtenChildren(const clang::Stmt *S);

/// The parent of each statement of a body, along writtenChildren: what
/// clang's ParentMap gives, built in time linear in the body.
class WrittenParents {
public:
  explicit WrittenParents(const clang::Stmt *Root);

  /// The parent of `S`, or null for the root and for statements not in it.
  const clang::Stmt *getParent(const clang::Stmt *S) const {
    return Parents.lookup(S);
  }
  /// The first parent that is not a parenthesis.
  const clang::Stmt *getParentIgnoreParens(const clang::Stmt *S) const;

private:
  llvm::DenseMap<const clang::Stmt *, const clang::Stmt *> Parents;
};

} // namespace hoist

#endif // HOIST_ANALYSIS_WRITTENTREE_H
