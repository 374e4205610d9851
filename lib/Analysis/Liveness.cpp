//===- Liveness.cpp - Locals that are dead across their suspend points ----===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A forward search on the CFG from each co_await to a read of the local
/// (an assignment to it counts as a read: the search is conservative), cut
/// by the local's declaration. Reads inside the co_await's own
/// full-expression count as after it whatever the CFG's order: the lowering
/// may evaluate them after the resume.
///
//===----------------------------------------------------------------------===//
#include "Analysis/Liveness.h"

#include "Analysis/WrittenTree.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace hoist {

namespace {

/// Every reference to a candidate local, and whether one escapes.
class UseFinder : public RecursiveASTVisitor<UseFinder> {
public:
  UseFinder(const WrittenParents &PM, llvm::DenseSet<const VarDecl *> &Candidates)
      : PM(PM), Candidates(Candidates) {}

  bool TraverseLambdaExpr(LambdaExpr *LE) {
    // A capture, by copy or by reference, is a use we do not follow.
    for (const LambdaCapture &C : LE->captures())
      if (C.capturesVariable())
        if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar()))
          Candidates.erase(V);
    // An init-capture's initializer runs here: its reads are uses.
    for (const LambdaCapture &C : LE->captures())
      if (LE->isInitCapture(&C))
        if (!TraverseStmt(cast<VarDecl>(C.getCapturedVar())->getInit()))
          return false;
    return true;
  }

  bool TraverseCXXCatchStmt(CXXCatchStmt *S) {
    ++InHandler;
    bool R = RecursiveASTVisitor::TraverseCXXCatchStmt(S);
    --InHandler;
    return R;
  }

  // A condition variable is declared in place by the lowering: kept stored.
  bool VisitIfStmt(IfStmt *S) { return dropConditionVariable(S->getConditionVariable()); }
  bool VisitWhileStmt(WhileStmt *S) {
    return dropConditionVariable(S->getConditionVariable());
  }
  bool VisitForStmt(ForStmt *S) { return dropConditionVariable(S->getConditionVariable()); }
  bool VisitSwitchStmt(SwitchStmt *S) {
    return dropConditionVariable(S->getConditionVariable());
  }

  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V || !Candidates.count(V))
      return true;
    if (InHandler || escapes(DRE))
      Candidates.erase(V);
    return true;
  }

private:
  bool dropConditionVariable(const VarDecl *V) {
    if (V)
      Candidates.erase(V);
    return true;
  }

  /// Used otherwise than read, assigned, incremented or decremented (a
  /// class object: through its members, or copied by a trivial constructor
  /// or assignment).
  bool escapes(const DeclRefExpr *DRE) const {
    const Expr *Use = DRE;
    const Stmt *P = PM.getParentIgnoreParens(DRE);
    while (const auto *ME = dyn_cast_or_null<MemberExpr>(P)) {
      if (ME->isArrow() || !isa<FieldDecl>(ME->getMemberDecl()))
        return true;
      Use = ME;
      P = PM.getParentIgnoreParens(ME);
    }
    if (Use->getType()->isRecordType()) {
      if (const auto *ICE = dyn_cast_or_null<ImplicitCastExpr>(P);
          ICE && ICE->getCastKind() == CK_NoOp)
        P = PM.getParentIgnoreParens(ICE); // to const, for a copy
      if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(P))
        return !(CE->getConstructor()->isCopyOrMoveConstructor() &&
                 CE->getConstructor()->isTrivial());
      if (const auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(P)) {
        const auto *M = dyn_cast_or_null<CXXMethodDecl>(OC->getDirectCallee());
        return !(OC->isAssignmentOp() && M && M->isTrivial());
      }
      return true;
    }
    if (const auto *ICE = dyn_cast_or_null<ImplicitCastExpr>(P))
      return ICE->getCastKind() != CK_LValueToRValue;
    if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P))
      return !(BO->isAssignmentOp() && BO->getLHS()->IgnoreParens() == Use);
    if (const auto *UO = dyn_cast_or_null<UnaryOperator>(P))
      return !UO->isIncrementDecrementOp();
    return true;
  }

  const WrittenParents &PM;
  llvm::DenseSet<const VarDecl *> &Candidates;
  unsigned InHandler = 0;
};

bool refersTo(const Stmt *S, const VarDecl *V) {
  if (!S)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    return DRE->getDecl() == V;
  for (const Stmt *C : writtenChildren(S))
    if (refersTo(C, V))
      return true;
  return false;
}

