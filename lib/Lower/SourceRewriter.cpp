//===- SourceRewriter.cpp - User code as text, with edits ----------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Collects the edits a piece of user code needs (see SourceRewriter.h) by
/// walking its AST, then splices them into the file text.
///
//===----------------------------------------------------------------------===//
#include "Lower/SourceRewriter.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"

#include <algorithm>

using namespace clang;

namespace hoist {

SourceRewriter::SourceRewriter(ASTContext &Ctx, DiagEmitter &Diags)
    : Ctx(Ctx), SM(Ctx.getSourceManager()), Diags(Diags),
      MainFile(SM.getMainFileID()), Buffer(SM.getBufferData(MainFile)) {}

void SourceRewriter::setReplacement(const ValueDecl *D, std::string Text) {
  Replacements[D] = std::move(Text);
}

void SourceRewriter::setCapturedMember(const ValueDecl *D, std::string Name) {
  CapturedMembers[D] = std::move(Name);
}

void SourceRewriter::setThisReplacement(std::string S) { Self = std::move(S); }

void SourceRewriter::setFunctionName(StringRef Name) {
  FunctionNameLiteral = "\"" + Name.str() + "\"";
}

void SourceRewriter::resetFunctionEdits() {
  Replacements.clear();
  CapturedMembers.clear();
  LambdaReplacements.clear();
  Self.clear();
  FunctionNameLiteral.clear();
  Set = EditSet::All;
}

void SourceRewriter::setLambdaReplacement(const LambdaExpr *LE,
                                          std::string Text) {
  LambdaReplacements[LE] = std::move(Text);
}

void SourceRewriter::addFixedEdit(TextEdit Edit) {
  FixedEdits.push_back(std::move(Edit));
}

std::optional<std::pair<unsigned, unsigned>>
SourceRewriter::fileRange(SourceRange R) const {
  if (R.isInvalid())
    return std::nullopt;
  CharSourceRange CR = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(R), SM, Ctx.getLangOpts());
  if (CR.isInvalid())
    return std::nullopt;
  auto [BFile, BOff] = SM.getDecomposedLoc(CR.getBegin());
  auto [EFile, EOff] = SM.getDecomposedLoc(CR.getEnd());
  if (BFile != MainFile || EFile != MainFile || EOff < BOff)
    return std::nullopt;
  return std::make_pair(BOff, EOff);
}

std::optional<std::pair<unsigned, unsigned>>
SourceRewriter::fileRange(const Stmt *S) const {
  return fileRange(S->getSourceRange());
}

std::vector<StringRef> SourceRewriter::fixedTextsIn(unsigned Begin,
                                                    unsigned End) const {
  std::vector<StringRef> Texts;
  for (const TextEdit &E : FixedEdits)
    if (Begin <= E.Begin && E.End <= End)
      Texts.push_back(E.Text);
  return Texts;
}

StringRef SourceRewriter::rawText(unsigned Begin, unsigned End) const {
  return Buffer.slice(Begin, End);
}

unsigned SourceRewriter::lineOf(unsigned Offset) const {
  return SM.getLineNumber(MainFile, Offset);
}

unsigned SourceRewriter::lineOf(SourceLocation Loc) const {
  return SM.getExpansionLineNumber(Loc);
}

//===----------------------------------------------------------------------===//
// Edit collection
//===----------------------------------------------------------------------===//

