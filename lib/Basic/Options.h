//===- Options.h - What the user asked hoist to do --------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The options of one run of the tool, filled in by the driver from its
/// command line and read by the library. Plain data.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_BASIC_OPTIONS_H
#define HOIST_BASIC_OPTIONS_H

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hoist {

/// What the tool writes for each source.
enum class EmitKind {
  Cpp,     ///< the lowered C++17 source (default)
  Explain, ///< a text report: states, stored values, layout, sizes
  Dot,     ///< each async function's state graph, for Graphviz
  Html,    ///< one self-contained page: source beside the state machines
};

/// How the lowering prints its output.
struct LoweringOptions {
  /// Emit `#line` directives so that compiler errors and debuggers point at
  /// the original source.
  bool LineDirectives = true;
  /// The file name the `#line` directives name (default: the source as given).
  std::string LineFileName;
  /// The output's own name, for `#line` directives on generated scaffolding
  /// (bison's convention); empty when writing to standard output, where
  /// scaffolding maps to its function's line in the source.
  std::string OutputFileName;
  /// --style: how the generated code is formatted (a clang-format style:
  /// `file` looks for the source's .clang-format, else LLVM's), or `none`.
  std::string FormatStyle = "file";
  /// A static_assert after each future that pins the size and alignment
  /// measured on the lowered text: a compiler that lays the future out
  /// otherwise (because it was given other flags) stops the build.
  bool LayoutAsserts = true;
};

/// Everything the driver parsed from its command line.
struct ToolOptions {
  std::vector<std::string> Sources;
  /// -o: the output file (one source) or directory (several); empty: stdout.
  std::string OutputPath;
  /// -p: the build directory holding compile_commands.json; empty: the
  /// nearest one above the first source, if any.
  std::string BuildPath;
  /// Compiler arguments after `--`; set when `--` was given.
  std::optional<std::vector<std::string>> CompilerArgs;
  /// --extra-arg-before, --extra-arg: compiler arguments added at the start
  /// and at the end of every compile command.
  std::vector<std::string> ExtraArgsBefore, ExtraArgs;
  /// --quiet: no "[1/2] Processing file" progress lines.
  bool Quiet = false;
  /// --verbose: say on stderr what each file went through (functions
  /// lowered, whether the output was parsed again).
  bool Verbose = false;
  /// --ignore-unknown-args: leave out of each compile command the arguments
  /// clang does not know (another compiler's), rather than fail.
  bool IgnoreUnknownArgs = false;
  EmitKind Emit = EmitKind::Cpp;
  /// --function: the views (explain, dot, html) show only the async
  /// functions of this name (all are lowered).
  std::string Function;
  LoweringOptions Lowering;
  /// --depfile: write a Makefile-style dependency file for the output.
  std::string DepFile;
  /// The target name written in the depfile (default: the output path).
  std::string DepTarget;
  /// --print-after=<phase>: dump the shape after a phase (debugging).
  std::string PrintAfter;
  /// --inject-lowering-bug=compile-error|keyword (hidden, for tests): spoil
  /// the first lowered function so that the safety net must catch it.
  std::string InjectLoweringBug;
  /// --keep-uncompilable=<file> (hidden, for bug reports): where to write
  /// the lowered text the safety net refused.
  std::string KeepUncompilable;
  /// The path of the running executable, to find the runtime headers.
  std::string ExecutablePath;
  /// Each source's name as given, keyed by the absolute path clang uses: the
  /// name `#line` directives and messages show.
  std::map<std::string, std::string> DisplayNames;
};

} // namespace hoist

#endif // HOIST_BASIC_OPTIONS_H
