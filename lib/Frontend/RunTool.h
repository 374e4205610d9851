//===- RunTool.h - One run of the hoist tool --------------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Everything the `hoist` command does after parsing its options: find each
/// source's compile command, parse it as C++20 with the runtime headers,
/// lower, and write the outputs (atomically, and only if no error was
/// reported).
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_FRONTEND_RUNTOOL_H
#define HOIST_FRONTEND_RUNTOOL_H

#include "Basic/Options.h"

#include <string>
#include <vector>

namespace hoist {

/// Runs the tool; returns the process exit code.
int runTool(const ToolOptions &Opts);

/// Rewrites compiler arguments for parsing async sources: at least C++20,
/// the runtime's headers and clang's builtin headers.
std::vector<std::string> adjustParseArgs(std::vector<std::string> Args,
                                         const ToolOptions &Opts);

/// The directory holding hoist/hoist.hpp (installed beside the tool, or the
/// source tree's).
std::string runtimeIncludeDir(const std::string &ExecutablePath);

} // namespace hoist

#endif // HOIST_FRONTEND_RUNTOOL_H
