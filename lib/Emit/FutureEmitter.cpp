//===- FutureEmitter.cpp - An AsyncFnShape as C++ ------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Prints the future's class around the poll() body the lowering built:
/// states, constructor, move constructor, destructor, poll()'s dispatch,
/// the drop tree, and the frame's members (see FutureEmitter.h).
///
//===----------------------------------------------------------------------===//
#include "Emit/FutureEmitter.h"
#include "Lower/Naming.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace hoist {

namespace {

/// `Type Name`, with the space LLVM style puts before `&` and `*` only.
std::string declare(StringRef Type, StringRef Name) {
  if (Type.ends_with("&") || Type.ends_with("*"))
    return Type.str() + Name.str();
  return Type.str() + " " + Name.str();
}

class StructPrinter {
public:
  StructPrinter(const AsyncFnShape &Shape, CodeBuffer &Out)
      : Shape(Shape), N(Shape.Names), Out(Out), Line(Shape.Line) {}

  void print() {
    Out.addLoose(Line, "struct " + Shape.FutureName + " {");
    Out.indent();
    Out.addLoose(Line, "using Output = " + Shape.Output + ";");
    printStates();
    printConstructors();
    printDestructor();
    printPoll();
    printHelpers();
    printFrame();
    Out.dedent();
    Out.addLoose(Line, "};");
  }

private:
  std::string state(StringRef Name) const { return N.StateEnum + "::" + Name.str(); }

  void printStates() {
    Out.addLoose(Line, "");
    Out.addLoose(Line, "// The states: where poll() resumes.");
    // Unresumed, one per suspend point, Returned, Poisoned: a byte while
    // they fit in one.
    size_t Count = Shape.States.size() + 3;
    const char *Underlying = Count <= 256     ? "unsigned char"
                             : Count <= 65536 ? "unsigned short"
                                              : "unsigned";
    Out.addLoose(Line, "enum class " + N.StateEnum + " : " + Underlying + " {");
    Out.indent();
    Out.addLoose(Line, "Unresumed, // created; the body has not started");
    for (const SuspendState &S : Shape.States)
      Out.addLoose(Line, "Suspend" + std::to_string(S.Index) + ", // line " +
                        std::to_string(S.Line) + ": " + S.AwaitText);
    Out.addLoose(Line, "Returned,  // completed: polling again is an error");
    Out.addLoose(Line, "Poisoned,  // running, or an exception escaped: polling "
                  "again is an error");
    Out.dedent();
    Out.addLoose(Line, "};");
  }

  /// How the constructor receives a slot.
  /// The constructor's parameter for a member: named apart from it, so
  /// that it does not shadow it (-Wshadow).
  static std::string ctorParamName(const Slot &S) { return S.Name + "_in"; }

  /// `E` (a name: an lvalue) bound to the member of slot `S`: an rvalue
  /// reference parameter (`std::string &&s`, a forwarding `F &&f`) binds as
  /// what it was declared.
  static std::string bindAgain(const Slot &S, const std::string &E) {
    if (S.Kind == SlotKind::RefParameter && S.Decl &&
        S.Decl->getType()->isRValueReferenceType())
      return "static_cast<" + S.Type + ">(" + E + ")";
    return E;
  }

  std::string ctorParam(const Slot &S) const {
    switch (S.Kind) {
    case SlotKind::Self:
    case SlotKind::Capture:
    case SlotKind::RefParameter:
      return declare(S.Type, ctorParamName(S));
    default: {
      bool Const = S.Decl && S.Decl->getType().isConstQualified();
      return declare(S.Type + (Const ? " &" : " &&"), ctorParamName(S));
    }
    }
  }

  /// Members that need no union: references, `this`, and scalars (which
  /// have nothing to construct or destroy).
  bool isPlain(const Slot &S) const {
    return S.Reference || S.Kind == SlotKind::Self || S.Scalar;
  }

  /// The constructor's slots in the order the frame declares them (the
  /// order of a member initializer list).
  std::vector<unsigned> ctorSlotsInFrameOrder() const {
    std::vector<unsigned> Order;
    for (const FrameGroup &G : Shape.Layout.Groups)
      for (unsigned Id : G.Slots)
        if (llvm::is_contained(Shape.CtorSlots, Id))
          Order.push_back(Id);
    return Order;
  }

