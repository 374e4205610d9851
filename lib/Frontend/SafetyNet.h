//===- SafetyNet.h - The lowered text checked before it is written -*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The tool never writes output it cannot compile. Two checks catch a
/// lowering gone wrong: no `co_await`, `co_return` or `co_yield` token may be
/// left in a lowered function, and the second parse of the output (the one
/// that measures the futures) must report no error. Either failure is a bug
/// in Hoist; it is reported at the user's line the #line directives give,
/// with the statement there named, and no output is written.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_FRONTEND_SAFETYNET_H
#define HOIST_FRONTEND_SAFETYNET_H

#include "Basic/Diagnostic.h"
#include "Frontend/MeasureFutures.h"
#include "Lower/AsyncFnShape.h"

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace hoist {

/// The line of `SourceFile` that offset `Offset` of the lowered `Text`
/// stands for, by its #line directives; on scaffolding, the last line of
/// `SourceFile` before it. None if no directive names `SourceFile` there.
std::optional<unsigned> sourceLineOf(llvm::StringRef Text, unsigned Offset,
                                     llvm::StringRef SourceFile);

/// A coroutine keyword left in lowered text, and its offset there.
struct LeftoverKeyword {
  unsigned Offset = 0;
  std::string Spelling;
};

/// The `co_await`, `co_return` and `co_yield` tokens of `Text` (comments and
/// literals aside). Tokens inside preprocessor conditionals are not
/// counted: the lowering copies the text of a branch the preprocessor
/// skipped as it is (the second parse checks the branch it keeps).
std::vector<LeftoverKeyword> leftoverCoroutineKeywords(llvm::StringRef Text);

/// Reports a bug of the lowering at line `Line` of the main file: at the
/// statement that begins there in one of `Shapes`' functions (the innermost),
/// naming it and the function; `Why` says what went wrong.
void reportLoweringBug(DiagEmitter &Diags, clang::ASTContext &Ctx,
                       const std::vector<const AsyncFnShape *> &Shapes,
                       std::optional<unsigned> Line, llvm::StringRef Why);

/// Reports `Why` as a note at line `Line` of the main file.
void noteLoweringError(DiagEmitter &Diags, clang::ASTContext &Ctx, unsigned Line,
                       llvm::StringRef Why);

} // namespace hoist

#endif // HOIST_FRONTEND_SAFETYNET_H
