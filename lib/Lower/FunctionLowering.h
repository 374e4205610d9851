//===- FunctionLowering.h - One async function into its shape ---*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The phase driver for one async function: suspend points, local storage,
/// the entry slots (parameters, captures, `this`), the poll() body, and the
/// frame layout, collected in an AsyncFnShape for the emitters.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_LOWER_FUNCTIONLOWERING_H
#define HOIST_LOWER_FUNCTIONLOWERING_H

#include "Analysis/AsyncFunctions.h"
#include "Basic/Diagnostic.h"
#include "Lower/AsyncFnShape.h"
#include "Lower/SourceRewriter.h"

#include <optional>

namespace hoist {

/// Lowers `Fn`. Returns std::nullopt if an error was diagnosed.
std::optional<AsyncFnShape> lowerAsyncFunction(const AsyncFunction &Fn,
                                               clang::ASTContext &Ctx,
                                               SourceRewriter &Rewriter,
                                               DiagEmitter &Diags);

/// The future's class name for a function name: snake_case becomes
/// CamelCase, plus "Future" (write_hello_file -> WriteHelloFileFuture).
std::string futureNameFor(llvm::StringRef FunctionName);

} // namespace hoist

#endif // HOIST_LOWER_FUNCTIONLOWERING_H
