//===- hoist-cc.cpp - Compile lowered files, report in the user's terms ---===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A compiler launcher:
///
///   hoist-cc <compiler> <args>...
///
/// runs the compiler as given. When it compiles a lowered file (one that
/// starts with a #line directive) and prints diagnostics, they are printed
/// mapped back to the user's columns and words (Compile/MapDiagnostics.h).
/// The exit status is the compiler's. hoist_target_sources makes it the
/// target's CXX_COMPILER_LAUNCHER (before any launcher the target had).
///
//===----------------------------------------------------------------------===//
#include "Compile/LoweredFile.h"
#include "Compile/MapDiagnostics.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace llvm;

#ifndef HOIST_VERSION
#define HOIST_VERSION "unknown"
#endif

static std::optional<std::string> readFile(StringRef Path) {
  auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return std::nullopt;
  return (*Buffer)->getBuffer().str();
}

/// The lowered files among the compiler's arguments.
static std::vector<hoist::LoweredFile> loweredInputs(ArrayRef<StringRef> Args) {
  std::vector<hoist::LoweredFile> Files;
  for (StringRef A : Args) {
    StringRef Ext = sys::path::extension(A);
    if (A.starts_with("-") ||
        !(Ext == ".cpp" || Ext == ".cc" || Ext == ".cxx" || Ext == ".c++" ||
          Ext == ".C" || Ext == ".cp" || Ext == ".CPP"))
      continue;
    std::optional<std::string> Text = readFile(A);
    if (Text && hoist::LoweredFile::looksLowered(*Text))
      Files.push_back(hoist::LoweredFile::read(A, *Text));
  }
  return Files;
}

int main(int argc, const char **argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0) {
    errs() << "usage: hoist-cc <compiler> <args>...\n"
              "Runs the compiler; its diagnostics on lowered files are "
              "mapped back to the user's columns.\n";
    return argc < 2 ? 2 : 0;
  }
  if (std::strcmp(argv[1], "--version") == 0) {
    outs() << "hoist-cc (Hoist version " << HOIST_VERSION << ")\n";
    return 0;
  }
  ErrorOr<std::string> Program = sys::findProgramByName(argv[1]);
  if (!Program) {
    errs() << "hoist-cc: error: cannot find '" << argv[1]
           << "': " << Program.getError().message() << "\n";
    return 1;
  }
  std::vector<StringRef> Args(argv + 1, argv + argc);

  // The compiler's diagnostics go to a file, to be read once it is done.
  SmallString<128> Diagnostics;
  if (std::error_code EC =
          sys::fs::createTemporaryFile("hoist-cc", "txt", Diagnostics)) {
    errs() << "hoist-cc: error: " << EC.message() << "\n";
    return 1;
  }
  FileRemover Remove(Diagnostics);
  std::optional<StringRef> Redirects[] = {std::nullopt, std::nullopt,
                                          StringRef(Diagnostics)};
  std::string Error;
  int Status = sys::ExecuteAndWait(*Program, Args, std::nullopt, Redirects, 0,
                                   0, &Error);
  std::optional<std::string> Said = readFile(Diagnostics);
  if (Said && !Said->empty()) {
    std::vector<hoist::LoweredFile> Lowered = loweredInputs(Args);
    errs() << (Lowered.empty()
                   ? *Said
                   : hoist::mapCompilerDiagnostics(*Said, Lowered, readFile));
  }
  if (Status < 0) {
    errs() << "hoist-cc: error: " << argv[1] << ": "
           << (Error.empty() ? "did not finish" : Error) << "\n";
    return 1;
  }
  return Status;
}
