//===- CodeBuffer.cpp - Generated lines that remember their source -------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Line bookkeeping for generated code and its `#line` directives.
///
//===----------------------------------------------------------------------===//
#include "Emit/CodeBuffer.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>

using namespace llvm;

namespace hoist {

void CodeBuffer::add(unsigned SrcLine, StringRef Text) {
  SmallVector<StringRef, 4> Parts;
  Text.split(Parts, '\n');
  for (StringRef P : Parts)
    Lines.push_back({P.rtrim().str(), Level, LineKind::Source, SrcLine});
}

void CodeBuffer::addGenerated(unsigned SrcLine, StringRef Text) {
  SmallVector<StringRef, 4> Parts;
  Text.split(Parts, '\n');
  for (StringRef P : Parts)
    Lines.push_back({P.rtrim().str(), Level, LineKind::Generated, SrcLine});
}

void CodeBuffer::addLoose(unsigned SrcLine, StringRef Text, int IndentDelta) {
  Lines.push_back({Text.str(), Level + IndentDelta, LineKind::Loose, SrcLine});
}

void CodeBuffer::addUserText(unsigned FirstLine, StringRef Text,
                             unsigned FirstColumn) {
  SmallVector<StringRef, 8> Parts;
  Text.split(Parts, '\n');
  // The first line starts at FirstColumn; later lines keep their indentation
  // relative to the least indented of them.
  size_t Common = FirstColumn > 0 ? FirstColumn - 1 : 0;
  for (size_t I = 1; I < Parts.size(); ++I) {
    StringRef P = Parts[I];
    if (P.trim().empty() || P.ltrim().starts_with("#line"))
      continue;
    Common = std::min(Common, P.size() - P.ltrim(" \t").size());
  }
  unsigned Line = FirstLine;
  // Within a nested rendering's scaffolding (after a directive that names
  // LineRenderer::NestedOutput): Generated lines of its function's line.
  bool Scaffolding = false;
  for (size_t I = 0; I < Parts.size(); ++I) {
    StringRef P = Parts[I].rtrim();
    if (I == 0) {
      P = P.ltrim(" \t");
    } else {
      size_t Lead = P.size() - P.ltrim(" \t").size();
      P = P.drop_front(std::min(Lead, Common));
    }
    StringRef T = P.ltrim();
    if (T.consume_front("#line")) {
      unsigned N = 0;
      if (!T.ltrim().consumeInteger(10, N))
        Line = N;
      Scaffolding = T.contains(LineRenderer::NestedOutput);
      // A nested rendering placed its own directive; this buffer's
      // rendering writes the one for scaffolding, which knows its line.
      if (!Scaffolding)
        Lines.push_back({T.str().insert(0, "#line"), 0, LineKind::Loose, 0});
      continue;
    }
    if (Scaffolding) {
      Lines.push_back({P.str(), Level, LineKind::Generated, Line});
      continue;
    }
    Lines.push_back({P.str(), Level, LineKind::Source, Line});
    ++Line;
  }
}

void CodeBuffer::append(StringRef Text) {
  if (Lines.empty()) {
    add(0, Text);
    return;
  }
  Lines.back().Text += Text.str();
}

void CodeBuffer::addBuffer(const CodeBuffer &Other) {
  for (CodeLine L : Other.Lines) {
    L.Indent += Level;
    Lines.push_back(std::move(L));
  }
}

void CodeBuffer::insertLines(size_t Index, const CodeBuffer &Other) {
  Lines.insert(Lines.begin() + std::min(Index, Lines.size()),
               Other.Lines.begin(), Other.Lines.end());
}

void CodeBuffer::replaceLines(size_t Begin, size_t End, StringRef Text) {
  CodeLine First = Lines[Begin];
  SmallVector<StringRef, 4> Parts;
  Text.split(Parts, '\n');
  std::vector<CodeLine> New;
  for (StringRef P : Parts)
    New.push_back({P.rtrim().str(), First.Indent, First.Kind, First.SrcLine});
  Lines.erase(Lines.begin() + Begin, Lines.begin() + End);
  Lines.insert(Lines.begin() + Begin, New.begin(), New.end());
}

//===----------------------------------------------------------------------===//
// Rendering
//===----------------------------------------------------------------------===//

std::string quoted(StringRef S) {
  std::string R = "\"";
  for (char C : S) {
    if (C == '"' || C == '\\')
      R += '\\';
    R += C;
  }
  return R + "\"";
}

const char *const LineRenderer::NestedOutput = "<hoist: the output file>";

LineRenderer::LineRenderer(std::string SourceFile, std::string OutputFile,
                           bool Directives)
    : SourceFile(std::move(SourceFile)), OutputFile(std::move(OutputFile)),
      Directives(Directives) {}

bool LineRenderer::atLineStart() const {
  if (Out.empty())
    return !MidLineStart;
  return Out.back() == '\n';
}

void LineRenderer::write(StringRef Text) {
  Out += Text.str();
  size_t NL = Text.count('\n');
  Physical += NL;
  if (Presumed)
    Presumed += NL;
}

void LineRenderer::directive(unsigned Line, const std::string &File) {
  if (!atLineStart())
    write("\n");
  std::string D = "#line " + std::to_string(Line);
  if (PresumedFile != &File)
    D += " " + quoted(File);
  write(D + "\n");
  Presumed = Line;
  PresumedFile = &File;
}

void LineRenderer::render(const std::vector<CodeLine> &Lines, int BaseIndent) {
  for (const CodeLine &L : Lines) {
    StringRef T(L.Text);
    if (T.starts_with("#line")) {
      // A nested rendering's directive: it names the source file (or not);
      // either way the compiler now believes what it says.
      unsigned N = 0;
      StringRef Rest = T.drop_front(5).ltrim();
      bool Numbered = !Rest.consumeInteger(10, N);
      if (Rest.contains(NestedOutput) && OutputFile != NestedOutput) {
        // Scaffolding of the nested block: now its line is known.
        if (!Directives)
          continue;
        if (!OutputFile.empty()) {
          if (PresumedFile != &OutputFile || Presumed != Physical)
            directive(Physical + 1, OutputFile);
        } else if (PresumedFile != &SourceFile || Presumed != N) {
          directive(N, SourceFile);
        }
        continue;
      }
      if (!atLineStart())
        write("\n");
      Presumed = Numbered ? N : 0;
      if (Rest.contains(NestedOutput))
        PresumedFile = &OutputFile;
      else if (Rest.contains('"'))
        PresumedFile = &SourceFile;
      Out += T.str();
      Out += '\n';
      ++Physical;
      continue;
    }
    bool Code = !T.trim().empty() && L.Kind != LineKind::Loose;
    if (Directives && Code && atLineStart()) {
      if (L.Kind == LineKind::Generated && OutputFile == NestedOutput) {
        if (PresumedFile != &OutputFile)
          directive(L.SrcLine, OutputFile);
      } else if (L.Kind == LineKind::Generated && !OutputFile.empty()) {
        if (PresumedFile != &OutputFile || Presumed != Physical)
          directive(Physical + 1, OutputFile);
      } else if (L.SrcLine != 0 &&
                 (PresumedFile != &SourceFile || Presumed != L.SrcLine)) {
        directive(L.SrcLine, SourceFile);
      }
    }
    if (!T.empty() && atLineStart())
      write(std::string(size_t(std::max(0, L.Indent + BaseIndent)) * 2, ' '));
    write(T);
    write("\n");
  }
}

void LineRenderer::dropTrailingNewline() {
  if (!Out.empty() && Out.back() == '\n') {
    Out.pop_back();
    --Physical;
    if (Presumed)
      --Presumed;
  }
}

void LineRenderer::passthrough(StringRef Text, unsigned SrcLine) {
  // Nothing to copy before an edit at the start of a line: the edit's text
  // still needs the line's directive.
  if (Text.empty() && Directives && atLineStart() &&
      (PresumedFile != &SourceFile || Presumed != SrcLine))
    directive(SrcLine, SourceFile);
  while (!Text.empty()) {
    if (Directives && atLineStart() &&
        (PresumedFile != &SourceFile || Presumed != SrcLine))
      directive(SrcLine, SourceFile);
    size_t NL = Text.find('\n');
    StringRef Piece = NL == StringRef::npos ? Text : Text.take_front(NL + 1);
    write(Piece);
    Text = Text.drop_front(Piece.size());
    if (NL == StringRef::npos)
      return; // the line continues
    ++SrcLine;
  }
}

} // namespace hoist
