//===- ExprLowering.cpp - co_await inside expressions --------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// An expression that contains a co_await is split at each one: what C++
/// evaluates before the co_await runs first, its value kept in a temporary
/// of the future; then the awaitee is constructed and polled; then the rest
/// of the expression runs with the co_await replaced by the awaitee's
/// result (regenerator's explodeExpression, with C++17's sequencing).
///
///   f(g(), co_await h())   =>   ::new (&temp0) T(g());
///                                ... co_await h() as awaitee0 ...
///                                f(std::move(temp0), std::move(ready0).value())
///
/// Operands are evaluated left to right, except the right operand of an
/// assignment, which C++17 evaluates first. A pure operand (a literal, a
/// name used as an lvalue, `this`) needs no temporary. `&&`, `||` and `?:`
/// whose later operand awaits become if/else so that the operand C++ skips
/// never runs. While lowering what runs before a suspend point, temporaries
/// the expression materializes are kept in the future too: they must live
/// to the end of the full-expression, across the suspension.
///
//===----------------------------------------------------------------------===//
#include "Lower/PollBodyBuilder.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace hoist {

namespace {

bool hasIntoFuture(QualType T) {
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  bool Found = false;
  auto Check = [&](const CXXRecordDecl *R) {
    for (const CXXMethodDecl *M : R->methods())
      if (M->getDeclName().isIdentifier() && M->getName() == "into_future")
        Found = true;
    for (const Decl *D : R->decls())
      if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
        if (FT->getDeclName().isIdentifier() && FT->getName() == "into_future")
          Found = true;
    return true;
  };
  Check(RD);
  RD->forallBases([&](const CXXRecordDecl *B) { return Check(B); });
  return Found;
}

/// A temporary the lowering keeps in the future when an expression around
/// it suspends. (The array behind a std::initializer_list is left alone:
/// it cannot be named in a placement new; the list is consumed by the call
/// that receives it.)
bool isKeptTemporary(const MaterializeTemporaryExpr *M) {
  return !M->getExtendingDecl() && !M->getType()->isArrayType();
}

/// Whether the argument at `I` of a call that is resolved only when the
/// template is instantiated may bind a reference parameter: clang marks no
/// temporary in such a call. The candidates that lookup found say; an
/// argument-dependent lookup at instantiation may add others for arguments
/// of class or dependent type.
bool mayBindReference(const CallExpr *Call, unsigned I) {
  const auto *ULE =
      dyn_cast<UnresolvedLookupExpr>(Call->getCallee()->IgnoreParenImpCasts());
  if (!ULE || ULE->getNumDecls() == 0)
    return true; // a member or an unknown callee
  if (ULE->requiresADL()) {
    for (const Expr *A : Call->arguments())
      if (A->isTypeDependent() || A->getType()->isRecordType())
        return true;
  }
  for (const NamedDecl *D : ULE->decls()) {
    const FunctionDecl *FD = D->getUnderlyingDecl()->getAsFunction();
    if (!FD)
      return true;
    for (unsigned P = 0; P < FD->getNumParams(); ++P) {
      const ParmVarDecl *Param = FD->getParamDecl(P);
      if (Param->isParameterPack() && P <= I)
        return true;
      if (P != I)
        continue;
      QualType T = Param->getType();
      if (T->isReferenceType() ||
          (T->isDependentType() && !T->getAs<TemplateTypeParmType>()))
        return true;
    }
    if (I >= FD->getNumParams() && FD->isVariadic())
      return true;
  }
  return false;
}

} // namespace

void PollBodyBuilder::findDependentCallTemporaries(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *Call = dyn_cast<CallExpr>(S); Call && Call->isTypeDependent())
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      // (Not a pack expansion: its elements cannot be kept one by one.)
      if (Call->getArg(I)->isPRValue() && !isa<PackExpansionExpr>(Call->getArg(I)) &&
          mayBindReference(Call, I))
        DependentTemporaries.insert(Call->getArg(I));
  for (const Stmt *C : writtenChildren(S))
    findDependentCallTemporaries(C);
}

bool PollBodyBuilder::isKeptTemporaryExpr(const Expr *E) const {
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
    return isKeptTemporary(M);
  return E != Materializing && DependentTemporaries.contains(E);
}

bool PollBodyBuilder::containsTemporary(const Stmt *S) const {
  if (!S || isa<LambdaExpr>(S) || isa<CXXStdInitializerListExpr>(S))
    return false;
  if (const auto *E = dyn_cast<Expr>(S); E && isKeptTemporaryExpr(E))
    return true;
  for (const Stmt *C : writtenChildren(S))
    if (containsTemporary(C))
      return true;
  return false;
}

//===----------------------------------------------------------------------===//
// Structure of expressions
//===----------------------------------------------------------------------===//

bool PollBodyBuilder::needsLowering(const Expr *E) const {
  if (hasAwait(E))
    return true;
  return KeepTemporaries && containsTemporary(E);
}

const Expr *PollBodyBuilder::skipTransparent(const Expr *E) const {
  for (;;) {
    if (KeepTemporaries && isKeptTemporaryExpr(E))
      return E;
    auto Range = Rewriter.fileRange(E);
    const Expr *Only = nullptr;
    unsigned Count = 0;
    // (Default arguments have no text: `S s = co_await f();` through
    // S(int v, int k = 1) is the await, converted.)
    for (const Stmt *C : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(C);
          CE && !isa<CXXDefaultArgExpr>(CE) && !isa<CXXDefaultInitExpr>(CE)) {
        ++Count;
        Only = CE;
      }
    if (Count != 1 || !Range)
      return E;
    auto OnlyRange = Rewriter.fileRange(Only);
    if (!OnlyRange || *OnlyRange != *Range)
      return E;
    if (isa<ParenExpr>(E))
      return E;
    E = Only;
  }
}

