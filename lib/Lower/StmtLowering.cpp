//===- StmtLowering.cpp - Statements of an async body into poll() --------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Rebuilds each statement of the body inside poll(). A statement with no
/// suspend point, no co_return, no stored local and no jump out of stored
/// scopes is copied as written; the others keep their shape but are
/// printed piece by piece (see PollBodyBuilder.h for the rules).
///
/// Loops whose condition or increment awaits become `for (;;)` with the
/// condition tested first; a `continue` in them goes to a label before the
/// increment. A range-based for whose body suspends is spelled out with its
/// range and iterators stored. A try block that contains a suspend point is
/// entered through a label, and a second dispatch inside it continues to
/// the resume point, because C++ forbids a jump into a try block.
///
//===----------------------------------------------------------------------===//
#include "Lower/PollBodyBuilder.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

#include <functional>

using namespace clang;

namespace hoist {

/// A temporary in `V`'s initializer that `V` extends but the lowering does
/// not store: one bound to a reference member of an aggregate, inside the
/// initializer (the temporary bound to `V` itself, or to a member of the
/// one bound to it, is stored: extendedTemporary).
static const Expr *extendedMemberTemporary(const VarDecl *V) {
  const MaterializeTemporaryExpr *Stored = extendedTemporary(V, nullptr);
  std::function<const Expr *(const Stmt *)> Find = [&](const Stmt *S) -> const Expr * {
    if (!S || isa<LambdaExpr>(S))
      return nullptr;
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(S))
      if (M != Stored && M->getExtendingDecl() == V)
        return M;
    for (const Stmt *C : S->children())
      if (const Expr *Found = Find(C))
        return Found;
    return nullptr;
  };
  return Find(V->getInit());
}


namespace {

bool isLoop(const Stmt *S) {
  return isa<ForStmt>(S) || isa<WhileStmt>(S) || isa<DoStmt>(S) ||
         isa<CXXForRangeStmt>(S);
}

/// Collects the break, continue and goto statements under a statement,
/// outside nested functions.
class JumpCollector : public RecursiveASTVisitor<JumpCollector> {
public:
  bool shouldVisitImplicitCode() const { return false; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseDecl(Decl *D) {
    if (D && (isa<FunctionDecl>(D) || isa<CXXRecordDecl>(D)))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  bool VisitBreakStmt(BreakStmt *S) {
    Jumps.push_back(S);
    return true;
  }
  bool VisitContinueStmt(ContinueStmt *S) {
    Jumps.push_back(S);
    return true;
  }
  bool VisitGotoStmt(GotoStmt *S) {
    Jumps.push_back(S);
    return true;
  }
  std::vector<const Stmt *> Jumps;
};

/// Collects the labels of a body.
class LabelCollector : public RecursiveASTVisitor<LabelCollector> {
public:
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitLabelStmt(LabelStmt *S) {
    Labels[S->getDecl()] = S;
    return true;
  }
  llvm::DenseMap<const LabelDecl *, const LabelStmt *> Labels;
};

/// How many variables (and structured bindings, lambdas' parameters) of
/// each name the function's code declares.
class DeclaredNameCounter : public RecursiveASTVisitor<DeclaredNameCounter> {
public:
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitVarDecl(VarDecl *V) {
    if (V->getIdentifier())
      ++Counts[V->getName()];
    return true;
  }
  bool VisitBindingDecl(BindingDecl *B) {
    if (B->getIdentifier())
      ++Counts[B->getName()];
    return true;
  }
  llvm::StringMap<unsigned> Counts;
};

/// True if a stored local (or one declared at the top of poll()) is
/// declared anywhere under `S`.
class StoredDeclFinder : public RecursiveASTVisitor<StoredDeclFinder> {
public:
  explicit StoredDeclFinder(const LocalStorage &Storage) : Storage(Storage) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitVarDecl(VarDecl *V) {
    if (Storage.isStored(V) || Storage.isDeadAcross(V))
      Found = true;
    return !Found;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
    if (Storage.StoredRanges.count(S))
      Found = true;
    return !Found;
  }
  const LocalStorage &Storage;
  bool Found = false;
};

} // namespace

//===----------------------------------------------------------------------===//
// Entry
//===----------------------------------------------------------------------===//

bool PollBodyBuilder::build() {
  const CompoundStmt *Body = Shape.Fn->Body;
  Parents = std::make_unique<WrittenParents>(Body);
  findDependentCallTemporaries(Body);
  LabelCollector LC;
  LC.TraverseStmt(const_cast<CompoundStmt *>(Body));
  Labels = std::move(LC.Labels);
  DeclaredNameCounter Declared;
  Declared.TraverseStmt(const_cast<CompoundStmt *>(Body));
  DeclaredNames = std::move(Declared.Counts);

  // (A function-try-block has no braces: its try statement is the body.)
  auto LBrace = Rewriter.fileRange(SourceRange(Body->getLBracLoc()));
  std::optional<unsigned> Prev;
  if (LBrace)
    Prev = LBrace->second;
  for (const Stmt *S : Body->body()) {
    if (auto R = Rewriter.fileRange(S)) {
      if (Prev)
        emitLeadingComments(*Prev, R->first);
      Prev = R->second;
    }
    lowerStmt(S);
  }
  if (auto RBrace = Rewriter.fileRange(SourceRange(Body->getRBracLoc())))
    emitLeadingComments(Prev.value_or(RBrace->first), RBrace->first);

  // Reaching the closing brace: `co_return;` for void, a contract violation
  // otherwise.
  const Stmt *Last = Body->body_empty() ? nullptr : Body->body_back();
  Shape.FallsOffEnd = !(Last && (isa<CoreturnStmt>(Last) ||
                                 isa<CXXThrowExpr>(Last)));
  if (Shape.FallsOffEnd) {
    unsigned Line = lineOf(Shape.Fn->bodyEnd());
    if (Shape.Fn->Output->isVoidType())
      emitReturn("", Line);
    else
      out().add(Line, "hoist::detail::fell_off_end(\"" + Shape.DisplayName +
                          "\", \"" + Shape.Location + "\");");
  }
  return !Failed;
}

//===----------------------------------------------------------------------===//
// Copying statements as written
//===----------------------------------------------------------------------===//

void PollBodyBuilder::emitVerbatim(const Stmt *S) {
  std::string Text = Rewriter.textWithSemicolon(S);
  out().addUserText(lineOf(S), Text, Rewriter.columnOf(S));
}

void PollBodyBuilder::emitLeadingComments(unsigned From, unsigned To) {
  if (To <= From)
    return;
  StringRef Gap = Rewriter.rawText(From, To);
  size_t I = 0;
  while (I < Gap.size()) {
    if (Gap.substr(I).starts_with("//")) {
      size_t End = Gap.find('\n', I);
      if (End == StringRef::npos)
        End = Gap.size();
      out().addLoose(Rewriter.lineOf(From + I), Gap.slice(I, End).rtrim());
      I = End;
    } else if (Gap.substr(I).starts_with("/*")) {
      size_t End = Gap.find("*/", I + 2);
      End = End == StringRef::npos ? Gap.size() : End + 2;
      StringRef Comment = Gap.slice(I, End);
      unsigned Line = Rewriter.lineOf(From + I);
      SmallVector<StringRef, 4> Parts;
      Comment.split(Parts, '\n');
      for (StringRef P : Parts)
        out().addLoose(Line++, P.trim());
      I = End;
    } else {
      ++I;
    }
  }
}

bool PollBodyBuilder::hasExitingJump(const Stmt *S) {
  JumpCollector JC;
  JC.TraverseStmt(const_cast<Stmt *>(S));
  for (const Stmt *J : JC.Jumps) {
    if (const auto *G = dyn_cast<GotoStmt>(J)) {
      // A goto leaving S: does it leave a scope with stored values?
      const LabelStmt *L = Labels.lookup(G->getLabel());
      if (!L)
        continue;
      bool Inside = false;
      for (const Stmt *P = L; P; P = Parents->getParent(P))
        if (P == S)
          Inside = true;
      if (Inside)
        continue;
      return true;
    }
    // The loop or switch this break/continue leaves: inside S, or not?
    bool IsContinue = isa<ContinueStmt>(J);
    bool Internal = false;
    for (const Stmt *P = J == S ? nullptr : Parents->getParent(J); P && P != S;
         P = Parents->getParent(P)) {
      if (isLoop(P) || (!IsContinue && isa<SwitchStmt>(P))) {
        Internal = true;
        break;
      }
    }
    if (Internal)
      continue;
    size_t Target = findJumpTarget(IsContinue);
    if (Target >= Scopes.size())
      continue;
    if (IsContinue && !Scopes[Target].ContinueLabel.empty())
      return true;
    for (size_t I = Target; I < Scopes.size(); ++I)
      for (unsigned Id : Scopes[I].Slots)
        if (!Shape.Slots[Id].Trivial && !Shape.Slots[Id].Reference)
          return true;
  }
  return false;
}

bool PollBodyBuilder::needsStructure(const Stmt *S) {
  if (hasAwait(S) || Points.containsReturn(S))
    return true;
  StoredDeclFinder F(Storage);
  F.TraverseStmt(const_cast<Stmt *>(S));
  if (F.Found)
    return true;
  return hasExitingJump(S);
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

void PollBodyBuilder::lowerStmt(const Stmt *S) {
  if (!S)
    return;
  if (const auto *DS = dyn_cast<DeclStmt>(S); DS && declaresTypesOnly(DS))
    return lowerDeclStmt(DS); // moved before the future
  if (!needsStructure(S)) {
    emitVerbatim(S);
    return;
  }
  unsigned Line = lineOf(S);
  switch (S->getStmtClass()) {
  case Stmt::CompoundStmtClass:
    out().addLoose(Line, "{");
    out().indent();
    lowerBlockBody(S, ScopeKind::Block);
    out().dedent();
    out().addLoose(lineOf(cast<CompoundStmt>(S)->getRBracLoc()), "}");
    return;
  case Stmt::DeclStmtClass:
    return lowerDeclStmt(cast<DeclStmt>(S));
  case Stmt::IfStmtClass:
    return lowerIf(cast<IfStmt>(S));
  case Stmt::WhileStmtClass:
    return lowerWhile(cast<WhileStmt>(S));
  case Stmt::DoStmtClass:
    return lowerDo(cast<DoStmt>(S));
  case Stmt::ForStmtClass:
    return lowerFor(cast<ForStmt>(S));
  case Stmt::CXXForRangeStmtClass:
    return lowerRangeFor(cast<CXXForRangeStmt>(S));
  case Stmt::SwitchStmtClass:
    return lowerSwitch(cast<SwitchStmt>(S));
  case Stmt::CXXTryStmtClass:
    return lowerTry(cast<CXXTryStmt>(S));
  case Stmt::CoreturnStmtClass:
    return lowerCoreturn(cast<CoreturnStmt>(S));
  case Stmt::BreakStmtClass:
    return lowerBreak(cast<BreakStmt>(S));
  case Stmt::ContinueStmtClass:
    return lowerContinue(cast<ContinueStmt>(S));
  case Stmt::GotoStmtClass:
    return lowerGoto(cast<GotoStmt>(S));
  case Stmt::LabelStmtClass: {
    const auto *L = cast<LabelStmt>(S);
    out().addLoose(Line, std::string(L->getName()) + ":", -1);
    return lowerStmt(L->getSubStmt());
  }
  case Stmt::CaseStmtClass: {
    const auto *C = cast<CaseStmt>(S);
    std::string Label = "case " + Rewriter.text(C->getLHS());
    if (C->getRHS())
      Label += " ... " + Rewriter.text(C->getRHS());
    out().addLoose(Line, Label + ":", -1);
    return lowerStmt(C->getSubStmt());
  }
  case Stmt::DefaultStmtClass:
    out().addLoose(Line, "default:", -1);
    return lowerStmt(cast<DefaultStmt>(S)->getSubStmt());
  case Stmt::AttributedStmtClass:
    return lowerStmt(cast<AttributedStmt>(S)->getSubStmt());
  default:
    break;
  }
  if (const auto *E = dyn_cast<Expr>(S))
    return lowerExprStmt(E);
  error(S->getBeginLoc(), Diag::err_await_in_unsupported_stmt,
        S->getStmtClassName());
}

void PollBodyBuilder::lowerBlockBody(const Stmt *S, ScopeKind K) {
  openScope(K, S);
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    auto LBrace = Rewriter.fileRange(SourceRange(CS->getLBracLoc()));
    unsigned Prev = LBrace ? LBrace->second : 0;
    for (const Stmt *C : CS->body()) {
      if (auto R = Rewriter.fileRange(C)) {
        if (Prev)
          emitLeadingComments(Prev, R->first);
        Prev = R->second;
      }
      lowerStmt(C);
    }
    if (auto RBrace = Rewriter.fileRange(SourceRange(CS->getRBracLoc())))
      if (Prev)
        emitLeadingComments(Prev, RBrace->first);
    closeScope(lineOf(CS->getRBracLoc()));
  } else {
    lowerStmt(S);
    closeScope(lineOf(S->getEndLoc()));
  }
}

void PollBodyBuilder::lowerBracedBody(const Stmt *S) {
  out().addLoose(lineOf(S), "{");
  out().indent();
  lowerBlockBody(S, ScopeKind::Block);
  out().dedent();
  out().addLoose(lineOf(S->getEndLoc()), "}");
}

void PollBodyBuilder::lowerExprStmt(const Expr *E) {
  unsigned Line = lineOf(E);
  openScope(ScopeKind::FullExpr, E);
  std::string R = lowerExpr(E);
  if (R != "void()" && !StringRef(R).trim().empty())
    out().addUserText(Line, R + ";", Rewriter.columnOf(E));
  closeScope(Line);
}

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

bool PollBodyBuilder::bindsAwaitResult(const VarDecl *V) const {
  if (!V->getType()->isReferenceType() || !V->getInit())
    return false;
  const Expr *E = V->getInit();
  for (;;) {
    if (const auto *FE = dyn_cast<FullExpr>(E))
      E = FE->getSubExpr();
    else if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E))
      E = ICE->getSubExpr();
    else if (const auto *P = dyn_cast<ParenExpr>(E))
      E = P->getSubExpr();
    else
      break;
  }
  return awaitOperand(E) != nullptr;
}

