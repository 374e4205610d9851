//===- PollBodyBuilder.h - Lowering a body into poll() ----------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Builds the body of the future's poll() from the async function's body.
/// The body keeps its structure: statements without suspend points are
/// copied as written, and the rest are rebuilt around four rules.
///
///  1. A co_await constructs its awaitee in the future, polls it at a resume
///     label, returns pending (recording the state) while it is pending, and
///     destroys it once it is ready:
///
///       ::new (&awaitee0) Awaitee0(sy1(t)); unwind.at = 1;
///     resume_suspend0:
///       if ((ready0 = awaitee0.poll(cx)).is_pending()) return suspend(State::Suspend0);
///       std::destroy_at(&awaitee0); unwind.at = 0;
///       int a = std::move(ready0).value();
///
///  2. A local whose scope contains a suspend point is stored in the future
///     (LocalStorage); its declaration becomes a construction in place and
///     the end of its scope (every exit: fallthrough, break, continue, goto,
///     co_return) an explicit destruction.
///
///  3. Operands evaluated before a later co_await of the same expression are
///     kept in temporaries of the future (left to right, C++17 sequencing);
///     `&&`, `||` and `?:` with a co_await become branches so the skipped side
///     never runs; loops whose condition awaits become `for (;;)`.
///
///  4. `unwind.at` names the drop point (the stored values alive); if an
///     exception leaves poll(), the UnwindGuard destroys exactly those. A
///     catch handler first destroys what its try block had constructed.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_LOWER_POLLBODYBUILDER_H
#define HOIST_LOWER_POLLBODYBUILDER_H

#include "Analysis/LocalStorage.h"
#include "Analysis/SuspendPoints.h"
#include "Analysis/WrittenTree.h"
#include "Basic/Diagnostic.h"
#include "Lower/AsyncFnShape.h"
#include "Lower/Naming.h"
#include "Lower/SourceRewriter.h"
#include "Lower/TypeSpelling.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <string>
#include <vector>

namespace hoist {

/// The name of the object a structured binding names: its bindings', `a_b`.
std::string bindingsName(const clang::DecompositionDecl *DD);

/// `T &` for a type spelled `T` (a reference stays an lvalue reference).
std::string lvalueRef(const std::string &T);

class PollBodyBuilder {
public:
  PollBodyBuilder(AsyncFnShape &Shape, const SuspendPoints &Points,
                  const LocalStorage &Storage, SourceRewriter &Rewriter,
                  TypeSpeller &Types, NameAllocator &Names, DiagEmitter &Diags,
                  clang::ASTContext &Ctx);

  /// Creates a slot that is alive when the future is created (a parameter,
  /// capture or `this`).
  unsigned addEntrySlot(Slot S);

  /// Lowers the body into Shape.PollBody. False if an error was reported.
  bool build();

private:
  //===--------------------------------------------------------------------===//
  // Slots, scopes and the drop tree
  //===--------------------------------------------------------------------===//
  enum class ScopeKind { Function, Block, Loop, Switch, Try, FullExpr };

  struct Scope {
    ScopeKind Kind = ScopeKind::Block;
    const clang::Stmt *S = nullptr;
    unsigned EntryPoint = 0;
    /// Stored slots constructed in this scope, in order of construction.
    std::vector<unsigned> Slots;
    /// For loops whose `continue` must go to a label (lowered increment or
    /// do-while condition).
    std::string ContinueLabel;
    bool ContinueUsed = false;
    /// A full-expression: the results of its awaits (Poll<T> locals of
    /// poll()) that it destroys at its end, as C++ destroys the temporary
    /// that `co_await` yields.
    std::vector<std::string> AwaitResults;
    /// The full-expression binds a reference to what it computes (or is
    /// emitted after its scope ends): its await results stay.
    bool KeepsAwaitResults = false;
  };

