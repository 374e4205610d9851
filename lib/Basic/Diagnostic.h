//===- Diagnostic.h - Hoist's diagnostics through clang ---------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Every diagnostic hoist emits goes through clang's DiagnosticsEngine, so it
/// has clang's format (file:line:col, the source line, a caret), respects
/// -Werror and -ferror-limit, and is checked by `-Xclang -verify` in tests.
/// The IDs are defined once, in Diagnostics.def.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_BASIC_DIAGNOSTIC_H
#define HOIST_BASIC_DIAGNOSTIC_H

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceLocation.h"

#include <array>

namespace hoist {

/// The diagnostics of Diagnostics.def.
enum class Diag : unsigned {
#define HOIST_DIAG(Name, Level, Text) Name,
#include "Basic/Diagnostics.def"
#undef HOIST_DIAG
  NumDiags
};

/// Emits hoist's diagnostics through a clang DiagnosticsEngine.
class DiagEmitter {
public:
  explicit DiagEmitter(clang::DiagnosticsEngine &Engine);

  /// Starts a diagnostic at `Loc`; stream arguments into the result.
  clang::DiagnosticBuilder report(clang::SourceLocation Loc, Diag ID);

  /// True once any error (ours or clang's) was reported.
  bool hasErrorOccurred() const { return Engine.hasErrorOccurred(); }

  clang::DiagnosticsEngine &engine() { return Engine; }

private:
  clang::DiagnosticsEngine &Engine;
  std::array<unsigned, static_cast<unsigned>(Diag::NumDiags)> IDs;
};

} // namespace hoist

#endif // HOIST_BASIC_DIAGNOSTIC_H