std::vector<const Expr *> PollBodyBuilder::operandsInOrder(const Expr *E) const {
  std::vector<const Expr *> Ops;
  auto Range = Rewriter.fileRange(E);
  std::function<void(const Stmt *)> Add = [&](const Stmt *C) {
    const auto *CE = dyn_cast_or_null<Expr>(C);
    if (!CE || isa<CXXDefaultArgExpr>(CE) || isa<CXXDefaultInitExpr>(CE) ||
        isa<OpaqueValueExpr>(CE))
      return;
    // `.b = e` in a braced list: the operand is `e`; the designator stays.
    if (const auto *DIE = dyn_cast<DesignatedInitExpr>(CE)) {
      Add(DIE->getInit());
      return;
    }
    // `obj.f(args)`: the operand is the object (a bound member function
    // cannot be kept); `.f` stays in place.
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getCallee()->IgnoreParens() == CE) {
      const Expr *Base = nullptr;
      if (const auto *ME = dyn_cast<MemberExpr>(CE))
        Base = ME->getBase();
      else if (const auto *DME = dyn_cast<CXXDependentScopeMemberExpr>(CE))
        Base = DME->isImplicitAccess() ? nullptr : DME->getBase();
      else if (const auto *UME = dyn_cast<UnresolvedMemberExpr>(CE))
        Base = UME->isImplicitAccess() ? nullptr : UME->getBase();
      if (Base) {
        Add(Base);
        return;
      }
    }
    // `(obj.*pmf)(args)`: the object and the pointer to member, each kept
    // on its own (a bound member function cannot be).
    if (const auto *Call = dyn_cast<CallExpr>(E); Call && Call->getCallee() == CE)
      if (const auto *BO = dyn_cast<BinaryOperator>(CE->IgnoreParens());
          BO && BO->isPtrMemOp()) {
        Add(BO->getLHS());
        Add(BO->getRHS());
        return;
      }
    auto R = Rewriter.fileRange(CE);
    if (!R || !Range || (*R == *Range && !isa<ParenExpr>(E))) {
      for (const Stmt *G : writtenChildren(CE))
        Add(G);
      return;
    }
    if (R->first < Range->first || R->second > Range->second)
      return;
    Ops.push_back(CE);
  };
  if (const auto *ILE = dyn_cast<InitListExpr>(E)) {
    if (const InitListExpr *Syn = ILE->getSyntacticForm())
      ILE = Syn;
    for (const Expr *Init : ILE->inits())
      Add(Init);
  } else {
    for (const Stmt *C : writtenChildren(E))
      Add(C);
  }
  // Source order, then C++17's exceptions.
  std::stable_sort(Ops.begin(), Ops.end(), [&](const Expr *A, const Expr *B) {
    return Rewriter.fileRange(A)->first < Rewriter.fileRange(B)->first;
  });
  bool RightFirst = false;
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    RightFirst = BO->isAssignmentOp();
  else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
    RightFirst = OC->isAssignmentOp();
  if (RightFirst)
    std::reverse(Ops.begin(), Ops.end());
  return Ops;
}

const Expr *
PollBodyBuilder::unmappedOperand(const Expr *E,
                                 std::pair<unsigned, unsigned> Whole) const {
  for (const Stmt *C : E->children()) {
    const auto *CE = dyn_cast_or_null<Expr>(C);
    if (!CE || isa<CXXDefaultArgExpr>(CE) || isa<CXXDefaultInitExpr>(CE) ||
        isa<OpaqueValueExpr>(CE))
      continue;
    auto R = Rewriter.fileRange(CE);
    if (R && *R != Whole)
      continue; // an operand written in the file: lowered as any other
    if (!R && !needsLowering(CE) && !isPure(CE))
      return CE;
    if (const Expr *Inner = unmappedOperand(CE, Whole))
      return Inner;
  }
  return nullptr;
}

bool PollBodyBuilder::isPure(const Expr *E) const {
  E = E->IgnoreParens();
  switch (E->getStmtClass()) {
  case Stmt::IntegerLiteralClass:
  case Stmt::FloatingLiteralClass:
  case Stmt::CharacterLiteralClass:
  case Stmt::StringLiteralClass:
  case Stmt::CXXBoolLiteralExprClass:
  case Stmt::CXXNullPtrLiteralExprClass:
  case Stmt::ImaginaryLiteralClass:
  case Stmt::CXXThisExprClass:
  case Stmt::DeclRefExprClass:
  case Stmt::UnresolvedLookupExprClass:   // a function named in a template
  case Stmt::DependentScopeDeclRefExprClass:
  case Stmt::UnaryExprOrTypeTraitExprClass:
  case Stmt::TypeTraitExprClass:
  case Stmt::SizeOfPackExprClass:
    return true;
  case Stmt::LambdaExprClass:
    // Making a closure reads only variables, unless an init-capture awaits.
    return !hasAwait(E);
  case Stmt::ImplicitCastExprClass: {
    const auto *ICE = cast<ImplicitCastExpr>(E);
    if (ICE->getCastKind() == CK_LValueToRValue) {
      // Reading a variable: only a constant reads the same after a suspend.
      const Expr *Sub = ICE->getSubExpr()->IgnoreParens();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Sub))
        return DRE->getType().isConstQualified();
      return false;
    }
    return isPure(ICE->getSubExpr());
  }
  case Stmt::MemberExprClass:
    return isPure(cast<MemberExpr>(E)->getBase());
  case Stmt::UnaryOperatorClass: {
    const auto *UO = cast<UnaryOperator>(E);
    if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
      return isPure(UO->getSubExpr());
    return false;
  }
  default:
    return false;
  }
}

//===----------------------------------------------------------------------===//
// Lowering
//===----------------------------------------------------------------------===//

std::string PollBodyBuilder::lowerExpr(const Expr *E) {
  std::vector<TextEdit> Edits = lowerEdits(E);
  return Rewriter.text(E, Edits);
}

