//===- FunctionLowering.cpp - One async function into its shape ----------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Runs the phases for one async function, in order:
///
///   findSuspendPoints -> computeLocalStorage -> findDeadAcrossSuspends ->
///   entry slots ->
///   PollBodyBuilder::build -> computeFrameLayout
///
//===----------------------------------------------------------------------===//
#include "Lower/FunctionLowering.h"

#include "Analysis/Liveness.h"
#include "Analysis/LocalStorage.h"
#include "Analysis/SuspendPoints.h"
#include "Analysis/WrittenTree.h"
#include "Lower/FrameLayout.h"
#include "Lower/Naming.h"
#include "Lower/PollBodyBuilder.h"
#include "Lower/TypeSpelling.h"

#include "clang/AST/DeclCXX.h"
#include "clang/Lex/Lexer.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

#define DEBUG_TYPE "hoist-lowering"

using namespace clang;

namespace hoist {

/// Where the name of the unnamed parameter `P` goes (after its type, before
/// a default argument), as a file offset; none for declarators that wrap the
/// name (function pointers, arrays) or a type written in a macro.
static std::optional<unsigned> unnamedParamNameOffset(const ParmVarDecl *P,
                                                      const SourceManager &SM,
                                                      const LangOptions &LO) {
  const TypeSourceInfo *TSI = P->getTypeSourceInfo();
  if (!TSI)
    return std::nullopt;
  TypeLoc TL = TSI->getTypeLoc();
  for (TypeLoc Inner = TL; !Inner.isNull(); Inner = Inner.getNextTypeLoc())
    if (Inner.getAs<ParenTypeLoc>() || Inner.getAs<ArrayTypeLoc>() ||
        Inner.getAs<FunctionTypeLoc>() || Inner.getAs<MemberPointerTypeLoc>())
      return std::nullopt;
  SourceLocation End = TL.getEndLoc();
  if (End.isInvalid() || End.isMacroID())
    return std::nullopt;
  SourceLocation After = Lexer::getLocForEndOfToken(End, 0, SM, LO);
  if (After.isInvalid() || !SM.isWrittenInMainFile(After))
    return std::nullopt;
  return SM.getFileOffset(After);
}

namespace {
/// A fold expression or pack expansion under `S` that contains an await.
const Stmt *awaitInPackExpansion(const Stmt *S, const SuspendPoints &Points) {
  if (!S || !Points.contains(S))
    return nullptr;
  if (isa<CXXFoldExpr>(S) || isa<PackExpansionExpr>(S))
    return S;
  for (const Stmt *C : writtenChildren(S))
    if (const Stmt *Found = awaitInPackExpansion(C, Points))
      return Found;
  return nullptr;
}

/// A std::initializer_list the future would hold while its array (which
/// C++ keeps to the end of the full-expression, where the lowering ends
/// the statement at the await) is gone: one passed straight to the
/// awaited call (`co_await sum({a, 2, 3})`: the callee's future stores the
/// list), or the range of a range-for whose body awaits, when written
/// `std::initializer_list<int>{1, 2}`. A list consumed by a constructor
/// (`std::vector<int>{1, 2}`) is not held. An initializer_list object can only be made from braces,
/// so the lowering cannot give it a lasting array.
const Expr *initializerListAcrossAwait(const Stmt *S, const SuspendPoints &Points) {
  if (!S || !Points.contains(S) || isa<LambdaExpr>(S))
    return nullptr;
  auto IsList = [](const Expr *E) -> const Expr * {
    E = E->IgnoreImplicit()->IgnoreParens()->IgnoreImplicit();
    if (isa<CXXStdInitializerListExpr>(E))
      return E;
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
      if (isa<CXXStdInitializerListExpr>(Cast->getSubExpr()->IgnoreImplicit()))
        return E;
    return nullptr;
  };
  if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
    const Expr *Op = Await->getOperand()->IgnoreImplicit()->IgnoreParens();
    if (const auto *Call = dyn_cast<CallExpr>(Op))
      for (const Expr *Arg : Call->arguments())
        if (const Expr *Found = IsList(Arg))
          return Found;
  }
  // (A braced list itself, `for (x : {a, b})`, is lowered: the future
  // stores its array.)
  if (const auto *For = dyn_cast<CXXForRangeStmt>(S))
    if (Points.contains(For->getBody()))
      if (const Expr *Found = IsList(For->getRangeInit());
          Found && isa<CXXFunctionalCastExpr>(Found))
        return Found;
  for (const Stmt *C : writtenChildren(S))
    if (const Expr *Found = initializerListAcrossAwait(C, Points))
      return Found;
  return nullptr;
}

/// Reserves the names that \p Text declares as `using Name = ...`.
void reserveAliasNames(StringRef Text, NameAllocator &Names) {
  for (size_t At = Text.find("using "); At != StringRef::npos;
       At = Text.find("using ", At + 1)) {
    StringRef Rest = Text.substr(At + 6);
    size_t Len = 0;
    while (Len < Rest.size() && (llvm::isAlnum(Rest[Len]) || Rest[Len] == '_'))
      ++Len;
    if (Len && Rest.substr(Len).starts_with(" ="))
      Names.reserve(Rest.take_front(Len));
  }
}

/// A `__func__` (or `__FUNCTION__`) of the function's own code (not of a
/// lambda in it) that a macro's body spells, where no edit can reach it.
const PredefinedExpr *funcInMacroBody(const Stmt *S, const SourceManager &SM) {
  if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
    return nullptr;
  if (const auto *PE = dyn_cast<PredefinedExpr>(S)) {
    PredefinedIdentKind K = PE->getIdentKind();
    SourceLocation L = PE->getLocation();
    if ((K == PredefinedIdentKind::Func || K == PredefinedIdentKind::Function ||
         K == PredefinedIdentKind::LFunction) &&
        L.isMacroID() && !SM.isMacroArgExpansion(L))
      return PE;
  }
  for (const Stmt *C : writtenChildren(S))
    if (const PredefinedExpr *Found = funcInMacroBody(C, SM))
      return Found;
  return nullptr;
}

/// True if code under \p S names \p Name unqualified (a member of that
/// name in the future would hide what it names).
bool namesUnqualified(const Stmt *S, StringRef Name) {
  if (!S)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (!DRE->hasQualifier() && DRE->getDecl()->getDeclName().isIdentifier() &&
        DRE->getDecl()->getName() == Name)
      return true;
  if (const auto *ULE = dyn_cast<UnresolvedLookupExpr>(S))
    if (!ULE->getQualifier() && ULE->getName().isIdentifier() &&
        ULE->getName().getAsIdentifierInfo()->getName() == Name)
      return true;
  for (const Stmt *C : writtenChildren(S))
    if (namesUnqualified(C, Name))
      return true;
  return false;
}
} // namespace

