//===- OutputFile.cpp - The lowered source, assembled --------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Walks the main file once, copying text between edits and rendering each
/// generated body in place.
///
//===----------------------------------------------------------------------===//
#include "Emit/OutputFile.h"

#include <algorithm>

using namespace llvm;

namespace hoist {

namespace {

/// Indentation, in levels of two spaces, for `Spaces` leading spaces.
int levelsFor(unsigned Spaces) { return int(Spaces / 2); }

} // namespace

std::string renderBlock(const CodeBuffer &Block, unsigned BaseIndent,
                        const LoweringOptions &Opts, StringRef FileName) {
  // The output's own lines are unknown here: the rendering that places the
  // block resolves the directives of its scaffolding.
  LineRenderer R(FileName.str(), LineRenderer::NestedOutput, Opts.LineDirectives);
  // The first line (the `{`) continues the code before it.
  R.startMidLine();
  R.render(Block.lines(), levelsFor(BaseIndent));
  std::string Text = R.take();
  if (!Text.empty() && Text.back() == '\n')
    Text.pop_back();
  return Text;
}

std::string renderOutputFile(SourceRewriter &Rewriter,
                             const std::vector<FunctionRewrite> &Rewrites,
                             const LoweringOptions &Opts, StringRef FileName,
                             bool Templates,
                             std::vector<std::pair<unsigned, unsigned>> *Generated) {
  struct Edit {
    unsigned Begin, End;
    const std::string *Text = nullptr;
    const FunctionRewrite *Body = nullptr;
  };
  std::vector<Edit> Edits;
  for (const FunctionRewrite &F : Rewrites) {
    if (F.ReturnType)
      Edits.push_back({F.ReturnType->Begin, F.ReturnType->End,
                       &F.ReturnType->Text, nullptr});
    for (const TextEdit &P : F.Insertions)
      Edits.push_back({P.Begin, P.End, &P.Text, nullptr});
    if (F.BodyEnd > F.BodyBegin)
      Edits.push_back({F.BodyBegin, F.BodyEnd, nullptr, &F});
  }
  std::sort(Edits.begin(), Edits.end(),
            [](const Edit &A, const Edit &B) { return A.Begin < B.Begin; });

  StringRef Buffer = Rewriter.rawText(0, ~0u);
  LineRenderer R(FileName.str(), Opts.OutputFileName, Opts.LineDirectives);
  if (Templates)
    R.write("#if defined(__GNUC__) && !defined(__clang__)\n"
            "// The future of a template holds the futures of the functions it\n"
            "// awaits, local classes without linkage. g++ warns of that where it\n"
            "// believes the template is used outside the main file, which the\n"
            "// #line directives make it believe.\n"
            "#pragma GCC diagnostic ignored \"-Wsubobject-linkage\"\n"
            "#endif\n");
  unsigned Pos = 0;
  for (const Edit &E : Edits) {
    if (E.Begin < Pos)
      continue; // inside an edit already made
    R.passthrough(Buffer.slice(Pos, E.Begin), Rewriter.lineOf(Pos));
    if (E.Text) {
      R.inlineText(*E.Text);
      Pos = E.End;
      continue;
    }
    unsigned First = R.physicalLine();
    R.render(E.Body->Body.lines(), levelsFor(E.Body->BaseIndent));
    if (Generated)
      Generated->push_back({First, R.physicalLine() - 1});
    Pos = E.End;
    // The rest of the body's last line: nothing but a newline, usually.
    size_t EOL = Buffer.find('\n', Pos);
    StringRef Rest = Buffer.slice(Pos, EOL == StringRef::npos ? Buffer.size() : EOL);
    if (Rest.trim().empty()) {
      Pos = EOL == StringRef::npos ? Buffer.size() : EOL + 1;
    } else {
      // Code after the closing brace on the same line: keep it there.
      R.dropTrailingNewline();
    }
  }
  R.passthrough(Buffer.slice(Pos, Buffer.size()), Rewriter.lineOf(Pos));
  return R.take();
}

} // namespace hoist