std::vector<TextEdit> PollBodyBuilder::lowerEdits(const Expr *E) {
  if (!E || !needsLowering(E))
    return {};
  auto Whole = Rewriter.fileRange(E);
  if (!Whole) {
    error(E->getBeginLoc(), Diag::err_await_in_macro, "");
    return {};
  }
  auto Replace = [&](std::string Text) {
    return std::vector<TextEdit>{{Whole->first, Whole->second, std::move(Text)}};
  };
  E = skipTransparent(E);

  if (awaitOperand(E))
    return Replace(lowerAwait(E));

  if (KeepTemporaries)
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E);
        M && isKeptTemporary(M)) {
      // A temporary that must outlive a suspend point: kept in the future.
      // (The result of a co_await is kept already: it is that object.)
      std::string R = lowerExpr(M->getSubExpr());
      const Expr *Sub = skipTransparent(M->getSubExpr());
      while (isa<ParenExpr>(Sub))
        Sub = skipTransparent(cast<ParenExpr>(Sub)->getSubExpr());
      std::string Use = KeptAwaitResults.contains(Sub)
                            ? R
                            : materialize(M->getSubExpr(), R, "temp");
      if (M->isBoundToLvalueReference() && StringRef(Use).starts_with("std::move("))
        Use = Use.substr(10, Use.size() - 11);
      return Replace(Use);
    }
  if (KeepTemporaries && isKeptTemporaryExpr(E)) {
    // An argument of a call in a template that may bind a reference: kept
    // as clang would keep a temporary there.
    const Expr *Saved = Materializing;
    Materializing = E;
    std::string R = lowerExpr(E);
    Materializing = Saved;
    std::string Use = materialize(E, R, "temp");
    if (StringRef(Use).ends_with(")"))
      return Replace(Use);
    return Replace("std::move(" + Use + ")"); // a scalar: still a prvalue
  }

  // An operand that C++ may skip runs only if taken: if it suspends, or if
  // it makes temporaries that are kept (an await comes later).
  auto Skippable = [&](const Expr *Operand) {
    return hasAwait(Operand) || (KeepTemporaries && containsTemporary(Operand));
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->isLogicalOp() && Skippable(BO->getRHS()))
      return Replace(lowerShortCircuit(BO));
    if (BO->getOpcode() == BO_Comma)
      return Replace(lowerComma(BO));
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(E))
    if (Skippable(CO->getTrueExpr()) || Skippable(CO->getFalseExpr()))
      return Replace(lowerConditional(CO));
  if (isa<BinaryConditionalOperator>(E)) {
    error(E->getBeginLoc(), Diag::err_await_in_unsupported_expr,
          "the GNU '?:' operator");
    return {};
  }
  if (isa<StmtExpr>(E)) {
    error(E->getBeginLoc(), Diag::err_await_in_stmt_expr, "");
    return {};
  }
  if (const auto *LE = dyn_cast<LambdaExpr>(E))
    return lowerLambdaCaptures(LE);

  // Generic: operands before the last one that suspends are evaluated first,
  // into temporaries; that one is lowered; the rest stays in place.
  std::vector<const Expr *> Ops = operandsInOrder(E);
  if (llvm::none_of(Ops, [&](const Expr *Op) { return needsLowering(Op); })) {
    error(E->getBeginLoc(), Diag::err_await_in_unsupported_expr,
          E->getStmtClassName());
    return {};
  }
  // Written in a macro's body, an operand has no text of its own: it stays
  // where the expansion puts it, after what is evaluated first here. Only a
  // pure one (a literal, a name) may be left so.
  if (E->getBeginLoc().isMacroID() || E->getEndLoc().isMacroID())
    if (const Expr *Hidden = unmappedOperand(E, *Whole)) {
      error(Hidden->getBeginLoc(), Diag::err_await_in_macro, "");
      return {};
    }
  return lowerOperands(Ops);
}

std::vector<TextEdit>
PollBodyBuilder::lowerOperands(const std::vector<const Expr *> &Written) {
  // A nested braced list is not a value of its own (it cannot be kept in a
  // temporary): its elements are operands in its place.
  std::vector<const Expr *> Ops;
  std::function<void(const Expr *)> Add = [&](const Expr *Op) {
    if (isa<InitListExpr>(Op)) {
      for (const Expr *Element : operandsInOrder(Op))
        Add(Element);
      return;
    }
    Ops.push_back(Op);
  };
  for (const Expr *Op : Written)
    Add(Op);
  int Last = -1;
  for (size_t I = 0; I < Ops.size(); ++I)
    if (needsLowering(Ops[I]))
      Last = int(I);
  std::vector<TextEdit> Edits;
  if (Last < 0)
    return Edits;
  // What an operand before the last suspend point computes (an await's
  // result too) is used after it: kept in the future.
  for (int I = 0; I < Last; ++I) {
    if (isPure(Ops[I]))
      continue;
    auto R = Rewriter.fileRange(Ops[I]);
    std::string Use = spill(Ops[I]);
    Edits.push_back({R->first, R->second, Use});
  }
  std::vector<TextEdit> Inner = lowerEdits(Ops[Last]);
  Edits.insert(Edits.end(), Inner.begin(), Inner.end());
  return Edits;
}