  unsigned newSlot(Slot S);
  /// Marks `Id` constructed in the innermost scope: it becomes alive, and
  /// if it has a destructor the drop point moves. Returns the text to append
  /// to the constructing line ("unwind.at = N;" or "").
  std::string constructed(unsigned Id);
  /// The drop-tree node that adds `Id` to point `Parent` (made if new).
  unsigned dropNode(unsigned Id, unsigned Parent);
  /// Records that A and B are alive at the same time.
  void interfere(unsigned A, unsigned B);
  /// Destroys `Id` (the last value constructed) now: returns the text.
  std::string destroyText(unsigned Id) const;
  void openScope(ScopeKind K, const clang::Stmt *S);
  /// `readyN = hoist::pending;` for each await result of `Sc`, newest first.
  static std::string endAwaitResults(const Scope &Sc);
  /// Ends the innermost scope: emits the destruction of its values. `Made`,
  /// a value its full-expression constructed, then joins the enclosing
  /// scope; the returned text ("" or " unwind.at = N;") is the drop point
  /// the caller must append, when the scope emitted no line for it.
  std::string closeScope(unsigned Line, std::optional<unsigned> Made = std::nullopt);
  /// Emits the destruction of everything constructed in scopes above
  /// `Depth` (for a jump out of them); returns the drop point after it.
  unsigned emitExitsTo(size_t Depth, unsigned Line);
  void markAlive(unsigned Id);
  std::string setPointText(unsigned Point) const;
  /// A parameter, capture or `this`: stored for the future's whole life.
  static bool isEntrySlot(const Slot &S) {
    return S.Kind == SlotKind::Parameter || S.Kind == SlotKind::RefParameter ||
           S.Kind == SlotKind::Capture || S.Kind == SlotKind::Self;
  }
  /// The entry slot of kind K for declaration D (any, for `this`).
  const Slot *entrySlot(SlotKind K, const clang::ValueDecl *D = nullptr) const;

  //===--------------------------------------------------------------------===//
  // Statements (StmtLowering.cpp)
  //===--------------------------------------------------------------------===//
  void lowerStmt(const clang::Stmt *S);
  /// The operand spill() is keeping (it keeps an await's result itself).
  const clang::Expr *Spilled = nullptr;
  /// Names of the types the body declares (moved before the future).
  llvm::StringSet<> HoistedTypeNames;
  /// Names of the locals of poll() declared at its top (dead across suspends).
  std::vector<std::string> PollLocalNames;
  void lowerBlockBody(const clang::Stmt *S, ScopeKind K);
  /// A reference local bound to the result of a co_await itself (which
  /// must then outlive its full-expression).
  bool bindsAwaitResult(const clang::VarDecl *V) const;
  /// The body in a block of its own: `{ body }`.
  void lowerBracedBody(const clang::Stmt *S);
  void lowerCompound(const clang::CompoundStmt *CS);
  void lowerDeclStmt(const clang::DeclStmt *DS);
  /// A declaration of classes, enums, typedefs or aliases only (moved
  /// before the future: LocalTypeDecl).
  static bool declaresTypesOnly(const clang::DeclStmt *DS);
  /// A type-dependent expression that is a prvalue whatever the template
  /// arguments (a built-in arithmetic operator, `T(x)`): a reference bound
  /// to it extends a temporary, which clang marks only once instantiated.
  static bool isBuiltinPRValue(const clang::Expr *E);
  void lowerVarDecl(const clang::VarDecl *V, const clang::DeclStmt *DS);
  /// The bindings of a stored structured binding whose object is slot `Id`:
  /// a member or element of it is named there at each use; a tuple-like
  /// binding is a pointer to what get<i> returns.
  void lowerBindings(const clang::DecompositionDecl *DD, unsigned Id,
                     unsigned Line);
  /// How each stored binding reads in decltype outside the future.
  llvm::DenseMap<const clang::BindingDecl *, std::string> BindingDeclvals;
  /// Stores the temporary whose lifetime reference `V` extends, bound to a
  /// subobject of it, in a slot of V's scope; returns the slot's name.
  std::optional<std::string>
  storeExtendedTemporary(const clang::VarDecl *V,
                         const clang::MaterializeTemporaryExpr *MTE);
  /// The type that declares `V` as a local of poll(): as written if it
  /// has a placeholder (it deduces there as in the input), else localType.
  std::string pollLocalType(const clang::VarDecl *V);
  /// Uses of `V` now name its slot `Id`.
  void registerStoredVar(const clang::VarDecl *V, unsigned Id);
  void lowerExprStmt(const clang::Expr *E);
  void lowerIf(const clang::IfStmt *If);
  void lowerWhile(const clang::WhileStmt *While);
  void lowerDo(const clang::DoStmt *Do);
  void lowerFor(const clang::ForStmt *For);
  void lowerRangeFor(const clang::CXXForRangeStmt *For);
  void lowerSwitch(const clang::SwitchStmt *Switch);
  void lowerTry(const clang::CXXTryStmt *Try);
  /// Inserts at line `At` of the poll body the second dispatch of entry
  /// `Entry` (Shape.Tries): each of its states goes on to the next label on
  /// the way to its resume point.
  void insertDispatch(unsigned Entry, size_t At, int Indent, unsigned Line);
  /// Lowers a branch of `if constexpr` entered through label `Entry`
  /// (none: as any block), with a second dispatch at its top.
  void lowerEnteredBranch(const clang::Stmt *S, const std::string &Entry);
  void lowerCoreturn(const clang::CoreturnStmt *Ret);
  void lowerBreak(const clang::BreakStmt *Break);
  void lowerContinue(const clang::ContinueStmt *Continue);
  void lowerGoto(const clang::GotoStmt *Goto);
  /// `EndOfOperand`: what ends the operand's temporaries, after the result.
  void emitReturn(std::string ResultExpr, unsigned Line,
                  const std::string &EndOfOperand = "");
  void emitVerbatim(const clang::Stmt *S);
  void emitLeadingComments(unsigned From, unsigned To);
  bool needsStructure(const clang::Stmt *S);
  /// Whether the init-statement of a for, range-for or if declares locals
  /// of poll() (not stored ones, which are members), so that its lowering
  /// needs a block of its own.
  bool initNeedsBlock(const clang::Stmt *Init);
  bool hasExitingJump(const clang::Stmt *S);
  /// Lowers a condition; returns text valid after the condition's temporaries
  /// are destroyed. `BoolResult`: the value is used as a bool.
  std::string lowerCondition(const clang::Expr *Cond, bool BoolResult);
  size_t findJumpTarget(bool IsContinue) const;

