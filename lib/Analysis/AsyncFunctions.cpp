//===- AsyncFunctions.cpp - Find the async functions of a TU -------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Walks the main file's declarations (not template instantiations) and
/// keeps the coroutine definitions whose declared return type is
/// hoist::Async<T>. See AsyncFunctions.h.
///
//===----------------------------------------------------------------------===//
#include "Analysis/AsyncFunctions.h"

#include "Analysis/WrittenTree.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclFriend.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace hoist {

namespace {

bool isHoistAsyncTemplate(const TemplateDecl *TD) {
  if (!TD || TD->getName() != "Async")
    return false;
  const auto *NS = dyn_cast<NamespaceDecl>(TD->getDeclContext()->getRedeclContext());
  return NS && NS->getName() == "hoist" &&
         NS->getParent()->getRedeclContext()->isTranslationUnit();
}

} // namespace

std::optional<QualType> asyncOutputType(QualType T) {
  if (T.isNull())
    return std::nullopt;
  // Look through sugar one level at a time: a typedef of Async<T> counts.
  for (QualType Cur = T;;) {
    if (const auto *TST = Cur->getAs<TemplateSpecializationType>()) {
      if (isHoistAsyncTemplate(TST->getTemplateName().getAsTemplateDecl()) &&
          TST->template_arguments().size() == 1 &&
          TST->template_arguments()[0].getKind() == TemplateArgument::Type)
        return TST->template_arguments()[0].getAsType();
    }
    if (const auto *RT = Cur->getAs<RecordType>()) {
      if (const auto *Spec =
              dyn_cast<ClassTemplateSpecializationDecl>(RT->getDecl())) {
        if (isHoistAsyncTemplate(Spec->getSpecializedTemplate()) &&
            Spec->getTemplateArgs().size() == 1)
          return Spec->getTemplateArgs()[0].getAsType();
      }
    }
    QualType Next = Cur->getLocallyUnqualifiedSingleStepDesugaredType();
    if (Next == Cur)
      return std::nullopt;
    Cur = Next;
  }
}

namespace {

class AsyncFunctionFinder : public RecursiveASTVisitor<AsyncFunctionFinder> {
public:
  AsyncFunctionFinder(ASTContext &Ctx, DiagEmitter &Diags)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Diags(Diags) {}

  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitImplicitCode() const { return false; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (isLambdaCallOperator(FD))
      return true; // handled with its LambdaExpr
    consider(FD, nullptr);
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *LE) {
    consider(LE->getCallOperator(), LE);
    return true;
  }

  std::vector<AsyncFunction> Found;

private:
  void consider(const FunctionDecl *FD, const LambdaExpr *LE) {
    if (!FD || !FD->doesThisDeclarationHaveABody())
      return;
    const auto *CBS = dyn_cast_or_null<CoroutineBodyStmt>(FD->getBody());
    if (!CBS)
      return;
    SourceLocation Loc = LE ? LE->getBeginLoc() : FD->getLocation();
    if (!SM.isWrittenInMainFile(SM.getExpansionLoc(Loc)))
      return;

    QualType Declared = FD->getDeclaredReturnType();
    std::optional<QualType> Output = asyncOutputType(Declared);
    if (!Output) {
      Diags.report(Loc, Diag::err_coroutine_not_async)
          << describe(FD, LE) << Declared;
      return;
    }

    AsyncFunction AF;
    AF.Decl = FD;
    AF.Lambda = LE;
    AF.Coroutine = CBS;
    AF.Body = dyn_cast<CompoundStmt>(CBS->getBody());
    AF.Output = *Output;
    AF.OutputSpelling = Output->getAsString(Ctx.getPrintingPolicy());
    AF.DisplayName = describe(FD, LE);
    AF.Dependent = FD->isDependentContext();
    if (LE)
      AF.Kind = AsyncFnKind::Lambda;
    else if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
             MD && MD->isInstance())
      AF.Kind = AsyncFnKind::Member;
    else
      AF.Kind = AsyncFnKind::Free;
    // An async function declared apart from its definition (in a header, or
    // earlier in this file) keeps its declared type: callers that saw only the
    // declaration expect the boxed hoist::Async<T>.
    if (!LE) {
      const FunctionDecl *Pattern = FD;
      if (const FunctionTemplateDecl *FTD = FD->getDescribedFunctionTemplate())
        AF.Boxed = FTD->getPreviousDecl() != nullptr;
      else
        AF.Boxed = Pattern->getPreviousDecl() != nullptr;
    }
    // A function that calls itself needs its type before its body is
    // done: it keeps the declared hoist::Async<T> (recursion is boxed anyway).
    if (!LE && !AF.Boxed && refersTo(FD, CBS))
      AF.Boxed = true;
    // A virtual member keeps its declared type: an override returns what
    // the function it overrides returns (Rust boxes an async fn behind dyn
    // too).
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    if (!LE && MD && MD->isVirtual())
      AF.Boxed = true;
    // So does a member defined in its class and named by a member defined
    // before it there: member bodies see the whole class, but a deduced
    // return type is known only after its definition.
    if (!LE && MD && !AF.Boxed && usedBeforeDefinition(MD))
      AF.Boxed = true;
    if (!LE && !AF.Boxed && AF.Kind == AsyncFnKind::Free && !MD &&
        !FD->isTemplated() && !FD->isInlineSpecified() &&
        FD->getStorageClass() == SC_None && !FD->isExternC() &&
        FD->getDeclContext()->getRedeclContext()->isFileContext() &&
        FD->isExternallyVisible() && !FD->isMain())
      AF.MadeInternal = true;
    // (A function-try-block's coroutine body is an implicit compound
    // statement, with no braces of its own, around the try statement.)
    if (!AF.Body)
      return;
    if (FD->isVariadic()) {
      Diags.report(Loc, Diag::err_variadic_async) << AF.DisplayName;
      return;
    }
    Found.push_back(std::move(AF));
  }