std::vector<TextEdit> PollBodyBuilder::lowerLambdaCaptures(const LambdaExpr *LE) {
  // The explicit captures, in the order the closure's members are
  // initialized (the implicit ones come after them), with what initializes
  // each; the last init-capture that awaits.
  std::vector<std::pair<const LambdaCapture *, const Expr *>> Explicit;
  int Last = -1;
  const Expr *const *Init = LE->capture_init_begin();
  for (const LambdaCapture &C : LE->explicit_captures()) {
    const Expr *E = *Init++;
    if (LE->isInitCapture(&C))
      E = cast<VarDecl>(C.getCapturedVar())->getInit();
    if (LE->isInitCapture(&C) && needsLowering(E))
      Last = int(Explicit.size());
    Explicit.push_back({&C, E});
  }
  // Each capture up to that one is evaluated now, in C++'s order: the ones
  // before it into temporaries of the future (a copy `[x, ...]` too, as
  // C++ makes it before the await suspends), that one in place.
  std::vector<CapturedValue> Values;
  std::vector<TextEdit> Inline;
  for (int I = 0; I <= Last; ++I) {
    const LambdaCapture &C = *Explicit[I].first;
    const Expr *E = Explicit[I].second;
    if (LE->isInitCapture(&C)) {
      if (I < Last && isPure(E))
        continue;
      auto R = Rewriter.fileRange(E);
      if (!R) {
        error(E->getBeginLoc(), Diag::err_await_in_macro, "");
        return {};
      }
      std::string Use = I < Last ? spill(E) : lowerExpr(E);
      Values.push_back({C.getCapturedVar(), Use, "", *R});
      Inline.push_back({R->first, R->second, Use});
      continue;
    }
    bool ByCopy = C.getCaptureKind() == LCK_StarThis ||
                  (C.capturesVariable() && C.getCaptureKind() == LCK_ByCopy);
    if (!ByCopy || (E && isPure(E)))
      continue;
    if (auto Why = copyNotKept(LE, C)) {
      Diags.report(C.getLocation(), Diag::err_copy_before_awaiting_capture)
          << (C.capturesThis() ? std::string("*this")
                               : C.getCapturedVar()->getName().str())
          << *Why;
      Failed = true;
      return {};
    }
    // The variable as poll() reads it, copied into the future.
    const ValueDecl *V = C.getCapturedVar();
    const Expr *Read = nullptr;
    std::function<void(const Stmt *)> Find = [&](const Stmt *S) {
      if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(S);
          DRE && DRE->getDecl() == V)
        Read = DRE;
      for (const Stmt *Child : S->children())
        if (!Read && Child)
          Find(Child);
    };
    Find(E);
    auto R = Rewriter.fileRange(SourceRange(C.getLocation()));
    auto Type = Read ? valueTypeOf(Read, "Copy") : std::nullopt;
    if (!Read || !R || !Type) {
      error(C.getLocation(), Diag::err_await_in_unsupported_expr,
            "a capture by copy whose type cannot be named");
      return {};
    }
    std::string Use = materialize(Read, lowerExpr(Read), "temp", /*Copy=*/true);
    std::string Name = V->getName().str();
    Values.push_back({V, Use, *Type, *R});
    Inline.push_back({R->first, R->second, Name + " = " + Use});
  }
  // The closure is made by its factory from those values (the lambda's
  // type can then be named, should it be stored or awaited); if it cannot
  // have one, the lambda stays in poll() reading them.
  CapturedValues[LE] = std::move(Values);
  auto Whole = Rewriter.fileRange(LE);
  if (Whole && closureDeclval(LE))
    return {{Whole->first, Whole->second, ClosureCalls[LE]}};
  return Inline;
}

std::optional<std::string> PollBodyBuilder::copyNotKept(const LambdaExpr *LE,
                                                        const LambdaCapture &C) const {
  if (C.capturesThis())
    return std::string("the copy of the object is made before the await suspends");
  if (C.isPackExpansion())
    return std::string("a pack is copied element by element");
  QualType T = C.getCapturedVar()->getType();
  if (T->isArrayType())
    return std::string("an array is copied element by element");
  // The copy becomes an init-capture, whose member is never const.
  if (LE->isMutable() && T.getNonReferenceType().isConstQualified() &&
      !T->isReferenceType())
    return std::string("a const copy in a mutable lambda stays const");
  return std::nullopt;
}

std::string PollBodyBuilder::lowerKeepingTemporaries(const Expr *E) {
  bool Saved = KeepTemporaries;
  KeepTemporaries = true;
  std::string R = lowerExpr(E);
  KeepTemporaries = Saved;
  return R;
}

std::string PollBodyBuilder::spill(const Expr *E) {
  prepareClosures(E);
  bool Saved = KeepTemporaries;
  KeepTemporaries = true;
  const Expr *SavedSpilled = Spilled;
  Spilled = skipTransparent(E); // (what it sees depends on KeepTemporaries)
  std::string R = lowerExpr(E);
  Spilled = SavedSpilled;
  KeepTemporaries = Saved;
  return materialize(E, R, "temp");
}

std::string PollBodyBuilder::materialize(const Expr *E, const std::string &Text,
                                         StringRef Prefix, bool Copy) {
  unsigned Line = lineOf(E);
  QualType T = E->getType();
  if (!E->isTypeDependent() && T->isVoidType()) {
    out().addUserText(Line, Text + ";", 1);
    return "void()";
  }
  Slot S;
  S.Kind = SlotKind::Temporary;
  S.Name = Names.numbered(Prefix.str() + std::to_string(TempCount++));
  S.Line = Line;
  S.What = oneLine(E);

  // The result of a co_await is a value (a prvalue), whatever its type.
  bool AwaitResult = awaitOperand(skipTransparent(E)) != nullptr;
  if (E->isTypeDependent() && !AwaitResult && !Copy) {
    // The value category is only known when the template is instantiated:
    // hoist::detail::Stored holds a value or a pointer, as decltype says.
    auto D = declvalText(E);
    if (!D) {
      error(E->getBeginLoc(), Diag::err_await_in_unsupported_expr,
            "an operand whose type cannot be named");
      return Text;
    }
    S.Type = addAlias("Temp", "hoist::detail::Stored<decltype((" + *D + "))>", Line);
    S.Trivial = false;
    unsigned Id = newSlot(S);
    out().addUserText(Line,
                      "::new (&" + S.Name + ") " + S.Type + "{" + Text + "};" +
                          constructed(Id),
                      1);
    return S.Name + ".get()";
  }

  if (E->isPRValue() || AwaitResult || Copy) {
    auto Type = valueTypeOf(E, "Temp");
    if (!Type) {
      error(E->getBeginLoc(), Diag::err_await_in_unsupported_expr,
            "an operand whose type cannot be named");
      return Text;
    }
    S.Type = *Type;
    S.Trivial = Types.isTriviallyDestructible(T);
    if (!Types.mentionsAsync(T) && !T->isIncompleteType() && !T->isDependentType())
      S.Align = Ctx.getTypeAlignInChars(T).getQuantity();
    bool Scalar = Types.isScalar(T);
    S.Scalar = Scalar;
    unsigned Id = newSlot(S);
    if (Scalar) {
      out().addUserText(Line, S.Name + " = " + Text + ";" + constructed(Id), 1);
      return S.Name;
    }
    out().addUserText(Line,
                      "::new (&" + S.Name + ") " + S.Type + "(" + Text + ");" +
                          constructed(Id),
                      1);
    return "std::move(" + S.Name + ")";
  }

  // A glvalue: keep its address.
  std::optional<std::string> Pointee;
  if (Types.isNameable(T) && !T->getContainedAutoType() && !Types.mentionsAsync(T))
    Pointee = Types.spell(T);
  else if (auto D = declvalText(E))
    Pointee = "std::remove_reference_t<decltype((" + *D + "))>";
  if (!Pointee) {
    error(E->getBeginLoc(), Diag::err_await_in_unsupported_expr,
          "an operand whose type cannot be named");
    return Text;
  }
  S.Type = memberTypeFor(pointerTo(*Pointee), "Temp", Line);
  S.Trivial = true;
  S.Scalar = true;
  S.PointerToReferent = true;
  unsigned Id = newSlot(S);
  out().addUserText(Line, S.Name + " = hoist::address_of(" + Text + ");" + constructed(Id),
                    1);
  return E->isXValue() ? "std::move(*" + S.Name + ")" : "(*" + S.Name + ")";
}

