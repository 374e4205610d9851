//===- CodeBuffer.h - Generated lines that remember their source -*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Generated code is built as a list of lines, each with its indentation and
/// what it stands for:
///
///   Source     the user's code (or the machinery of one of the user's
///              co_awaits): compiler errors and debuggers should show the
///              original line
///   Generated  scaffolding (constructors, dispatch, drop tree): it is shown
///              as itself, at its line in the output file, as bison does
///   Loose      declarations, labels, braces, comments: no code, no mapping
///
/// Rendering writes a `#line` directive only where the compiler's idea of
/// the current line and file would otherwise be wrong.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_EMIT_CODEBUFFER_H
#define HOIST_EMIT_CODEBUFFER_H

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace hoist {

/// `S` as a C++ string literal (for a `#line` directive's file name, too).
std::string quoted(llvm::StringRef S);

/// What a generated line stands for (see the file comment).
enum class LineKind { Source, Generated, Loose };

/// One generated line.
struct CodeLine {
  std::string Text; ///< without indentation or newline
  int Indent = 0;   ///< in levels
  LineKind Kind = LineKind::Source;
  /// The original line: the user's line, or for Generated lines the line of
  /// the function (used where the output's own lines are unknown).
  unsigned SrcLine = 0;
};

/// A growing list of generated lines.
class CodeBuffer {
public:
  /// Adds `Text` (which may hold several lines) at the current indentation,
  /// every line standing for source line `SrcLine`.
  void add(unsigned SrcLine, llvm::StringRef Text);
  /// Adds scaffolding code that belongs to the function at `SrcLine`.
  void addGenerated(unsigned SrcLine, llvm::StringRef Text);
  /// Adds a line that generates no code (a label, a brace, a declaration, a
  /// comment), `IndentDelta` levels off the current indentation.
  void addLoose(unsigned SrcLine, llvm::StringRef Text, int IndentDelta = 0);
  /// Adds user text that spans lines FirstLine, FirstLine+1, ... as written,
  /// re-indented to the current level. `FirstColumn` is where the text
  /// starts on its first line. A `#line N` line inside it (a nested
  /// rendering) restarts the count at N.
  void addUserText(unsigned FirstLine, llvm::StringRef Text,
                   unsigned FirstColumn);
  /// Appends `Text` to the last line (which must exist).
  void append(llvm::StringRef Text);
  /// Adds every line of `Other`, indented by the current level.
  void addBuffer(const CodeBuffer &Other);
  /// Inserts the lines of `Other` (indentation as they are) before line
  /// `Index`.
  void insertLines(size_t Index, const CodeBuffer &Other);
  /// Replaces lines [Begin, End) with `Text` (split at newlines), at the
  /// indentation and for the source line of line Begin.
  void replaceLines(size_t Begin, size_t End, llvm::StringRef Text);

  void indent() { ++Level; }
  void dedent() { --Level; }
  int level() const { return Level; }

  const std::vector<CodeLine> &lines() const { return Lines; }
  bool empty() const { return Lines.empty(); }
  size_t size() const { return Lines.size(); }

private:
  std::vector<CodeLine> Lines;
  int Level = 0;
};

/// Turns lines into text, writing `#line` directives as needed.
class LineRenderer {
public:
  /// `SourceFile` and `OutputFile` are the names the directives use; an
  /// empty OutputFile means the output's own lines are unknown, and
  /// Generated lines then map to their function's line.
  LineRenderer(std::string SourceFile, std::string OutputFile, bool Directives);

  /// The OutputFile of a nested rendering (a lambda's future inside the
  /// function around it): its directives for Generated lines name this
  /// placeholder, and the rendering that places the block in the output
  /// file turns them into directives that name it.
  static const char *const NestedOutput;

  /// Renders `Lines` with `BaseIndent` extra levels.
  void render(const std::vector<CodeLine> &Lines, int BaseIndent = 0);
  /// Copies original text that starts at source line `SrcLine`.
  void passthrough(llvm::StringRef Text, unsigned SrcLine);
  /// Removes the newline that ends the output, so text continues that line.
  void dropTrailingNewline();
  /// Appends text that stays on the current line.
  void inlineText(llvm::StringRef Text) { Out += Text.str(); }
  /// Appends whole lines of the output's own.
  void write(llvm::StringRef Text);

  std::string take() { return std::move(Out); }
  /// The physical line (1-based) of the output the next text goes on.
  unsigned physicalLine() const { return Physical; }
  const std::string &str() const { return Out; }
  /// Rendering continues a line that text outside the renderer began.
  void startMidLine() { MidLineStart = true; }

private:
  bool atLineStart() const;
  void directive(unsigned Line, const std::string &File);

  std::string SourceFile, OutputFile;
  bool Directives;
  std::string Out;
  /// The line the compiler will give the next output line (0: unknown), and
  /// the file it names.
  unsigned Presumed = 0;
  const std::string *PresumedFile = nullptr;
  /// The physical line of the output the next line is.
  unsigned Physical = 1;
  bool MidLineStart = false;
};

} // namespace hoist

#endif // HOIST_EMIT_CODEBUFFER_H
