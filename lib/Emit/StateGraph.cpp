//===- StateGraph.cpp - Which state poll() can reach from which ----------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Builds clang's CFG of the body as written (all expressions as elements,
/// no exception edges) and walks it from the entry and from each co_await's
/// element to the next co_await elements (see StateGraph.h). Exceptions are
/// modelled apart from the CFG, which leaves catch handlers unreachable
/// without its EH edges: a block whose code lies in a try block also reaches
/// that try's dispatch block, and from there its handlers, and the exit
/// when no handler catches everything.
///
//===----------------------------------------------------------------------===//
#include "Emit/StateGraph.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"

#include <map>
#include <set>
#include <tuple>

#define DEBUG_TYPE "hoist-state-graph"

using namespace clang;

namespace hoist {

namespace {

bool isAwait(const Stmt *S) {
  return isa<CoawaitExpr>(S) || isa<DependentCoawaitExpr>(S);
}

/// The edges found so far, merged by (from, kind, to), with their lines.
using EdgeKey = std::tuple<unsigned, int, unsigned>;
using EdgeMap = std::map<EdgeKey, std::set<unsigned>>;

/// Walks the CFG of one body (see the file comment).
class GraphBuilder {
public:
  GraphBuilder(const AsyncFnShape &Shape, StateGraph &G)
      : Shape(Shape), G(G), Ctx(Shape.Fn->Decl->getASTContext()),
        SM(Ctx.getSourceManager()) {}

  /// Adds the edges of one body's CFG; false if the CFG could not be built
  /// or misses a suspend point that `AllowMissing` does not excuse. The
  /// states it shows are added to `Covered`.
  bool build(const FunctionDecl *D, const CompoundStmt *Body,
             bool AllowMissing, std::set<unsigned> &Covered) {
    Cfg.reset();
    AwaitState.clear();
    AwaitPositions.clear();
    Tries.clear();
    if (!D || !Body)
      return false;
    CFG::BuildOptions Opts;
    Opts.setAllAlwaysAdd();
    Opts.AddEHEdges = false;
    Cfg = CFG::buildCFG(D, const_cast<CompoundStmt *>(Body), &Ctx, Opts);
    if (!Cfg)
      return false;

    std::map<std::pair<unsigned, unsigned>, unsigned> StateAt;
    for (const SuspendState &St : Shape.States)
      StateAt[{St.Line, St.Column}] = St.Index;
    AwaitPositions.resize(Shape.States.size());
    for (const CFGBlock *B : *Cfg) {
      for (unsigned I = 0; I < B->size(); ++I) {
        const Stmt *S = stmtAt(B, I);
        if (!S || !isAwait(S))
          continue;
        SourceLocation L = SM.getExpansionLoc(S->getBeginLoc());
        auto It = StateAt.find({SM.getExpansionLineNumber(L),
                                SM.getExpansionColumnNumber(L)});
        if (It == StateAt.end())
          return false; // an await the lowering did not see
        AwaitState[S] = It->second;
        if (It->second >= AwaitPositions.size())
          return false;
        AwaitPositions[It->second].push_back({B, I + 1});
      }
    }
    for (const auto &P : AwaitPositions)
      if (P.empty() && !AllowMissing)
        return false; // e.g. pruned as unreachable: no exact graph

    for (const CFGBlock *D : Cfg->try_blocks()) {
      const auto *T = dyn_cast_or_null<CXXTryStmt>(D->getTerminatorStmt());
      if (!T)
        continue;
      Tries.push_back({D, T->getTryBlock()->getSourceRange()});
    }

    walk(G.unresumed(), StateEdgeKind::Start, &Cfg->getEntry(), 0,
         SourceLocation());
    for (const SuspendState &St : Shape.States) {
      if (AwaitPositions[St.Index].empty())
        continue;
      Covered.insert(St.Index);
      unsigned Node = G.suspend(St.Index);
      Edges[{Node, int(StateEdgeKind::Pending), Node}];
      for (auto [B, Next] : AwaitPositions[St.Index])
        walk(Node, StateEdgeKind::Ready, B, Next,
             SM.getExpansionLoc(stmtAt(B, Next - 1)->getBeginLoc()));
    }
    return true;
  }

  /// Forgets the edges added so far.
  void reset() { Edges.clear(); }

  /// The edges of code order, when there is no CFG.
  void approximate() {
    Edges.clear();
    unsigned N = G.NumSuspends;
    for (unsigned Node = 0; Node <= N; ++Node) {
      StateEdgeKind K = Node ? StateEdgeKind::Ready : StateEdgeKind::Start;
      if (Node)
        Edges[{Node, int(StateEdgeKind::Pending), Node}];
      if (Node < N)
        Edges[{Node, int(K), Node + 1}];
      Edges[{Node, int(StateEdgeKind::Return), G.returned()}];
      Edges[{Node, int(StateEdgeKind::Throw), G.poisoned()}];
    }
    flush();
  }