std::optional<unsigned> PollBodyBuilder::movedParameter(const Expr *Operand) const {
  const auto *Call = dyn_cast<CallExpr>(skipTransparent(Operand)->IgnoreParens());
  if (!Call || Call->getNumArgs() != 1)
    return std::nullopt;
  // std::move, resolved or (in a template) not yet.
  bool IsMove = false;
  if (const FunctionDecl *FD = Call->getDirectCallee())
    IsMove = FD->isInStdNamespace() && FD->getDeclName().isIdentifier() &&
             FD->getName() == "move";
  else if (const auto *ULE = dyn_cast<UnresolvedLookupExpr>(
               Call->getCallee()->IgnoreParenImpCasts()))
    IsMove = ULE->getName().getAsString() == "move" && ULE->getNumDecls() > 0 &&
             llvm::all_of(ULE->decls(), [](const NamedDecl *D) {
               return D->getUnderlyingDecl()->isInStdNamespace();
             });
  if (!IsMove)
    return std::nullopt;
  const auto *DRE = dyn_cast<DeclRefExpr>(Call->getArg(0)->IgnoreParenImpCasts());
  const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  if (!P || P->getDeclContext() != Shape.Fn->Decl)
    return std::nullopt;
  const Slot *Param = entrySlot(SlotKind::Parameter, P);
  if (!Param)
    return std::nullopt;
  // Named nowhere else, and run at most once (no loop or label around it).
  // (A co_await's children hold its operand more than once.)
  llvm::SmallPtrSet<const DeclRefExpr *, 2> Uses;
  std::function<void(const Stmt *)> Count = [&](const Stmt *S) {
    if (!S)
      return;
    if (const auto *D = dyn_cast<DeclRefExpr>(S); D && D->getDecl() == P)
      Uses.insert(D);
    for (const Stmt *C : writtenChildren(S))
      Count(C);
  };
  Count(Shape.Fn->Body);
  if (Uses.size() != 1 || !Labels.empty())
    return std::nullopt;
  for (const Stmt *A = Parents->getParent(Operand); A; A = Parents->getParent(A))
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(A))
      return std::nullopt;
  return Param->Id;
}

