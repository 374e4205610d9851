//===- SuspendPoints.cpp - The co_awaits of an async function ------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// One walk over the body: record co_awaits and co_returns, mark every
/// ancestor as containing them, and diagnose what cannot be lowered. A
/// `goto` and its label are checked after the walk: no suspend point may lie
/// between them in the source.
///
//===----------------------------------------------------------------------===//
#include "Analysis/SuspendPoints.h"

#include "Analysis/WrittenTree.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <set>

using namespace clang;

namespace hoist {

const Expr *awaitOperand(const Expr *E) {
  if (const auto *CA = dyn_cast_or_null<CoawaitExpr>(E))
    return CA->isImplicit() ? nullptr : CA->getOperand();
  if (const auto *DCA = dyn_cast_or_null<DependentCoawaitExpr>(E))
    return DCA->getOperand();
  return nullptr;
}

namespace {

class SuspendPointFinder : public RecursiveASTVisitor<SuspendPointFinder> {
  using Base = RecursiveASTVisitor<SuspendPointFinder>;

public:
  SuspendPointFinder(DiagEmitter &Diags, SuspendPoints &Out, ASTContext &Ctx)
      : Diags(Diags), Out(Out), Ctx(Ctx) {}

  bool shouldVisitImplicitCode() const { return false; }
  bool shouldVisitTemplateInstantiations() const { return false; }

  // Nested functions are lowered (or not) on their own; the initializers
  // of init-captures are evaluated here, when the closure is made.
  bool TraverseLambdaExpr(LambdaExpr *LE) {
    for (const LambdaCapture &C : LE->captures())
      if (LE->isInitCapture(&C))
        if (!TraverseStmt(cast<VarDecl>(C.getCapturedVar())->getInit()))
          return false;
    return true;
  }
  bool TraverseDecl(Decl *D) {
    if (D && (isa<FunctionDecl>(D) || isa<CXXRecordDecl>(D) ||
              isa<BlockDecl>(D)))
      return true;
    return Base::TraverseDecl(D);
  }

  bool TraverseStmt(Stmt *S) {
    if (!S)
      return true;
    Stack.push_back(S);
    bool R = Base::TraverseStmt(S);
    Stack.pop_back();
    return R;
  }

  bool TraverseCXXCatchStmt(CXXCatchStmt *C) {
    ++CatchDepth;
    bool R = Base::TraverseCXXCatchStmt(C);
    --CatchDepth;
    return R;
  }

  // The initializer of a static or thread_local local runs once, but a
  // co_await in it would suspend the body on every call.
  bool TraverseVarDecl(VarDecl *V) {
    bool Static = V && V->isStaticLocal();
    if (Static)
      StaticLocals.push_back(V);
    bool R = Base::TraverseVarDecl(V);
    if (Static)
      StaticLocals.pop_back();
    return R;
  }

  bool VisitGotoStmt(GotoStmt *S) {
    Out.Gotos.push_back(S);
    return true;
  }

  bool TraverseStmtExpr(StmtExpr *E) {
    ++StmtExprDepth;
    bool R = Base::TraverseStmtExpr(E);
    --StmtExprDepth;
    return R;
  }

  bool VisitCoawaitExpr(CoawaitExpr *E) {
    if (!E->isImplicit())
      record(E, E->getOperand(), E->getKeywordLoc());
    return true;
  }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *E) {
    record(E, E->getOperand(), E->getKeywordLoc());
    return true;
  }
  bool VisitCoyieldExpr(CoyieldExpr *E) {
    Diags.report(E->getKeywordLoc(), Diag::err_co_yield);
    return true;
  }
  bool VisitCoreturnStmt(CoreturnStmt *S) {
    if (S->isImplicit())
      return true;
    Out.Returns.push_back(S);
    for (const Stmt *A : Stack)
      Out.ContainingReturn.insert(A);
    return true;
  }

private:
  void record(Expr *E, Expr *Operand, SourceLocation Keyword) {
    if (CatchDepth > 0) {
      Diags.report(Keyword, Diag::err_await_in_catch);
      return;
    }
    if (StmtExprDepth > 0) {
      Diags.report(Keyword, Diag::err_await_in_stmt_expr);
      return;
    }
    if ((Keyword.isMacroID() || E->getEndLoc().isMacroID()) &&
        !mapsToFile(E, Operand)) {
      Diags.report(Keyword, Diag::err_await_in_macro);
      return;
    }
    if (!StaticLocals.empty()) {
      const VarDecl *V = StaticLocals.back();
      Diags.report(Keyword, Diag::err_await_in_static_init)
          << (V->getTSCSpec() == TSCS_unspecified ? "static" : "thread_local")
          << V->getName();
      return;
    }
    SuspendPoint P;
    P.Await = E;
    P.Operand = Operand;
    Out.Points.push_back(P);
    for (const Stmt *A : Stack) {
      Out.Containing.insert(A);
      // The walk sees a braced list as written; the initializer of a
      // declaration (and its nested lists) is the semantic form.
      if (const auto *ILE = dyn_cast<InitListExpr>(A))
        if (const InitListExpr *Sem = ILE->getSemanticForm())
          Out.Containing.insert(Sem);
    }
  }

