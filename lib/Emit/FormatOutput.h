//===- FormatOutput.h - The generated code, clang-formatted ------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The generated code is formatted with clang's own Format library, in the
/// user's style (a .clang-format next to the source) or LLVM's. The user's
/// code outside the lowered functions is left byte for byte.
///
/// Formatting moves text between lines, which would put the `#line`
/// directives out of step: they are taken out first, each line keeping the
/// line the compiler gave it, and written again afterwards wherever a
/// line's number would otherwise differ. Lines clang-format splits keep
/// their line (a directive before the continuation); lines it joins take
/// the first one's.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_EMIT_FORMATOUTPUT_H
#define HOIST_EMIT_FORMATOUTPUT_H

#include "clang/Format/Format.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <utility>
#include <vector>

namespace hoist {

/// Physical lines [First, Last] (1-based) of an output file.
using LineSpan = std::pair<unsigned, unsigned>;

/// The style `Name` names (file, llvm, google, ..., or `{key: value}`), for
/// the source `FileName` (where `file` looks for .clang-format); LLVM's if
/// `file` finds none. The style leaves every token as it is: only
/// whitespace may change (no comment reflow, no split string literals, no
/// inserted braces).
llvm::Expected<clang::format::FormatStyle> outputStyle(llvm::StringRef Name,
                                                       llvm::StringRef FileName);

/// `Text` with the lines `Generated` (spans in order) formatted in `Style`,
/// and its `#line` directives rewritten to give every line the number it
/// had. A directive naming `OutputFile` maps a line to its own place in the
/// output: it does so again after formatting. Returns Text unchanged if
/// clang-format would change more than whitespace.
std::string formatGenerated(llvm::StringRef Text, const std::vector<LineSpan> &Generated,
                            const clang::format::FormatStyle &Style,
                            llvm::StringRef OutputFile);

} // namespace hoist

#endif // HOIST_EMIT_FORMATOUTPUT_H