class SourceRewriter::EditCollector
    : public RecursiveASTVisitor<EditCollector> {
public:
  EditCollector(SourceRewriter &R, ArrayRef<TextEdit> Skip,
                std::vector<TextEdit> &Out)
      : R(R), Skip(Skip), Out(Out) {}

  bool shouldVisitLambdaBody() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }

  bool TraverseStmt(Stmt *S) {
    if (!S)
      return true;
    if (auto Range = R.fileRange(S)) {
      for (const TextEdit &E : Skip)
        if (E.Begin <= Range->first && Range->second <= E.End &&
            E.Begin != E.End)
          return true; // replaced as a whole by the caller
      for (const TextEdit &E : R.FixedEdits)
        if (E.Begin <= Range->first && Range->second <= E.End)
          return true; // inside a nested async lambda, lowered already
    }
    return RecursiveASTVisitor::TraverseStmt(S);
  }

  bool TraverseLambdaExpr(LambdaExpr *LE) {
    if (R.Set == EditSet::All) {
      auto It = R.LambdaReplacements.find(LE);
      if (It != R.LambdaReplacements.end()) {
        if (auto Range = R.fileRange(LE))
          Out.push_back({Range->first, Range->second, It->second});
        return true;
      }
    }
    // The captures are visited with the lambda, its body inside it.
    bool CopiesThis = llvm::any_of(LE->captures(), [](const LambdaCapture &C) {
      return C.capturesThis() && C.getCaptureKind() == LCK_StarThis;
    });
    ++LambdaDepth;
    unsigned SavedScope = Scope;
    Scope = LambdaDepth;
    if (CopiesThis)
      BodyCopyDepth.push_back(LambdaDepth);
    bool Result = RecursiveASTVisitor::TraverseLambdaExpr(LE);
    if (CopiesThis)
      BodyCopyDepth.pop_back();
    Scope = SavedScope;
    --LambdaDepth;
    return Result;
  }

  bool TraverseLambdaCapture(LambdaExpr *LE, const LambdaCapture *C,
                             Expr *Init) {
    if (C->capturesThis())
      return true; // rewritten as a whole by VisitLambdaExpr
    // An init-capture's initializer is read where the lambda is written.
    unsigned SavedScope = Scope;
    Scope = LambdaDepth - 1;
    bool Result = RecursiveASTVisitor::TraverseLambdaCapture(LE, C, Init);
    Scope = SavedScope;
    return Result;
  }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    VisitDeclRefExpr_Protocol(E);
    if (R.Set != EditSet::All)
      return true;
    auto It = R.Replacements.find(E->getDecl());
    if (It != R.Replacements.end())
      replaceToken(E->getLocation(), It->second, E->getDecl());
    return true;
  }

  // `__func__` and its kin name the function they are written in, which in
  // the output is poll() or a factory: write the name clang gave them.
  // (One a macro's body spells is left to the body function, see
  // AsyncFnShape::BodyFunction.)
  bool VisitPredefinedExpr(PredefinedExpr *E) {
    if (E->getLocation().isMacroID() && !SM().isMacroArgExpansion(E->getLocation()))
      return true;
    std::string Name;
    if (const StringLiteral *SL = E->getFunctionName()) {
      llvm::raw_string_ostream OS(Name);
      SL->outputString(OS);
    } else if (LambdaDepth == 0 && !R.FunctionNameLiteral.empty()) {
      // In a template: the function's name, as its instantiations would
      // print it for __func__ (a lambda keeps its own).
      Name = R.FunctionNameLiteral;
    } else {
      return true;
    }
    replaceToken(E->getLocation(), Name, nullptr);
    return true;
  }

  // A name of namespace scope that the future's own members hide (`Output`,
  // `poll`) is written qualified.
  bool VisitDeclRefExpr_Protocol(DeclRefExpr *E) {
    if (E->hasQualifier())
      return true;
    if (auto Name = qualifiedProtocolName(E->getDecl()))
      replaceToken(E->getLocation(), *Name, nullptr);
    return true;
  }
  bool VisitElaboratedTypeLoc(ElaboratedTypeLoc TL) {
    if (TL.getQualifierLoc())
      Qualified.insert(TL.getNamedTypeLoc().getBeginLoc());
    return true;
  }
  bool VisitTagTypeLoc(TagTypeLoc TL) {
    qualifyType(TL.getNameLoc(), TL.getDecl());
    return true;
  }
  bool VisitTypedefTypeLoc(TypedefTypeLoc TL) {
    qualifyType(TL.getNameLoc(), TL.getTypedefNameDecl());
    return true;
  }

  bool VisitCXXThisExpr(CXXThisExpr *E) {
    if (R.Self.empty())
      return true;
    if (E->isImplicit())
      return true; // handled by the member expression that holds it
    replaceToken(E->getLocation(), selfIn(Scope), nullptr);
    return true;
  }

  bool VisitMemberExpr(MemberExpr *E) {
    if (!R.Self.empty() && E->isImplicitAccess())
      insertBefore(E->getBeginLoc(), selfIn(Scope) + "->");
    return true;
  }
  bool VisitUnresolvedMemberExpr(UnresolvedMemberExpr *E) {
    if (!R.Self.empty() && E->isImplicitAccess())
      insertBefore(E->getBeginLoc(), selfIn(Scope) + "->");
    return true;
  }
  bool VisitCXXDependentScopeMemberExpr(CXXDependentScopeMemberExpr *E) {
    if (!R.Self.empty() && E->isImplicitAccess())
      insertBefore(E->getBeginLoc(), selfIn(Scope) + "->");
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *LE) {
    bool NeedSelf = false;
    std::string Appended;
    for (const LambdaCapture &C : LE->captures()) {
      if (C.capturesThis()) {
        if (R.Self.empty())
          continue;
        if (C.getCaptureKind() == LCK_StarThis) {
          // A copy of the object as the lambda's `this`: the lambda holds
          // it as its `self`, which reads like the pointer it replaces.
          replaceStarThis(C.getLocation());
          continue;
        }
        if (C.isExplicit())
          replaceToken(C.getLocation(), R.Self + " = " + selfPointer(), nullptr);
        else
          NeedSelf = true;
        continue;
      }
      if (!C.capturesVariable())
        continue;
      const ValueDecl *V = C.getCapturedVar();
      if (R.Set != EditSet::All)
        continue;
      auto It = R.CapturedMembers.find(V);
      if (It == R.CapturedMembers.end())
        continue;
      const std::string &Member = It->second;
      if (C.isExplicit()) {
        // (Not the lambda's own init-capture: one of an enclosing lambda,
        // captured by name, is renamed as any other.)
        if (!LE->isInitCapture(&C))
          replaceToken(C.getLocation(),
                       V->getName().str() + " = " + Member, V);
      } else if (C.getCaptureKind() == LCK_ByCopy) {
        // [=] would now capture the future's `this`, not a copy: say it.
        Appended += ", " + V->getName().str() + " = " + Member;
      }
    }
    if (NeedSelf)
      Appended += ", " + R.Self + " = " + selfPointer();
    if (!Appended.empty() && LE->getCaptureDefaultLoc().isValid())
      insertAfter(LE->getCaptureDefaultLoc(), Appended);
    return true;
  }

