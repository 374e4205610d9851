//===- RunTool.cpp - One run of the hoist tool ---------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Compilation databases, argument adjustment, running the action over the
/// sources, and writing outputs and depfiles.
///
//===----------------------------------------------------------------------===//
#include "Frontend/RunTool.h"

#include "Frontend/HoistAction.h"

#include "clang/Basic/Stack.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/thread.h"
#include "llvm/Support/raw_ostream.h"

#ifndef HOIST_CLANG_RESOURCE_DIR
#define HOIST_CLANG_RESOURCE_DIR ""
#endif
#ifndef HOIST_SOURCE_RUNTIME_INCLUDE_DIR
#define HOIST_SOURCE_RUNTIME_INCLUDE_DIR ""
#endif

using namespace clang;
using namespace clang::tooling;

namespace hoist {

namespace {

llvm::raw_ostream &toolError() {
  return llvm::WithColor::error(llvm::errs(), "hoist");
}

/// The stack of the thread that parses and lowers: clang's driver gives its
/// compiler 8 MiB and lets deep recursion continue on new threads; the
/// lowering's own walks recurse as deep as the code, so it gets room for
/// expressions of some 100,000 terms.
constexpr unsigned ToolStackSize = 1024u << 20;

bool exists(const std::string &Path) { return llvm::sys::fs::exists(Path); }

/// Writes `Text` to `Path` through a temporary file and a rename, so a
/// failed run never leaves a partial output.
bool writeAtomically(const std::string &Path, const std::string &Text) {
  llvm::SmallString<256> Temp;
  int FD;
  llvm::SmallString<256> Model(Path);
  Model += ".tmp%%%%%%";
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Temp)) {
    toolError() << "cannot write '" << Path << "': " << EC.message() << "\n";
    return false;
  }
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    OS.close();
    if (OS.has_error()) {
      toolError() << "cannot write '" << Path << "'\n";
      llvm::sys::fs::remove(Temp);
      return false;
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path)) {
    toolError() << "cannot write '" << Path << "': " << EC.message() << "\n";
    llvm::sys::fs::remove(Temp);
    return false;
  }
  return true;
}

std::string escapeMake(llvm::StringRef Path) {
  std::string R;
  for (char C : Path) {
    if (C == ' ' || C == '#')
      R += '\\';
    if (C == '$')
      R += '$';
    R += C;
  }
  return R;
}

} // namespace

std::string runtimeIncludeDir(const std::string &ExecutablePath) {
  if (!ExecutablePath.empty()) {
    llvm::SmallString<256> Dir(llvm::sys::path::parent_path(ExecutablePath));
    llvm::sys::path::append(Dir, "..", "include");
    llvm::SmallString<256> Header(Dir);
    llvm::sys::path::append(Header, "hoist", "hoist.hpp");
    if (exists(std::string(Header))) {
      llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
      return std::string(Dir);
    }
  }
  return HOIST_SOURCE_RUNTIME_INCLUDE_DIR;
}

std::vector<std::string> adjustParseArgs(std::vector<std::string> Args,
                                         const ToolOptions &Opts) {
  // Async sources are C++20 to clang (co_await); the output is C++17.
  bool HasStd = false;
  for (std::string &A : Args) {
    llvm::StringRef S(A);
    if (S.consume_front("-std=") || S.consume_front("--std=")) {
      HasStd = true;
      bool Gnu = S.starts_with("gnu");
      S.consume_front("gnu++");
      S.consume_front("c++");
      bool Old = S == "98" || S == "03" || S == "11" || S == "14" ||
                 S == "17" || S == "0x" || S == "1y" || S == "1z";
      if (Old)
        A = Gnu ? "-std=gnu++20" : "-std=c++20";
    }
  }
  std::vector<std::string> Out;
  Out.push_back(Args.empty() ? "clang++" : Args[0]);
  if (!HasStd)
    Out.push_back("-std=c++20");
  std::string Include = runtimeIncludeDir(Opts.ExecutablePath);
  if (!Include.empty())
    Out.push_back("-I" + Include);
  Out.insert(Out.end(), Args.begin() + (Args.empty() ? 0 : 1), Args.end());
  // Options go before a `--` (a command the database inferred for a file
  // ends in `-- <file>`).
  std::vector<std::string> Tail;
  std::string Resource = HOIST_CLANG_RESOURCE_DIR;
  if (!Resource.empty())
    Tail.push_back("-resource-dir=" + Resource);
  // Lowering does not need warnings about the C++20 parse itself (the
  // compiler gives them on the output, whose #line directives lead back to
  // the input). Without any, clang also skips the analyses behind them,
  // whose CFG of a coroutine grows exponentially with nested co_awaits.
  Tail.push_back("-Wno-unused-command-line-argument");
  Tail.push_back("-w");
  // The runtime's headers leave to the tool what it diagnoses itself
  // (co_yield).
  Tail.push_back("-DHOIST_LOWERING=1");
  Out.insert(std::find(Out.begin(), Out.end(), "--"), Tail.begin(), Tail.end());
  return Out;
}

