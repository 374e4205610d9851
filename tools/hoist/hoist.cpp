//===- hoist.cpp - The hoist command ---------------------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The driver: parses the command line and hands over to hoist::runTool.
///
///   hoist [options] <source>... [-- <compiler args>]
///   hoist explain|dot|html [options] <source>... [-- <compiler args>]
///
/// A source `-` is standard input.
///
//===----------------------------------------------------------------------===//
#include "Basic/Options.h"
#include "Frontend/RunTool.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"

#include <cstring>
#include <optional>
#include <vector>

using namespace llvm;

static cl::OptionCategory Category("hoist options");

static cl::list<std::string> Sources(cl::Positional, cl::desc("<source>..."),
                                     cl::cat(Category));
static cl::opt<std::string> Output("o", cl::desc("Write the output here (a "
                                                 "directory with several sources)"),
                                   cl::value_desc("path"), cl::cat(Category));
static cl::opt<std::string> BuildPath(
    "p",
    cl::desc("Build directory with compile_commands.json (default: the "
             "nearest one above the first source)"),
    cl::value_desc("build-dir"), cl::cat(Category));
static cl::list<std::string> ExtraArgs(
    "extra-arg", cl::desc("Append an argument to the compile command"),
    cl::value_desc("arg"), cl::cat(Category));
static cl::list<std::string> ExtraArgsBefore(
    "extra-arg-before",
    cl::desc("Prepend an argument to the compile command"),
    cl::value_desc("arg"), cl::cat(Category));
static cl::opt<bool> Quiet("quiet",
                           cl::desc("No \"[1/2] Processing file\" lines with "
                                    "several sources"),
                           cl::cat(Category));
static cl::opt<bool> Verbose("verbose",
                             cl::desc("Say what each file went through: the "
                                      "functions lowered, the parses"),
                             cl::cat(Category));
static cl::opt<hoist::EmitKind> Emit(
    "emit", cl::desc("What to write"), cl::init(hoist::EmitKind::Cpp),
    cl::values(clEnumValN(hoist::EmitKind::Cpp, "cpp", "the lowered C++17 source"),
               clEnumValN(hoist::EmitKind::Explain, "explain",
                          "states, stored values and layout, as text"),
               clEnumValN(hoist::EmitKind::Dot, "dot", "state graphs for Graphviz"),
               clEnumValN(hoist::EmitKind::Html, "html",
                          "one page: source beside the lowered code")),
    cl::cat(Category));
static cl::opt<std::string> Function(
    "function",
    cl::desc("With --emit=explain|dot|html: only the async functions of this "
             "name"),
    cl::value_desc("name"), cl::cat(Category));
static cl::opt<bool> NoLineDirectives("no-line-directives",
                                      cl::desc("Do not emit #line directives"),
                                      cl::cat(Category));
static cl::opt<std::string> Style(
    "style",
    cl::desc("How to format the generated code: a clang-format style (file: "
             "the source's .clang-format, else llvm; llvm, google, ...; "
             "{key: value, ...}), or none (default: file)"),
    cl::value_desc("style"), cl::init("file"), cl::cat(Category));
static cl::opt<bool> NoLayoutAsserts(
    "no-layout-asserts",
    cl::desc("Do not assert each future's measured size and alignment "
             "(static_assert)"),
    cl::cat(Category));
static cl::opt<bool> IgnoreUnknownArgs(
    "ignore-unknown-args",
    cl::desc("Leave out compiler arguments clang does not know (another "
             "compiler's) instead of failing"),
    cl::cat(Category));
static cl::opt<std::string> LineFile("line-file",
                                     cl::desc("File name #line directives use"),
                                     cl::value_desc("name"), cl::cat(Category));
