//===- MapDiagnostics.h - Compiler diagnostics in the user's terms -*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What the build's compiler says about a lowered file, told in the user's
/// terms. `#line` gives the compiler the user's file and line but no column:
/// it reports the column on the generated line, which the lowering indents
/// and rewrites (`int b = old(a);` inside poll(), where the user wrote it
/// after an await on the same line). Each location in the user's file is
/// mapped to the column of the same text in the user's line (the lines the
/// directives give that line are the candidates; the one whose text at the
/// reported column is found in the user's line, matching longest, wins), and
/// the source line and caret printed under it follow. Names hoist made up
/// (`ExampleFuture`, `Awaitee0`, `awaitee0`) get a note in the user's words,
/// and g++'s "In member function '... ExampleFuture::poll(...)'" becomes
/// "In async function 'example(int)'".
///
/// Anything else passes through unchanged: other files' diagnostics, a
/// location whose text is not the user's, a line the mapping cannot read.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_COMPILE_MAPDIAGNOSTICS_H
#define HOIST_COMPILE_MAPDIAGNOSTICS_H

#include "Compile/LoweredFile.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <optional>
#include <string>

namespace hoist {

/// The contents of a file diagnostics name, or none if it cannot be read.
using ReadSource = std::function<std::optional<std::string>(llvm::StringRef)>;

/// `Output` (what g++ or clang printed, colours and all) with the places in
/// the user's code of the files `Lowered` mapped back (see the file comment).
/// Lines that change lose their colours.
std::string mapCompilerDiagnostics(llvm::StringRef Output,
                                   llvm::ArrayRef<LoweredFile> Lowered,
                                   const ReadSource &Read);

/// Where text `Reported` (a line the compiler read) at 0-based column
/// `Column` is in `User` (the user's line): the 0-based column in `User` of
/// the same token whose surroundings match longest (whitespace aside), or
/// none if the token is not in `User`. Used by mapCompilerDiagnostics;
/// exposed for its tests.
struct ColumnMatch {
  unsigned Column;
  unsigned Forward;  // characters matched from the token on
  unsigned Backward; // characters matched before it
};
std::optional<ColumnMatch> matchColumn(llvm::StringRef Reported,
                                       unsigned Column, llvm::StringRef User);

} // namespace hoist

#endif