private:
  /// `::ns::Output` for a declaration named `Output` or `poll` in a named
  /// namespace (or the global one); none for others.
  static std::optional<std::string> qualifiedProtocolName(const NamedDecl *D) {
    if (!D || !D->getIdentifier() ||
        (D->getName() != "Output" && D->getName() != "poll"))
      return std::nullopt;
    std::string Name = "::" + D->getName().str();
    for (const DeclContext *DC = D->getDeclContext(); !DC->isTranslationUnit();
         DC = DC->getParent()) {
      const auto *NS = dyn_cast<NamespaceDecl>(DC);
      if (!NS || NS->isAnonymousNamespace())
        return std::nullopt;
      Name = "::" + NS->getName().str() + Name;
    }
    return Name;
  }
  void qualifyType(SourceLocation NameLoc, const NamedDecl *D) {
    if (NameLoc.isInvalid() || Qualified.contains(NameLoc))
      return;
    if (auto Name = qualifiedProtocolName(D))
      replaceToken(NameLoc, *Name, nullptr);
  }

  /// What `this` is written as in code at lambda depth \p Depth.
  std::string selfIn(unsigned Depth) const {
    return Depth == 0 && !R.OuterSelf.empty() ? R.OuterSelf : R.Self;
  }
  /// What the lambda visited captures for `this`: the future's `self`, or,
  /// inside a `[*this]` lambda, the address of its copy. (A capture's
  /// initializer is read where the lambda is written: in the lambda around
  /// it.)
  std::string selfPointer() const {
    if (BodyCopyDepth.empty() || BodyCopyDepth.front() >= LambdaDepth)
      return selfIn(LambdaDepth - 1);
    return "hoist::detail::self_pointer(" + R.Self + ")";
  }
  /// `*this` in a capture list (\p Star: the capture's location) becomes
  /// the copy's init-capture.
  void replaceStarThis(SourceLocation Star) {
    auto Range = R.fileRange(SourceRange(Star, Star));
    if (!Range || R.Buffer[Range->first] != '*')
      return;
    // The `this` after it, across any blanks.
    unsigned This = Range->second;
    while (This < R.Buffer.size() && isWhitespace(R.Buffer[This]))
      ++This;
    if (!R.Buffer.substr(This).starts_with("this"))
      return;
    Out.push_back({Range->first, This + 4,
                   R.Self + " = hoist::detail::copy_of(*" + selfPointer() + ")"});
  }

  void replaceToken(SourceLocation Loc, const std::string &Text,
                    const ValueDecl *D) {
    auto Range = R.fileRange(SourceRange(Loc, Loc));
    if (!Range || !SM().isWrittenInMainFile(SM().getSpellingLoc(Loc)) ||
        (Loc.isMacroID() && !SM().isMacroArgExpansion(Loc))) {
      if (D)
        R.Diags.report(Loc, Diag::err_rename_in_macro) << D;
      return;
    }
    Out.push_back({Range->first, Range->second, Text});
  }
  void insertBefore(SourceLocation Loc, const std::string &Text) {
    auto Range = R.fileRange(SourceRange(Loc, Loc));
    if (!Range)
      return;
    Out.push_back({Range->first, Range->first, Text});
  }
  void insertAfter(SourceLocation Loc, const std::string &Text) {
    auto Range = R.fileRange(SourceRange(Loc, Loc));
    if (!Range)
      return;
    Out.push_back({Range->second, Range->second, Text});
  }
  const SourceManager &SM() const { return R.SM; }

  SourceRewriter &R;
  ArrayRef<TextEdit> Skip;
  std::vector<TextEdit> &Out;
  unsigned LambdaDepth = 0;
  /// The depth of the lambda whose code is visited (0: the function's).
  unsigned Scope = 0;
  /// The depths of the enclosing lambdas that capture `*this`.
  llvm::SmallVector<unsigned, 2> BodyCopyDepth;
  /// Where a type name written with a qualifier begins.
  llvm::DenseSet<SourceLocation> Qualified;
};