bool declares(const Stmt *S, const VarDecl *V) {
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (D == V)
        return true;
  return false;
}

/// The full-expression around `E`: its outermost enclosing expression.
const Stmt *fullExpression(const WrittenParents &PM, const Stmt *E) {
  const Stmt *Full = E;
  for (const Stmt *P = PM.getParent(E); P && isa<Expr>(P); P = PM.getParent(P))
    Full = P;
  return Full;
}

} // namespace

llvm::DenseSet<const VarDecl *>
findDeadAcrossSuspends(const AsyncFunction &Fn, const SuspendPoints &Points,
                       const LocalStorage &Storage, ASTContext &Ctx) {
  llvm::DenseSet<const VarDecl *> Dead;
  if (Fn.Dependent || !Fn.Body || Points.Points.empty())
    return Dead;

  // Candidates: scalar locals declared by a declaration statement, and
  // locals of a trivial class type (assigning one is constructing it)
  // initialized by `=` or a braced list.
  llvm::DenseSet<const VarDecl *> Candidates;
  for (const auto &[V, Spans] : Storage.Stored) {
    QualType T = V->getType();
    bool TrivialClass = T->isRecordType() && T.isTrivialType(Ctx) &&
                        V->getInitStyle() != VarDecl::CallInit;
    if (!(T->isScalarType() || TrivialClass) || T->isReferenceType() ||
        T.isConstQualified() ||
        T.isVolatileQualified() || !V->isLocalVarDecl() || V->isStaticLocal() ||
        isa<ParmVarDecl>(V) || isa<DecompositionDecl>(V) || // read by its bindings
        V->isCXXForRangeDecl() || V->isExceptionVariable())
      continue;
    Candidates.insert(V);
  }
  if (Candidates.empty())
    return Dead;
  WrittenParents PM(Fn.Body);
  UseFinder(PM, Candidates).TraverseStmt(const_cast<CompoundStmt *>(Fn.Body));
  if (Candidates.empty())
    return Dead;

  CFG::BuildOptions Opts;
  Opts.setAllAlwaysAdd();
  Opts.AddEHEdges = false;
  std::unique_ptr<CFG> Cfg =
      CFG::buildCFG(Fn.Decl, const_cast<CompoundStmt *>(Fn.Body), &Ctx, Opts);
  if (!Cfg)
    return Dead;

  // Where each co_await is: its block and its index there.
  llvm::DenseMap<const Stmt *, std::pair<const CFGBlock *, unsigned>> At;
  for (const CFGBlock *B : *Cfg)
    for (unsigned I = 0; I < B->size(); ++I)
      if (auto S = (*B)[I].getAs<CFGStmt>())
        At.try_emplace(S->getStmt(), B, I);
  // A declaration statement a candidate is declared by (none: a condition
  // variable, kept stored).
  for (const VarDecl *V : llvm::to_vector(Candidates)) {
    bool Found = false;
    for (const auto &[S, Where] : At)
      Found |= declares(S, V);
    if (!Found)
      Candidates.erase(V);
  }

  for (const VarDecl *V : Candidates) {
    bool Live = false;
    for (unsigned K : Storage.Stored.find(V)->second) {
      const Expr *Await = Points.Points[K].Await;
      auto It = At.find(Await);
      if (It == At.end() || refersTo(fullExpression(PM, Await), V)) {
        Live = true;
        break;
      }
      // Forward search from just after the co_await.
      llvm::SmallVector<std::pair<const CFGBlock *, unsigned>, 16> Work;
      llvm::DenseSet<const CFGBlock *> Entered;
      Work.push_back({It->second.first, It->second.second + 1});
      while (!Work.empty() && !Live) {
        auto [B, From] = Work.pop_back_val();
        bool Cut = false;
        for (unsigned I = From; I < B->size() && !Live && !Cut; ++I) {
          auto S = (*B)[I].getAs<CFGStmt>();
          if (!S)
            continue;
          if (declares(S->getStmt(), V))
            Cut = true;
          else if (const auto *DRE = dyn_cast<DeclRefExpr>(S->getStmt()))
            Live = DRE->getDecl() == V;
        }
        if (Cut || Live)
          continue;
        if (const Stmt *T = B->getTerminatorCondition())
          if (refersTo(T, V))
            Live = true;
        for (const CFGBlock *Succ : B->succs())
          if (Succ && Entered.insert(Succ).second)
            Work.push_back({Succ, 0});
      }
      if (Live)
        break;
    }
    if (!Live)
      Dead.insert(V);
  }
  return Dead;
}

} // namespace hoist
