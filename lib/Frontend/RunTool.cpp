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
#include "clang/Driver/Options.h"
#include "clang/Driver/Types.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
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

/// The name standard input goes by (`-` on the command line), as in clang.
const char *const StdinName = "<stdin>";

bool isStdin(llvm::StringRef Source) { return Source == "-"; }

std::string absolutePath(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

/// The path with symlinks resolved, or else absolute and without dots.
std::string canonicalPath(llvm::StringRef Path) {
  std::string Abs = absolutePath(Path);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Abs, Real))
    return std::string(Real);
  return Abs;
}

/// `A` and `B` name the same file: the same path once symlinks and `..` are
/// resolved, or the same inode (a hard link).
bool sameFile(llvm::StringRef A, llvm::StringRef B) {
  bool Same = false;
  if (!llvm::sys::fs::equivalent(A, B, Same) && Same)
    return true;
  return canonicalPath(A) == canonicalPath(B);
}

/// A file to write once every source is lowered.
struct PendingOutput {
  std::string Path, Text;
  std::string Temp; ///< where Text waits for the rename
};

/// An existing file that is not a regular one (/dev/null, a pipe): written
/// in place, never replaced.
bool isSpecialFile(const std::string &Path) {
  llvm::sys::fs::file_status Status;
  return !llvm::sys::fs::status(Path, Status) &&
         llvm::sys::fs::exists(Status) &&
         !llvm::sys::fs::is_regular_file(Status) &&
         !llvm::sys::fs::is_directory(Status);
}

bool writeFile(int FD, llvm::StringRef Text) {
  llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
  OS << Text;
  OS.close();
  if (OS.has_error()) {
    OS.clear_error();
    return false;
  }
  return true;
}

