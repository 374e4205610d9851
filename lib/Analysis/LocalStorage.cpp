//===- LocalStorage.cpp - Which locals the future must store -------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A walk over the body in evaluation order with a stack of scopes. A local
/// joins its scope once its initializer has been walked (so a co_await in
/// its own initializer does not make it stored); each co_await then marks
/// every local currently in scope.
///
//===----------------------------------------------------------------------===//
#include "Analysis/LocalStorage.h"

#include "Analysis/WrittenTree.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace hoist {

namespace {

class ScopeWalker {
public:
  ScopeWalker(const SuspendPoints &Points, LocalStorage &Out)
      : Points(Points), Out(Out) {}

  void walk(const Stmt *S) {
    if (!S)
      return;
    if (isa<BlockExpr>(S))
      return;
    if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
      // Only the init-captures run here, when the closure is made.
      for (const LambdaCapture &C : LE->captures())
        if (LE->isInitCapture(&C))
          walk(cast<VarDecl>(C.getCapturedVar())->getInit());
      return;
    }
    if (const auto *E = dyn_cast<Expr>(S)) {
      if (const Expr *Operand = awaitOperand(E)) {
        walk(Operand);
        suspend(E);
        return;
      }
    }
    switch (S->getStmtClass()) {
    case Stmt::CompoundStmtClass:
      withScope([&] {
        for (const Stmt *C : cast<CompoundStmt>(S)->body())
          walk(C);
      });
      return;
    case Stmt::DeclStmtClass:
      for (const Decl *D : cast<DeclStmt>(S)->decls())
        declare(D);
      return;
    case Stmt::IfStmtClass: {
      const auto *If = cast<IfStmt>(S);
      withScope([&] {
        walk(If->getInit());
        if (const VarDecl *V = If->getConditionVariable())
          declare(V);
        else
          walk(If->getCond());
        subStatement(If->getThen());
        subStatement(If->getElse());
      });
      return;
    }
    case Stmt::ForStmtClass: {
      const auto *For = cast<ForStmt>(S);
      withScope([&] {
        walk(For->getInit());
        if (const VarDecl *V = For->getConditionVariable())
          declare(V);
        else
          walk(For->getCond());
        subStatement(For->getBody());
        walk(For->getInc());
      });
      return;
    }
    case Stmt::WhileStmtClass: {
      const auto *While = cast<WhileStmt>(S);
      withScope([&] {
        if (const VarDecl *V = While->getConditionVariable())
          declare(V);
        else
          walk(While->getCond());
        subStatement(While->getBody());
      });
      return;
    }
    case Stmt::DoStmtClass: {
      const auto *Do = cast<DoStmt>(S);
      subStatement(Do->getBody());
      walk(Do->getCond());
      return;
    }
    case Stmt::SwitchStmtClass: {
      const auto *Switch = cast<SwitchStmt>(S);
      withScope([&] {
        walk(Switch->getInit());
        if (const VarDecl *V = Switch->getConditionVariable())
          declare(V);
        else
          walk(Switch->getCond());
        subStatement(Switch->getBody());
      });
      return;
    }
    case Stmt::CXXForRangeStmtClass: {
      const auto *For = cast<CXXForRangeStmt>(S);
      withScope([&] {
        walk(For->getInit());
        walk(For->getRangeInit());
        // The hidden range and iterators are in scope for the whole loop.
        RangeStack.push_back(For);
        withScope([&] {
          declareNoInit(For->getLoopVariable());
          subStatement(For->getBody());
        });
        RangeStack.pop_back();
      });
      return;
    }
    case Stmt::CXXCatchStmtClass: {
      const auto *Catch = cast<CXXCatchStmt>(S);
      withScope([&] {
        if (const VarDecl *V = Catch->getExceptionDecl())
          declareNoInit(V);
        walk(Catch->getHandlerBlock());
      });
      return;
    }
    default:
      for (const Stmt *C : writtenChildren(S))
        walk(C);
      return;
    }
  }

private:
  template <class Fn> void withScope(Fn F) {
    Scopes.emplace_back();
    F();
    Scopes.pop_back();
  }