int runTool(const ToolOptions &Opts) {
  if (Opts.Sources.empty()) {
    toolError() << "no input files\n";
    return 1;
  }

  // Where compile commands come from: `--`, or -p, or nothing.
  std::unique_ptr<CompilationDatabase> DB;
  if (Opts.CompilerArgs) {
    DB = std::make_unique<FixedCompilationDatabase>(".", *Opts.CompilerArgs);
  } else if (!Opts.BuildPath.empty()) {
    std::string Error;
    DB = CompilationDatabase::loadFromDirectory(Opts.BuildPath, Error);
    if (!DB) {
      toolError() << "cannot load compile_commands.json from '"
                  << Opts.BuildPath << "': " << Error << "\n";
      return 1;
    }
    // The database infers a command for any file from its neighbours
    // (getCompileCommands never comes back empty): only the files it lists
    // count.
    llvm::StringSet<> Listed;
    auto Canonical = [](llvm::StringRef Path) {
      llvm::SmallString<256> P(Path);
      llvm::sys::fs::make_absolute(P);
      llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
      llvm::SmallString<256> Real;
      if (!llvm::sys::fs::real_path(P, Real))
        return std::string(Real);
      return std::string(P);
    };
    for (const std::string &F : DB->getAllFiles())
      Listed.insert(Canonical(F));
    for (const std::string &Src : Opts.Sources) {
      if (!Listed.contains(Canonical(Src))) {
        toolError() << "'" << Src << "' is not in " << Opts.BuildPath
                    << "/compile_commands.json\n";
        return 1;
      }
    }
  } else {
    DB = std::make_unique<FixedCompilationDatabase>(".", std::vector<std::string>());
  }

  bool Several = Opts.Sources.size() > 1;
  if (Several && !Opts.OutputPath.empty() &&
      !llvm::sys::fs::is_directory(Opts.OutputPath)) {
    toolError() << "-o must name an existing directory when there are "
                   "several sources\n";
    return 1;
  }
  for (const std::string &Src : Opts.Sources)
    if (!exists(Src)) {
      toolError() << "no such file: '" << Src << "'\n";
      return 1;
    }

  ClangTool Tool(*DB, Opts.Sources);
  Tool.appendArgumentsAdjuster(getClangStripOutputAdjuster());
  Tool.appendArgumentsAdjuster(getClangSyntaxOnlyAdjuster());
  Tool.appendArgumentsAdjuster(
      [&Opts](const CommandLineArguments &Args, llvm::StringRef) {
        return adjustParseArgs(Args, Opts);
      });

  ToolOptions RunOpts = Opts;
  if (!Several && !Opts.OutputPath.empty() && Opts.OutputPath != "-")
    RunOpts.Lowering.OutputFileName = Opts.OutputPath;
  for (const std::string &Src : Opts.Sources) {
    llvm::SmallString<256> Abs(Src);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, true);
    RunOpts.DisplayNames[std::string(Abs)] = Src;
  }
  ToolResults Results;
  auto Factory = newHoistActionFactory(RunOpts, Results);
  // Deep code (an expression of many thousand terms) recurses deeply in
  // clang's parser and in the lowering: run them on a thread whose stack is
  // large enough, and let clang's own checks (runWithSufficientStackSpace)
  // know where it begins.
  int Status = 1;
  llvm::thread Worker(std::optional<unsigned>(ToolStackSize), [&] {
    clang::noteBottomOfStack();
    Status = Tool.run(Factory.get());
  });
  Worker.join();

  // Under `-Xclang -verify`, clang has checked the expected diagnostics and
  // its verdict is the result; nothing is written.
  if (Opts.CompilerArgs &&
      llvm::is_contained(*Opts.CompilerArgs, std::string("-verify")))
    return Status;

  bool Failed = Status != 0;
  for (const std::string &Src : Opts.Sources) {
    llvm::SmallString<256> Abs(Src);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, true);
    auto It = Results.Files.find(std::string(Abs));
    if (It == Results.Files.end())
      It = Results.Files.find(Src);
    if (It == Results.Files.end() || It->second.Failed) {
      Failed = true;
      continue;
    }
    const ToolResults::FileResult &R = It->second;
    std::string OutPath = Opts.OutputPath;
    if (Several && !OutPath.empty()) {
      llvm::SmallString<256> P(OutPath);
      llvm::sys::path::append(P, llvm::sys::path::filename(Src));
      OutPath = std::string(P);
    }
    if (OutPath.empty() || OutPath == "-") {
      llvm::outs() << R.Output;
    } else if (!writeAtomically(OutPath, R.Output)) {
      Failed = true;
      continue;
    }
    if (!Opts.DepFile.empty()) {
      std::string Target = Opts.DepTarget.empty() ? OutPath : Opts.DepTarget;
      std::string Dep = escapeMake(Target) + ":";
      for (const std::string &D : R.Dependencies)
        Dep += " \\\n  " + escapeMake(D);
      Dep += "\n";
      if (!writeAtomically(Opts.DepFile, Dep))
        Failed = true;
    }
  }
  return Failed ? 1 : 0;
}

} // namespace hoist