void SourceRewriter::collectEdits(const Stmt *S, ArrayRef<TextEdit> Extra,
                                  std::vector<TextEdit> &Out) {
  EditCollector C(*this, Extra, Out);
  C.TraverseStmt(const_cast<Stmt *>(S));
}

std::string SourceRewriter::text(const Stmt *S, ArrayRef<TextEdit> Extra) {
  auto Range = fileRange(S);
  if (!Range)
    return "/* <unmappable source range> */";
  return text(Range->first, Range->second, {S}, Extra);
}

std::string SourceRewriter::plainText(const Stmt *S, ArrayRef<TextEdit> Edits) {
  auto Range = fileRange(S);
  if (!Range)
    return "/* <unmappable source range> */";
  return plainText(Range->first, Range->second, Edits);
}

std::string SourceRewriter::plainText(unsigned Begin, unsigned End,
                                      ArrayRef<TextEdit> Edits) {
  std::vector<TextEdit> Sorted(Edits.begin(), Edits.end());
  std::stable_sort(Sorted.begin(), Sorted.end(),
                   [](const TextEdit &A, const TextEdit &B) {
                     if (A.Begin != B.Begin)
                       return A.Begin < B.Begin;
                     return A.End > B.End;
                   });
  std::string Result;
  unsigned Pos = Begin;
  for (const TextEdit &E : Sorted) {
    if (E.Begin < Pos || E.End > End)
      continue;
    Result += Buffer.slice(Pos, E.Begin);
    Result += E.Text;
    Pos = E.End;
  }
  Result += Buffer.slice(Pos, End);
  return Result;
}

