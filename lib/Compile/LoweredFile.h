//===- LoweredFile.h - Where a lowered file's lines came from ----*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A lowered file read back, as the build's compiler sees it: for each
/// physical line, the file and line its `#line` directives make it (the
/// compiler reports that place), and for the names hoist gave things (the
/// future structs, the awaitee slots and their types, temporaries), what
/// they stand for in the user's words, taken from the comments the lowering
/// writes beside them.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_COMPILE_LOWEREDFILE_H
#define HOIST_COMPILE_LOWEREDFILE_H

#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hoist {

class LoweredFile {
public:
  /// Reads `Text`, the contents of the lowered file `Path`.
  static LoweredFile read(llvm::StringRef Path, llvm::StringRef Text);

  /// True if `Prefix` (the start of a file) is the start of a lowered file
  /// with #line directives: its first line is one.
  static bool looksLowered(llvm::StringRef Prefix);

  /// The physical lines (0-based) the compiler takes for line `Line` of
  /// `File`, as `File` is spelled in the directives. None for the lowered
  /// file's own lines (hoist's code).
  std::vector<unsigned> linesOf(llvm::StringRef File, unsigned Line) const;

  /// The text of physical line `Physical` (0-based).
  llvm::StringRef text(unsigned Physical) const { return Lines[Physical]; }

  /// What the generated name `Name` stands for, in the user's words, seen
  /// at physical line `Near`: the entry of the future that holds that line
  /// (names like `awaitee0` repeat in every future).
  std::optional<std::string> explain(llvm::StringRef Name, unsigned Near) const;

  /// The user's code a generated slot or its type stands for (the await
  /// `co_await f(x)` for `awaitee0` and `Awaitee0`), seen at `Near`.
  std::optional<std::string> userCode(llvm::StringRef Name, unsigned Near) const;

  /// True if `Name` is one hoist makes up (a future struct, an awaitee slot
  /// or its type, a temporary) rather than one the user wrote.
  static bool isGeneratedName(llvm::StringRef Name);

private:
  struct Presumed {
    std::string File; // empty: the lowered file itself
    unsigned Line = 0;
  };
  struct Entry {
    unsigned Future; // physical line of its future's summary comment
    std::string Words;
    std::string Code; // the user's code it stands for, if any
  };
  const Entry *entry(llvm::StringRef Name, unsigned Near) const;
  std::vector<std::string> Lines;
  std::vector<Presumed> Where;
  std::map<std::string, std::vector<Entry>, std::less<>> Glossary;
};

} // namespace hoist

#endif