std::string futureNameFor(StringRef FunctionName) {
  std::string Name;
  bool Upper = true;
  for (char C : FunctionName) {
    if (C == '_') {
      Upper = true;
      continue;
    }
    if (!llvm::isAlnum(C))
      continue;
    Name += Upper ? llvm::toUpper(C) : C;
    Upper = false;
  }
  if (Name.empty() || llvm::isDigit(Name[0]))
    Name = "Async" + Name;
  return Name + "Future";
}

namespace {

/// The type of `this` where a lambda is written (its enclosing member
/// function's).
QualType enclosingThisType(const LambdaExpr *LE) {
  for (const DeclContext *DC = LE->getLambdaClass()->getDeclContext(); DC;
       DC = DC->getParent()) {
    if (const auto *MD = dyn_cast<CXXMethodDecl>(DC))
      if (!MD->getParent()->isLambda() && MD->isInstance())
        return MD->getThisType();
  }
  return QualType();
}

/// True if the lambda is written in an async function that stores `this`
/// (a member function, or a lambda that captures it): that function's
/// poll() captures its `self` where the lambda captured `this`.
bool insideAsyncMember(const LambdaExpr *LE) {
  for (const DeclContext *DC = LE->getLambdaClass()->getDeclContext(); DC;
       DC = DC->getParent()) {
    const auto *FD = dyn_cast<FunctionDecl>(DC);
    if (!FD || !isa_and_nonnull<CoroutineBodyStmt>(FD->getBody()) ||
        !asyncOutputType(FD->getDeclaredReturnType()))
      continue;
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    if (MD && MD->getParent()->isLambda())
      return llvm::any_of(MD->getParent()->captures(),
                          [](const LambdaCapture &C) { return C.capturesThis(); });
    return MD && MD->isInstance();
  }
  return false;
}

} // namespace