  /// Moves the edges found into the graph.
  void flush() {
    G.Edges.clear();
    for (auto &[Key, Lines] : Edges) {
      auto [From, K, To] = Key;
      StateEdge E;
      E.From = From;
      E.Kind = StateEdgeKind(K);
      E.To = To;
      E.Lines.assign(Lines.begin(), Lines.end());
      G.Edges.push_back(std::move(E));
    }
  }

private:
  struct TryRange {
    const CFGBlock *Dispatch;
    SourceRange Body;
  };

  /// A point of a walk: the next element of a block to run, whether an
  /// exception is in flight, and the handler that last caught one.
  struct Item {
    const CFGBlock *Block;
    unsigned Index;
    bool Exceptional;
    unsigned CaughtLine;
  };

  static const Stmt *stmtAt(const CFGBlock *B, unsigned I) {
    if (auto S = (*B)[I].getAs<CFGStmt>())
      return S->getStmt();
    return nullptr;
  }

  unsigned lineOf(SourceLocation L) const {
    return SM.getExpansionLineNumber(L);
  }

  bool inside(SourceLocation L, SourceRange R) const {
    SourceLocation B = SM.getExpansionLoc(R.getBegin());
    SourceLocation E = SM.getExpansionLoc(R.getEnd());
    return !SM.isBeforeInTranslationUnit(L, B) &&
           !SM.isBeforeInTranslationUnit(E, L);
  }

  /// The dispatch block of the innermost try block around `L`, if any.
  const CFGBlock *tryAround(SourceLocation L) const {
    const TryRange *Best = nullptr;
    for (const TryRange &T : Tries)
      if (inside(L, T.Body) &&
          (!Best || inside(SM.getExpansionLoc(T.Body.getBegin()), Best->Body)))
        Best = &T;
    return Best ? Best->Dispatch : nullptr;
  }

  void edge(unsigned From, StateEdgeKind K, unsigned To, unsigned Line = 0) {
    auto &Lines = Edges[{From, int(K), To}];
    if (Line)
      Lines.insert(Line);
  }

  /// Follows every path from element `Index` of `Start` to the co_awaits it
  /// reaches first and to the exit. `ResumeLoc` is the co_await resumed (its
  /// awaitee's poll may throw), invalid for the first poll.
  void walk(unsigned From, StateEdgeKind Kind, const CFGBlock *Start,
            unsigned Index, SourceLocation ResumeLoc) {
    std::vector<Item> Work = {{Start, Index, false, 0}};
    std::set<std::tuple<unsigned, bool, unsigned>> Seen;
    bool First = true;
    while (!Work.empty()) {
      Item It = Work.back();
      Work.pop_back();
      if (It.Index == 0 &&
          !Seen.insert({It.Block->getBlockID(), It.Exceptional, It.CaughtLine})
               .second)
        continue;
      if (const auto *C = dyn_cast_or_null<CXXCatchStmt>(It.Block->getLabel());
          C && It.Exceptional && It.Index == 0) {
        It.Exceptional = false;
        It.CaughtLine = lineOf(SM.getExpansionLoc(C->getBeginLoc()));
      }
      StateEdgeKind Reach = It.CaughtLine ? StateEdgeKind::Caught : Kind;
      unsigned ReachLine = It.CaughtLine;

      // The code this block runs may throw: to the innermost try's
      // handlers, or out of poll().
      SourceLocation RunLoc;
      if (First && ResumeLoc.isValid())
        RunLoc = ResumeLoc;
      for (unsigned I = It.Index; I < It.Block->size() && RunLoc.isInvalid(); ++I)
        if (const Stmt *S = stmtAt(It.Block, I))
          RunLoc = SM.getExpansionLoc(S->getBeginLoc());
      First = false;
      if (RunLoc.isValid() && !It.Exceptional) {
        if (const CFGBlock *D = tryAround(RunLoc))
          Work.push_back({D, 0, true, It.CaughtLine});
        else
          edge(From, StateEdgeKind::Throw, G.poisoned());
      }

      bool Stopped = false;
      unsigned ReturnLine = 0, ThrowLine = 0;
      for (unsigned I = It.Index; I < It.Block->size(); ++I) {
        const Stmt *S = stmtAt(It.Block, I);
        if (!S)
          continue;
        if (isAwait(S)) {
          auto A = AwaitState.find(S);
          if (A != AwaitState.end())
            edge(From, Reach, G.suspend(A->second), ReachLine);
          Stopped = true;
          break;
        }
        if (isa<CoreturnStmt>(S))
          ReturnLine = lineOf(SM.getExpansionLoc(S->getBeginLoc()));
        if (isa<CXXThrowExpr>(S))
          ThrowLine = lineOf(SM.getExpansionLoc(S->getBeginLoc()));
      }
      if (Stopped)
        continue;
      bool Exceptional = It.Exceptional || ThrowLine;
      for (const CFGBlock::AdjacentBlock &Succ : It.Block->succs()) {
        const CFGBlock *Next = Succ.getReachableBlock();
        if (!Next)
          continue;
        if (Next == &Cfg->getExit()) {
          if (Exceptional)
            edge(From, StateEdgeKind::Throw, G.poisoned(), ThrowLine);
          else if (It.CaughtLine)
            edge(From, StateEdgeKind::Caught, G.returned(), It.CaughtLine);
          else
            edge(From, StateEdgeKind::Return, G.returned(), ReturnLine);
          continue;
        }
        Work.push_back({Next, 0, Exceptional, It.CaughtLine});
      }
    }
  }