  //===--------------------------------------------------------------------===//
  // Expressions (ExprLowering.cpp)
  //===--------------------------------------------------------------------===//
  /// Emits what must run before the value of `E` is used and returns the
  /// edits that turn E's text into the text of that value.
  std::vector<TextEdit> lowerEdits(const clang::Expr *E);
  /// lowerEdits applied: the text that stands for E's value.
  std::string lowerExpr(const clang::Expr *E);
  /// lowerEdits for operands C++ evaluates in this order (operandsInOrder;
  /// the elements of a nested braced list stand in its place): those before
  /// the last one that needs lowering are kept in temporaries of the future
  /// (unless pure), that one is lowered in place, the rest stay as written.
  std::vector<TextEdit>
  lowerOperands(const std::vector<const clang::Expr *> &Written);
  std::string lowerAwait(const clang::Expr *Await);
  /// The parameter slot of `std::move(p)` if the await may poll p in place:
  /// a by-value parameter named nowhere else, in no loop (nor a function
  /// with labels).
  std::optional<unsigned> movedParameter(const clang::Expr *Operand) const;
  /// A lambda whose init-captures await: the initializers up to the last
  /// that awaits run first (in capture order), and the closure is made from
  /// their values by its factory. Returns the edits for the lambda's text.
  std::vector<TextEdit> lowerLambdaCaptures(const clang::LambdaExpr *LE);
  /// Why the copy capture C, made before an init-capture of LE that
  /// awaits, cannot be kept in the future and made an init-capture.
  std::optional<std::string> copyNotKept(const clang::LambdaExpr *LE,
                                         const clang::LambdaCapture &C) const;
  std::string lowerShortCircuit(const clang::BinaryOperator *BO);
  std::string lowerConditional(const clang::AbstractConditionalOperator *CO);
  std::string lowerComma(const clang::BinaryOperator *BO);
  /// Ends the scope of an operand C++ may skip (of `?:`, `&&`, `||`). If it
  /// made values with destructors, they become temporaries of the enclosing
  /// scope (returned in Kept, still alive, the drop point left where it is)
  /// and it returns true; otherwise the scope closes as any other.
  bool endSkippableOperand(unsigned Line, std::vector<unsigned> &Kept);
  /// A bool temporary `<Prefix>N` (the value or flag of a `&&`, `||`, `?:`).
  Slot boolSlot(llvm::StringRef Prefix, unsigned Line, std::string What);
  /// The innermost scope made a value that has a destructor.
  bool scopeHasDestructors() const;
  /// Slot `Id` (if it has a destructor) is destroyed only if `Ran` holds.
  void guardDestruction(unsigned Id, const std::string &Ran);
  /// lowerExpr, keeping E's temporaries in the future (a later operand of
  /// the full-expression may suspend).
  std::string lowerKeepingTemporaries(const clang::Expr *E);
  /// Evaluates E now into a temporary of the future; returns its use.
  std::string spill(const clang::Expr *E);
  /// Like spill, for a value already lowered to `Text`. With Copy, a value
  /// copied from E even if E names an object (the copy a lambda captures).
  std::string materialize(const clang::Expr *E, const std::string &Text,
                          llvm::StringRef Prefix, bool Copy = false);
  bool isPure(const clang::Expr *E) const;
  /// An operand of E (not pure, with no await) that is written in a macro's
  /// body, so has no text of its own in the file; `Whole` is E's text.
  const clang::Expr *unmappedOperand(const clang::Expr *E,
                                     std::pair<unsigned, unsigned> Whole) const;
  bool hasAwait(const clang::Stmt *S) const { return Points.contains(S); }
  /// hasAwait, or (while KeepTemporaries) a temporary to keep inside.
  bool needsLowering(const clang::Expr *E) const;
  /// A MaterializeTemporaryExpr the lowering keeps, or an argument in
  /// DependentTemporaries (other than the one being materialized).
  bool isKeptTemporaryExpr(const clang::Expr *E) const;
  /// Whether S has a temporary that isKeptTemporaryExpr.
  bool containsTemporary(const clang::Stmt *S) const;
  /// Fills DependentTemporaries from the calls of S.
  void findDependentCallTemporaries(const clang::Stmt *S);
  /// Prvalue arguments of calls resolved at instantiation that may bind a
  /// reference parameter (kept like temporaries).
  llvm::DenseSet<const clang::Expr *> DependentTemporaries;
  const clang::Expr *Materializing = nullptr;
  /// The co_awaits whose result lowerAwait kept in the future.
  llvm::DenseSet<const clang::Expr *> KeptAwaitResults;
  /// E without the implicit nodes that share its text.
  const clang::Expr *skipTransparent(const clang::Expr *E) const;