std::string PollBodyBuilder::lowerAwait(const Expr *Await) {
  const Expr *Operand = awaitOperand(Await);
  unsigned Line = lineOf(Await);

  // The operand runs first; its temporaries live to the end of the
  // full-expression (across this suspension). Its lambdas are made by
  // factories, so that the awaitee's type can be named.
  prepareClosures(Operand);
  std::string Op = lowerKeepingTemporaries(Operand);
  // States are numbered in the order the code reaches them (an await in
  // the operand comes first).
  unsigned K = Shape.States.size();

  // The awaitee's type: the operand's own type when it is a future
  // prvalue, else what hoist::make_awaitee makes of it.
  Slot S;
  S.Kind = SlotKind::Awaitee;
  S.Name = Names.numbered("awaitee" + std::to_string(K));
  S.Line = Line;
  S.What = oneLine(Await);
  bool Dependent = Operand->isTypeDependent();
  bool Direct = !Dependent && Operand->isPRValue() &&
                !hasIntoFuture(Operand->getType());
  std::optional<std::string> DeclvalOp = declvalText(Operand);
  std::string Construct;
  // `co_await std::move(p)` of a parameter named nowhere else: a future is
  // polled where it is, not moved into an awaitee (stored once; rustc
  // stores it twice, rust-lang/rust#62958). In a template, whether p is a
  // future is known at instantiation: hoist::detail::moved_awaitee_t is
  // empty then, and poll_moved polls p.
  std::optional<unsigned> Moved = movedParameter(Operand);
  QualType MovedType = Operand->getType().getNonReferenceType();
  std::optional<unsigned> InPlace;
  if (Moved && !Dependent && MovedType->isRecordType() && !hasIntoFuture(MovedType))
    InPlace = Moved;
  std::string Polled;
  if (InPlace) {
    Polled = Shape.Slots[*InPlace].Name + ".poll(" + N.Context + ")";
  } else if (Moved && Dependent) {
    const Slot &P = Shape.Slots[*Moved];
    S.Type = addAlias("Awaitee" + std::to_string(K),
                      "hoist::detail::moved_awaitee_t<" + P.Type + ">", Line);
    S.Trivial = false;
    Construct = "::new (&" + S.Name + ") " + S.Type +
                "(hoist::detail::make_moved_awaitee(" + P.Name + "));";
    Polled = "hoist::detail::poll_moved(" + S.Name + ", " + P.Name + ", " +
             N.Context + ")";
  } else if (Direct) {
    std::optional<std::string> Type;
    QualType T = Operand->getType();
    // A type that mentions hoist::Async (a combinator over async
    // functions: hoist::Timeout<hoist::Async<int>>) is another type in the
    // lowered program: named through the lowered expression.
    bool Lowered = Types.mentionsAsync(T);
    if (!Lowered && Types.isNameable(T))
      Type = Types.spell(T.getUnqualifiedType());
    else if (DeclvalOp)
      Type = addAlias("Awaitee" + std::to_string(K), "decltype(" + *DeclvalOp + ")", Line);
    if (!Type) {
      error(Await->getBeginLoc(), Diag::err_await_in_unsupported_expr,
            "an awaited expression whose type cannot be named outside the "
            "function (for example, one that contains a lambda)");
      return "void()";
    }
    S.Type = *Type;
    S.Trivial = !Lowered && Types.isTriviallyDestructible(T);
    // A leaf future's alignment is its type's (a lowered one's is not known).
    if (!Lowered && !T->isIncompleteType())
      S.Align = Ctx.getTypeAlignInChars(T).getQuantity();
    Construct = "::new (&" + S.Name + ") " + S.Type + "(" + Op + ");";
  } else {
    if (!DeclvalOp) {
      error(Await->getBeginLoc(), Diag::err_await_in_unsupported_expr,
            "an awaited expression whose type cannot be named outside the "
            "function (for example, one that contains a lambda)");
      return "void()";
    }
    S.Type = addAlias("Awaitee" + std::to_string(K),
                      "hoist::awaitee_t<decltype((" + *DeclvalOp + "))>",
                      Line);
    S.Trivial = false;
    Construct = "::new (&" + S.Name + ") " + S.Type + "(hoist::make_awaitee(" +
                Op + "));";
  }
  unsigned Id;
  if (InPlace) {
    Id = *InPlace;
  } else {
    Id = newSlot(S);
    out().addUserText(Line, Construct + constructed(Id), 1);
  }
  if (Polled.empty())
    Polled = Shape.Slots[Id].Name + ".poll(" + N.Context + ")";
  // The future whose output the await yields.
  std::string PolledType = Shape.Slots[Id].Type;
  if (Moved && Dependent)
    PolledType = "hoist::awaitee_t<" + Shape.Slots[*Moved].Type + ">";

  // The state: what is alive here is what the future holds while suspended.
  SuspendState St;
  St.Index = K;
  St.Line = Line;
  St.Column = Ctx.getSourceManager().getExpansionColumnNumber(Await->getBeginLoc());
  St.AwaitText = oneLine(Await);
  St.DropPoint = CurPoint;
  St.Awaitee = Id;
  St.ResumeLabel = Names.numbered("resume_suspend" + std::to_string(K));
  for (unsigned T : ActiveTries) {
    St.TryEntries.push_back(Shape.Tries[T].Label);
    Shape.Tries[T].States.push_back(K);
  }
  {
    auto [FID, Off] = Ctx.getSourceManager().getDecomposedExpansionLoc(
        Await->getBeginLoc());
    StringRef Buf = Ctx.getSourceManager().getBufferData(FID);
    size_t B = Buf.rfind('\n', Off);
    B = B == StringRef::npos ? 0 : B + 1;
    size_t End = Buf.find('\n', Off);
    St.Source = Buf.slice(B, End).trim().str();
  }
  for (unsigned A : Alive)
    Shape.Slots[A].LiveIn.push_back(K);
  Shape.States.push_back(St);

  // The result: Poll<Output>, declared at the top of poll().
  // Spelled as the callee declares it (`hoist::Async<std::string> f()`
  // gives std::string), or as a plain type, or through the awaitee.
  std::string OutputType;
  if (!Await->isTypeDependent()) {
    QualType Canon = Await->getType().getCanonicalType().getUnqualifiedType();
    if (Canon->isVoidType()) {
      OutputType = "void";
    } else if (const auto *Call = dyn_cast<CallExpr>(skipTransparent(Operand))) {
      if (const FunctionDecl *Callee = Call->getDirectCallee())
        if (auto Declared = asyncOutputType(Callee->getDeclaredReturnType()))
          if (!(*Declared)->isDependentType())
            if (auto T = Types.spell(*Declared))
              OutputType = *T;
    }
    if (OutputType.empty() &&
        (Canon->isBuiltinType() || Canon->isPointerType() || Canon->isEnumeralType()))
      if (auto T = Types.spell(Canon))
        OutputType = *T;
  }
  if (OutputType.empty())
    OutputType = "hoist::output_t<" + PolledType + ">";
  AwaitOutputTypes[Await] = OutputType;
  std::string Ready = Names.numbered("ready" + std::to_string(K));
  Shape.PollLocals.push_back("hoist::Poll<" + OutputType + "> " + Ready +
                             " = hoist::pending;");

  out().addLoose(Line, St.ResumeLabel + ":", -1);
  out().add(Line, "if ((" + Ready + " = " + Polled + ").is_pending()) return " +
                      N.Suspend + "(" + N.StateEnum + "::Suspend" + std::to_string(K) +
                      ");");

  // Ready. The awaitee is a temporary of the full-expression (as in C++20,
  // where the awaiter lives to the end of it): the scope of the
  // full-expression destroys it, after the value has been used.
  if (OutputType == "void")
    return "void()";
  // The result is a temporary: destroyed at the end of the full-expression.
  // If the full-expression suspends again, it is kept in the future until
  // then (poll() returns at the suspension, and its locals with it).
  QualType ResultType = Await->getType();
  if (KeepTemporaries && Await != Spilled &&
      (ResultType->isDependentType() ||
       ResultType.isDestructedType() != QualType::DK_none)) {
    KeptAwaitResults.insert(Await);
    return materialize(Await, "std::move(" + Ready + ").value()", "temp");
  }
  if (ResultType->isDependentType() ||
      ResultType.isDestructedType() != QualType::DK_none)
    for (auto It = Scopes.rbegin(); It != Scopes.rend(); ++It)
      if (It->Kind == ScopeKind::FullExpr) {
        It->AwaitResults.push_back(Ready);
        break;
      }
  return "std::move(" + Ready + ").value()";
}