  void printConstructors() {
    const std::string &F = Shape.FutureName;
    Out.addLoose(Line, "");
    // Creation stores the parameters (and captures, `this`): Unresumed.
    std::string Params, Inits;
    for (unsigned Id : Shape.CtorSlots)
      Params += (Params.empty() ? "" : ", ") + ctorParam(Shape.slot(Id));
    for (unsigned Id : ctorSlotsInFrameOrder()) {
      const Slot &S = Shape.slot(Id);
      bool Move = S.Kind == SlotKind::Parameter &&
                  !(S.Decl && S.Decl->getType().isConstQualified());
      Inits += (Inits.empty() ? " : " : ", ") + S.Name + "(" +
               (Move ? "std::move(" + ctorParamName(S) + ")"
                     : bindAgain(S, ctorParamName(S))) +
               ")";
    }
    Out.addGenerated(Line, (Shape.CtorSlots.empty() ? "" : "explicit ") + F + "(" +
                      Params + ")" + Inits + " {}");

    // Moving is allowed until the first poll: after it, stored values may
    // point into the future.
    std::string MoveInits;
    for (unsigned Id : ctorSlotsInFrameOrder()) {
      const Slot &S = Shape.slot(Id);
      if (isPlain(S))
        MoveInits += (MoveInits.empty() ? " : " : ", ") + S.Name + "(" +
                     bindAgain(S, N.Other + "." + S.Name) + ")";
    }
    Out.addGenerated(Line, F + "(" + F + " &&" + N.Other + ")" + MoveInits + " {");
    Out.indent();
    Out.addGenerated(Line, "if (" + N.Other + "." + N.StateVar + " != " +
                      state("Unresumed") + ")");
    Out.addGenerated(Line, "  hoist::detail::moved_after_poll(" + quoted(Shape.DisplayName) +
                      ", " + quoted(Shape.Location) + ");");
    for (unsigned Id : Shape.CtorSlots) {
      const Slot &S = Shape.slot(Id);
      if (!isPlain(S))
        // std::move(other).x, not std::move(other.x): clang 19 fails on the
        // latter for a generic lambda's parameter inside a template.
        Out.addGenerated(Line, "::new (&" + S.Name + ") " + S.Type + "(std::move(" +
                          N.Other + ")." + S.Name + ");");
    }
    Out.dedent();
    Out.addGenerated(Line, "}");
    Out.addLoose(Line, F + "(const " + F + " &) = delete;");
    Out.addLoose(Line, F + " &operator=(const " + F + " &) = delete;");
  }

  void printDestructor() {
    if (!Shape.hasDrops())
      return;
    Out.addLoose(Line, "");
    Out.addLoose(Line, "// Destroying the future destroys what its state holds.");
    Out.addGenerated(Line, "~" + Shape.FutureName + "() {");
    Out.indent();
    Out.addGenerated(Line, "switch (" + N.StateVar + ") {");
    for (const SuspendState &S : Shape.States)
      if (S.DropPoint)
        Out.addGenerated(Line, "case " + state("Suspend" + std::to_string(S.Index)) +
                          ": " + N.DropTo + "(" + std::to_string(S.DropPoint) +
                          ", 0); break;");
    // Completing the body (or an exception escaping it) destroyed the
    // parameters with the locals: Returned and Poisoned hold nothing.
    if (Shape.UnresumedPoint)
      Out.addGenerated(Line, "case " + state("Unresumed") + ": " + N.DropTo + "(" +
                                 std::to_string(Shape.UnresumedPoint) +
                                 ", 0); break; // the parameters");
    Out.addGenerated(Line, "default: break;");
    Out.addGenerated(Line, "}");
    Out.dedent();
    Out.addGenerated(Line, "}");
  }