bool PollBodyBuilder::isBuiltinPRValue(const Expr *E) {
  E = E->IgnoreParens();
  if (const auto *FE = dyn_cast<FullExpr>(E))
    E = FE->getSubExpr()->IgnoreParens();
  // (A dependent operand whose type has no operator at the template's
  // definition: the built-in one, whose result is a prvalue.)
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    return !BO->isAssignmentOp() && !BO->isCommaOp() && !BO->isPtrMemOp();
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    switch (UO->getOpcode()) {
    case UO_Plus:
    case UO_Minus:
    case UO_Not:
    case UO_LNot:
    case UO_PostInc:
    case UO_PostDec:
    case UO_AddrOf:
      return true;
    default:
      return false;
    }
  // T(x), T{x}: a temporary.
  if (const auto *UC = dyn_cast<CXXUnresolvedConstructExpr>(E))
    return !UC->getTypeAsWritten()->isReferenceType();
  return isa<CXXTemporaryObjectExpr>(E);
}

bool PollBodyBuilder::declaresTypesOnly(const DeclStmt *DS) {
  return llvm::all_of(DS->decls(), [](const Decl *D) {
    return isa<TagDecl>(D) || isa<TypedefNameDecl>(D);
  });
}

void PollBodyBuilder::lowerDeclStmt(const DeclStmt *DS) {
  unsigned Line = lineOf(DS);
  // A class, enum, typedef or alias: moved before the future, which may
  // store values of that type (as C++ allows, it is visible from its
  // declaration on; the body sees the same entity).
  if (declaresTypesOnly(DS)) {
    for (const Decl *D : DS->decls()) {
      const auto *ND = cast<NamedDecl>(D);
      if (!ND->getDeclName())
        continue;
      if (!HoistedTypeNames.insert(ND->getName()).second) {
        Diags.report(D->getLocation(), Diag::err_unsupported_decl_in_body)
            << "a second local type named '" + ND->getName().str() + "'"
            << Shape.DisplayName;
        Failed = true;
        return;
      }
    }
    Shape.LocalTypes.push_back(
        {Rewriter.plainText(DS, {}), Line, Rewriter.columnOf(DS)});
    return;
  }
  // `constexpr size_t N = 3;`: moved before the future too, as a static
  // constant (the future's code may use it as a constant, `std::array<int,
  // N>`, or odr-use it), never stored.
  if (llvm::all_of(DS->decls(), [](const Decl *D) {
        const auto *V = dyn_cast<VarDecl>(D);
        return V && V->isConstexpr() && !isa<DecompositionDecl>(V);
      })) {
    for (const Decl *D : DS->decls()) {
      const auto *V = cast<VarDecl>(D);
      if (!HoistedTypeNames.insert(V->getName()).second) {
        Diags.report(D->getLocation(), Diag::err_unsupported_decl_in_body)
            << "a second local constant named '" + V->getName().str() + "'"
            << Shape.DisplayName;
        Failed = true;
        return;
      }
    }
    std::string Text = Rewriter.plainText(DS, {});
    if (!cast<VarDecl>(*DS->decl_begin())->isStaticLocal())
      Text = "static " + Text;
    Shape.LocalTypes.push_back({Text, Line, Rewriter.columnOf(DS)});
    return;
  }
  bool AnyStored = false;
  unsigned NumVars = 0;
  for (const Decl *D : DS->decls()) {
    if (const auto *V = dyn_cast<VarDecl>(D)) {
      ++NumVars;
      AnyStored |= Storage.isStored(V) || Storage.isDeadAcross(V);
    } else if (hasAwait(DS)) {
      Diags.report(D->getLocation(), Diag::err_unsupported_decl_in_body)
          << D->getDeclKindName() << Shape.DisplayName;
      Failed = true;
      return;
    }
  }
  if (!AnyStored && NumVars <= 1) {
    // An ordinary local of poll(): written as is, with any co_await in its
    // initializer lowered in place.
    openScope(ScopeKind::FullExpr, DS);
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D); V && bindsAwaitResult(V))
        Scopes.back().KeepsAwaitResults = true;
    std::vector<TextEdit> Edits;
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D); V && V->getInit())
        Edits = lowerEdits(V->getInit());
    out().addUserText(Line, Rewriter.text(DS, Edits), Rewriter.columnOf(DS));
    closeScope(Line);
    return;
  }
  for (const Decl *D : DS->decls())
    if (const auto *V = dyn_cast<VarDecl>(D))
      lowerVarDecl(V, DS);
}

bool PollBodyBuilder::initNeedsBlock(const Stmt *Init) {
  if (!Init)
    return false;
  if (const auto *E = dyn_cast<Expr>(Init))
    return hasAwait(E);
  const auto *DS = dyn_cast<DeclStmt>(Init);
  if (!DS)
    return true;
  return !llvm::all_of(DS->decls(), [&](const Decl *D) {
    const auto *V = dyn_cast<VarDecl>(D);
    return V && V->hasLocalStorage() && (Storage.isStored(V) || Storage.isDeadAcross(V));
  });
}