  /// The children of E as written, in evaluation order.
  std::vector<const clang::Expr *> operandsInOrder(const clang::Expr *E) const;

  //===--------------------------------------------------------------------===//
  // Types
  //===--------------------------------------------------------------------===//
  /// Gives the lambda a factory (ClosureFactory) and makes its uses in
  /// poll() call it; returns the factory call with std::declval arguments.
  std::optional<std::string> closureDeclval(const clang::LambdaExpr *LE);
  /// closureDeclval for every lambda in `S` (not nested in another lambda).
  void prepareClosures(const clang::Stmt *S);
  /// E's text with locals of the body replaced by std::declval, for use in
  /// decltype outside the future. std::nullopt if it cannot be written so.
  std::optional<std::string> declvalText(const clang::Expr *E);
  /// The type V's declaration writes, with its decltype operands spelled as
  /// declvalText does; nullopt if it writes no decltype or cannot be spelled.
  std::optional<std::string> declvalTypeText(const clang::VarDecl *V);
  /// The edits declvalText makes in E, or in TL (one of them is null).
  std::optional<std::vector<TextEdit>> declvalEdits(const clang::Expr *E,
                                                    const clang::TypeLoc *TL);
  /// The declared type of local `V`, spelled for use outside the future.
  std::optional<std::string> localType(const clang::VarDecl *V);
  /// In a template, the type a class template argument deduction `D`
  /// deduces from `Init` (`std::vector v{x, x}`): the template applied to
  /// the initializer's arguments, in a decltype.
  std::optional<std::string>
  ctadType(const clang::DeducedTemplateSpecializationType *D,
           const clang::Expr *Init);
  /// The conditions of the `if constexpr` branches being lowered, as
  /// the function's own scope can read them (see TypeAlias::OnlyIf).
  std::vector<std::string> KeptIf;
  std::string keptIf() const;
  /// The text of an `if constexpr` condition, if it names nothing the
  /// function's body declares (it is then read before the future).
  std::optional<std::string> conditionAtFunctionScope(const clang::Expr *Cond);
  /// A factory's parameter for what its lambda copies into \p Captured.
  std::string factoryParamName(llvm::StringRef Captured) const;
  /// Base, or a numbered variant of it when a slot already has that name
  /// or the function declares it twice.
  std::string uniqueSlotName(llvm::StringRef Base);
  /// True if the function's code declares two variables named \p Name.
  bool declaredTwice(llvm::StringRef Name) const {
    return DeclaredNames.lookup(Name) > 1;
  }
  llvm::StringMap<unsigned> DeclaredNames;
  /// Adds `using Name = Definition;`; returns Name.
  std::string addAlias(llvm::StringRef Base, std::string Definition,
                       unsigned Line);
  /// A type for a value of E's type (prvalue): spelled, or via an alias.
  std::optional<std::string> valueTypeOf(const clang::Expr *E,
                                         llvm::StringRef AliasBase);
  std::string memberTypeFor(std::string Type, llvm::StringRef AliasBase,
                            unsigned Line);
  /// A pointer to `Type` (std::add_pointer_t where `Type *` would not parse).
  static std::string pointerTo(const std::string &Type);

