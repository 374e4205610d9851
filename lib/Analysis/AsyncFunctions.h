//===- AsyncFunctions.h - Find the async functions of a TU ------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The first phase: find every async function written in the main file. An
/// async function is a function, member function, function template, member
/// of a class template or lambda whose declared return type is
/// `hoist::Async<T>` and whose body is a coroutine (uses co_await or
/// co_return). Templates are lowered once, as written (their pattern), not
/// per instantiation.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_ANALYSIS_ASYNCFUNCTIONS_H
#define HOIST_ANALYSIS_ASYNCFUNCTIONS_H

#include "Basic/Diagnostic.h"

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

#include <string>
#include <vector>

namespace hoist {

/// How an async function is reached, which decides what its future stores.
enum class AsyncFnKind {
  Free,   ///< a namespace-scope function (or static member)
  Member, ///< a non-static member function: the future stores `this`
  Lambda, ///< a lambda: the future refers to the closure's captures
};

/// One async function found in the main file.
struct AsyncFunction {
  /// The definition (the pattern, for templates).
  const clang::FunctionDecl *Decl = nullptr;
  /// The lambda expression, for async lambdas.
  const clang::LambdaExpr *Lambda = nullptr;
  /// The coroutine body Sema built, and the user's compound statement in it.
  const clang::CoroutineBodyStmt *Coroutine = nullptr;
  const clang::CompoundStmt *Body = nullptr;
  AsyncFnKind Kind = AsyncFnKind::Free;
  /// T in hoist::Async<T>, as written in the source.
  clang::QualType Output;
  std::string OutputSpelling;
  /// True if the declared type is kept as the boxed hoist::Async<T>: the
  /// function has a declaration apart from its definition (an ABI boundary).
  bool Boxed = false;
  /// A free function first declared by its definition, with external
  /// linkage: the lowered definition is `[[maybe_unused]] static`, so that
  /// another file
  /// that declares it as returning hoist::Async<T> (without this file
  /// having seen that declaration) fails to link instead of calling a
  /// function that returns the concrete future.
  bool MadeInternal = false;
  /// A readable name: `example`, `Server::run`, `lambda at file.cpp:12:7`.
  std::string DisplayName;
  /// True if the function is (inside) a template, so types may be dependent.
  bool Dependent = false;

  /// The body as written: `{ ... }`, or for a function-try-block (whose
  /// compound statement is implicit, around the try statement) `try { ... }
  /// catch (...) { ... }`, lowered as if it were `{ try ... }`.
  clang::SourceRange bodyRange() const {
    if (Body->getLBracLoc().isValid() || Body->body_empty())
      return Body->getSourceRange();
    return Body->body_back()->getSourceRange();
  }
  /// The last token of the body: its closing brace, or the last handler's.
  clang::SourceLocation bodyEnd() const { return bodyRange().getEnd(); }
  /// The whole function or lambda as written. (clang ends a function whose
  /// coroutine body is a function-try-block at that body's implicit braces:
  /// nowhere.)
  clang::SourceRange sourceRange() const {
    if (Lambda)
      return Lambda->getSourceRange();
    return clang::SourceRange(Decl->getBeginLoc(), bodyEnd());
  }
};

/// Finds the async functions defined in the main file of `Ctx`, in source
/// order. Coroutines that do not return hoist::Async<T> are diagnosed.
std::vector<AsyncFunction> findAsyncFunctions(clang::ASTContext &Ctx,
                                              DiagEmitter &Diags);

/// If `T` names hoist::Async<X> (possibly dependent), returns X.
std::optional<clang::QualType> asyncOutputType(clang::QualType T);

} // namespace hoist

#endif // HOIST_ANALYSIS_ASYNCFUNCTIONS_H