  /// Whether a co_await written in a macro expansion is lowered where it is:
  /// the await and its operand each map to one range of the main file (a
  /// macro argument, or a whole expansion, as `#define AWAIT(x) co_await x`
  /// makes), and no argument expanded twice holds it.
  bool mapsToFile(const Expr *Await, const Expr *Operand) {
    const SourceManager &SM = Ctx.getSourceManager();
    auto FileRange = [&](const Expr *X) {
      CharSourceRange R = Lexer::makeFileCharRange(
          CharSourceRange::getTokenRange(X->getSourceRange()), SM,
          Ctx.getLangOpts());
      if (R.isValid() && (!SM.isInMainFile(R.getBegin()) ||
                          !SM.isInMainFile(R.getEnd())))
        return CharSourceRange();
      return R;
    };
    CharSourceRange R = FileRange(Await);
    if (R.isInvalid() || FileRange(Operand).isInvalid())
      return false;
    return MacroAwaits
        .insert({R.getBegin().getRawEncoding(), R.getEnd().getRawEncoding()})
        .second;
  }

  static bool containsAwaitShallow(const Stmt *S) {
    if (!S)
      return false;
    if (isa<CoawaitExpr>(S) || isa<DependentCoawaitExpr>(S))
      return true;
    if (isa<LambdaExpr>(S))
      return false;
    for (const Stmt *C : writtenChildren(S))
      if (containsAwaitShallow(C))
        return true;
    return false;
  }

  DiagEmitter &Diags;
  SuspendPoints &Out;
  ASTContext &Ctx;
  /// The file ranges of the co_awaits written in macro expansions.
  std::set<std::pair<unsigned, unsigned>> MacroAwaits;
  std::vector<const Stmt *> Stack;
  unsigned CatchDepth = 0;
  unsigned StmtExprDepth = 0;
  std::vector<const VarDecl *> StaticLocals;
};

/// A `goto` whose jump passes a suspend point (forward over it, or back to a
/// label before it) would enter or re-enter the code of a state the
/// dispatch does not expect: an error at the `goto`, a note at the
/// suspend point.
void diagnoseGotosAcrossSuspends(const SuspendPoints &Out, ASTContext &Ctx,
                                 DiagEmitter &Diags) {
  const SourceManager &SM = Ctx.getSourceManager();
  auto Before = [&](SourceLocation A, SourceLocation B) {
    return SM.isBeforeInTranslationUnit(SM.getExpansionLoc(A),
                                        SM.getExpansionLoc(B));
  };
  for (const GotoStmt *G : Out.Gotos) {
    const LabelStmt *L = G->getLabel()->getStmt();
    if (!L)
      continue;
    SourceLocation From = G->getGotoLoc(), To = L->getIdentLoc();
    SourceLocation Lo = Before(From, To) ? From : To;
    SourceLocation Hi = Before(From, To) ? To : From;
    for (const SuspendPoint &P : Out.Points) {
      SourceLocation At = P.Await->getBeginLoc();
      if (!Before(Lo, At) || !Before(At, Hi))
        continue;
      Diags.report(From, Diag::err_goto_across_suspend)
          << (Before(From, To) ? "forward" : "back") << G->getLabel()->getName();
      Diags.report(At, Diag::note_suspend_point);
      break;
    }
  }
}

} // namespace

std::optional<SuspendPoints> findSuspendPoints(const AsyncFunction &Fn,
                                               ASTContext &Ctx,
                                               DiagEmitter &Diags) {
  SuspendPoints Out;
  unsigned ErrorsBefore = Diags.engine().getNumErrors();
  SuspendPointFinder Finder(Diags, Out, Ctx);
  Finder.TraverseStmt(const_cast<CompoundStmt *>(Fn.Body));
  diagnoseGotosAcrossSuspends(Out, Ctx, Diags);
  if (Diags.engine().getNumErrors() != ErrorsBefore)
    return std::nullopt;

  // State numbers follow the source, not the traversal.
  const SourceManager &SM = Ctx.getSourceManager();
  std::stable_sort(Out.Points.begin(), Out.Points.end(),
                   [&](const SuspendPoint &A, const SuspendPoint &B) {
                     return SM.isBeforeInTranslationUnit(A.Await->getBeginLoc(),
                                                         B.Await->getBeginLoc());
                   });
  for (unsigned I = 0; I < Out.Points.size(); ++I) {
    Out.Points[I].Index = I;
    Out.IndexOf[Out.Points[I].Await] = I;
  }
  return Out;
}

} // namespace hoist