  unsigned lineOf(clang::SourceLocation L) const {
    return Rewriter.lineOf(L);
  }
  unsigned lineOf(const clang::Stmt *S) const {
    return Rewriter.lineOf(S->getBeginLoc());
  }
  std::string oneLine(const clang::Stmt *S) const;
  CodeBuffer &out() { return Shape.PollBody; }
  void error(clang::SourceLocation L, Diag D, llvm::StringRef What);

  AsyncFnShape &Shape;
  const SuspendPoints &Points;
  const LocalStorage &Storage;
  SourceRewriter &Rewriter;
  TypeSpeller &Types;
  NameAllocator &Names;
  DiagEmitter &Diags;
  clang::ASTContext &Ctx;
  const GeneratedNames &N;

  std::vector<Scope> Scopes;
  /// Stored slots alive now (for interference and states).
  std::vector<unsigned> Alive;
  unsigned CurPoint = 0;
  llvm::DenseMap<const clang::VarDecl *, unsigned> VarSlots;
  llvm::DenseMap<const clang::VarDecl *, std::string> LocalTypes;
  llvm::DenseMap<const clang::LabelDecl *, const clang::LabelStmt *> Labels;
  /// The factory call (with declval arguments) made for each lambda.
  llvm::DenseMap<const clang::LambdaExpr *, std::string> ClosureDeclvals;
  /// The factory call made in poll() for each lambda.
  llvm::DenseMap<const clang::LambdaExpr *, std::string> ClosureCalls;
  /// A capture evaluated in poll() before its closure is made (an
  /// init-capture, or a copy made before an init-capture that awaits), and
  /// the text of its value there (its factory takes it as a parameter).
  struct CapturedValue {
    /// The init-capture, or the variable copied.
    const clang::ValueDecl *Capture;
    std::string Value;
    /// A copy (`[x, ...]`): the type of the value kept, and the capture's
    /// own text, which becomes an init-capture `x = ...` (an init-capture
    /// has Type empty; its initializer's text is replaced).
    std::string CopyType;
    std::pair<unsigned, unsigned> Written;
  };
  llvm::DenseMap<const clang::LambdaExpr *, std::vector<CapturedValue>>
      CapturedValues;
  /// The output type of each lowered co_await, spelled (for decltype).
  llvm::DenseMap<const clang::Expr *, std::string> AwaitOutputTypes;
  /// While set, temporaries materialized by an expression are kept in the
  /// future until the end of the full-expression (they may be referred to
  /// across a suspend point).
  bool KeepTemporaries = false;
  /// The try blocks being lowered that contain suspend points, innermost last.
  std::vector<unsigned> ActiveTries;
  std::unique_ptr<WrittenParents> Parents;
  unsigned TempCount = 0;
  unsigned LabelCount = 0;
  bool Failed = false;
};

} // namespace hoist

#endif // HOIST_LOWER_POLLBODYBUILDER_H
