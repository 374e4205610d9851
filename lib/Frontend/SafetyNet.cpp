//===- SafetyNet.cpp - The lowered text checked before it is written -----===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Maps lowered text back to the user's lines through its #line directives,
/// lexes it for coroutine keywords, and reports a failed lowering at the
/// statement it came from.
///
//===----------------------------------------------------------------------===//
#include "Frontend/SafetyNet.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace hoist {

namespace {

/// `#line N` or `#line N "file"`: N, and the file if named.
bool parseLineDirective(StringRef Line, unsigned &Number,
                        std::optional<std::string> &File) {
  Line = Line.trim();
  if (!Line.consume_front("#line "))
    return false;
  Line = Line.ltrim();
  StringRef Digits = Line.take_while([](char C) { return C >= '0' && C <= '9'; });
  if (Digits.empty() || Digits.getAsInteger(10, Number))
    return false;
  Line = Line.drop_front(Digits.size()).trim();
  File.reset();
  if (Line.consume_front("\"")) {
    std::string Name;
    for (size_t I = 0; I < Line.size() && Line[I] != '"'; ++I) {
      if (Line[I] == '\\' && I + 1 < Line.size())
        ++I;
      Name += Line[I];
    }
    File = std::move(Name);
  }
  return true;
}

/// How a statement is named in the report.
std::string describe(const Stmt *S) {
  if (isa<IfStmt>(S))
    return "the 'if' statement";
  if (isa<CXXForRangeStmt>(S))
    return "the range-based 'for' statement";
  if (isa<ForStmt>(S))
    return "the 'for' statement";
  if (isa<WhileStmt>(S))
    return "the 'while' statement";
  if (isa<DoStmt>(S))
    return "the 'do' statement";
  if (isa<SwitchStmt>(S))
    return "the 'switch' statement";
  if (isa<CaseStmt>(S) || isa<DefaultStmt>(S))
    return "the 'case' of a switch";
  if (isa<CoreturnStmt>(S))
    return "the 'co_return' statement";
  if (isa<ReturnStmt>(S))
    return "the 'return' statement";
  if (isa<DeclStmt>(S))
    return "the declaration";
  if (isa<CXXTryStmt>(S))
    return "the 'try' statement";
  if (isa<GotoStmt>(S))
    return "the 'goto' statement";
  if (isa<LabelStmt>(S))
    return "the labeled statement";
  if (isa<BreakStmt>(S))
    return "the 'break' statement";
  if (isa<ContinueStmt>(S))
    return "the 'continue' statement";
  if (isa<CompoundStmt>(S))
    return "the block";
  return "the expression statement";
}

/// The outermost statement of `S` (not inside an expression) that begins on
/// line `Line`.
const Stmt *statementOnLine(const Stmt *S, unsigned Line, const SourceManager &SM) {
  for (const Stmt *C : S->children()) {
    if (!C)
      continue;
    bool Statement = !isa<Expr>(C) || isa<CompoundStmt>(S);
    if (Statement && SM.getExpansionLineNumber(C->getBeginLoc()) == Line)
      return C;
    if (isa<Expr>(C))
      continue;
    if (const Stmt *Found = statementOnLine(C, Line, SM))
      return Found;
  }
  return nullptr;
}

/// The first non-blank column of `Line` in the main file.
SourceLocation lineStart(const SourceManager &SM, unsigned Line) {
  FileID Main = SM.getMainFileID();
  SourceLocation Loc = SM.translateLineCol(Main, Line, 1);
  StringRef Buffer = SM.getBufferData(Main);
  unsigned Offset = SM.getFileOffset(Loc), Col = 1;
  while (Offset < Buffer.size() && (Buffer[Offset] == ' ' || Buffer[Offset] == '\t')) {
    ++Offset;
    ++Col;
  }
  return SM.translateLineCol(Main, Line, Col);
}

} // namespace

