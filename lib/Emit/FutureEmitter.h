//===- FutureEmitter.h - An AsyncFnShape as C++ -----------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Prints the future of one async function and the edits that put it in
/// place of the function's body:
///
///   hoist::Async<int> example(int t) { ... }
///     =>
///   auto example(int t) {
///     using Awaitee0 = decltype(sy1(t));
///     struct ExampleFuture {
///       using Output = int;
///       enum class State : unsigned char { Unresumed, Suspend0, ..., Returned, Poisoned };
///       explicit ExampleFuture(int &&t);
///       ExampleFuture(ExampleFuture &&other);   // only before the first poll
///       ~ExampleFuture();                        // destroys what the state holds
///       hoist::Poll<Output> poll(hoist::Context &cx);
///       ...                                      // helpers, then the frame
///     };
///     return ExampleFuture(std::move(t));
///   }
///
/// At an ABI boundary the declared hoist::Async<T> stays, and the function
/// returns hoist::boxed(ExampleFuture(...)).
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_EMIT_FUTUREEMITTER_H
#define HOIST_EMIT_FUTUREEMITTER_H

#include "Basic/Options.h"
#include "Emit/CodeBuffer.h"
#include "Lower/AsyncFnShape.h"
#include "Lower/SourceRewriter.h"

#include <string>
#include <vector>

namespace hoist {

/// What replaces one async function in the output.
struct FunctionRewrite {
  /// The declared return type becomes `auto` (empty if kept: boxed).
  std::optional<TextEdit> ReturnType;
  /// Text inserted into the declaration: names after the types of unnamed
  /// parameters it keeps, `static` before a trailing-return function.
  std::vector<TextEdit> Insertions;
  /// The body, braces included.
  unsigned BodyBegin = 0, BodyEnd = 0;
  CodeBuffer Body;
  /// Spaces before the line that holds the body's `{`.
  unsigned BaseIndent = 0;
};

/// Builds the rewrite of the function described by `Shape`.
FunctionRewrite emitFunctionRewrite(const AsyncFnShape &Shape,
                                    SourceRewriter &Rewriter);

/// `sizeof(F) == sizeof(F) && alignof(F) == alignof(F)`: the condition of
/// the static_assert that pins a future's layout, until it is measured.
std::string futureSizePlaceholder(llvm::StringRef FutureName);

/// The struct alone (for reports): the lines of the future's class.
CodeBuffer emitFutureStruct(const AsyncFnShape &Shape);

} // namespace hoist

#endif // HOIST_EMIT_FUTUREEMITTER_H