  void printPoll() {
    Out.addLoose(Line, "");
    bool UsesContext = !Shape.States.empty();
    std::string Body = "poll";
    if (!Shape.BodyFunction.empty()) {
      Body = Shape.BodyFunction;
      Out.addLoose(Line, "// The body runs in a function of the async function's "
                         "name: __func__ in a macro names it.");
      std::string Call = Body == "operator()" ? "(*this)" : Body;
      Out.addGenerated(Line, "hoist::Poll<Output> poll(hoist::Context &" + N.Context +
                                 ") { return " + Call + "(" + N.Context + "); }");
    }
    Out.addGenerated(Line, "hoist::Poll<Output> " + Body + "(hoist::Context &" +
                      std::string(UsesContext ? N.Context : "") + ") {");
    Out.indent();
    // A parameter pack is a tuple of the future: the body runs where its
    // elements have the pack's name again.
    for (const AsyncFnShape::Pack &P : Shape.Packs) {
      Out.addGenerated(Line, "return std::apply([&](auto &..." + P.Name +
                                 ") -> hoist::Poll<Output> {");
      Out.indent();
    }
    for (const std::string &L : Shape.PollLocals)
      Out.addGenerated(Line, L);
    if (Shape.hasDrops())
      Out.addGenerated(Line, "hoist::detail::UnwindGuard<" + Shape.FutureName +
                                 ", &" + Shape.FutureName + "::" + N.Unwinding +
                                 ", &" + Shape.FutureName + "::" + N.DropTo + "> " +
                                 N.Unwind + "(*this, " +
                                 std::to_string(Shape.UnresumedPoint) + ");");
    std::string Subject = "std::exchange(" + N.StateVar + ", " + state("Poisoned") + ")";
    if (!Shape.Tries.empty()) {
      Out.addGenerated(Line, N.StateEnum + " " + N.Resumed + " = " + Subject + ";");
      Subject = N.Resumed;
    }
    Out.addGenerated(Line, "switch (" + Subject + ") {");
    auto SetPoint = [&](unsigned P) {
      return Shape.hasDrops() && P ? N.Unwind + ".at = " + std::to_string(P) + "; "
                                   : std::string();
    };
    Out.addGenerated(Line, "case " + state("Unresumed") + ": break;");
    for (const SuspendState &S : Shape.States) {
      std::string Target =
          S.TryEntries.empty() ? S.ResumeLabel : S.TryEntries.front();
      Out.addGenerated(Line, "case " + state("Suspend" + std::to_string(S.Index)) + ": " +
                        SetPoint(S.DropPoint) + "goto " + Target + ";");
    }
    Out.addGenerated(Line, "case " + state("Returned") + ":");
    Out.addGenerated(Line, "  hoist::detail::polled_after_return(" + quoted(Shape.DisplayName) +
                      ", " + quoted(Shape.Location) + ");");
    Out.addGenerated(Line, "case " + state("Poisoned") + ":");
    Out.addGenerated(Line, "  hoist::detail::polled_after_poison(" + quoted(Shape.DisplayName) +
                      ", " + quoted(Shape.Location) + ");");
    Out.addGenerated(Line, "}");
    Out.addBuffer(Shape.PollBody);
    for (const AsyncFnShape::Pack &P : llvm::reverse(Shape.Packs)) {
      Out.dedent();
      Out.addGenerated(Line, "}, " + P.Member + ");");
    }
    Out.dedent();
    Out.addGenerated(Line, "}");
  }