std::optional<AsyncFnShape> lowerAsyncFunction(const AsyncFunction &Fn,
                                               ASTContext &Ctx,
                                               SourceRewriter &Rewriter,
                                               DiagEmitter &Diags) {
  std::optional<SuspendPoints> Points = findSuspendPoints(Fn, Ctx, Diags);
  if (!Points)
    return std::nullopt;
  LocalStorage Storage = computeLocalStorage(Fn, *Points);
  // Scalars never read after a suspend point need no place in the future.
  Storage.DeadAcross = findDeadAcrossSuspends(Fn, *Points, Storage, Ctx);
  for (const clang::VarDecl *V : Storage.DeadAcross)
    Storage.Stored.erase(V);

  const SourceManager &SM = Ctx.getSourceManager();
  AsyncFnShape Shape;
  Shape.Fn = &Fn;
  Shape.DisplayName = Fn.DisplayName;
  SourceLocation NameLoc =
      SM.getExpansionLoc(Fn.Lambda ? Fn.Lambda->getBeginLoc() : Fn.Decl->getLocation());
  PresumedLoc P = SM.getPresumedLoc(NameLoc);
  Shape.Line = P.getLine();
  Shape.Location = llvm::sys::path::filename(P.getFilename()).str() + ":" +
                   std::to_string(P.getLine()) + ":" +
                   std::to_string(P.getColumn());

  // Generated names avoid every identifier the function spells, and the
  // type aliases of the async lambdas in it, lowered already: declared in
  // the lambda's body, they would shadow this function's (-Wshadow).
  NameAllocator Names;
  {
    SourceRange Whole = Fn.sourceRange();
    if (auto R = Rewriter.fileRange(Whole)) {
      Names.reserveIdentifiersIn(Rewriter.rawText(R->first, R->second));
      for (StringRef Nested : Rewriter.fixedTextsIn(R->first, R->second))
        reserveAliasNames(Nested, Names);
    }
  }
  // Nor a name declared in a scope around the function (a global `result`:
  // poll()'s local of that name would shadow it, -Wshadow).
  for (const char *Base : {"State", "state_", "unwind", "resumed", "cx", "suspend",
                           "finished", "drop_to", "result", "self", "other", "next"}) {
    DeclarationName Name(&Ctx.Idents.get(Base));
    for (const DeclContext *DC = Fn.Decl->getDeclContext(); DC; DC = DC->getParent())
      if (DC->isFileContext() && !DC->lookup(Name).empty()) {
        Names.reserve(Base);
        break;
      }
  }
  // The future's own members that the protocol names: a user's parameter or
  // local of the same name is stored under another.
  bool SpellsOutput = Names.isTaken("Output");
  Names.reserve("Output");
  Names.reserve("poll");
  GeneratedNames &GN = Shape.Names;
  GN.StateEnum = Names.fresh("State");
  GN.StateVar = Names.fresh("state_");
  GN.Unwind = Names.fresh("unwind");
  GN.Resumed = Names.fresh("resumed");
  GN.Context = Names.fresh("cx");
  GN.Suspend = Names.fresh("suspend");
  GN.Unwinding = Names.fresh("finished");
  GN.DropTo = Names.fresh("drop_to");
  GN.Result = Names.fresh("result");
  GN.Self = Names.fresh("self");
  GN.Other = Names.fresh("other");
  GN.Next = Names.fresh("next");
  GN.From = Names.fresh("from");
  GN.To = Names.fresh("to");
  std::string BaseName = Fn.Lambda ? "lambda"
                         : Fn.Decl->getDeclName().isIdentifier()
                             ? Fn.Decl->getName().str()
                             : "operator";
  Shape.FutureName = Names.fresh(futureNameFor(BaseName));
  if (SpellsOutput)
    GN.PollOutput = "typename " + Shape.FutureName + "::Output";
  Shape.FactoriesName = Names.fresh("Lambdas");

  TypeSpeller Types(Ctx, Fn);
  if (auto Spelled = Types.spell(Fn.Output)) {
    Shape.Output = *Spelled;
  } else {
    // As written (`decltype(v)` in a generic lambda), through an alias: inside
    // the future, names of the function may be hidden by its members.
    Shape.Output = Names.fresh("OutputType");
    Shape.Aliases.push_back(TypeAlias{Shape.Output, Fn.OutputSpelling, Shape.Line});
  }

  Rewriter.resetFunctionEdits();
  Rewriter.setFunctionName(Fn.Decl->getNameAsString());
  PollBodyBuilder Builder(Shape, *Points, Storage, Rewriter, Types, Names, Diags,
                          Ctx);

  // `this`: a member function's, or the one a lambda captures.
  QualType ThisType;
  bool LambdaThis = Fn.Lambda && llvm::any_of(Fn.Lambda->captures(),
                                               [](const LambdaCapture &C) {
                                                 return C.capturesThis();
                                               });
  if (Fn.Kind == AsyncFnKind::Member)
    ThisType = cast<CXXMethodDecl>(Fn.Decl)->getThisType();
  else if (LambdaThis)
    ThisType = enclosingThisType(Fn.Lambda);
  bool CopiesThis =
      Fn.Lambda && llvm::any_of(Fn.Lambda->captures(), [](const LambdaCapture &C) {
        return C.capturesThis() && C.getCaptureKind() == LCK_StarThis;
      });
  if (CopiesThis)
    ThisType = QualType(); // [*this]: the closure's copy, decltype(this)
  // Inside another async function's poll(), the lambda captured that
  // function's `self` for `this` (for `*this`, a copy of what it points to).
  bool CapturedSelf = Fn.Lambda && LambdaThis && insideAsyncMember(Fn.Lambda);
  std::string SelfArg = !CapturedSelf ? "this"
                        : CopiesThis  ? "hoist::detail::self_pointer(" + GN.Self + ")"
                                      : GN.Self;
  bool NeedSelf = Fn.Kind == AsyncFnKind::Member || LambdaThis;
  if (NeedSelf) {
    Slot S;
    S.Kind = SlotKind::Self;
    S.Name = GN.Self;
    if (!ThisType.isNull() && Types.isNameable(ThisType))
      S.Type = *Types.spell(ThisType);
    else {
      S.Type = Names.fresh("Self");
      // (decltype sees a lambda's capture as not const: the copy is in a
      // lambda that is not mutable.)
      std::string Of = CapturedSelf && CopiesThis && !Fn.Lambda->isMutable()
                           ? "hoist::detail::self_pointer(std::as_const(" + GN.Self + "))"
                           : SelfArg;
      Shape.Aliases.push_back(TypeAlias{S.Type, "decltype(" + Of + ")", Shape.Line});
    }
    S.Trivial = true;
    S.Scalar = true;
    S.Line = Shape.Line;
    S.What = "this";
    Builder.addEntrySlot(S);
    Shape.CtorSlots.push_back(Shape.Slots.size() - 1);
    Shape.CtorArgs.push_back(SelfArg);
    Shape.HasSelf = true;
    Rewriter.setThisReplacement(GN.Self);
  }

  // Captures: references to the closure's members (the closure outlives the
  // future, as a coroutine lambda's does).
  if (Fn.Lambda) {
    for (const LambdaCapture &C : Fn.Lambda->captures()) {
      if (!C.capturesVariable())
        continue;
      // A variable, or a structured binding (C++20 captures those too).
      const ValueDecl *V = C.getCapturedVar();
      const auto *Var = dyn_cast<VarDecl>(V);
      bool InitCapture = Var && Var->isInitCapture();
      Slot S;
      S.Kind = SlotKind::Capture;
      S.Name = V->getName().str();
      S.Decl = V;
      S.Reference = true;
      S.Trivial = true;
      S.Line = SM.getExpansionLineNumber(C.getLocation());
      S.What = (C.getCaptureKind() == LCK_ByRef ? "&" : "") + V->getName().str();
      QualType T = V->getType().getNonReferenceType();
      bool Const = C.getCaptureKind() == LCK_ByCopy &&
                   !Fn.Lambda->isMutable();
      if (!InitCapture && !T->isDependentType() && Types.isNameable(T) &&
          !T->getContainedAutoType())
        S.Type = (Const && !T.isConstQualified() ? "const " : "") +
                 *Types.spell(T) + " &";
      else {
        // Not decltype((v)): g++ drops the const of a copy captured by a
        // lambda that is not mutable.
        S.Type = Names.numbered("Type_" + V->getName().str());
        Shape.Aliases.push_back(TypeAlias{
            S.Type,
            std::string(Const ? "const " : "") + "std::remove_reference_t<decltype(" +
                V->getName().str() + ")> &",
            S.Line});
      }
      Builder.addEntrySlot(S);
      Shape.CtorSlots.push_back(Shape.Slots.size() - 1);
      Shape.CtorArgs.push_back(V->getName().str());
    }
  }

  // Parameters: moved into the future when it is created; references stay
  // references.
  for (const ParmVarDecl *Param : Fn.Decl->parameters()) {
    std::string ParamName = Param->getName().str();
    if (ParamName.empty()) {
      // Unnamed: the body cannot use it, but a value with a destructor
      // (a permit, a guard) must live as long as the future, as it does in
      // a coroutine's frame. It gets a name in the signature.
      QualType T = Param->getType();
      if (Param->isParameterPack() || T->isReferenceType() ||
          (!T->isDependentType() && Types.isTriviallyDestructible(T)))
        continue;
      std::optional<unsigned> At = unnamedParamNameOffset(Param, SM, Ctx.getLangOpts());
      if (!At) {
        Diags.report(Param->getBeginLoc(), Diag::err_unnamed_param) << T;
        return std::nullopt;
      }
      ParamName = Names.numbered("unnamed");
      Shape.ParamNames.push_back(TextEdit{*At, *At, " " + ParamName});
    }
    if (Param->isParameterPack()) {
      // One tuple of the elements, by value or by reference as declared.
      std::string Name = Param->getName().str();
      Slot S;
      S.Kind = SlotKind::Parameter;
      S.Decl = Param;
      S.Name = Names.numbered(Name + "_pack");
      S.Line = SM.getExpansionLineNumber(Param->getLocation());
      S.What = Name + "...";
      S.Type = Names.numbered("Pack_" + Name);
      Shape.Aliases.push_back(
          TypeAlias{S.Type, "std::tuple<decltype(" + Name + ")...>", S.Line});
      Shape.CtorArgs.push_back(S.Type + "(std::forward<decltype(" + Name + ")>(" +
                               Name + ")...)");
      Shape.Packs.push_back({Name, S.Name});
      Builder.addEntrySlot(S);
      Shape.CtorSlots.push_back(Shape.Slots.size() - 1);
      continue;
    }
    Slot S;
    S.Decl = Param;
    S.Name = ParamName;
    if (isProtocolMemberName(ParamName)) {
      S.Name = Names.numbered(ParamName);
      Rewriter.setReplacement(Param, S.Name);
    }
    S.Line = SM.getExpansionLineNumber(Param->getLocation());
    S.What = ParamName;
    QualType T = Param->getType();
    std::optional<std::string> Spelled;
    if (Types.isNameable(T))
      Spelled = Types.spell(T);
    if (!Spelled) {
      Spelled = Names.numbered("Type_" + S.Name);
      Shape.Aliases.push_back(
          TypeAlias{*Spelled, "decltype(" + ParamName + ")", S.Line});
    } else if (StringRef(*Spelled).contains('(') || StringRef(*Spelled).contains('[')) {
      std::string Alias = Names.numbered("Type_" + S.Name);
      Shape.Aliases.push_back(TypeAlias{Alias, *Spelled, S.Line});
      Spelled = Alias;
    }
    S.Type = *Spelled;
    if (T->isReferenceType()) {
      S.Kind = SlotKind::RefParameter;
      S.Reference = true;
      S.Trivial = true;
      // A parameter named is an lvalue: `std::string &&s` (or a forwarding
      // `F &&f`) binds again as what it was declared.
      Shape.CtorArgs.push_back(T->isRValueReferenceType()
                                   ? "static_cast<decltype(" + ParamName + ")>(" +
                                         ParamName + ")"
                                   : ParamName);
    } else {
      S.Kind = SlotKind::Parameter;
      S.Trivial = Types.isTriviallyDestructible(T);
      S.Scalar = Types.isScalar(T);
      Shape.CtorArgs.push_back(T.isConstQualified() ? ParamName
                                                    : "std::move(" + ParamName + ")");
    }
    Builder.addEntrySlot(S);
    Shape.CtorSlots.push_back(Shape.Slots.size() - 1);
  }

  // An await inside a pack expansion would suspend once per element: a
  // number of states that differs between instantiations.
  if (const Stmt *E = awaitInPackExpansion(Fn.Body, *Points)) {
    Diags.report(E->getBeginLoc(), Diag::err_await_in_unsupported_expr)
        << "a pack expansion (it would suspend once per element)";
    return std::nullopt;
  }
  if (const Expr *IL = initializerListAcrossAwait(Fn.Body, *Points)) {
    Diags.report(IL->getBeginLoc(), Diag::err_initializer_list_across_await);
    return std::nullopt;
  }
  if (!Builder.build())
    return std::nullopt;

  // `__func__` in a macro's body would name poll(): the body goes in a
  // member of the function's own name, unless that name means something
  // else there (the body calls it, or stores a local of that name).
  if (const PredefinedExpr *PE = funcInMacroBody(Fn.Body, SM)) {
    std::string Name = Fn.Lambda                               ? "operator()"
                       : Fn.Decl->getDeclName().isIdentifier() ? Fn.Decl->getName().str()
                                                               : "";
    bool Usable =
        !Name.empty() && Name != "poll" && Name != "Output" && Shape.Packs.empty() &&
        (Fn.Lambda || !namesUnqualified(Fn.Body, Name)) &&
        llvm::none_of(Shape.Slots, [&](const Slot &S) { return S.Name == Name; });
    if (Usable)
      Shape.BodyFunction = Name;
    else
      Diags.report(PE->getLocation(), Diag::warn_func_in_macro)
          << PredefinedExpr::getIdentKindName(PE->getIdentKind()) << "poll"
          << Fn.Decl->getNameAsString();
  }
  // Alignments known from declarations order the layout.
  unsigned PointerAlign = Ctx.getTypeAlignInChars(Ctx.VoidPtrTy).getQuantity();
  for (Slot &S : Shape.Slots) {
    if (S.Reference || S.PointerToReferent || S.Kind == SlotKind::Self) {
      S.Align = PointerAlign;
      continue;
    }
    const auto *V = dyn_cast_or_null<clang::VarDecl>(S.Decl);
    if (!V)
      continue;
    clang::QualType T = V->getType();
    if (!T->isReferenceType() && !T->isDependentType() && !T->isIncompleteType() &&
        !T->isUndeducedType())
      S.Align = Ctx.getTypeAlignInChars(T).getQuantity();
  }
  Shape.Layout = computeFrameLayout(Shape);
  return Shape;
}

} // namespace hoist