  const AsyncFnShape &Shape;
  StateGraph &G;
  ASTContext &Ctx;
  const SourceManager &SM;
  std::unique_ptr<CFG> Cfg;
  std::map<const Stmt *, unsigned> AwaitState;
  std::vector<std::vector<std::pair<const CFGBlock *, unsigned>>> AwaitPositions;
  std::vector<TryRange> Tries;
  EdgeMap Edges;
};

} // namespace

std::string StateGraph::nodeName(unsigned Node) const {
  if (Node == unresumed())
    return "Unresumed";
  if (Node == returned())
    return "Returned";
  if (Node == poisoned())
    return "Poisoned";
  return "Suspend" + std::to_string(Node - 1);
}

namespace {

/// The user's compound statement in a coroutine's body.
const CompoundStmt *userBody(const FunctionDecl *D) {
  if (const auto *C = dyn_cast_or_null<CoroutineBodyStmt>(D->getBody()))
    return dyn_cast_or_null<CompoundStmt>(C->getBody());
  return nullptr;
}

/// A template's instantiations, whose bodies have the pattern's statements
/// at the same places, except branches of `if constexpr` they discard (and
/// with them, perhaps, some co_awaits).
std::vector<const FunctionDecl *> instantiationsOf(const AsyncFunction &Fn) {
  std::vector<const FunctionDecl *> Specs;
  if (const FunctionTemplateDecl *T = Fn.Decl->getDescribedFunctionTemplate())
    for (const FunctionDecl *Spec : T->specializations())
      Specs.push_back(Spec);
  if (const auto *RD = dyn_cast<CXXRecordDecl>(Fn.Decl->getDeclContext()))
    if (const ClassTemplateDecl *CT = RD->getDescribedClassTemplate())
      for (const ClassTemplateSpecializationDecl *Spec : CT->specializations())
        for (const CXXMethodDecl *M : Spec->methods())
          if (M->getTemplateInstantiationPattern() == Fn.Decl)
            Specs.push_back(M);
  return Specs;
}

} // namespace

StateGraph computeStateGraph(const AsyncFnShape &Shape) {
  StateGraph G;
  G.NumSuspends = Shape.States.size();
  GraphBuilder B(Shape, G);
  const AsyncFunction &Fn = *Shape.Fn;
  std::set<unsigned> Covered;
  // A template's pattern is dependent, and clang often cannot build its CFG
  // (a range-for over a dependent range, say): the union of its
  // instantiations' graphs is the graph, if together they show every state.
  if (Fn.Dependent) {
    bool Built = false;
    for (const FunctionDecl *Spec : instantiationsOf(Fn))
      Built |= B.build(Spec, userBody(Spec), /*AllowMissing=*/true, Covered);
    if (Built && Covered.size() == Shape.States.size()) {
      B.flush();
      return G;
    }
    B.reset();
    Covered.clear();
  }
  if (B.build(Fn.Decl, Fn.Body, /*AllowMissing=*/false, Covered)) {
    B.flush();
    return G;
  }
  G.Exact = false;
  B.approximate();
  return G;
}

std::vector<unsigned> slotsHeld(const AsyncFnShape &Shape,
                                const StateGraph &Graph, unsigned Node) {
  std::vector<unsigned> Held;
  int K = Graph.suspendIndex(Node);
  for (const Slot &S : Shape.Slots) {
    bool Alive = false;
    if (Node == Graph.unresumed())
      Alive = S.Kind == SlotKind::Parameter || S.Kind == SlotKind::RefParameter ||
              S.Kind == SlotKind::Capture || S.Kind == SlotKind::Self;
    else if (K >= 0)
      Alive = llvm::is_contained(S.LiveIn, unsigned(K));
    if (Alive)
      Held.push_back(S.Id);
  }
  return Held;
}

std::vector<unsigned> slotsDropped(const AsyncFnShape &Shape,
                                   const StateGraph &Graph, unsigned Node) {
  unsigned Point = 0;
  int K = Graph.suspendIndex(Node);
  if (Node == Graph.unresumed())
    Point = Shape.UnresumedPoint;
  else if (K >= 0)
    for (const SuspendState &St : Shape.States)
      if (St.Index == unsigned(K))
        Point = St.DropPoint;
  std::vector<unsigned> Dropped;
  for (unsigned Guard = 0; Point && Point < Shape.DropTree.size() &&
                           Guard < Shape.DropTree.size();
       ++Guard) {
    Dropped.push_back(Shape.DropTree[Point].Slot);
    Point = Shape.DropTree[Point].Parent;
  }
  return Dropped;
}

} // namespace hoist