void PollBodyBuilder::lowerVarDecl(const VarDecl *V, const DeclStmt *DS) {
  unsigned Line = lineOf(V->getLocation());
  const auto *DD = dyn_cast<DecompositionDecl>(V);
  if (!V->hasLocalStorage()) {
    // static/extern/thread_local: not part of the frame; keep as written.
    if (DS)
      emitVerbatim(DS);
    return;
  }
  const Expr *Init = V->getInit();

  if (Storage.isDeadAcross(V)) {
    // Its scope holds a suspend point, but it is never read after one: a
    // local of poll(), declared at its top (a resume does not jump over
    // its initialization), assigned here.
    std::string Name = V->getName().str();
    bool Taken = llvm::is_contained(PollLocalNames, Name) || isProtocolMemberName(Name);
    for (const Slot &Other : Shape.Slots)
      Taken |= Other.Name == Name;
    if (Taken)
      Name = Names.numbered(Name);
    PollLocalNames.push_back(Name);
    if (Name != V->getName())
      Rewriter.setReplacement(V, Name);
    // `T v;` of a trivial class: its construction has no text.
    if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(Init))
      if (CE->getNumArgs() == 0 && CE->getParenOrBraceRange().isInvalid())
        Init = nullptr;
    if (Init) {
      openScope(ScopeKind::FullExpr, Init);
      std::string R = lowerExpr(Init);
      out().addUserText(Line, Name + " = " + R + ";", 1);
      closeScope(Line);
    }
    // Its type, once the initializer's awaits are lowered (an `auto` is
    // deduced from what they yield in the lowered program).
    auto TypeText = localType(V);
    if (!TypeText) {
      Diags.report(V->getLocation(), Diag::err_stored_local_type)
          << V->getName() << V->getType();
      Failed = true;
      return;
    }
    Shape.PollLocals.push_back(*TypeText + " " + Name + "{}; // line " +
                               std::to_string(Line) + ", not read after a suspend point");
    return;
  }

  if (!Storage.isStored(V)) {
    // One declarator of a multi-declarator statement, written on its own.
    openScope(ScopeKind::FullExpr, V->getInit());
    Scopes.back().KeepsAwaitResults = bindsAwaitResult(V);
    std::string Value = Init ? " = " + lowerExpr(Init) : "";
    out().add(Line, pollLocalType(V) + " " + V->getName().str() + Value + ";");
    closeScope(Line);
    return;
  }

  // A stored local: constructed in the future's storage.
  // A temporary bound to a reference member of an aggregate it initializes
  // (`View w{make(), 1}` with `const std::string &s`) lives as long as `w`
  // in C++, but in the future's storage it would end with the statement.
  // Nor can a std::initializer_list's array.
  if (const auto *RD = V->getType()->getAsCXXRecordDecl();
      RD && RD->getIdentifier() && RD->getName() == "initializer_list" &&
      RD->isInStdNamespace()) {
    Diags.report(V->getLocation(), Diag::err_initializer_list_across_await);
    Failed = true;
    return;
  }
  if (const Expr *Bound = extendedMemberTemporary(V)) {
    Diags.report(Bound->getBeginLoc(), Diag::err_extended_member_temporary)
        << V->getName();
    Failed = true;
    return;
  }
  Slot S;
  S.Kind = SlotKind::Local;
  S.Decl = V;
  S.Line = Line;
  S.What = DS ? oneLine(DS) : V->getName().str();
  // (`Output` and `poll` are the future's own.)
  S.Name = isProtocolMemberName(V->getName()) ? Names.numbered(V->getName())
                                              : uniqueSlotName(V->getName());
  if (DD)
    S.Name = Names.numbered(bindingsName(DD));
  std::string AliasBase = "Type_" + (DD ? S.Name : V->getName().str());

  QualType T = V->getType();
  // A reference bound to a temporary extends the temporary's lifetime: the
  // future then stores the temporary itself.
  bool Direct = false;
  const MaterializeTemporaryExpr *MTE = extendedTemporary(V, &Direct);
  bool Extended = MTE && Direct;
  // In a template clang marks no temporary there: a reference bound to the
  // result of a co_await (a prvalue) extends it all the same, so the
  // future stores the value.
  bool AwaitTemporary = !MTE && T->isReferenceType() && Init &&
                        Init->isTypeDependent() &&
                        (bindsAwaitResult(V) || isBuiltinPRValue(Init));
  // Bound to a subobject of the temporary (a member, a base): the future
  // stores the temporary, in the reference's scope, and the reference
  // points into it.
  std::optional<std::string> BoundText;
  if (MTE && !Direct) {
    auto Temporary = storeExtendedTemporary(V, MTE);
    if (!Temporary)
      return;
    auto R = Rewriter.fileRange(MTE);
    if (!R) {
      error(MTE->getBeginLoc(), Diag::err_await_in_macro, "");
      return;
    }
    BoundText = Rewriter.text(Init, {TextEdit{R->first, R->second, *Temporary}});
  }

  openScope(ScopeKind::FullExpr, Init);
  prepareClosures(Init);
  std::string Construct;
  auto TypeError = [&] {
    closeScope(Line);
    Diags.report(V->getLocation(), Diag::err_stored_local_type)
        << (DD ? "[" + S.Name + "]" : V->getName().str()) << V->getType();
    Failed = true;
  };
  // Each branch lowers the initializer first, then names the type: an
  // `auto` is deduced from what the lowered initializer yields.
  // In a template, whether the initializer is a prvalue (a temporary the
  // reference extends) may depend on the template arguments.
  // (A variable's name is an lvalue whatever its type.)
  bool DependentRef = T->isReferenceType() && !MTE && !AwaitTemporary && !DD &&
                      Init && Init->isTypeDependent() &&
                      !isa<DeclRefExpr>(Init->IgnoreParenImpCasts());
  std::optional<std::string> DependentInit =
      DependentRef ? declvalText(Init) : std::nullopt;
  if (DependentRef && DependentInit) {
    std::string R = lowerExpr(Init);
    auto Ref = localType(V);
    if (!Ref)
      return TypeError();
    S.Type = addAlias(AliasBase,
                      "hoist::detail::BoundRef<decltype((" + *DependentInit + ")), " +
                          *Ref + ">",
                      Line);
    S.Trivial = false;
    S.PointerToReferent = true; // read as `(*name)`
    Construct = "::new (&" + S.Name + ") " + S.Type +
                "([&]() -> decltype(auto) { return (" + R + "); });";
  } else if (T->isReferenceType() && !Extended && !AwaitTemporary) {
    // A reference bound to an object that lives elsewhere: keep a pointer.
    std::string R = BoundText ? *BoundText : Init ? lowerExpr(Init) : "";
    QualType Pointee = T->getPointeeType();
    std::optional<std::string> PT;
    if (!Pointee->getContainedDeducedType() && Types.isNameable(Pointee))
      PT = Types.spell(Pointee);
    else if (auto L = localType(V))
      PT = "std::remove_reference_t<" + *L + ">";
    if (!PT)
      return TypeError();
    S.Type = memberTypeFor(pointerTo(*PT), AliasBase, Line);
    S.Trivial = true;
    S.Scalar = true;
    S.PointerToReferent = true;
    // Bound through a conversion (`const int &r = co_await f();` where f
    // yields a std::reference_wrapper): the address of what it converts
    // to, not of the object converted.
    if (Init && !BoundText) {
      const Expr *Core = Init->IgnoreParens();
      if (const auto *FE = dyn_cast<FullExpr>(Core))
        Core = FE->getSubExpr()->IgnoreParens();
      const auto *ICE = dyn_cast<ImplicitCastExpr>(Core);
      if (ICE && ICE->getCastKind() == CK_UserDefinedConversion)
        R = "static_cast<" + *PT + " &>(" + R + ")";
    }
    Construct = S.Name + " = hoist::address_of(" + R + ");";
  } else {
    // A value (or a temporary whose lifetime the reference extends).
    QualType ValueType = T.getNonReferenceType();
    // `T v;` of a class type: Sema's initializer is a default construction
    // with no text of its own.
    if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(
            Init ? Init->IgnoreImplicit() : nullptr))
      if (CE->getNumArgs() == 0 && CE->getParenOrBraceRange().isInvalid())
        Init = nullptr;

    // The initializer, lowered: `(args)`, `{args}`, a braced list, or an
    // expression.
    enum class InitForm { None, Parens, Braces, List, Expr } Form = InitForm::None;
    std::string InitText;
    if (Extended) {
      Form = InitForm::Expr;
      InitText = lowerExpr(MTE->getSubExpr());
    } else if (AwaitTemporary) {
      Form = InitForm::Expr;
      InitText = lowerExpr(Init);
    } else if (Init) {
      const Expr *Core = Init;
      if (const auto *FE = dyn_cast<FullExpr>(Core))
        Core = FE->getSubExpr();
      const auto *CE = dyn_cast<CXXConstructExpr>(Core);
      const auto *ILE = dyn_cast<InitListExpr>(Core);
      const auto *PLE = dyn_cast<ParenListExpr>(Core);
      bool Braced = V->getInitStyle() == VarDecl::ListInit ||
                    (ILE && V->getInitStyle() == VarDecl::CInit);
      std::optional<std::pair<unsigned, unsigned>> PR;
      bool DirectInit = V->getInitStyle() == VarDecl::CallInit ||
                        V->getInitStyle() == VarDecl::ListInit;
      if (DirectInit) {
        // T v(args) / T v{args}: keep the argument list as written.
        SourceRange Parens;
        if (CE && CE->getParenOrBraceRange().isValid())
          Parens = CE->getParenOrBraceRange();
        else if (PLE)
          Parens = SourceRange(PLE->getLParenLoc(), PLE->getRParenLoc());
        else if (ILE)
          Parens = SourceRange(ILE->getLBraceLoc(), ILE->getRBraceLoc());
        PR = Rewriter.fileRange(Parens);
      }
      if (PR) {
        // The arguments as written (a braced list's own nested lists),
        // lowered as the operands of one full-expression: what an
        // argument before a later co_await computes is kept in the future.
        std::vector<const Expr *> Ops = operandsInOrder(Core);
        std::vector<TextEdit> Edits = lowerOperands(Ops);
        std::vector<const Stmt *> Scan(Ops.begin(), Ops.end());
        Form = Braced ? InitForm::Braces : InitForm::Parens;
        InitText = Rewriter.text(PR->first + 1, PR->second - 1, Scan, Edits);
      } else if (!DirectInit && Braced && ILE) {
        Form = InitForm::List;
        InitText = lowerExpr(ILE);
      } else {
        Form = InitForm::Expr;
        InitText = lowerExpr(Init);
      }
    }

    std::optional<std::string> VT;
    if (Extended) {
      if (!T->getContainedDeducedType() && Types.isNameable(ValueType))
        VT = Types.spell(ValueType);
      else
        VT = valueTypeOf(MTE->getSubExpr(), AliasBase);
    } else if (AwaitTemporary) {
      if (auto L = localType(V))
        VT = StringRef(*L).ends_with("&")
                 ? StringRef(*L).rtrim('&').rtrim().str() // `const T &`: `const T`
                 : "std::remove_reference_t<" + *L + ">";
    } else {
      VT = localType(V);
    }
    if (!VT)
      return TypeError();
    // A const scalar keeps its const (overloads and decltype see it): it
    // is constructed in place like a const object, not assigned.
    bool Const = ValueType.isConstQualified();
    bool Scalar = Types.isScalar(ValueType) && !Const;
    S.Type = memberTypeFor(*VT, AliasBase, Line);
    S.Trivial = Types.isTriviallyDestructible(ValueType);
    S.Scalar = Scalar;
    S.Array = ValueType->isArrayType();
    // A const object is constructed in place too (no copy or move: the
    // initializer may be a prvalue of a type that has neither).
    std::string Place = "::new (&" + S.Name + ") " + S.Type;
    if (Const)
      Place = "::new (hoist::storage_of(&" + S.Name + ")) " +
              (StringRef(S.Type).starts_with("const ")
                   ? S.Type.substr(6)
                   : "std::remove_const_t<" + S.Type + ">");
    // An array is made by an array new of its element type (`int[3]{...}`:
    // clang misreads a braced list after an alias of an array type in a
    // template, -Wmissing-braces).
    if (ValueType->isArrayType()) {
      std::optional<std::string> Elem;
      if (const auto *CAT = Ctx.getAsConstantArrayType(ValueType))
        if (Types.isNameable(CAT->getElementType()))
          if (auto E = Types.spell(CAT->getElementType());
              E && !StringRef(*E).contains('['))
            Elem = *E + "[" + std::to_string(CAT->getSize().getZExtValue()) + "]";
      Place = "::new (hoist::storage_of(&" + S.Name + ")) " +
              Elem.value_or("std::remove_extent_t<" + S.Type + ">[std::extent_v<" +
                            S.Type + ">]");
    }
    switch (Form) {
    case InitForm::None:
      if (!Types.isScalar(ValueType) && !ValueType->isDependentType() &&
          ValueType.isTrivialType(Ctx))
        Construct = ""; // trivial default-initialization: nothing to run
      else if (!Scalar)
        Construct = Place + ";";
      break;
    case InitForm::Parens:
      Construct = Scalar ? S.Name + " = " + S.Type + "(" + InitText + ");"
                         : Place + "(" + InitText + ");";
      break;
    case InitForm::Braces:
      Construct = Place + "{" + InitText + "};";
      break;
    case InitForm::List:
      Construct = Place + InitText + ";";
      break;
    case InitForm::Expr:
      if (ValueType->isArrayType() && DD)
        // `auto [a, b] = arr;`: a copy of each element.
        Construct = "hoist::construct_array(&" + S.Name + ", " + InitText + ");";
      else if (ValueType->isArrayType())
        // `char s[8] = "grid";` (an array new takes no parentheses).
        Construct = Place + "{" + InitText + "};";
      else
        Construct = Scalar ? S.Name + " = " + InitText + ";"
                           : Place + "(" + InitText + ");";
      break;
    }
  }

  unsigned Id = newSlot(S);
  markAlive(Id); // alive with the initializer's temporaries
  if (!Construct.empty())
    out().addUserText(Line, Construct, 1);
  // The initializer's temporaries end; the value stays.
  std::string Point = closeScope(Line, Id);
  if (!Point.empty()) {
    if (Construct.empty())
      out().add(Line, StringRef(Point).ltrim());
    else
      out().append(Point);
  }
  registerStoredVar(V, Id);
  if (DD)
    lowerBindings(DD, Id, Line);
}

