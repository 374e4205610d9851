//===- MeasureFutures.h - The layouts the compiler gives the futures -*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Sizes, alignments and offsets of the generated futures, as a compiler
/// lays them out: the lowered text is parsed again (in memory, with the
/// translation unit's own options) and clang's record layout of each future
/// class is read. The explain report prints them, and the generated code
/// pins them with static_asserts.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_FRONTEND_MEASUREFUTURES_H
#define HOIST_FRONTEND_MEASUREFUTURES_H

#include "Lower/AsyncFnShape.h"

#include "clang/Frontend/CompilerInstance.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace hoist {

/// A future class of the lowered text and its measured layout.
struct FutureLayout {
  std::string Name;
  unsigned Offset = 0;       ///< where the class is in the text
  bool Instantiated = false; ///< of a template's instantiation
  uint64_t Size = 0, Align = 0;
};

/// An error clang reported in the lowered text.
struct LoweredTextError {
  std::string Message;
  /// Where, in the lowered text: the error's place, or that of its first
  /// note there (an error inside a header); none if neither is.
  std::optional<unsigned> Offset;
};

/// Parses `LoweredText` as the main file of `CI`'s invocation and measures
/// every future class in it; each shape gets the layouts of its class (a
/// template's: one per instantiation), matched by class name and by the
/// line of the function's name. None if the text does not parse; then
/// `Errors`, if given, receives clang's errors.
std::optional<std::vector<FutureLayout>>
measureFutures(clang::CompilerInstance &CI, llvm::StringRef MainFile,
               llvm::StringRef LoweredText, const std::vector<AsyncFnShape *> &Shapes,
               std::vector<LoweredTextError> *Errors = nullptr);

/// Whether the main file calls an async function defined in another file
/// (a header lowered on its own): its future there is the lowered one,
/// which this translation unit's measurement does not see.
bool awaitsFuturesLoweredElsewhere(clang::ASTContext &Ctx);

/// `Text` (the text measured) with each static_assert placeholder
/// (futureSizePlaceholder) replaced by the measured size and alignment; if
/// `NotPinned` says why not, each placeholder assertion becomes a comment
/// that says it instead.
std::string pinFutureSizes(llvm::StringRef Text, const std::vector<FutureLayout> &Layouts,
                           llvm::StringRef NotPinned = "");

} // namespace hoist

#endif // HOIST_FRONTEND_MEASUREFUTURES_H