/// Writes every output or none: each goes to a temporary file beside it,
/// and the temporaries are renamed into place once all are written.
bool writeAll(std::vector<PendingOutput> &Outputs) {
  auto RemoveTemps = [&] {
    for (PendingOutput &O : Outputs)
      if (!O.Temp.empty()) {
        llvm::sys::fs::remove(O.Temp);
        O.Temp.clear();
      }
  };
  for (PendingOutput &O : Outputs) {
    if (isSpecialFile(O.Path))
      continue;
    llvm::SmallString<256> Model(O.Path);
    Model += ".tmp%%%%%%";
    llvm::SmallString<256> Temp;
    int FD;
    if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Temp)) {
      toolError() << "cannot write '" << O.Path << "': " << EC.message() << "\n";
      RemoveTemps();
      return false;
    }
    O.Temp = std::string(Temp);
    if (!writeFile(FD, O.Text)) {
      toolError() << "cannot write '" << O.Path << "'\n";
      RemoveTemps();
      return false;
    }
  }
  for (PendingOutput &O : Outputs) {
    if (O.Temp.empty()) {
      int FD;
      std::error_code EC = llvm::sys::fs::openFileForWrite(
          O.Path, FD, llvm::sys::fs::CD_OpenAlways, llvm::sys::fs::OF_None);
      if (EC || !writeFile(FD, O.Text)) {
        toolError() << "cannot write '" << O.Path << "'"
                    << (EC ? ": " + EC.message() : std::string()) << "\n";
        RemoveTemps();
        return false;
      }
      continue;
    }
    if (std::error_code EC = llvm::sys::fs::rename(O.Temp, O.Path)) {
      toolError() << "cannot write '" << O.Path << "': " << EC.message() << "\n";
      RemoveTemps();
      return false;
    }
    O.Temp.clear();
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

namespace {

/// A compilation database that gives commands only for the files it lists
/// (a JSON database infers one for any file from its neighbours), and the
/// default command, with no flags, for any other.
class ListedFilesDatabase : public CompilationDatabase {
public:
  explicit ListedFilesDatabase(std::unique_ptr<CompilationDatabase> Inner)
      : Inner(std::move(Inner)),
        Default(".", std::vector<std::string>()) {
    for (const std::string &F : this->Inner->getAllFiles())
      Listed.insert(canonicalPath(F));
  }

  bool lists(llvm::StringRef File) const {
    return Listed.contains(canonicalPath(File));
  }

  std::vector<CompileCommand>
  getCompileCommands(llvm::StringRef File) const override {
    if (lists(File))
      return Inner->getCompileCommands(File);
    return Default.getCompileCommands(File);
  }
  std::vector<std::string> getAllFiles() const override {
    return Inner->getAllFiles();
  }

private:
  std::unique_ptr<CompilationDatabase> Inner;
  FixedCompilationDatabase Default;
  llvm::StringSet<> Listed;
};

/// A source whose name does not tell the driver it is C or C++ (standard
/// input, /dev/null, a .txt) is parsed as C++ unless the command says `-x`.
CommandLineArguments adjustSourceType(const CommandLineArguments &Args,
                                      llvm::StringRef File) {
  namespace types = clang::driver::types;
  llvm::StringRef Ext = llvm::sys::path::extension(File);
  if (Ext.consume_front(".")) {
    types::ID Type = types::lookupTypeForExtension(Ext);
    if (Type != types::TY_INVALID && types::isSrcFile(Type))
      return Args;
  }
  for (const std::string &A : Args)
    if (llvm::StringRef(A).starts_with("-x"))
      return Args;
  CommandLineArguments Out = Args;
  Out.insert(Out.begin() + (Out.empty() ? 0 : 1), "-xc++");
  return Out;
}

/// The command without the arguments clang's driver does not know
/// (--ignore-unknown-args: flags of another compiler, say g++'s, which the
/// build passes on).
CommandLineArguments dropUnknownArgs(const CommandLineArguments &Args,
                                     llvm::StringRef) {
  if (Args.size() < 2)
    return Args;
  std::vector<const char *> Argv;
  for (size_t I = 1; I < Args.size(); ++I)
    Argv.push_back(Args[I].c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  llvm::opt::InputArgList Parsed = clang::driver::getDriverOptTable().ParseArgs(
      Argv, MissingIndex, MissingCount,
      llvm::opt::Visibility(clang::driver::options::ClangOption));
  std::vector<bool> Unknown(Args.size(), false);
  for (const llvm::opt::Arg *A : Parsed.filtered(clang::driver::options::OPT_UNKNOWN))
    Unknown[A->getIndex() + 1] = true;
  CommandLineArguments Out;
  for (size_t I = 0; I < Args.size(); ++I)
    if (!Unknown[I])
      Out.push_back(Args[I]);
  return Out;
}

/// Runs the action once the driver has made the compiler's invocation,
/// unless the driver reported errors (an unknown argument).
class StopAfterDriverErrors : public ToolAction {
public:
  StopAfterDriverErrors(ToolAction &Action, const DiagnosticConsumer &Diags)
      : Action(Action), Diags(Diags) {}

  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    if (Diags.getNumErrors() > 0)
      return false;
    return Action.runInvocation(std::move(Invocation), Files,
                                std::move(PCHContainerOps), DiagConsumer);
  }

private:
  ToolAction &Action;
  const DiagnosticConsumer &Diags;
};

/// One source to lower and where its output goes.
struct Job {
  std::string Source;  ///< as given (`-` for standard input)
  std::string Parsed;  ///< the path the compiler reads
  std::string Output;  ///< the output file; empty: standard output
};

} // namespace

int runTool(const ToolOptions &Opts) {
  if (Opts.Sources.empty()) {
    toolError() << "no input files\n";
    return 1;
  }
  bool Several = Opts.Sources.size() > 1;
  bool ReadsStdin = llvm::any_of(Opts.Sources, isStdin);
  if (ReadsStdin && Several) {
    toolError() << "'-' (standard input) must be the only source\n";
    return 1;
  }

  // Where compile commands come from: `--`, or -p, or a
  // compile_commands.json in a directory above the source, or nothing.
  std::unique_ptr<CompilationDatabase> DB;
  if (Opts.CompilerArgs) {
    DB = std::make_unique<FixedCompilationDatabase>(".", *Opts.CompilerArgs);
  } else if (!Opts.BuildPath.empty()) {
    std::string Error;
    std::unique_ptr<CompilationDatabase> Found =
        CompilationDatabase::loadFromDirectory(Opts.BuildPath, Error);
    if (!Found) {
      toolError() << "cannot load compile_commands.json from '"
                  << Opts.BuildPath << "': " << Error << "\n";
      return 1;
    }
    auto Listed = std::make_unique<ListedFilesDatabase>(std::move(Found));
    // Only the files the database lists count.
    for (const std::string &Src : Opts.Sources) {
      if (isStdin(Src)) {
        toolError() << "standard input is not in " << Opts.BuildPath
                    << "/compile_commands.json: give its compiler arguments "
                       "after '--'\n";
        return 1;
      }
      if (!Listed->lists(Src)) {
        toolError() << "'" << Src << "' is not in " << Opts.BuildPath
                    << "/compile_commands.json\n";
        return 1;
      }
    }
    DB = std::move(Listed);
  } else {
    std::string Error;
    std::string First = isStdin(Opts.Sources.front())
                            ? absolutePath(StdinName)
                            : absolutePath(Opts.Sources.front());
    if (std::unique_ptr<CompilationDatabase> Found =
            CompilationDatabase::autoDetectFromSource(First, Error))
      DB = std::make_unique<ListedFilesDatabase>(std::move(Found));
    else
      DB = std::make_unique<FixedCompilationDatabase>(
          ".", std::vector<std::string>());
  }

  // Arguments @<file> stand for the arguments the file holds (a response
  // file: what a build system writes when a command would be too long).
  DB = expandResponseFiles(std::move(DB), llvm::vfs::getRealFileSystem());

  if (Several && !Opts.OutputPath.empty() &&
      !llvm::sys::fs::is_directory(Opts.OutputPath)) {
    toolError() << "-o must name an existing directory when there are "
                   "several sources\n";
    return 1;
  }
  for (const std::string &Src : Opts.Sources)
    if (!isStdin(Src) && !exists(Src)) {
      toolError() << "no such file: '" << Src << "'\n";
      return 1;
    }

  // Each source's output; no two the same, none an input.
  std::vector<Job> Jobs;
  for (const std::string &Src : Opts.Sources) {
    Job J;
    J.Source = Src;
    J.Parsed = isStdin(Src) ? StdinName : absolutePath(Src);
    if (Opts.OutputPath != "-")
      J.Output = Opts.OutputPath;
    if (Several && !J.Output.empty()) {
      llvm::SmallString<256> P(J.Output);
      llvm::sys::path::append(P, llvm::sys::path::filename(Src));
      J.Output = std::string(P);
    }
    Jobs.push_back(std::move(J));
  }
  llvm::StringMap<size_t> Writer; // canonical output path -> its job
  for (size_t I = 0; I < Jobs.size(); ++I) {
    if (Jobs[I].Output.empty())
      continue;
    auto [It, New] = Writer.try_emplace(canonicalPath(Jobs[I].Output), I);
    if (!New) {
      toolError() << "'" << Jobs[It->second].Source << "' and '" << Jobs[I].Source
                  << "' would both be written to '" << Jobs[I].Output << "'\n";
      return 1;
    }
  }
  auto OverwritesInput = [&](llvm::StringRef Path, llvm::StringRef What) {
    for (const std::string &Src : Opts.Sources)
      if (!isStdin(Src) && sameFile(Path, Src)) {
        toolError() << What << " '" << Path
                    << "' would overwrite the input '" << Src << "'\n";
        return true;
      }
    return false;
  };
  for (const Job &J : Jobs)
    if (!J.Output.empty() && OverwritesInput(J.Output, "the output"))
      return 1;
  if (!Opts.DepFile.empty()) {
    if (OverwritesInput(Opts.DepFile, "the depfile"))
      return 1;
    for (const Job &J : Jobs)
      if (!J.Output.empty() && sameFile(Opts.DepFile, J.Output)) {
        toolError() << "the depfile '" << Opts.DepFile
                    << "' would overwrite the output '" << J.Output << "'\n";
        return 1;
      }
    if (Opts.DepTarget.empty() &&
        llvm::any_of(Jobs, [](const Job &J) { return J.Output.empty(); })) {
      toolError() << "--depfile needs -o or --depfile-target: the output "
                     "goes to standard output\n";
      return 1;
    }
  }

  // Standard input is read once, and given to the compiler as a file.
  llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS(
      new llvm::vfs::OverlayFileSystem(llvm::vfs::getRealFileSystem()));
  if (ReadsStdin) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Input =
        llvm::MemoryBuffer::getSTDIN();
    if (!Input) {
      toolError() << "cannot read standard input: "
                  << Input.getError().message() << "\n";
      return 1;
    }
    llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> Memory(
        new llvm::vfs::InMemoryFileSystem);
    Memory->addFile(absolutePath(StdinName), 0,
                    llvm::MemoryBuffer::getMemBufferCopy((*Input)->getBuffer(),
                                                         StdinName));
    FS->pushOverlay(Memory);
  }
  llvm::IntrusiveRefCntPtr<FileManager> Files(
      new FileManager(FileSystemOptions(), FS));

  ArgumentsAdjuster Adjust = combineAdjusters(getClangStripOutputAdjuster(),
                                              getClangSyntaxOnlyAdjuster());
  Adjust = combineAdjusters(Adjust, getClangStripDependencyFileAdjuster());
  if (!Opts.ExtraArgsBefore.empty())
    Adjust = combineAdjusters(
        Adjust, getInsertArgumentAdjuster(Opts.ExtraArgsBefore,
                                          ArgumentInsertPosition::BEGIN));
  if (!Opts.ExtraArgs.empty())
    Adjust = combineAdjusters(
        Adjust,
        getInsertArgumentAdjuster(Opts.ExtraArgs, ArgumentInsertPosition::END));
  if (Opts.IgnoreUnknownArgs)
    Adjust = combineAdjusters(Adjust, dropUnknownArgs);
  Adjust = combineAdjusters(Adjust, adjustSourceType);
  Adjust = combineAdjusters(
      Adjust, [&Opts](const CommandLineArguments &Args, llvm::StringRef) {
        return adjustParseArgs(Args, Opts);
      });

  ToolOptions RunOpts = Opts;
  for (const Job &J : Jobs)
    if (!isStdin(J.Source))
      RunOpts.DisplayNames[J.Parsed] = J.Source;
  // Each job's result (the action keys it by the name the command gives).
  std::vector<std::optional<ToolResults::FileResult>> Results(Jobs.size());
  // Deep code (an expression of many thousand terms) recurses deeply in
  // clang's parser and in the lowering: run them on a thread whose stack is
  // large enough, and let clang's own checks (runWithSufficientStackSpace)
  // know where it begins.
  bool Ok = true;
  llvm::thread Worker(std::optional<unsigned>(ToolStackSize), [&] {
    clang::noteBottomOfStack();
    for (size_t I = 0; I < Jobs.size(); ++I) {
      const Job &J = Jobs[I];
      if (Several && !Opts.Quiet)
        llvm::errs() << "[" << I + 1 << "/" << Jobs.size()
                     << "] Processing file " << J.Source << ".\n";
      std::vector<CompileCommand> Commands = DB->getCompileCommands(J.Parsed);
      if (Commands.empty()) {
        toolError() << "no compile command for '" << J.Source << "'\n";
        Ok = false;
        continue;
      }
      const CompileCommand &Command = Commands.front();
      llvm::SmallString<256> Dir(Command.Directory);
      llvm::sys::fs::make_absolute(Dir);
      if (std::error_code EC = FS->setCurrentWorkingDirectory(Dir)) {
        toolError() << "cannot enter '" << Dir << "': " << EC.message()
                    << "\n";
        Ok = false;
        continue;
      }
      std::vector<std::string> Args =
          Adjust(Command.CommandLine, Command.Filename);
      std::vector<const char *> Argv;
      for (const std::string &A : Args)
        Argv.push_back(A.c_str());
      // The driver's diagnostics and the compiler's go through one printer,
      // which counts the driver's errors.
      llvm::IntrusiveRefCntPtr<DiagnosticOptions> DiagOpts(
          CreateAndPopulateDiagOpts(Argv).release());
      TextDiagnosticPrinter Printer(llvm::errs(), DiagOpts.get());

      // The output's own name, for the #line directives of scaffolding.
      RunOpts.Lowering.OutputFileName = J.Output;
      ToolResults JobResults;
      auto Factory = newHoistActionFactory(RunOpts, JobResults);
      StopAfterDriverErrors Action(*Factory, Printer);
      ToolInvocation Invocation(std::move(Args), &Action, Files.get(),
                                std::make_shared<PCHContainerOperations>());
      Invocation.setDiagnosticOptions(DiagOpts.get());
      Invocation.setDiagnosticConsumer(&Printer);
      if (!Invocation.run() || Printer.getNumErrors() > 0)
        Ok = false;
      Files->clearStatCache();
      if (JobResults.Files.size() == 1)
        Results[I] = std::move(JobResults.Files.begin()->second);
    }
  });
  Worker.join();

  // Under `-Xclang -verify`, clang has checked the expected diagnostics and
  // its verdict is the result; nothing is written.
  auto Verifies = [](const std::vector<std::string> &Args) {
    return llvm::is_contained(Args, std::string("-verify"));
  };
  if ((Opts.CompilerArgs && Verifies(*Opts.CompilerArgs)) ||
      Verifies(Opts.ExtraArgs) || Verifies(Opts.ExtraArgsBefore))
    return Ok ? 0 : 1;

  // Nothing is written unless every source was lowered.
  bool Failed = !Ok;
  std::vector<PendingOutput> Outputs;
  std::string Stdout, Dep;
  const std::string StdinPath = absolutePath(StdinName);
  for (size_t I = 0; I < Jobs.size(); ++I) {
    const Job &J = Jobs[I];
    if (!Results[I] || Results[I]->Failed) {
      Failed = true;
      continue;
    }
    const ToolResults::FileResult &R = *Results[I];
    if (J.Output.empty())
      Stdout += R.Output;
    else
      Outputs.push_back({J.Output, R.Output, ""});
    if (!Opts.DepFile.empty()) {
      std::string Target = Opts.DepTarget.empty() ? J.Output : Opts.DepTarget;
      Dep += escapeMake(Target) + ":";
      for (const std::string &D : R.Dependencies)
        if (D != StdinName && D != StdinPath)
          Dep += " \\\n  " + escapeMake(D);
      Dep += "\n";
    }
  }
  if (Failed)
    return 1;
  if (!Opts.DepFile.empty())
    Outputs.push_back({Opts.DepFile, Dep, ""});
  if (!writeAll(Outputs))
    return 1;
  llvm::outs() << Stdout;
  return 0;
}

} // namespace hoist