std::string PollBodyBuilder::pollLocalType(const VarDecl *V) {
  // A placeholder deduces there as it does in the input: as written.
  if (V->getType()->getContainedDeducedType())
    if (const TypeSourceInfo *TSI = V->getTypeSourceInfo())
      if (auto R = Rewriter.fileRange(TSI->getTypeLoc().getSourceRange()))
        return Rewriter.rawText(R->first, R->second).str();
  return localType(V).value_or("auto");
}

void PollBodyBuilder::lowerBindings(const DecompositionDecl *DD, unsigned Id,
                                    unsigned Line) {
  const Slot E = Shape.Slots[Id];
  std::string Use = E.PointerToReferent ? "(*" + E.Name + ")" : E.Name;
  // The type of e itself (a reference is kept as `T *`: T).
  std::string Type = E.Type;
  if (E.PointerToReferent)
    Type = StringRef(Type).ends_with(" *") ? Type.substr(0, Type.size() - 2)
                                            : "std::remove_pointer_t<" + Type + ">";
  // [dcl.struct.bind]: get<i> takes e as an lvalue if it is declared a
  // reference, else as an xvalue.
  bool LValue = DD->getType()->isLValueReferenceType();
  // A binding kept as a pointer (of type PointerType, set to Address); its
  // uses read through it.
  auto KeepPointer = [&](const BindingDecl *B, std::string What,
                         std::string PointerType, const std::string &Address) {
    Slot R;
    R.Kind = SlotKind::Local;
    R.Decl = B;
    R.Line = Line;
    R.What = std::move(What);
    R.Name = uniqueSlotName(B->getName());
    R.Type = addAlias("Type_" + R.Name, std::move(PointerType), Line);
    R.Trivial = true;
    R.Scalar = true;
    R.PointerToReferent = true;
    unsigned RId = newSlot(R);
    const Slot &Made = Shape.Slots[RId];
    out().addUserText(Line, Made.Name + " = " + Address + ";", 1);
    (void)constructed(RId);
    Rewriter.setReplacement(B, "(*" + Made.Name + ")");
    BindingDeclvals[B] = "(*std::declval<" + Made.Type + ">())";
  };
  unsigned Index = 0;
  for (const BindingDecl *B : DD->bindings()) {
    unsigned I = Index++;
    std::string Name = B->getName().str();
    const VarDecl *Holding = B->getHoldingVar();
    const Expr *Bound = B->getBinding();
    if (!Bound || Bound->isTypeDependent()) {
      // In a template: what the binding names is known at instantiation.
      // A pointer to it, from hoist::detail::binding_address.
      std::string Address = "hoist::detail::binding_address<" + std::to_string(I) +
                            ", " + std::to_string(DD->bindings().size()) + ">";
      KeepPointer(B, Name, "decltype(" + Address + "(std::declval<" + lvalueRef(Type) + ">()))",
                  Address + "(" + Use + ")");
      continue;
    }
    if (!Holding) {
      // A member or an element of e: each use names it there.
      const Expr *BE = B->getBinding() ? B->getBinding()->IgnoreImplicit() : nullptr;
      std::string Access;
      if (const auto *ME = dyn_cast_or_null<MemberExpr>(BE))
        Access = "." + ME->getMemberDecl()->getName().str();
      else if (isa_and_nonnull<ArraySubscriptExpr>(BE))
        Access = "[" + std::to_string(I) + "]";
      else {
        error(B->getLocation(), Diag::err_await_in_unsupported_expr,
              "a structured binding of this kind stored across a suspend point");
        continue;
      }
      Rewriter.setReplacement(B, "(" + Use + Access + ")");
      BindingDeclvals[B] = "std::declval<" + lvalueRef(Type) + ">()" + Access;
      continue;
    }
    // Tuple-like: a reference to what get<i>(e) returns, kept as a pointer.
    const Expr *Get = Holding->getInit() ? Holding->getInit()->IgnoreImplicit() : nullptr;
    std::string Arg = LValue ? Use : "std::move(" + Use + ")";
    std::string Call;
    if (isa_and_nonnull<CXXMemberCallExpr>(Get))
      Call = Arg + (Shape.Fn->Dependent ? ".template " : ".") + "get<" +
             std::to_string(I) + ">()";
    else if (const auto *CE = dyn_cast_or_null<CallExpr>(Get)) {
      if (const FunctionDecl *Callee = CE->getDirectCallee())
        Call = Callee->getQualifiedNameAsString() + "<" + std::to_string(I) +
               ">(" + Arg + ")";
    }
    if (Call.empty()) {
      error(B->getLocation(), Diag::err_await_in_unsupported_expr,
            "a structured binding whose get<i>() returns a value, stored across "
            "a suspend point");
      continue;
    }
    std::string Element =
        "std::tuple_element_t<" + std::to_string(I) + ", " + Type + ">";
    if (extendedTemporary(Holding)) {
      // get<i> returns a value: the binding names a temporary of type
      // tuple_element_t<i, E> that lives as long as the binding.
      QualType T = Holding->getType().getNonReferenceType();
      Slot R;
      R.Kind = SlotKind::Local;
      R.Decl = B;
      R.Line = Line;
      R.What = Name + " (" + Call + ")";
      R.Name = uniqueSlotName(B->getName());
      R.Type = addAlias("Type_" + R.Name, "std::remove_cv_t<" + Element + ">", Line);
      R.Trivial = Types.isTriviallyDestructible(T);
      R.Scalar = Types.isScalar(T);
      unsigned RId = newSlot(R);
      const Slot &Made = Shape.Slots[RId];
      std::string Construct =
          R.Scalar ? Made.Name + " = " + Call + ";"
                   : "::new (&" + Made.Name + ") " + Made.Type + "(" + Call + ");";
      std::string Ref = lvalueRef((T.isConstQualified() ? "const " : "") + Made.Type);
      std::string Use = T.isConstQualified() ? "std::as_const(" + Made.Name + ")"
                                             : "(" + Made.Name + ")";
      out().addUserText(Line, Construct + constructed(RId), 1);
      Rewriter.setReplacement(B, Use);
      BindingDeclvals[B] = "std::declval<" + Ref + ">()";
      continue;
    }
    KeepPointer(B, Name + " (" + Call + ")", "std::add_pointer_t<" + Element + ">",
                "hoist::address_of(" + Call + ")");
  }
}