Slot PollBodyBuilder::boolSlot(StringRef Prefix, unsigned Line, std::string What) {
  Slot S;
  S.Kind = SlotKind::Temporary;
  S.Name = Names.numbered(Prefix.str() + std::to_string(TempCount++));
  S.Type = "bool";
  S.Trivial = true;
  S.Scalar = true;
  S.Align = 1;
  S.Line = Line;
  S.What = std::move(What);
  return S;
}

bool PollBodyBuilder::scopeHasDestructors() const {
  return llvm::any_of(Scopes.back().Slots, [&](unsigned Id) {
    return !Shape.Slots[Id].Trivial && !Shape.Slots[Id].Reference;
  });
}

bool PollBodyBuilder::endSkippableOperand(unsigned Line, std::vector<unsigned> &Kept) {
  if (!scopeHasDestructors()) {
    closeScope(Line);
    return false;
  }
  // Its values are temporaries of the full-expression: they stay alive (and
  // the drop point where it is) until the enclosing scope ends.
  Kept = std::move(Scopes.back().Slots);
  std::vector<std::string> Results = std::move(Scopes.back().AwaitResults);
  Scopes.pop_back();
  llvm::append_range(Scopes.back().AwaitResults, Results);
  return true;
}

void PollBodyBuilder::guardDestruction(unsigned Id, const std::string &Ran) {
  Slot &S = Shape.Slots[Id];
  if (!S.Trivial && !S.Reference)
    S.DestroyIf = S.DestroyIf.empty() ? Ran : Ran + " && " + S.DestroyIf;
}

std::string PollBodyBuilder::lowerShortCircuit(const BinaryOperator *BO) {
  unsigned Line = lineOf(BO);
  bool IsOr = BO->getOpcode() == BO_LOr;
  // The rest of the full-expression may suspend: the left operand's
  // temporaries are kept to its end.
  std::string L = lowerKeepingTemporaries(BO->getLHS());
  auto BoolSlot = [&](StringRef Prefix) {
    unsigned Id = newSlot(boolSlot(Prefix, Line, oneLine(BO)));
    (void)constructed(Id);
    return Shape.Slots[Id].Name; // a copy: slots grow
  };
  const std::string Name = BoolSlot("cond");
  out().addUserText(Line, Name + " = static_cast<bool>(" + L + ");", 1);
  // The right operand runs only if C++ would run it.
  std::string Ran = (IsOr ? "!" : "") + Name;
  out().add(Line, "if (" + Ran + ") {");
  out().indent();
  openScope(ScopeKind::Block, BO->getRHS());
  // Its value is stored by a statement of its own: its temporaries are
  // kept to the end of the full-expression.
  std::string R = lowerKeepingTemporaries(BO->getRHS());
  std::string Result = Name;
  std::vector<unsigned> Kept;
  if (scopeHasDestructors()) {
    // Its values end with the full-expression, if it ran: the left
    // operand's value says so, and stays.
    const std::string Right = BoolSlot("right");
    out().addUserText(Line, Right + " = static_cast<bool>(" + R + ");", 1);
    Result = "(" + Name + (IsOr ? " || " : " && ") + Right + ")";
  } else {
    out().addUserText(Line, Name + " = static_cast<bool>(" + R + ");", 1);
  }
  if (endSkippableOperand(Line, Kept))
    for (unsigned K : Kept) {
      guardDestruction(K, Ran);
      Scopes.back().Slots.push_back(K);
    }
  out().dedent();
  out().addLoose(Line, "}");
  return Result;
}

std::string PollBodyBuilder::lowerComma(const BinaryOperator *BO) {
  unsigned Line = lineOf(BO);
  // The rest of the full-expression may suspend: the left operand's
  // temporaries are kept to its end.
  std::string L = lowerKeepingTemporaries(BO->getLHS());
  if (L != "void()")
    out().addUserText(Line, "static_cast<void>(" + L + ");", 1);
  return lowerExpr(BO->getRHS());
}

namespace {
/// The index of the `)` that closes the `(` at `Open` in `Text` (npos if
/// none); parentheses in string and character literals are not counted.
size_t closingParen(StringRef Text, size_t Open) {
  int Depth = 0;
  char Quote = 0;
  for (size_t I = Open; I < Text.size(); ++I) {
    char C = Text[I];
    if (Quote) {
      if (C == '\\')
        ++I;
      else if (C == Quote)
        Quote = 0;
    } else if (C == '"' || C == '\'') {
      Quote = C;
    } else if (C == '(') {
      ++Depth;
    } else if (C == ')' && --Depth == 0) {
      return I;
    }
  }
  return StringRef::npos;
}
} // namespace

