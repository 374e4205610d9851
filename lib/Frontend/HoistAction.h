//===- HoistAction.h - The pipeline on one translation unit -----*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A clang FrontendAction that, once the translation unit is parsed, finds
/// its async functions, lowers each one, and renders what was asked for
/// (the lowered C++, or a report). Results go to a ToolResults the caller
/// owns; nothing is written here.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_FRONTEND_HOISTACTION_H
#define HOIST_FRONTEND_HOISTACTION_H

#include "Basic/Options.h"

#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/Tooling.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace hoist {

/// What one run produced, per main file (keyed by the path clang saw).
struct ToolResults {
  struct FileResult {
    std::string Output;                   ///< the rendered output
    std::vector<std::string> Dependencies; ///< every file the parse read
    bool Failed = false;
  };
  std::map<std::string, FileResult> Files;
};

/// Makes a HoistAction per translation unit.
std::unique_ptr<clang::tooling::FrontendActionFactory>
newHoistActionFactory(const ToolOptions &Opts, ToolResults &Results);

/// Runs the pipeline on in-memory code (for unit tests): returns the
/// rendered output, or std::nullopt if an error was diagnosed.
std::optional<std::string> runHoistOnCode(llvm::StringRef Code,
                                          const ToolOptions &Opts,
                                          std::vector<std::string> ExtraArgs = {},
                                          llvm::StringRef FileName = "input.cpp");

} // namespace hoist

#endif // HOIST_FRONTEND_HOISTACTION_H