std::optional<unsigned> sourceLineOf(StringRef Text, unsigned Offset,
                                     StringRef SourceFile) {
  // Before any directive, the text is the source's own, line for line.
  bool InSource = true;
  unsigned Current = 1;
  std::optional<unsigned> LastInSource;
  size_t Pos = 0;
  while (Pos <= Text.size()) {
    size_t End = Text.find('\n', Pos);
    if (End == StringRef::npos)
      End = Text.size();
    StringRef Line = Text.slice(Pos, End);
    bool Here = Offset >= Pos && Offset <= End;
    unsigned Number = 0;
    std::optional<std::string> File;
    if (!Here && parseLineDirective(Line, Number, File)) {
      if (File)
        InSource = *File == SourceFile;
      Current = Number;
    } else {
      if (Here)
        return InSource ? std::optional<unsigned>(Current) : LastInSource;
      if (InSource)
        LastInSource = Current;
      ++Current;
    }
    Pos = End + 1;
  }
  return LastInSource;
}

std::vector<LeftoverKeyword> leftoverCoroutineKeywords(StringRef Text) {
  LangOptions LO;
  LO.CPlusPlus = LO.CPlusPlus11 = LO.CPlusPlus14 = LO.CPlusPlus17 =
      LO.CPlusPlus20 = true;
  // Token locations are offsets past this base.
  SourceLocation Base = SourceLocation::getFromRawEncoding(1);
  Lexer L(Base, LO, Text.begin(), Text.begin(), Text.end());
  std::vector<LeftoverKeyword> Found;
  unsigned Conditionals = 0;
  bool AfterHash = false;
  Token Tok;
  for (;;) {
    L.LexFromRawLexer(Tok);
    if (Tok.is(tok::eof))
      break;
    if (Tok.is(tok::hash) && Tok.isAtStartOfLine()) {
      AfterHash = true;
      continue;
    }
    bool Directive = AfterHash;
    AfterHash = false;
    if (!Tok.is(tok::raw_identifier))
      continue;
    StringRef Id = Tok.getRawIdentifier();
    if (Directive) {
      if (Id == "if" || Id == "ifdef" || Id == "ifndef")
        ++Conditionals;
      else if (Id == "endif" && Conditionals > 0)
        --Conditionals;
      continue;
    }
    if (Conditionals == 0 && (Id == "co_await" || Id == "co_return" || Id == "co_yield"))
      Found.push_back({Tok.getLocation().getRawEncoding() - Base.getRawEncoding(),
                       Id.str()});
  }
  return Found;
}

void reportLoweringBug(DiagEmitter &Diags, ASTContext &Ctx,
                       const std::vector<const AsyncFnShape *> &Shapes,
                       std::optional<unsigned> Line, StringRef Why) {
  const SourceManager &SM = Ctx.getSourceManager();
  // The innermost function around the line.
  const AsyncFnShape *Shape = nullptr;
  unsigned Span = ~0u;
  for (const AsyncFnShape *S : Shapes) {
    SourceRange R = S->Fn->Lambda ? S->Fn->Lambda->getSourceRange()
                                  : S->Fn->Decl->getSourceRange();
    unsigned First = SM.getExpansionLineNumber(R.getBegin());
    unsigned Last = SM.getExpansionLineNumber(R.getEnd());
    if (Line && (*Line < First || *Line > Last))
      continue;
    if (Last - First < Span) {
      Shape = S;
      Span = Last - First;
    }
  }
  if (!Shape) {
    if (Shapes.empty())
      return;
    Shape = Shapes.front();
  }
  const Stmt *At = Line ? statementOnLine(Shape->Fn->Body, *Line, SM) : nullptr;
  std::string What = At ? describe(At) : "the code";
  if (!At && (!Line || *Line == Shape->Line))
    What = "the function";
  SourceLocation Loc;
  if (At)
    Loc = SM.getExpansionLoc(At->getBeginLoc());
  else if (Line)
    Loc = lineStart(SM, *Line);
  else
    Loc = SM.getExpansionLoc(Shape->Fn->Lambda ? Shape->Fn->Lambda->getBeginLoc()
                                               : Shape->Fn->Decl->getLocation());
  Diags.report(Loc, Diag::err_lowering_bug)
      << What << Shape->DisplayName << Why;
}

void noteLoweringError(DiagEmitter &Diags, ASTContext &Ctx, unsigned Line,
                       StringRef Why) {
  Diags.report(lineStart(Ctx.getSourceManager(), Line), Diag::note_lowered_code)
      << Why;
}

} // namespace hoist