static cl::opt<std::string> DepFile("depfile",
                                    cl::desc("Write a Makefile dependency file"),
                                    cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string> DepTarget("depfile-target",
                                      cl::desc("Target named in the depfile "
                                               "(default: the output)"),
                                      cl::value_desc("target"), cl::cat(Category));

// Tests of the safety net: a bug in the lowering, made on purpose.
static cl::opt<std::string> InjectLoweringBug(
    "inject-lowering-bug", cl::Hidden,
    cl::desc("Spoil the first lowered function (compile-error, keyword)"),
    cl::value_desc("kind"));

// For bug reports: the lowered text the safety net refused.
static cl::opt<std::string> KeepUncompilable(
    "keep-uncompilable", cl::Hidden,
    cl::desc("Write the lowered text that does not compile here"),
    cl::value_desc("file"));

#ifndef HOIST_VERSION
#define HOIST_VERSION "unknown"
#endif

static void printVersion(raw_ostream &OS) {
  OS << "Hoist version " << HOIST_VERSION << "\n";
  cl::PrintVersionMessage();
}

/// `hoist explain|dot|html <source>...`: the views by name, as
/// `--emit=explain|dot|html`.
static std::optional<hoist::EmitKind> viewCommand(const char *Arg) {
  if (std::strcmp(Arg, "explain") == 0)
    return hoist::EmitKind::Explain;
  if (std::strcmp(Arg, "dot") == 0)
    return hoist::EmitKind::Dot;
  if (std::strcmp(Arg, "html") == 0)
    return hoist::EmitKind::Html;
  return std::nullopt;
}

int main(int argc, const char **argv) {
  InitLLVM X(argc, argv);
  cl::SetVersionPrinter(printVersion);
  std::vector<const char *> Args(argv, argv + argc);
  std::optional<hoist::EmitKind> View;
  const char *ViewName = "";
  if (argc > 1 && (View = viewCommand(argv[1]))) {
    ViewName = argv[1];
    Args.erase(Args.begin() + 1);
  }
  argc = int(Args.size());
  argv = Args.data();
  // Everything after `--` is for the compiler.
  int Own = argc;
  for (int I = 1; I < argc; ++I)
    if (std::strcmp(argv[I], "--") == 0) {
      Own = I;
      break;
    }
  cl::HideUnrelatedOptions(Category);
  cl::ParseCommandLineOptions(
      Own, argv,
      "hoist: lowers async C++ functions into explicit state machines\n\n"
      "  hoist [options] <source>... [-- <compiler args>]\n"
      "  hoist explain|dot|html [options] <source>... [-- <compiler args>]\n\n"
      "  A source '-' reads standard input. 'hoist explain' is "
      "'hoist --emit=explain' (dot, html alike).\n");
  if (View) {
    if (Emit.getNumOccurrences() && Emit != *View) {
      WithColor::error(errs(), "hoist")
          << "'hoist " << ViewName << "' and --emit name different views\n";
      return 1;
    }
    Emit = *View;
  }

  hoist::ToolOptions Opts;
  Opts.Sources.assign(Sources.begin(), Sources.end());
  Opts.OutputPath = Output;
  Opts.BuildPath = BuildPath;
  Opts.ExtraArgs.assign(ExtraArgs.begin(), ExtraArgs.end());
  Opts.ExtraArgsBefore.assign(ExtraArgsBefore.begin(), ExtraArgsBefore.end());
  Opts.Quiet = Quiet;
  Opts.Verbose = Verbose;
  Opts.IgnoreUnknownArgs = IgnoreUnknownArgs;
  Opts.Emit = Emit;
  Opts.Function = Function;
  Opts.Lowering.LineDirectives = !NoLineDirectives;
  Opts.Lowering.LineFileName = LineFile;
  Opts.Lowering.FormatStyle = Style;
  Opts.Lowering.LayoutAsserts = !NoLayoutAsserts;
  Opts.DepFile = DepFile;
  Opts.DepTarget = DepTarget;
  Opts.InjectLoweringBug = InjectLoweringBug;
  Opts.KeepUncompilable = KeepUncompilable;
  Opts.ExecutablePath = sys::fs::getMainExecutable(argv[0], (void *)&main);
  if (Own < argc)
    Opts.CompilerArgs = std::vector<std::string>(argv + Own + 1, argv + argc);
  return hoist::runTool(Opts);
}