  /// True if `MD` is defined in its class and a function defined there
  /// before it names it.
  bool usedBeforeDefinition(const CXXMethodDecl *MD) const {
    if (MD->isOutOfLine())
      return false;
    SourceLocation Def = MD->getBeginLoc();
    for (const Decl *D : MD->getParent()->decls()) {
      if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(D))
        D = FTD->getTemplatedDecl();
      else if (const auto *Friend = dyn_cast<FriendDecl>(D))
        D = Friend->getFriendDecl();
      const auto *F = dyn_cast_or_null<FunctionDecl>(D);
      if (!F || F == MD || !F->doesThisDeclarationHaveABody() ||
          !SM.isBeforeInTranslationUnit(F->getBeginLoc(), Def))
        continue;
      if (refersTo(MD, F->getBody()))
        return true;
    }
    return false;
  }

  /// True if `S` names `FD` (or its template).
  static bool refersTo(const FunctionDecl *FD, const Stmt *S) {
    if (!S)
      return false;
    const Decl *Target = FD->getCanonicalDecl();
    const Decl *TemplateTarget = FD->getDescribedFunctionTemplate()
                                     ? FD->getDescribedFunctionTemplate()->getCanonicalDecl()
                                     : nullptr;
    auto Matches = [&](const Decl *D) {
      if (!D)
        return false;
      D = D->getCanonicalDecl();
      if (D == Target || D == TemplateTarget)
        return true;
      if (const auto *F = dyn_cast<FunctionDecl>(D))
        if (const FunctionTemplateDecl *T = F->getPrimaryTemplate())
          return T->getCanonicalDecl() == TemplateTarget;
      return false;
    };
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (Matches(DRE->getDecl()))
        return true;
    if (const auto *ME = dyn_cast<MemberExpr>(S))
      if (Matches(ME->getMemberDecl()))
        return true;
    if (const auto *ULE = dyn_cast<OverloadExpr>(S))
      for (const NamedDecl *D : ULE->decls())
        if (Matches(D->getUnderlyingDecl()))
          return true;
    for (const Stmt *C : writtenChildren(S))
      if (refersTo(FD, C))
        return true;
    return false;
  }

  std::string describe(const FunctionDecl *FD, const LambdaExpr *LE) {
    if (LE) {
      PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(LE->getBeginLoc()));
      return "lambda at " + std::string(llvm::sys::path::filename(P.getFilename())) +
             ":" + std::to_string(P.getLine()) + ":" +
             std::to_string(P.getColumn());
    }
    return FD->getQualifiedNameAsString();
  }

  ASTContext &Ctx;
  SourceManager &SM;
  DiagEmitter &Diags;
};

} // namespace

std::vector<AsyncFunction> findAsyncFunctions(ASTContext &Ctx,
                                              DiagEmitter &Diags) {
  AsyncFunctionFinder Finder(Ctx, Diags);
  Finder.TraverseDecl(Ctx.getTranslationUnitDecl());
  // Source order, so that output and numbering are deterministic.
  const SourceManager &SM = Ctx.getSourceManager();
  std::stable_sort(Finder.Found.begin(), Finder.Found.end(),
                   [&](const AsyncFunction &A, const AsyncFunction &B) {
                     SourceLocation LA = A.Lambda ? A.Lambda->getBeginLoc()
                                                  : A.Decl->getBeginLoc();
                     SourceLocation LB = B.Lambda ? B.Lambda->getBeginLoc()
                                                  : B.Decl->getBeginLoc();
                     return SM.isBeforeInTranslationUnit(LA, LB);
                   });
  return std::move(Finder.Found);
}

} // namespace hoist