std::optional<std::string>
PollBodyBuilder::storeExtendedTemporary(const VarDecl *V,
                                        const MaterializeTemporaryExpr *MTE) {
  unsigned Line = lineOf(V->getLocation());
  const Expr *Value = MTE->getSubExpr();
  Slot S;
  S.Kind = SlotKind::Temporary;
  S.Name = Names.numbered("temp" + std::to_string(TempCount++));
  S.Line = Line;
  S.What = oneLine(Value) + ", bound to " + V->getName().str();
  QualType T = MTE->getType();
  std::optional<std::string> Type;
  if (!T->getContainedAutoType() && !T->isDependentType() && Types.isNameable(T))
    Type = Types.spell(T.getUnqualifiedType());
  else
    Type = valueTypeOf(Value, "Temp");
  if (!Type || T->isArrayType()) {
    Diags.report(V->getLocation(), Diag::err_stored_local_type)
        << V->getName() << V->getType();
    Failed = true;
    return std::nullopt;
  }
  bool Scalar = Types.isScalar(T);
  S.Type = memberTypeFor(*Type, "Temp", Line);
  S.Trivial = !T->isDependentType() && Types.isTriviallyDestructible(T);
  S.Scalar = Scalar;
  // Made by the reference's declaration, it lives as long as the reference.
  openScope(ScopeKind::FullExpr, Value);
  prepareClosures(Value);
  std::string R = lowerExpr(Value);
  unsigned Id = newSlot(S);
  markAlive(Id);
  const Slot &Made = Shape.Slots[Id];
  out().addUserText(Line,
                    Scalar ? Made.Name + " = " + R + ";"
                           : "::new (&" + Made.Name + ") " + Made.Type + "(" + R + ");",
                    1);
  std::string Point = closeScope(Line, Id);
  if (!Point.empty())
    out().append(Point);
  return Shape.Slots[Id].Name;
}

void PollBodyBuilder::registerStoredVar(const VarDecl *V, unsigned Id) {
  VarSlots[V] = Id;
  const Slot &Stored = Shape.Slots[Id];
  std::string Use = Stored.PointerToReferent ? "(*" + Stored.Name + ")" : Stored.Name;
  if (Use != V->getName())
    Rewriter.setReplacement(V, Use);
  Rewriter.setCapturedMember(V, Use);
}

//===----------------------------------------------------------------------===//
// Conditions and control flow
//===----------------------------------------------------------------------===//

std::string PollBodyBuilder::lowerCondition(const Expr *Cond, bool BoolResult) {
  unsigned Line = lineOf(Cond);
  openScope(ScopeKind::FullExpr, Cond);
  std::string R = lowerExpr(Cond);
  // Temporaries without destructors stay readable after their scope: the
  // condition can be tested in place (unless the scope ends an await's
  // result, which the condition reads).
  if (Scopes.back().AwaitResults.empty() &&
      llvm::none_of(Scopes.back().Slots, [&](unsigned Id) {
        return !Shape.Slots[Id].Trivial && !Shape.Slots[Id].Reference;
      })) {
    closeScope(Line);
    return R;
  }
  // The condition's temporaries end before the statement it controls runs:
  // keep its value.
  Slot S;
  S.Kind = SlotKind::Temporary;
  S.Name = Names.numbered("cond" + std::to_string(TempCount++));
  S.Line = Line;
  S.What = oneLine(Cond);
  S.Trivial = true;
  S.Scalar = true;
  if (BoolResult) {
    S.Type = "bool";
  } else {
    auto T = valueTypeOf(Cond, "Cond");
    if (!T) {
      closeScope(Line);
      error(Cond->getBeginLoc(), Diag::err_await_in_unsupported_expr,
            "a condition whose type cannot be named");
      return R;
    }
    S.Type = *T;
  }
  // It belongs to the enclosing scope (it outlives the temporaries).
  unsigned Id = newSlot(S);
  markAlive(Id);
  out().add(Line, S.Name + " = " + (BoolResult ? "static_cast<bool>(" + R + ")" : R) +
                      ";");
  closeScope(Line);
  (void)constructed(Id);
  return Shape.Slots[Id].Name;
}

size_t PollBodyBuilder::findJumpTarget(bool IsContinue) const {
  for (size_t I = Scopes.size(); I-- > 0;) {
    if (Scopes[I].Kind == ScopeKind::Loop)
      return I;
    if (!IsContinue && Scopes[I].Kind == ScopeKind::Switch)
      return I;
  }
  return Scopes.size();
}

void PollBodyBuilder::lowerIf(const IfStmt *If) {
  unsigned Line = lineOf(If);
  bool HasScope = If->getInit() || If->getConditionVariable();
  // The scope of the init-statement and condition: a block in the output
  // only if it declares locals of poll() (stored ones are members).
  bool Braces = HasScope && initNeedsBlock(If->getInit());
  if (Braces) {
    out().addLoose(Line, "{");
    out().indent();
  }
  if (HasScope)
    openScope(ScopeKind::Block, If);
  if (If->getInit())
    lowerStmt(If->getInit());
  std::string Cond;
  if (const VarDecl *V = If->getConditionVariable()) {
    if (Storage.isStored(V)) {
      lowerVarDecl(V, nullptr);
      Cond = Rewriter.text(If->getCond());
    } else {
      openScope(ScopeKind::FullExpr, V->getInit());
      Scopes.back().KeepsAwaitResults = true; // the condition comes after
      auto Edits = lowerEdits(V->getInit());
      auto R = Rewriter.fileRange(V->getSourceRange());
      Cond = R ? Rewriter.text(R->first, R->second, {V->getInit()}, Edits)
               : Rewriter.text(If->getCond());
      closeScope(Line);
    }
  } else {
    Cond = lowerCondition(If->getCond(), true);
  }
  std::string Keyword = If->isConstexpr() ? "if constexpr (" : "if (";
  // A resume cannot jump into a branch of `if constexpr` (the branch of
  // another instantiation may be discarded): it goes to a label before the
  // statement, and a second dispatch at the top of the branch continues to
  // the resume point, as for a try block.
  std::string Entry;
  if (If->isConstexpr() && hasAwait(If)) {
    Entry = Names.numbered("constexpr" + std::to_string(LabelCount++));
    out().addLoose(Line, Entry + ":", -1);
  }
  // In a template, the types the lowering names in a branch are named
  // only where the branch is kept (its awaits may not compile elsewhere).
  std::optional<std::string> Kept;
  if (If->isConstexpr() && !Entry.empty() && Shape.Fn->Dependent)
    Kept = conditionAtFunctionScope(If->getCond());
  // Where poll() runs in the lambda that unpacks a parameter pack, a
  // condition naming the pack depends on that lambda's own parameters: the
  // instantiation of the function would compile the discarded branch's
  // awaits, which name hoist::detail::Discarded. The condition is read
  // before the future instead, where it names the function's pack.
  if (Kept && !Shape.Packs.empty())
    Cond = addAlias("Condition", "std::bool_constant<(" + *Kept + ")>", Line) +
           "::value /* " + Cond + " */";
  out().add(Line, Keyword + Cond + ") {");
  out().indent();
  if (Kept)
    KeptIf.push_back(*Kept);
  lowerEnteredBranch(If->getThen(), Entry);
  if (Kept)
    KeptIf.back() = "!(" + *Kept + ")";
  out().dedent();
  if (const Stmt *Else = If->getElse()) {
    out().addLoose(lineOf(Else), "} else {");
    out().indent();
    lowerEnteredBranch(Else, Entry);
    out().dedent();
  }
  if (Kept)
    KeptIf.pop_back();
  out().addLoose(lineOf(If->getEndLoc()), "}");
  if (HasScope)
    closeScope(lineOf(If->getEndLoc()));
  if (Braces) {
    out().dedent();
    out().addLoose(lineOf(If->getEndLoc()), "}");
  }
}

std::optional<std::string>
PollBodyBuilder::conditionAtFunctionScope(const Expr *Cond) {
  bool Local = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Local)
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        Local |= V->isLocalVarDecl() || (isa<ParmVarDecl>(V) &&
                                         V->getDeclContext() != Shape.Fn->Decl);
    if (isa<CXXThisExpr>(S) || isa<LambdaExpr>(S))
      Local = true;
    for (const Stmt *C : writtenChildren(S))
      Walk(C);
  };
  Walk(Cond);
  auto R = Rewriter.fileRange(Cond);
  if (Local || !R)
    return std::nullopt;
  return Rewriter.rawText(R->first, R->second).str();
}