/// Whether the statement `S` is written ending in a `;` of its own (which
/// its source range leaves out): an expression statement, `return`,
/// `break`, `do ... while (c)`, ... or a statement whose last
/// sub-statement is one (`if (c) throw E{1};`, whose text ends in `}`).
static bool endsInOwnSemicolon(const Stmt *S) {
  while (S) {
    if (isa<Expr>(S) || isa<ReturnStmt>(S) || isa<BreakStmt>(S) ||
        isa<ContinueStmt>(S) || isa<GotoStmt>(S) || isa<DoStmt>(S) ||
        isa<CoreturnStmt>(S))
      return true;
    if (isa<CompoundStmt>(S) || isa<CXXTryStmt>(S) || isa<NullStmt>(S) ||
        isa<DeclStmt>(S))
      return false;
    if (const auto *If = dyn_cast<IfStmt>(S))
      S = If->getElse() ? If->getElse() : If->getThen();
    else if (const auto *For = dyn_cast<ForStmt>(S))
      S = For->getBody();
    else if (const auto *While = dyn_cast<WhileStmt>(S))
      S = While->getBody();
    else if (const auto *Range = dyn_cast<CXXForRangeStmt>(S))
      S = Range->getBody();
    else if (const auto *Switch = dyn_cast<SwitchStmt>(S))
      S = Switch->getBody();
    else if (const auto *Label = dyn_cast<LabelStmt>(S))
      S = Label->getSubStmt();
    else if (const auto *Case = dyn_cast<SwitchCase>(S))
      S = Case->getSubStmt();
    else if (const auto *Attributed = dyn_cast<AttributedStmt>(S))
      S = Attributed->getSubStmt();
    else
      return false;
  }
  return false;
}

std::string SourceRewriter::textWithSemicolon(const Stmt *S) {
  auto Range = fileRange(S);
  if (!Range)
    return "/* <unmappable source range> */";
  unsigned End = Range->second;
  // The statement's own `;` follows its last token (after blanks).
  size_t P = End;
  while (P < Buffer.size() && isWhitespace(Buffer[P]))
    ++P;
  // Expression statements always own a `;`; other statements do when they
  // end in one (`for (...) x += i;`, `do ... while (c);`, `if (c) throw
  // E{1};`), unless their range already holds it.
  char Last = End > Range->first ? Buffer[End - 1] : ';';
  bool Owns = isa<Expr>(S) || (endsInOwnSemicolon(S) && Last != ';');
  if (Owns && P < Buffer.size() && Buffer[P] == ';')
    End = P + 1;
  return text(Range->first, End, {S});
}

unsigned SourceRewriter::columnOf(const Stmt *S) const {
  auto Range = fileRange(S);
  if (!Range)
    return 1;
  return SM.getColumnNumber(MainFile, Range->first);
}

std::string SourceRewriter::text(unsigned Begin, unsigned End,
                                 ArrayRef<const Stmt *> Scan,
                                 ArrayRef<TextEdit> Extra) {
  std::vector<TextEdit> Edits(Extra.begin(), Extra.end());
  for (const Stmt *S : Scan)
    collectEdits(S, Extra, Edits);
  for (const TextEdit &E : FixedEdits)
    if (Begin <= E.Begin && E.End <= End && E.Begin != E.End)
      Edits.push_back(E);

  // Outermost edits win: an edit inside a replaced range is dropped.
  std::stable_sort(Edits.begin(), Edits.end(),
                   [](const TextEdit &A, const TextEdit &B) {
                     if (A.Begin != B.Begin)
                       return A.Begin < B.Begin;
                     return A.End > B.End;
                   });
  std::string Result;
  unsigned Pos = Begin;
  for (const TextEdit &E : Edits) {
    if (E.Begin < Begin || E.End > End)
      continue;
    if (E.Begin < Pos)
      continue; // nested in (or overlapping) an edit already made
    Result += Buffer.slice(Pos, E.Begin);
    Result += E.Text;
    Pos = E.End;
  }
  Result += Buffer.slice(Pos, End);
  return Result;
}

} // namespace hoist