std::string PollBodyBuilder::lowerConditional(const AbstractConditionalOperator *CO) {
  unsigned Line = lineOf(CO);
  prepareClosures(CO);
  // The operands may suspend: the condition's temporaries are kept to the
  // end of the full-expression.
  std::string Cond = lowerKeepingTemporaries(CO->getCond());
  // A type that depends on a template parameter is named once the arms
  // are lowered (the types of their awaits are known then): a
  // hoist::detail::Stored of what decltype says, value or reference.
  bool Dependent = CO->isTypeDependent();
  bool Void = !Dependent && CO->getType()->isVoidType();
  bool Glvalue = !Dependent && CO->isGLValue();
  bool Scalar = !Dependent && Types.isScalar(CO->getType());

  std::optional<unsigned> Id;
  if (!Void) {
    Slot S;
    S.Kind = SlotKind::Temporary;
    S.Name = Names.numbered("choice" + std::to_string(TempCount++));
    S.Line = Line;
    S.What = oneLine(CO);
    std::optional<std::string> Type;
    if (Dependent) {
      Type = Names.numbered("Choice");
      S.Trivial = false;
    } else if (Glvalue) {
      QualType T = CO->getType();
      if (!CO->isTypeDependent() && Types.isNameable(T) && !Types.mentionsAsync(T))
        Type = Types.spell(T);
      else if (auto D = declvalText(CO))
        Type = "std::remove_reference_t<decltype((" + *D + "))>";
      if (Type)
        Type = memberTypeFor(pointerTo(*Type), "Choice", Line);
      S.Trivial = true;
      S.Scalar = true;
      S.PointerToReferent = true;
    } else {
      Type = valueTypeOf(CO, "Choice");
      S.Trivial = Types.isTriviallyDestructible(CO->getType());
      S.Scalar = Scalar;
    }
    if (!Type) {
      error(CO->getBeginLoc(), Diag::err_await_in_unsupported_expr,
            "a conditional operator whose type cannot be named");
      return Cond;
    }
    S.Type = *Type;
    Id = newSlot(S);
  }

  // An arm whose values have destructors keeps them to the end of the
  // full-expression, destroyed only if it ran: a flag of the future says
  // which arm did. The drop point runs on through the first arm's values
  // into the second's (the first's are no-ops there, by the flag), and the
  // arms' values may share storage.
  size_t FirstSlot = Shape.Slots.size();
  size_t FirstState = Shape.States.size();
  std::vector<unsigned> Kept[2];
  bool Deferred[2] = {false, false};
  auto Branch = [&](const Expr *Arm, int Which) {
    openScope(ScopeKind::Block, Arm);
    // Its value is stored by a statement of its own: its temporaries are
    // kept to the end of the full-expression.
    std::string A = lowerKeepingTemporaries(Arm);
    std::string Store;
    if (Void) {
      if (A != "void()")
        Store = "static_cast<void>(" + A + ");";
    } else {
      const Slot &S = Shape.Slots[*Id];
      if (Dependent)
        Store = "::new (&" + S.Name + ") " + S.Type + "{" + A + "};";
      else if (Glvalue)
        Store = S.Name + " = hoist::address_of(" + A + ");";
      else if (Scalar)
        Store = S.Name + " = " + A + ";";
      else
        Store = "::new (&" + S.Name + ") " + S.Type + "(" + A + ");";
    }
    if (!Store.empty())
      out().addUserText(Line, Store, 1);
    if (Id)
      markAlive(*Id); // constructed while the arm's temporaries live
    Deferred[Which] = endSkippableOperand(Line, Kept[Which]);
    for (unsigned K : Kept[Which])
      llvm::erase(Alive, K); // not alive in the other arm
    if (Id) {
      // The arm ends with the value alive in the enclosing scope.
      llvm::erase(Alive, *Id);
      if (!Shape.Slots[*Id].Trivial)
        out().append(" " + setPointText(dropNode(*Id, CurPoint)));
    }
  };
  // `(a == b) ? ...` becomes `if (a == b)`: parentheses kept around a
  // comparison would read as a mistake to clang (-Wparentheses-equality).
  if (const auto *P = dyn_cast<ParenExpr>(CO->getCond()->IgnoreImpCasts())) {
    const auto *BO = dyn_cast<BinaryOperator>(P->getSubExpr()->IgnoreImpCasts());
    const auto *OC = dyn_cast<CXXOperatorCallExpr>(P->getSubExpr()->IgnoreImpCasts());
    bool Assigns = (BO && BO->isAssignmentOp()) || (OC && OC->isAssignmentOp());
    if (!Assigns && Cond.size() > 2 && Cond.front() == '(' && Cond.back() == ')' &&
        closingParen(Cond, 0) == Cond.size() - 1)
      Cond = Cond.substr(1, Cond.size() - 2);
  }
  size_t IfLine = out().size();
  out().add(Line, "if (" + Cond + ") {");
  size_t IfEnd = out().size();
  out().indent();
  Branch(CO->getTrueExpr(), 0);
  out().dedent();
  out().addLoose(Line, "} else {");
  out().indent();
  Branch(CO->getFalseExpr(), 1);
  out().dedent();
  out().addLoose(Line, "}");

  for (const std::vector<unsigned> &K : Kept)
    llvm::append_range(Alive, K);
  std::vector<unsigned> Made(Kept[0]);
  llvm::append_range(Made, Kept[1]);
  if (Id) {
    Made.push_back(*Id);
    Alive.push_back(*Id);
  }
  if (Deferred[0] || Deferred[1]) {
    unsigned Flag =
        newSlot(boolSlot("taken", Line, "which operand of " + oneLine(CO) + " ran"));
    // Set before the arms: alive with everything they made.
    for (unsigned I = FirstSlot; I < Flag; ++I)
      interfere(Flag, I);
    for (size_t K = FirstState; K < Shape.States.size(); ++K)
      Shape.Slots[Flag].LiveIn.push_back(K);
    (void)constructed(Flag);
    const std::string Name = Shape.Slots[Flag].Name;
    for (unsigned K : Kept[0])
      guardDestruction(K, Name);
    for (unsigned K : Kept[1])
      guardDestruction(K, "!" + Name);
    out().replaceLines(IfLine, IfEnd,
                       Name + " = static_cast<bool>(" + Cond + ");\nif (" + Name + ") {");
  }
  // In the enclosing scope in order of construction (after the flag: it
  // has no destructor).
  llvm::append_range(Scopes.back().Slots, Made);
  if (Id && !Shape.Slots[*Id].Trivial)
    CurPoint = dropNode(*Id, CurPoint);
  if (Void)
    return "void()";
  const Slot &S = Shape.Slots[*Id];
  if (Dependent) {
    auto D = declvalText(CO);
    if (!D) {
      error(CO->getBeginLoc(), Diag::err_await_in_unsupported_expr,
            "a conditional operator whose type cannot be named");
      return S.Name + ".get()";
    }
    Shape.Aliases.push_back(TypeAlias{
        S.Type, "hoist::detail::Stored<decltype((" + *D + "))>", Line, keptIf()});
    return S.Name + ".get()";
  }
  if (Glvalue)
    return CO->isXValue() ? "std::move(*" + S.Name + ")" : "(*" + S.Name + ")";
  return Scalar ? S.Name : "std::move(" + S.Name + ")";
}

} // namespace hoist