void PollBodyBuilder::lowerWhile(const WhileStmt *While) {
  unsigned Line = lineOf(While);
  const VarDecl *V = While->getConditionVariable();
  // (The condition of `while (T x = e)` only reads x: e is x's initializer.)
  bool CondAwaits = hasAwait(While->getCond()) ||
                    (V && (Storage.isStored(V) || hasAwait(V->getInit())));
  if (!CondAwaits) {
    // `while (T x = e)` keeps its declaration as written.
    std::string Cond = Rewriter.text(While->getCond());
    if (V)
      if (auto R = Rewriter.fileRange(V->getSourceRange()))
        Cond = Rewriter.text(R->first, R->second, {V->getInit()});
    out().add(Line, "while (" + Cond + ") {");
    out().indent();
    openScope(ScopeKind::Loop, While);
    lowerBlockBody(While->getBody(), ScopeKind::Block);
    closeScope(lineOf(While->getEndLoc()));
    out().dedent();
    out().addLoose(lineOf(While->getEndLoc()), "}");
    return;
  }
  // The condition suspends (or declares a stored local): test it first in
  // an endless loop.
  out().add(Line, "for (;;) {");
  out().indent();
  openScope(ScopeKind::Loop, While);
  std::string Cond;
  if (V && Storage.isStored(V)) {
    lowerVarDecl(V, nullptr);
    Cond = Rewriter.text(While->getCond());
  } else if (V) {
    openScope(ScopeKind::FullExpr, V->getInit());
    Scopes.back().KeepsAwaitResults = V->getType()->isReferenceType();
    std::string Init = lowerExpr(V->getInit());
    out().add(Line, pollLocalType(V) + " " + V->getName().str() + " = " + Init + ";");
    closeScope(Line);
    Cond = V->getName().str();
  } else {
    Cond = lowerCondition(While->getCond(), true);
  }
  out().add(Line, "if (!(" + Cond + ")) {");
  out().indent();
  emitExitsTo(Scopes.size() - 1, Line);
  out().add(Line, "break;");
  out().dedent();
  out().addLoose(Line, "}");
  lowerBlockBody(While->getBody(), ScopeKind::Block);
  closeScope(lineOf(While->getEndLoc()));
  out().dedent();
  out().addLoose(lineOf(While->getEndLoc()), "}");
}

void PollBodyBuilder::lowerDo(const DoStmt *Do) {
  unsigned Line = lineOf(Do);
  if (!hasAwait(Do->getCond())) {
    out().addLoose(Line, "do {");
    out().indent();
    openScope(ScopeKind::Loop, Do);
    lowerBlockBody(Do->getBody(), ScopeKind::Block);
    closeScope(lineOf(Do->getCond()));
    out().dedent();
    out().add(lineOf(Do->getCond()),
              "} while (" + Rewriter.text(Do->getCond()) + ");");
    return;
  }
  out().add(Line, "for (;;) {");
  out().indent();
  openScope(ScopeKind::Loop, Do);
  Scopes.back().ContinueLabel = Names.numbered("continue" + std::to_string(LabelCount++));
  // The body's locals end before the condition, whose resume label must
  // not be in their scope.
  lowerBracedBody(Do->getBody());
  unsigned CondLine = lineOf(Do->getCond());
  if (Scopes.back().ContinueUsed)
    out().addLoose(CondLine, Scopes.back().ContinueLabel + ":", -1);
  std::string Cond = lowerCondition(Do->getCond(), true);
  out().add(CondLine, "if (!(" + Cond + ")) {");
  out().indent();
  emitExitsTo(Scopes.size() - 1, CondLine);
  out().add(CondLine, "break;");
  out().dedent();
  out().addLoose(CondLine, "}");
  closeScope(CondLine);
  out().dedent();
  out().addLoose(CondLine, "}");
}

void PollBodyBuilder::lowerFor(const ForStmt *For) {
  unsigned Line = lineOf(For);
  const VarDecl *CV = For->getConditionVariable();
  bool InitStored = false;
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(For->getInit()))
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D))
        InitStored |= Storage.isStored(V) || Storage.isDeadAcross(V);
  bool CondAwaits = (For->getCond() && hasAwait(For->getCond())) ||
                    (CV && (Storage.isStored(CV) || hasAwait(CV->getInit())));
  bool IncAwaits = For->getInc() && hasAwait(For->getInc());
  bool InitAwaits = For->getInit() && hasAwait(For->getInit());

  if (!InitStored && !CondAwaits && !IncAwaits && !InitAwaits) {
    // The header stays as written.
    auto R = Rewriter.fileRange(SourceRange(For->getLParenLoc(), For->getRParenLoc()));
    std::vector<const Stmt *> Scan = {For->getInit(), For->getCond(), For->getInc()};
    llvm::erase(Scan, nullptr);
    std::string Header = R ? Rewriter.text(R->first + 1, R->second - 1, Scan) : "";
    out().add(Line, "for (" + Header + ") {");
    out().indent();
    openScope(ScopeKind::Loop, For);
    lowerBlockBody(For->getBody(), ScopeKind::Block);
    closeScope(lineOf(For->getEndLoc()));
    out().dedent();
    out().addLoose(lineOf(For->getEndLoc()), "}");
    return;
  }

  // The scope of the init-statement: a block in the output only if it
  // declares locals of poll() (so that nested loops nest as deep as the
  // input).
  bool Braces = initNeedsBlock(For->getInit());
  if (Braces) {
    out().addLoose(Line, "{");
    out().indent();
  }
  openScope(ScopeKind::Block, For);
  if (For->getInit())
    lowerStmt(For->getInit());
  if (!CondAwaits && !IncAwaits && !CV) {
    std::string Cond = For->getCond() ? Rewriter.text(For->getCond()) : "";
    std::string Inc = For->getInc() ? Rewriter.text(For->getInc()) : "";
    out().add(Line, "for (; " + Cond + "; " + Inc + ") {");
    out().indent();
    openScope(ScopeKind::Loop, For);
    lowerBlockBody(For->getBody(), ScopeKind::Block);
    closeScope(lineOf(For->getEndLoc()));
    out().dedent();
    out().addLoose(lineOf(For->getEndLoc()), "}");
  } else {
    std::string Inc = (For->getInc() && !IncAwaits) ? Rewriter.text(For->getInc()) : "";
    out().add(Line, "for (;; " + Inc + ") {");
    out().indent();
    openScope(ScopeKind::Loop, For);
    if (IncAwaits)
      Scopes.back().ContinueLabel =
          Names.numbered("continue" + std::to_string(LabelCount++));
    std::string Cond;
    if (CV && Storage.isStored(CV)) {
      lowerVarDecl(CV, nullptr);
      Cond = Rewriter.text(For->getCond());
    } else if (CV) {
      openScope(ScopeKind::FullExpr, CV->getInit());
      std::string Init = lowerExpr(CV->getInit());
      out().add(Line, "auto " + CV->getName().str() + " = " + Init + ";");
      closeScope(Line);
      Cond = CV->getName().str();
    } else if (For->getCond()) {
      Cond = lowerCondition(For->getCond(), true);
    }
    if (!Cond.empty()) {
      out().add(Line, "if (!(" + Cond + ")) {");
      out().indent();
      emitExitsTo(Scopes.size() - 1, Line);
      out().add(Line, "break;");
      out().dedent();
      out().addLoose(Line, "}");
    }
    if (IncAwaits)
      // The body's locals end before the increment, whose resume label
      // must not be in their scope.
      lowerBracedBody(For->getBody());
    else
      lowerBlockBody(For->getBody(), ScopeKind::Block);
    if (IncAwaits) {
      unsigned IncLine = lineOf(For->getInc());
      if (Scopes.back().ContinueUsed)
        out().addLoose(IncLine, Scopes.back().ContinueLabel + ":", -1);
      lowerExprStmt(For->getInc());
    }
    closeScope(lineOf(For->getEndLoc()));
    out().dedent();
    out().addLoose(lineOf(For->getEndLoc()), "}");
  }
  closeScope(lineOf(For->getEndLoc()));
  if (Braces) {
    out().dedent();
    out().addLoose(lineOf(For->getEndLoc()), "}");
  }
}