  /// A sub-statement that is not a compound statement is a scope of its own.
  void subStatement(const Stmt *S) {
    if (!S)
      return;
    withScope([&] { walk(S); });
  }

  void declare(const Decl *D) {
    if (const auto *V = dyn_cast<VarDecl>(D)) {
      if (V->hasInit())
        walk(V->getInit());
      declareNoInit(V);
    } else if (const auto *DD = dyn_cast<DecompositionDecl>(D)) {
      declareNoInit(DD);
    }
  }

  void declareNoInit(const VarDecl *V) {
    if (!V || !V->hasLocalStorage())
      return; // statics and externs live elsewhere
    // A local with a destructor, declared while a stored one with a
    // destructor is in scope, is stored too: the future destroys stored
    // values itself, and C++ would otherwise destroy this newer one after
    // them at a scope's end or a jump.
    if (hasDestructor(V) && !Out.Stored.count(V))
      for (const auto &Scope : Scopes)
        for (const VarDecl *W : Scope)
          if (Out.Stored.count(W) && hasDestructor(W))
            Out.Stored[V];
    Scopes.back().push_back(V);
  }

  /// Whether V (or, for a reference, the temporary whose lifetime it
  /// extends) is destroyed at the end of its scope.
  static bool hasDestructor(const VarDecl *V) {
    QualType T = V->getType();
    if (T->isReferenceType()) {
      const MaterializeTemporaryExpr *MTE = extendedTemporary(V);
      if (!MTE)
        return false;
      T = MTE->getType();
    }
    return T->isDependentType() || T.isDestructedType() != QualType::DK_none;
  }


  void suspend(const Expr *Await) {
    auto It = Points.IndexOf.find(Await);
    if (It == Points.IndexOf.end())
      return;
    for (const auto &Scope : Scopes)
      for (const VarDecl *V : Scope)
        Out.Stored[V].push_back(It->second);
    for (const CXXForRangeStmt *For : RangeStack)
      Out.StoredRanges[For].push_back(It->second);
  }

  const SuspendPoints &Points;
  LocalStorage &Out;
  std::vector<std::vector<const VarDecl *>> Scopes;
  std::vector<const CXXForRangeStmt *> RangeStack;
};

} // namespace

const MaterializeTemporaryExpr *extendedTemporary(const VarDecl *V,
                                                  bool *Direct) {
  bool Whole = true;
  for (const Expr *E = V->getInit(); E;) {
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E)) {
      if (M->getExtendingDecl() != V)
        return nullptr;
      if (Direct)
        *Direct = Whole;
      return M;
    }
    if (const auto *FE = dyn_cast<FullExpr>(E)) {
      E = FE->getSubExpr();
    } else if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E)) {
      if (ICE->getCastKind() != CK_NoOp && ICE->getCastKind() != CK_LValueToRValue)
        Whole = false;
      E = ICE->getSubExpr();
    } else if (const auto *P = dyn_cast<ParenExpr>(E)) {
      E = P->getSubExpr();
    } else if (const auto *ME = dyn_cast<MemberExpr>(E);
               ME && !ME->isArrow() && isa<FieldDecl>(ME->getMemberDecl())) {
      Whole = false;
      E = ME->getBase();
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

LocalStorage computeLocalStorage(const AsyncFunction &Fn,
                                 const SuspendPoints &Points) {
  LocalStorage Out;
  // Storing a local can require storing newer ones: walk until stable.
  for (;;) {
    LocalStorage Pass = Out;
    for (auto &[V, Spans] : Pass.Stored)
      Spans.clear();
    Pass.StoredRanges.clear();
    ScopeWalker Walker(Points, Pass);
    Walker.walk(Fn.Body);
    bool Stable = Pass.Stored.size() == Out.Stored.size();
    Out = std::move(Pass);
    if (Stable)
      break;
  }
  return Out;
}

} // namespace hoist