  void printHelpers() {
    if (!Shape.States.empty()) {
      Out.addLoose(Line, "");
      Out.addGenerated(Line, "hoist::Pending " + N.Suspend + "(" + N.StateEnum + " " +
                                 N.Next + ") { " + N.StateVar + " = " + N.Next +
                                 "; return hoist::pending; }");
    }
    if (!Shape.hasDrops())
      return;
    Out.addGenerated(Line, "bool " + N.Unwinding + "() const { return " + N.StateVar +
                      " == " + state("Returned") + " || " + N.StateVar +
                      " == " + state("Poisoned") + "; }");
    Out.addLoose(Line, "");
    Out.addLoose(Line, "// The drop tree: each point adds one value to its "
                       "parent point; unwinding");
    Out.addLoose(Line, "// from a point destroys the values on the way back, "
                       "newest first.");
    Out.addGenerated(Line, "void " + N.DropTo + "(int " + N.From + ", int " + N.To + ") {");
    Out.indent();
    Out.addGenerated(Line, "while (" + N.From + " != " + N.To + ") {");
    Out.indent();
    Out.addGenerated(Line, "switch (" + N.From + ") {");
    for (unsigned P = 1; P < Shape.DropTree.size(); ++P) {
      const DropPoint &D = Shape.DropTree[P];
      Out.addGenerated(Line, "case " + std::to_string(P) + ": " +
                                 destroyStatement(Shape.slot(D.Slot)) + " " + N.From + " = " +
                                 std::to_string(D.Parent) + "; break;");
    }
    Out.addGenerated(Line, "default: return;");
    Out.addGenerated(Line, "}");
    Out.dedent();
    Out.addGenerated(Line, "}");
    Out.dedent();
    Out.addGenerated(Line, "}");
  }

  std::string describe(const Slot &S) const {
    std::string D = slotKindName(S.Kind);
    if (!S.What.empty() && S.Kind != SlotKind::Parameter &&
        S.Kind != SlotKind::Self)
      D += ", line " + std::to_string(S.Line) + ": " + S.What;
    if (!S.LiveIn.empty()) {
      D += " [";
      for (size_t I = 0; I < S.LiveIn.size(); ++I)
        D += (I ? ", Suspend" : "Suspend") + std::to_string(S.LiveIn[I]);
      D += "]";
    }
    if (!S.DestroyIf.empty())
      D += ", made if " + S.DestroyIf;
    return D;
  }

  void printFrame() {
    Out.addLoose(Line, "");
    Out.addLoose(Line, "// The frame. poll() constructs and destroys these "
                       "values itself; values");
    Out.addLoose(Line, "// never alive at the same time share a union. Largest alignment first,");
    Out.addLoose(Line, "// the one-byte state last: the least padding.");
    for (const FrameGroup &G : Shape.Layout.Groups) {
      if (G.Slots.size() == 1 && isPlain(Shape.slot(G.Slots[0]))) {
        const Slot &S = Shape.slot(G.Slots[0]);
        Out.addLoose(Line, declare(S.Type, S.Name) + "; // " + describe(S));
        continue;
      }
      Out.addLoose(Line, "union {");
      Out.indent();
      for (unsigned Id : G.Slots) {
        const Slot &S = Shape.slot(Id);
        Out.addLoose(Line, declare(S.Type, S.Name) + "; // " + describe(S));
      }
      Out.dedent();
      Out.addLoose(Line, "};");
    }
    Out.addLoose(Line, N.StateEnum + " " + N.StateVar + " = " + state("Unresumed") + ";");
  }

  const AsyncFnShape &Shape;
  const GeneratedNames &N;
  CodeBuffer &Out;
  unsigned Line;
};

} // namespace

const char *slotKindName(SlotKind K) {
  switch (K) {
  case SlotKind::Parameter:
    return "parameter";
  case SlotKind::RefParameter:
    return "reference parameter";
  case SlotKind::Capture:
    return "capture";
  case SlotKind::Self:
    return "this";
  case SlotKind::Local:
    return "local";
  case SlotKind::Awaitee:
    return "awaitee";
  case SlotKind::Temporary:
    return "temporary";
  }
  llvm_unreachable("unknown SlotKind");
}

std::string destroyStatement(const Slot &S) {
  std::string Destroy =
      (S.Array ? "hoist::destroy_array(&" : "std::destroy_at(&") + S.Name + ");";
  return S.DestroyIf.empty() ? Destroy : "if (" + S.DestroyIf + ") " + Destroy;
}

CodeBuffer emitFutureStruct(const AsyncFnShape &Shape) {
  CodeBuffer Out;
  StructPrinter(Shape, Out).print();
  return Out;
}

std::string futureSizePlaceholder(StringRef FutureName) {
  std::string S = "sizeof(" + FutureName.str() + ")";
  std::string A = "alignof(" + FutureName.str() + ")";
  return S + " == " + S + " && " + A + " == " + A;
}