void PollBodyBuilder::lowerRangeFor(const CXXForRangeStmt *For) {
  unsigned Line = lineOf(For);
  const VarDecl *LoopVar = For->getLoopVariable();
  bool StoreRange = Storage.StoredRanges.count(For) != 0;
  if (!StoreRange && !Storage.isStored(LoopVar)) {
    // for (decl : range) as written, the range lowered in place.
    auto R = Rewriter.fileRange(SourceRange(For->getForLoc(), For->getRParenLoc()));
    if (R) // from the `(` after `for`
      R->first = Rewriter.rawText(0, R->second).find('(', R->first);
    openScope(ScopeKind::FullExpr, For->getRangeInit());
    std::vector<TextEdit> Edits = lowerEdits(For->getRangeInit());
    std::vector<const Stmt *> Scan = {For->getLoopVarStmt(), For->getRangeInit()};
    if (For->getInit())
      Scan.push_back(For->getInit());
    std::string Header = R ? Rewriter.text(R->first + 1, R->second - 1, Scan, Edits) : "";
    out().add(Line, "for (" + Header + ") {");
    out().indent();
    openScope(ScopeKind::Loop, For);
    lowerBlockBody(For->getBody(), ScopeKind::Block);
    closeScope(lineOf(For->getEndLoc()));
    out().dedent();
    out().addLoose(lineOf(For->getEndLoc()), "}");
    closeScope(Line);
    return;
  }

  // Spelled out: auto &&range = init; auto begin = ..., end = ...;
  //   for (; begin != end; ++begin) { decl = *begin; body }
  // The range, begin and end are stored: a block of their own only for an
  // init-statement that declares locals of poll().
  bool Braces = initNeedsBlock(For->getInit());
  if (Braces) {
    out().addLoose(Line, "{");
    out().indent();
  }
  openScope(ScopeKind::Block, For);
  if (For->getInit())
    lowerStmt(For->getInit());
  const Expr *RangeInit = For->getRangeInit();
  unsigned K = LabelCount++;

  openScope(ScopeKind::FullExpr, RangeInit);
  Scopes.back().KeepsAwaitResults = true; // bound to the range reference
  std::string R = lowerExpr(RangeInit);
  Slot Range;
  Range.Kind = SlotKind::Local;
  Range.Name = Names.numbered("range" + std::to_string(K));
  Range.Line = Line;
  Range.What = "the range of " + oneLine(RangeInit);
  std::string RangeUse, RangeDeclval;
  std::string Construct;
  auto RangeText = declvalText(RangeInit);
  // `auto &&range = init;` binds a prvalue to a temporary: store the value.
  const Expr *RangeCore = RangeInit;
  if (const auto *FE = dyn_cast<FullExpr>(RangeCore))
    RangeCore = FE->getSubExpr();
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(RangeCore))
    RangeCore = M->getSubExpr();
  const auto *List = dyn_cast<CXXStdInitializerListExpr>(RangeCore->IgnoreImplicit());
  const ConstantArrayType *ListArray =
      List ? Ctx.getAsConstantArrayType(List->getSubExpr()->getType()) : nullptr;
  std::optional<std::string> ListElement;
  if (ListArray && Types.isNameable(ListArray->getElementType()))
    ListElement = Types.spell(ListArray->getElementType().getUnqualifiedType());
  if (ListElement && !StringRef(*ListElement).contains('[')) {
    // `for (x : {a, b})`: the reference extends the std::initializer_list's
    // array; the future stores that array, and the loop reads it as const.
    std::string Array =
        *ListElement + "[" + std::to_string(ListArray->getSize().getZExtValue()) + "]";
    Range.Type = addAlias("Range", Array, Line);
    Range.Trivial = Types.isTriviallyDestructible(ListArray->getElementType());
    Range.Array = true;
    Construct = "::new (hoist::storage_of(&" + Range.Name + ")) " + Array + R + ";";
    RangeUse = "std::as_const(" + Range.Name + ")";
    RangeDeclval = "std::as_const(std::declval<" + Range.Type + " &>())";
  } else if (RangeCore->isPRValue()) {
    auto T = valueTypeOf(RangeCore, "Range");
    if (!T) {
      closeScope(Line);
      error(RangeInit->getBeginLoc(), Diag::err_await_in_unsupported_expr,
            "a range whose type cannot be named");
      return;
    }
    Range.Type = *T;
    Range.Trivial = !RangeCore->isTypeDependent() &&
                    Types.isTriviallyDestructible(RangeCore->getType());
    Construct = "::new (&" + Range.Name + ") " + Range.Type + "(" + R + ");";
    RangeUse = Range.Name;
    RangeDeclval = "std::declval<" + Range.Type + " &>()";
  } else {
    std::optional<std::string> Pointee;
    if (!RangeInit->isTypeDependent() && Types.isNameable(RangeInit->getType()) &&
        !RangeInit->getType()->getContainedAutoType() &&
        !Types.mentionsAsync(RangeInit->getType()))
      Pointee = Types.spell(RangeInit->getType());
    else if (RangeText)
      Pointee = "std::remove_reference_t<decltype((" + *RangeText + "))>";
    if (!Pointee) {
      closeScope(Line);
      error(RangeInit->getBeginLoc(), Diag::err_await_in_unsupported_expr,
            "a range whose type cannot be named");
      return;
    }
    Range.Type = addAlias("Range", pointerTo(*Pointee), Line);
    Range.Trivial = true;
    Range.Scalar = true;
    Range.PointerToReferent = true;
    Construct = Range.Name + " = hoist::address_of(" + R + ");";
    RangeUse = "(*" + Range.Name + ")";
    RangeDeclval = "*std::declval<" + Range.Type + " &>()";
  }
  unsigned RangeId = newSlot(Range);
  markAlive(RangeId);
  out().add(Line, Construct);
  closeScope(Line);
  {
    std::string P = constructed(RangeId);
    if (!P.empty())
      out().append(P);
  }

  std::string IterType =
      addAlias("Iterator", "decltype(hoist::range_begin(" + RangeDeclval + "))", Line);
  std::string SentinelType =
      addAlias("Sentinel", "decltype(hoist::range_end(" + RangeDeclval + "))", Line);
  Slot Begin;
  Begin.Kind = SlotKind::Local;
  Begin.Name = Names.numbered("begin" + std::to_string(K));
  Begin.Type = IterType;
  Begin.Line = Line;
  Begin.What = "the iterator of the range-based for";
  Begin.Trivial = false;
  unsigned BeginId = newSlot(Begin);
  out().add(Line, "::new (&" + Shape.Slots[BeginId].Name + ") " + IterType +
                      "(hoist::range_begin(" + RangeUse + "));" +
                      constructed(BeginId));
  Slot End = Begin;
  End.Name = Names.numbered("end" + std::to_string(K));
  End.Type = SentinelType;
  End.What = "the end of the range-based for";
  unsigned EndId = newSlot(End);
  out().add(Line, "::new (&" + Shape.Slots[EndId].Name + ") " + SentinelType +
                      "(hoist::range_end(" + RangeUse + "));" + constructed(EndId));

  const std::string BeginName = Shape.Slots[BeginId].Name; // a copy: slots grow
  out().add(Line, "for (; " + BeginName + " != " + Shape.Slots[EndId].Name +
                      "; ++" + BeginName + ") {");
  out().indent();
  openScope(ScopeKind::Loop, For);

  // The loop variable, initialized from *begin.
  QualType VT = LoopVar->getType();
  std::string Deref = "*std::declval<" + IterType + " &>()";
  if (Storage.isStored(LoopVar)) {
    Slot LV;
    LV.Kind = SlotKind::Local;
    LV.Decl = LoopVar;
    LV.Line = lineOf(LoopVar->getLocation());
    LV.What = oneLine(For->getLoopVarStmt());
    LV.Name = uniqueSlotName(LoopVar->getName());
    const auto *DD = dyn_cast<DecompositionDecl>(LoopVar);
    if (DD) // `for (auto &[k, v] : m)`
      LV.Name = Names.numbered(bindingsName(DD));
    std::string Construct;
    if (VT->isReferenceType()) {
      QualType Pointee = VT->getPointeeType();
      std::string PT;
      if (!Pointee->getContainedAutoType() && Types.isNameable(Pointee))
        PT = *Types.spell(Pointee);
      else
        PT = std::string(Pointee.isConstQualified() ? "const " : "") +
             "std::remove_reference_t<decltype(" + Deref + ")>";
      LocalTypes[LoopVar] = PT + (VT->isLValueReferenceType() ? " &" : " &&");
      LV.Type = memberTypeFor(pointerTo(PT), "Type_" + LV.Name, Line);
      LV.Trivial = true;
      LV.Scalar = true;
      LV.PointerToReferent = true;
      Construct = LV.Name + " = hoist::address_of(*" + BeginName + ");";
    } else {
      std::string T;
      if (!VT->getContainedAutoType() && Types.isNameable(VT))
        T = *Types.spell(VT.getUnqualifiedType());
      else
        T = addAlias("Type_" + LV.Name, "std::decay_t<decltype(" + Deref + ")>",
                     Line);
      // A const loop variable stays const (constructed in place).
      bool Const = VT.isConstQualified();
      LocalTypes[LoopVar] = (Const ? "const " : "") + T;
      LV.Type = LocalTypes[LoopVar];
      LV.Trivial = Types.isTriviallyDestructible(VT);
      LV.Scalar = Types.isScalar(VT) && !Const;
      Construct = LV.Scalar ? LV.Name + " = *" + BeginName + ";"
                  : Const   ? "::new (hoist::storage_of(&" + LV.Name + ")) " + T +
                                "(*" + BeginName + ");"
                            : "::new (&" + LV.Name + ") " + T + "(*" + BeginName + ");";
    }
    unsigned Id = newSlot(LV);
    out().add(lineOf(LoopVar->getLocation()), Construct + constructed(Id));
    registerStoredVar(LoopVar, Id);
    if (DD)
      lowerBindings(DD, Id, lineOf(LoopVar->getLocation()));
  } else {
    auto R = Rewriter.fileRange(LoopVar->getSourceRange());
    std::string Decl = R ? Rewriter.rawText(R->first, R->second).str()
                         : "auto &&" + LoopVar->getName().str();
    out().add(lineOf(LoopVar->getLocation()), Decl + " = *" + BeginName + ";");
  }
  lowerBlockBody(For->getBody(), ScopeKind::Block);
  closeScope(lineOf(For->getEndLoc()));
  out().dedent();
  out().addLoose(lineOf(For->getEndLoc()), "}");
  closeScope(lineOf(For->getEndLoc()));
  if (Braces) {
    out().dedent();
    out().addLoose(lineOf(For->getEndLoc()), "}");
  }
}

