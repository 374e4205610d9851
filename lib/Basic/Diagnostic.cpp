//===- Diagnostic.cpp - Hoist's diagnostics through clang ----------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Registers the custom diagnostic IDs of Diagnostics.def with a
/// DiagnosticsEngine.
///
//===----------------------------------------------------------------------===//
#include "Basic/Diagnostic.h"

using namespace clang;

namespace hoist {

DiagEmitter::DiagEmitter(DiagnosticsEngine &Engine) : Engine(Engine) {
#define HOIST_DIAG(Name, Level, Text)                                          \
  IDs[static_cast<unsigned>(Diag::Name)] =                                     \
      Engine.getCustomDiagID(DiagnosticsEngine::Level, Text);
#include "Basic/Diagnostics.def"
#undef HOIST_DIAG
}

DiagnosticBuilder DiagEmitter::report(SourceLocation Loc, Diag ID) {
  return Engine.Report(Loc, IDs[static_cast<unsigned>(ID)]);
}

} // namespace hoist