FunctionRewrite emitFunctionRewrite(const AsyncFnShape &Shape,
                                    SourceRewriter &Rewriter) {
  const AsyncFunction &Fn = *Shape.Fn;
  FunctionRewrite R;
  if (!Fn.Boxed) {
    // The written return type (leading or trailing, as in a lambda's).
    SourceRange RT = Fn.Decl->getReturnTypeSourceRange();
    if (RT.isInvalid())
      if (FunctionTypeLoc FTL = Fn.Decl->getFunctionTypeLoc())
        RT = FTL.getReturnLoc().getSourceRange();
    // `static` (Fn.MadeInternal) goes before the leading return type, or
    // at the start of a declaration with a trailing one.
    bool Trailing = false;
    if (const auto *FPT = Fn.Decl->getType()->getAs<FunctionProtoType>())
      Trailing = FPT->hasTrailingReturn();
    // ([[maybe_unused]]: a static function no one here calls is warned of.)
    const char *Internal = "[[maybe_unused]] static ";
    if (auto Range = Rewriter.fileRange(RT))
      R.ReturnType = TextEdit{
          Range->first, Range->second,
          Fn.MadeInternal && !Trailing ? std::string(Internal) + "auto" : "auto"};
    if (Fn.MadeInternal && Trailing)
      if (auto Start = Rewriter.fileRange(SourceRange(Fn.Decl->getBeginLoc(),
                                                      Fn.Decl->getBeginLoc())))
        R.Insertions.push_back(TextEdit{Start->first, Start->first, Internal});
  }
  R.Insertions.insert(R.Insertions.end(), Shape.ParamNames.begin(),
                      Shape.ParamNames.end());
  auto Body = Rewriter.fileRange(Fn.bodyRange());
  if (!Body)
    return R;
  R.BodyBegin = Body->first;
  R.BodyEnd = Body->second;
  {
    // Indent like the line where the function (or lambda) begins.
    auto Start = Rewriter.fileRange(Fn.sourceRange());
    StringRef Before = Rewriter.rawText(0, Start ? Start->first : Body->first);
    size_t LineStart = Before.rfind('\n');
    LineStart = LineStart == StringRef::npos ? 0 : LineStart + 1;
    StringRef Lead = Before.substr(LineStart);
    R.BaseIndent = Lead.size() - Lead.ltrim(" \t").size();
  }

  unsigned Line = Shape.Line;
  CodeBuffer &Out = R.Body;
  Out.addLoose(Line, "{");
  Out.indent();
  if (!Shape.LocalTypes.empty()) {
    Out.addLoose(Line, "// Types the body declares, moved out of poll(): the future names them.");
    for (const LocalTypeDecl &D : Shape.LocalTypes)
      Out.addUserText(D.Line, D.Text, D.Column);
  }
  // Aliases that do not name a closure come first: the factories' parameters
  // may use them (a captured `auto` local); the rest come after the
  // factories whose closures they name.
  std::vector<std::string> Structs; // the factories' structs, in order
  for (const ClosureFactory &F : Shape.Factories)
    if (!llvm::is_contained(Structs, F.Struct))
      Structs.push_back(F.Struct);
  // An alias no one names is left out (the lowering may spell a type one
  // way, then store the value another: g++ warns of unused local typedefs).
  // An alias names only those before it.
  CodeBuffer Struct = emitFutureStruct(Shape);
  std::string Users;
  for (const CodeLine &L : Struct.lines())
    Users += L.Text + "\n";
  for (const ClosureFactory &F : Shape.Factories)
    for (const std::string &P : F.Params)
      Users += P + "\n";
  std::vector<bool> Used(Shape.Aliases.size(), false);
  for (size_t I = Shape.Aliases.size(); I-- > 0;) {
    Used[I] = mentionsName(Users, Shape.Aliases[I].Name);
    if (Used[I])
      Users += Shape.Aliases[I].Definition + "\n";
  }
  std::vector<bool> Emitted(Shape.Aliases.size(), false);
  // The aliases that name nothing not yet emitted: of the closures, only
  // those of the first `StructsDone` structs.
  auto EmitReady = [&](size_t StructsDone) {
    for (size_t I = 0; I < Shape.Aliases.size(); ++I) {
      const TypeAlias &A = Shape.Aliases[I];
      if (Emitted[I] || !Used[I])
        continue;
      bool Ready = true;
      for (size_t G = StructsDone; G < Structs.size(); ++G)
        Ready = Ready && !StringRef(A.Definition).contains(Structs[G] + "::");
      for (size_t J = 0; J < I; ++J)
        Ready = Ready && (Emitted[J] || !Used[J] ||
                          !mentionsName(A.Definition, Shape.Aliases[J].Name));
      if (!Ready)
        continue;
      unsigned At = A.Line ? A.Line : Line;
      if (A.OnlyIf.empty()) {
        Out.add(At, "using " + A.Name + " = " + A.Definition + ";");
      } else {
        // Named in a branch of `if constexpr`: instantiated only where the
        // branch is kept.
        Out.addLoose(At, "// Only where its branch of `if constexpr` is kept "
                         "(else hoist::detail::Discarded):");
        Out.add(At, "auto " + A.Name + "_if_kept = [&] {");
        Out.add(At, "  if constexpr (" + A.OnlyIf + ") return hoist::detail::type_tag<" +
                        A.Definition + ">{};");
        Out.add(At, "  else return hoist::detail::type_tag<hoist::detail::Discarded>{};");
        Out.add(At, "};");
        Out.add(At, "using " + A.Name + " = typename decltype(" + A.Name +
                        "_if_kept())::type;");
      }
      Emitted[I] = true;
    }
  };
  for (size_t G = 0; G <= Structs.size(); ++G) {
    EmitReady(G);
    if (G == Structs.size())
      break;
    if (G == 0)
      Out.addLoose(Line, "// Lambdas whose closure type the future names, made here.");
    else
      Out.addLoose(Line, "// Lambdas whose parameters name a closure made above.");
    Out.addLoose(Line, "struct " + Structs[G] + " {");
    Out.indent();
    for (const ClosureFactory &F : Shape.Factories) {
      if (F.Struct != Structs[G])
        continue;
      std::string Params;
      for (const std::string &P : F.Params)
        Params += (Params.empty() ? "" : ", ") + P;
      Out.addLoose(F.Line, "static auto " + F.Name + "(" + Params + ") {");
      Out.indent();
      Out.addUserText(F.Line, "return " + F.Lambda + ";", F.Column);
      Out.dedent();
      Out.addLoose(F.Line, "}");
    }
    Out.dedent();
    Out.addLoose(Line, "};");
  }
  std::string Summary = "// The future of '" + Shape.DisplayName + "' (" +
                        Shape.Location + "): " +
                        std::to_string(Shape.States.size()) + " suspend point" +
                        (Shape.States.size() == 1 ? "" : "s") + ".";
  Out.addLoose(Line, Summary);
  Out.addBuffer(Struct);
  if (!Fn.Dependent)
    // The layout hoist reports (--emit=explain), pinned: the placeholder
    // becomes the measured size and alignment (MeasureFutures.h). A
    // compiler that disagrees was given other flags than the parse.
    Out.addGenerated(Line, "static_assert(" + futureSizePlaceholder(Shape.FutureName) +
                               ", \"not the layout hoist measured: give hoist this "
                               "compile's flags (after --; CMake: PARSE_ARGS) or "
                               "lower with --no-layout-asserts\");");
  std::string Args;
  for (const std::string &A : Shape.CtorArgs)
    Args += (Args.empty() ? "" : ", ") + A;
  // A boxed future is made in its box: a temporary moved into it would be
  // destroyed in the ramp, where g++ cannot see that its state holds only
  // the parameters (-Wmaybe-uninitialized on the frame's other members).
  std::string Make = Fn.Boxed ? "hoist::make_boxed<" + Shape.FutureName + ">(" + Args + ")"
                              : Shape.FutureName + "(" + Args + ")";
  Out.addGenerated(Line, "return " + Make + ";");
  Out.dedent();
  Out.addLoose(Rewriter.lineOf(Fn.bodyEnd()), "}");
  return R;
}

} // namespace hoist