void PollBodyBuilder::lowerSwitch(const SwitchStmt *Switch) {
  unsigned Line = lineOf(Switch);
  bool HasScope = Switch->getInit() || Switch->getConditionVariable();
  if (HasScope) {
    out().addLoose(Line, "{");
    out().indent();
    openScope(ScopeKind::Block, Switch);
  }
  if (Switch->getInit())
    lowerStmt(Switch->getInit());
  std::string Cond;
  if (const VarDecl *V = Switch->getConditionVariable()) {
    if (Storage.isStored(V)) {
      lowerVarDecl(V, nullptr);
      Cond = Rewriter.text(Switch->getCond());
    } else {
      openScope(ScopeKind::FullExpr, V->getInit());
      Scopes.back().KeepsAwaitResults = true; // the condition comes after
      auto Edits = lowerEdits(V->getInit());
      auto R = Rewriter.fileRange(V->getSourceRange());
      Cond = R ? Rewriter.text(R->first, R->second, {V->getInit()}, Edits)
               : Rewriter.text(Switch->getCond());
      closeScope(Line);
    }
  } else {
    Cond = lowerCondition(Switch->getCond(), false);
  }
  out().add(Line, "switch (" + Cond + ") {");
  openScope(ScopeKind::Switch, Switch);
  if (const auto *Body = dyn_cast<CompoundStmt>(Switch->getBody())) {
    out().indent();
    for (const Stmt *S : Body->body())
      lowerStmt(S);
    out().dedent();
  } else {
    out().indent();
    lowerStmt(Switch->getBody());
    out().dedent();
  }
  closeScope(lineOf(Switch->getEndLoc()));
  out().addLoose(lineOf(Switch->getEndLoc()), "}");
  if (HasScope) {
    closeScope(lineOf(Switch->getEndLoc()));
    out().dedent();
    out().addLoose(lineOf(Switch->getEndLoc()), "}");
  }
}

void PollBodyBuilder::insertDispatch(unsigned Entry, size_t At, int Indent,
                                     unsigned Line) {
  CodeBuffer Dispatch;
  for (int I = 0; I < Indent; ++I)
    Dispatch.indent();
  Dispatch.add(Line, "switch (" + N.Resumed + ") {");
  for (unsigned K : Shape.Tries[Entry].States) {
    const SuspendState &St = Shape.States[K];
    // The next label on the way to the resume point.
    std::string Target = St.ResumeLabel;
    std::string Prefix;
    auto It = llvm::find(St.TryEntries, Shape.Tries[Entry].Label);
    if (It != St.TryEntries.end() && std::next(It) != St.TryEntries.end())
      Target = *std::next(It);
    else
      Prefix = N.Resumed + " = " + N.StateEnum + "::Poisoned; ";
    Dispatch.add(Line, "case " + N.StateEnum + "::Suspend" + std::to_string(K) +
                           ": " + Prefix + "goto " + Target + ";");
  }
  Dispatch.add(Line, "default: break;");
  Dispatch.add(Line, "}");
  out().insertLines(At, Dispatch);
}

void PollBodyBuilder::lowerEnteredBranch(const Stmt *S, const std::string &Entry) {
  if (Entry.empty() || !hasAwait(S)) {
    lowerBlockBody(S, ScopeKind::Block);
    return;
  }
  unsigned Index = Shape.Tries.size();
  Shape.Tries.push_back(TryDispatch{Entry, {}});
  ActiveTries.push_back(Index);
  size_t At = out().lines().size();
  int Indent = out().level();
  lowerBlockBody(S, ScopeKind::Block);
  ActiveTries.pop_back();
  insertDispatch(Index, At, Indent, lineOf(S));
}

void PollBodyBuilder::lowerTry(const CXXTryStmt *Try) {
  unsigned Line = lineOf(Try);
  bool Suspends = hasAwait(Try->getTryBlock());
  unsigned EntryPoint = CurPoint;
  size_t DropsBefore = Shape.DropTree.size();
  unsigned TryIndex = Shape.Tries.size();
  size_t DispatchAt = 0;
  int DispatchIndent = 0;
  if (Suspends) {
    Shape.Tries.push_back(TryDispatch{Names.numbered("try" + std::to_string(TryIndex)), {}});
    out().addLoose(Line, Shape.Tries[TryIndex].Label + ":", -1);
    ActiveTries.push_back(TryIndex);
  }
  out().add(Line, "try {");
  out().indent();
  if (Suspends) {
    DispatchAt = out().lines().size();
    DispatchIndent = out().level();
  }
  openScope(ScopeKind::Try, Try);
  const auto *Block = Try->getTryBlock();
  for (const Stmt *S : Block->body())
    lowerStmt(S);
  closeScope(lineOf(Block->getRBracLoc()));
  out().dedent();
  if (Suspends) {
    ActiveTries.pop_back();
    // The second dispatch, at the top of the try block.
    insertDispatch(TryIndex, DispatchAt, DispatchIndent, Line);
  }
  bool DropsInside = Shape.DropTree.size() > DropsBefore;
  for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
    const CXXCatchStmt *H = Try->getHandler(I);
    std::string Decl = "...";
    if (const VarDecl *E = H->getExceptionDecl()) {
      auto R = Rewriter.fileRange(E->getSourceRange());
      if (R)
        Decl = Rewriter.rawText(R->first, R->second).str();
    }
    out().addLoose(lineOf(H), "} catch (" + Decl + ") {");
    out().indent();
    if (DropsInside)
      out().add(lineOf(H), N.DropTo + "(" + N.Unwind + ".at, " +
                               std::to_string(EntryPoint) + "); " +
                               setPointText(EntryPoint));
    lowerBlockBody(H->getHandlerBlock(), ScopeKind::Block);
    out().dedent();
  }
  out().addLoose(lineOf(Try->getEndLoc()), "}");
}

//===----------------------------------------------------------------------===//
// co_return and jumps
//===----------------------------------------------------------------------===//

void PollBodyBuilder::emitReturn(std::string ResultExpr, unsigned Line,
                                 const std::string &EndOfOperand) {
  // The result is computed first, then the operand's await results end;
  // then the future is Returned, and on the way out of poll() C++ destroys
  // poll()'s locals and the unwind guard the stored values, the parameters
  // last (as the body completes, as Rust drops them).
  std::string Done = N.StateVar + " = " + N.StateEnum + "::Returned;";
  if (ResultExpr.empty()) {
    if (!EndOfOperand.empty())
      out().add(Line, EndOfOperand);
    out().add(Line, Done);
    out().add(Line, "return hoist::ready();");
    return;
  }
  out().addLoose(Line, "{");
  out().indent();
  out().addUserText(Line,
                    "hoist::Poll<" + N.PollOutput + "> " + N.Result +
                        "(hoist::ready_in_place, " + ResultExpr + ");",
                    1);
  if (!EndOfOperand.empty())
    out().add(Line, EndOfOperand);
  out().add(Line, Done);
  out().add(Line, "return " + N.Result + ";");
  out().dedent();
  out().addLoose(Line, "}");
}

void PollBodyBuilder::lowerCoreturn(const CoreturnStmt *Ret) {
  unsigned Line = lineOf(Ret);
  const Expr *Operand = Ret->getOperand();
  if (!Operand) {
    emitReturn("", Line);
    return;
  }
  openScope(ScopeKind::FullExpr, Operand);
  std::string R = lowerExpr(Operand);
  // The results of the operand's awaits end with it, before the locals.
  std::string Resets = endAwaitResults(Scopes.back());
  // (A braced list of one scalar has no type of its own.)
  bool Braced = isa<InitListExpr>(Operand->IgnoreParenImpCasts());
  if ((Operand->getType()->isVoidType() && !Braced) ||
      Shape.Fn->Output->isVoidType()) {
    if (R != "void()")
      out().addUserText(Line, R + ";", 1);
    emitReturn("", Line, Resets);
  } else {
    // `co_return local;` moves from the local, as a return would.
    const Expr *Core = Operand->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Core))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        if (V->hasLocalStorage() && !V->getType()->isReferenceType() &&
            !V->getType().isVolatileQualified() && !hasAwait(Operand))
          R = "std::move(" + R + ")";
    // `co_return {args};` initializes the result from the braced list.
    if (Braced)
      R = "Output" + R;
    emitReturn(R, Line, Resets);
  }
  // The code after a co_return is unreachable; drop the scope silently.
  Scope Sc = std::move(Scopes.back());
  Scopes.pop_back();
  for (unsigned Id : Sc.Slots)
    llvm::erase(Alive, Id);
  CurPoint = Sc.EntryPoint;
}

void PollBodyBuilder::lowerBreak(const BreakStmt *Break) {
  unsigned Line = lineOf(Break);
  size_t Target = findJumpTarget(false);
  emitExitsTo(Target, Line);
  out().add(Line, "break;");
}

void PollBodyBuilder::lowerContinue(const ContinueStmt *Continue) {
  unsigned Line = lineOf(Continue);
  size_t Target = findJumpTarget(true);
  if (Target < Scopes.size() && !Scopes[Target].ContinueLabel.empty()) {
    emitExitsTo(Target + 1, Line);
    Scopes[Target].ContinueUsed = true;
    out().add(Line, "goto " + Scopes[Target].ContinueLabel + ";");
    return;
  }
  emitExitsTo(Target, Line);
  out().add(Line, "continue;");
}

void PollBodyBuilder::lowerGoto(const GotoStmt *Goto) {
  unsigned Line = lineOf(Goto);
  const LabelStmt *L = Labels.lookup(Goto->getLabel());
  // Leave every scope that does not contain the label.
  size_t Depth = Scopes.size();
  if (L) {
    while (Depth > 1) {
      const Stmt *S = Scopes[Depth - 1].S;
      bool Contains = false;
      for (const Stmt *P = L; P; P = Parents->getParent(P))
        if (P == S)
          Contains = true;
      if (Contains)
        break;
      --Depth;
    }
  }
  emitExitsTo(Depth, Line);
  out().add(Line, "goto " + Goto->getLabel()->getName().str() + ";");
}

} // namespace hoist
