//===- PollBodyBuilder.cpp - Slots, scopes and the drop tree -------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The bookkeeping shared by statement and expression lowering: creating
/// slots, tracking which are alive (for states and for the layout's
/// interference), moving along the drop tree, and spelling types for use
/// outside the future.
///
//===----------------------------------------------------------------------===//
#include "Lower/PollBodyBuilder.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace hoist {

PollBodyBuilder::PollBodyBuilder(AsyncFnShape &Shape,
                                 const SuspendPoints &Points,
                                 const LocalStorage &Storage,
                                 SourceRewriter &Rewriter, TypeSpeller &Types,
                                 NameAllocator &Names, DiagEmitter &Diags,
                                 ASTContext &Ctx)
    : Shape(Shape), Points(Points), Storage(Storage), Rewriter(Rewriter),
      Types(Types), Names(Names), Diags(Diags), Ctx(Ctx), N(Shape.Names) {
  openScope(ScopeKind::Function, Shape.Fn->Body);
}

void PollBodyBuilder::error(SourceLocation L, Diag D, StringRef What) {
  Diags.report(L, D) << What;
  Failed = true;
}

//===----------------------------------------------------------------------===//
// Slots and the drop tree
//===----------------------------------------------------------------------===//

unsigned PollBodyBuilder::newSlot(Slot S) {
  S.Id = Shape.Slots.size();
  Shape.Slots.push_back(std::move(S));
  return Shape.Slots.back().Id;
}

unsigned PollBodyBuilder::addEntrySlot(Slot S) {
  unsigned Id = newSlot(std::move(S));
  (void)constructed(Id);
  Shape.UnresumedPoint = CurPoint;
  return Id;
}

void PollBodyBuilder::markAlive(unsigned Id) {
  if (llvm::is_contained(Alive, Id))
    return;
  for (unsigned A : Alive)
    interfere(A, Id);
  Alive.push_back(Id);
}

std::string PollBodyBuilder::setPointText(unsigned Point) const {
  return N.Unwind + ".at = " + std::to_string(Point) + ";";
}

std::string PollBodyBuilder::constructed(unsigned Id) {
  Scopes.back().Slots.push_back(Id);
  markAlive(Id);
  const Slot &S = Shape.Slots[Id];
  if (S.Trivial || S.Reference)
    return "";
  CurPoint = dropNode(Id, CurPoint);
  return " " + setPointText(CurPoint);
}

unsigned PollBodyBuilder::dropNode(unsigned Id, unsigned Parent) {
  for (unsigned I = 1; I < Shape.DropTree.size(); ++I)
    if (Shape.DropTree[I].Slot == Id && Shape.DropTree[I].Parent == Parent)
      return I;
  Shape.DropTree.push_back(DropPoint{Id, Parent});
  return Shape.DropTree.size() - 1;
}

void PollBodyBuilder::interfere(unsigned A, unsigned B) {
  if (A == B || llvm::is_contained(Shape.Slots[A].Interferes, B))
    return;
  Shape.Slots[A].Interferes.push_back(B);
  Shape.Slots[B].Interferes.push_back(A);
}

const Slot *PollBodyBuilder::entrySlot(SlotKind K, const ValueDecl *D) const {
  for (const Slot &S : Shape.Slots)
    if (S.Kind == K && (K == SlotKind::Self || S.Decl == D))
      return &S;
  return nullptr;
}

std::string PollBodyBuilder::destroyText(unsigned Id) const {
  return destroyStatement(Shape.Slots[Id]);
}

void PollBodyBuilder::openScope(ScopeKind K, const Stmt *S) {
  Scope Sc;
  Sc.Kind = K;
  Sc.S = S;
  Sc.EntryPoint = CurPoint;
  Scopes.push_back(std::move(Sc));
}

std::string PollBodyBuilder::endAwaitResults(const Scope &Sc) {
  std::string Text;
  for (const std::string &Ready : llvm::reverse(Sc.AwaitResults))
    Text += (Text.empty() ? "" : " ") + Ready + " = hoist::pending;";
  return Text;
}

std::string PollBodyBuilder::closeScope(unsigned Line, std::optional<unsigned> Made) {
  Scope Sc = std::move(Scopes.back());
  Scopes.pop_back();
  std::string Resets = Sc.KeepsAwaitResults ? "" : endAwaitResults(Sc);
  std::string Text;
  for (unsigned Id : llvm::reverse(Sc.Slots)) {
    const Slot &S = Shape.Slots[Id];
    if (!S.Trivial && !S.Reference) {
      if (!Text.empty())
        Text += ' ';
      Text += destroyText(Id);
    }
    llvm::erase(Alive, Id);
  }
  CurPoint = Sc.EntryPoint;
  // The value made joins the enclosing scope: the drop point is set once,
  // after the destructions, to the one that holds it.
  std::string Point = Made ? constructed(*Made) : "";
  if (Resets.empty() && Text.empty())
    return Point;
  if (!Text.empty() && Point.empty())
    Point = " " + setPointText(Sc.EntryPoint);
  std::string Tail = StringRef(Text + Point).ltrim().str();
  out().add(Line, Resets + (Resets.empty() || Tail.empty() ? "" : " ") + Tail);
  return "";
}

unsigned PollBodyBuilder::emitExitsTo(size_t Depth, unsigned Line) {
  std::string Text;
  for (size_t I = Scopes.size(); I-- > Depth;)
    for (unsigned Id : llvm::reverse(Scopes[I].Slots)) {
      const Slot &S = Shape.Slots[Id];
      if (!S.Trivial && !S.Reference) {
        if (!Text.empty())
          Text += ' ';
        Text += destroyText(Id);
      }
    }
  unsigned Point = Depth < Scopes.size() ? Scopes[Depth].EntryPoint : CurPoint;
  if (!Text.empty())
    out().add(Line, Text + " " + setPointText(Point));
  return Point;
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

std::string PollBodyBuilder::keptIf() const {
  if (KeptIf.size() == 1)
    return KeptIf.front();
  std::string Cond;
  for (const std::string &C : KeptIf)
    Cond += (Cond.empty() ? "(" : " && (") + C + ")";
  return Cond;
}

std::string PollBodyBuilder::factoryParamName(StringRef Captured) const {
  // (Each factory is a function of its own: the name is not reserved.)
  std::string Name = Captured.str() + "_in";
  while (Names.isTaken(Name))
    Name += "_";
  return Name;
}

std::string PollBodyBuilder::uniqueSlotName(StringRef Base) {
  // Two stored locals of the same name (in different scopes) need two
  // members, and a member must not be shadowed by a local of poll() in
  // another scope (-Wshadow).
  bool Taken = declaredTwice(Base) ||
               llvm::any_of(Shape.Slots, [&](const Slot &S) { return S.Name == Base; });
  return Taken ? Names.numbered(Base) : Base.str();
}

std::string PollBodyBuilder::addAlias(StringRef Base, std::string Definition,
                                      unsigned Line) {
  // The same definition gets the same alias.
  for (const TypeAlias &A : Shape.Aliases)
    if (A.Definition == Definition)
      return A.Name;
  std::string Name = Names.numbered(Base);
  Shape.Aliases.push_back(TypeAlias{Name, std::move(Definition), Line, keptIf()});
  return Name;
}

std::string PollBodyBuilder::memberTypeFor(std::string Type, StringRef AliasBase,
                                           unsigned Line) {
  // A declarator that does not read `Type name;` (arrays, functions) is
  // named by an alias.
  if (StringRef(Type).contains('[') ||
      (StringRef(Type).contains('(') && !StringRef(Type).starts_with("decltype")))
    return addAlias(AliasBase, std::move(Type), Line);
  return Type;
}

std::string PollBodyBuilder::pointerTo(const std::string &Type) {
  StringRef T(Type);
  if (T.contains('[') || (T.contains('(') && !T.starts_with("decltype") &&
                          !T.starts_with("std::")))
    return "std::add_pointer_t<" + Type + ">";
  return Type + " *";
}


std::optional<std::string> PollBodyBuilder::valueTypeOf(const Expr *E,
                                                        StringRef AliasBase) {
  // The value of a co_await: the output type its lowering spelled.
  if (awaitOperand(skipTransparent(E))) {
    auto It = AwaitOutputTypes.find(skipTransparent(E));
    if (It != AwaitOutputTypes.end())
      return It->second;
  }
  if (!E->isTypeDependent()) {
    QualType T = E->getType().getNonReferenceType().getUnqualifiedType();
    QualType C = T.getCanonicalType();
    // Types that read the same canonically (int, bool, enums, pointers to
    // them) print canonically: no typedef of some class in the way.
    if (C->isBuiltinType() || C->isEnumeralType() ||
        (C->isPointerType() && C->getPointeeType()->isBuiltinType()))
      if (auto S = Types.spell(C))
        return *S;
    if (!Types.mentionsAsync(T)) {
      if (auto S = Types.spell(T);
          S && !StringRef(*S).contains("output_t<") && !StringRef(*S).contains("Async<"))
        return memberTypeFor(*S, AliasBase, lineOf(E));
      // Sugar of the reference backend (hoist::output_t<F>) in the way: the
      // canonical type, if it reads well.
      if (Types.isNameable(C))
        if (auto S = Types.spell(C);
            S && !StringRef(*S).contains("output_t<") && !StringRef(*S).contains("Async<"))
          return memberTypeFor(*S, AliasBase, lineOf(E));
    }
  }
  auto Text = declvalText(E);
  if (!Text)
    return std::nullopt;
  // A value: declval of a co_await reads as an xvalue.
  return addAlias(AliasBase,
                  "std::remove_cv_t<std::remove_reference_t<decltype(" + *Text + ")>>",
                  lineOf(E));
}

namespace {
/// The declared type `T`, which contains a placeholder (`auto`,
/// `decltype(auto)`), written around `Init`, the text of the initializer as
/// it reads outside the future: the placeholder becomes what C++ deduces
/// from it, every qualifier the user wrote stays.
///
///   auto x = e;          std::decay_t<decltype((e))>
///   const auto &x = e;   const std::remove_reference_t<decltype((e))> &
///   auto &&x = e;        decltype((e)) &&      (reference collapsing)
///   const auto *p = e;   const std::remove_pointer_t<std::decay_t<...>> *
///   decltype(auto) x = e;  decltype(e)
std::optional<std::string> deducedType(QualType T, const std::string &Init) {
  std::string Paren = "decltype((" + Init + "))";
  // The layers of the declarator around the placeholder, outermost first,
  // each with its qualifiers.
  std::vector<std::pair<const Type *, Qualifiers>> Layers;
  QualType Q = T;
  Qualifiers Quals; // of the layer being read (sugar passes them on)
  for (;;) {
    Quals.addQualifiers(Q.getLocalQualifiers());
    const Type *Ty = Q.getTypePtr();
    if (const auto *AT = dyn_cast<AutoType>(Ty)) {
      if (AT->isDecltypeAuto())
        return Layers.empty() && !Quals.hasQualifiers()
                   ? std::optional<std::string>("decltype(" + Init + ")")
                   : std::nullopt;
      Layers.push_back({Ty, Quals});
      break;
    }
    if (const auto *RT = dyn_cast<ReferenceType>(Ty)) {
      Layers.push_back({Ty, Quals});
      Quals = Qualifiers();
      Q = RT->getPointeeTypeAsWritten();
    } else if (const auto *PT = dyn_cast<PointerType>(Ty)) {
      Layers.push_back({Ty, Quals});
      Quals = Qualifiers();
      Q = PT->getPointeeType();
    } else if (const auto *PT = dyn_cast<ParenType>(Ty)) {
      Q = PT->getInnerType();
    } else if (const auto *ET = dyn_cast<ElaboratedType>(Ty)) {
      Q = ET->getNamedType();
    } else if (const auto *AT = dyn_cast<AttributedType>(Ty)) {
      Q = AT->getModifiedType();
    } else {
      return std::nullopt;
    }
  }
  // What the placeholder stands for, by the layer right around it.
  std::string Deduced;
  if (Layers.size() == 1)
    Deduced = "std::decay_t<" + Paren + ">";
  else {
    const Type *Around = Layers[Layers.size() - 2].first;
    if (isa<RValueReferenceType>(Around)) {
      // A forwarding reference: `auto &&` is the initializer's own
      // reference type.
      if (Layers.size() == 2 && !Layers.back().second.hasQualifiers())
        return Paren + " &&";
      Deduced = "std::remove_reference_t<" + Paren + ">";
    } else if (isa<ReferenceType>(Around)) {
      Deduced = "std::remove_reference_t<" + Paren + ">";
    } else {
      Deduced = "std::remove_pointer_t<std::decay_t<" + Paren + ">>";
    }
  }
  // Written back out, innermost first.
  auto QualText = [](Qualifiers Quals) {
    std::string Text;
    if (Quals.hasConst())
      Text += "const ";
    if (Quals.hasVolatile())
      Text += "volatile ";
    return Text;
  };
  std::string Result = QualText(Layers.back().second) + Deduced;
  for (size_t I = Layers.size() - 1; I-- > 0;) {
    const Type *Ty = Layers[I].first;
    if (isa<LValueReferenceType>(Ty))
      Result += " &";
    else if (isa<RValueReferenceType>(Ty))
      Result += " &&";
    else
      Result += " *";
    if (Layers[I].second.hasConst())
      Result += " const";
    if (Layers[I].second.hasVolatile())
      Result += " volatile";
  }
  return Result;
}
} // namespace

std::optional<std::string>
PollBodyBuilder::ctadType(const DeducedTemplateSpecializationType *D,
                          const Expr *Init) {
  Init = Init->IgnoreImplicit();
  std::vector<const Expr *> Args;
  bool Braces = false;
  if (const auto *ILE = dyn_cast<InitListExpr>(Init)) {
    Braces = true;
    Args.assign(ILE->inits().begin(), ILE->inits().end());
  } else if (const auto *PLE = dyn_cast<ParenListExpr>(Init)) {
    for (unsigned I = 0; I < PLE->getNumExprs(); ++I)
      Args.push_back(PLE->getExpr(I));
  } else if (const auto *CE = dyn_cast<CXXConstructExpr>(Init);
             CE && !isa<CXXTemporaryObjectExpr>(CE) &&
             CE->getParenOrBraceRange().isValid()) {
    // `Box b(x)`, `Box b{x}` (deduced, but not nameable as written).
    Braces = CE->isListInitialization();
    Args.assign(CE->arg_begin(), CE->arg_end());
  } else {
    // `std::optional o = x;` deduces as `std::optional o(x);` does.
    Args.push_back(Init);
  }
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  const TemplateDecl *TD = D->getTemplateName().getAsTemplateDecl();
  if (!TD)
    return std::nullopt;
  OS << "::";
  TD->printQualifiedName(OS, Types.policy());
  std::string Text = "decltype(" + OS.str() + (Braces ? "{" : "(");
  for (size_t I = 0; I < Args.size(); ++I) {
    std::optional<std::string> Arg = declvalText(Args[I]);
    if (!Arg)
      return std::nullopt;
    Text += (I ? ", " : "") + *Arg;
  }
  return Text + (Braces ? "})" : "))");
}

std::optional<std::string> PollBodyBuilder::localType(const VarDecl *V) {
  auto It = LocalTypes.find(V);
  if (It != LocalTypes.end())
    return It->second;
  std::optional<std::string> Result;
  QualType T = V->getType();
  bool Deduced = T->getContainedDeducedType() != nullptr;
  // `std::vector<decltype(make(0))> v;`: as written, in the lowered
  // program, where make(0) is a future of Hoist's (printing what the
  // decltype denotes would name hoist::Async<T>).
  std::optional<std::string> Written;
  if (!Deduced && !isa<ParmVarDecl>(V) && !V->isInitCapture() &&
      (!Types.isNameable(T) || Types.mentionsAsync(T)))
    Written = declvalTypeText(V);
  // `std::vector v{1, 2};` (class template argument deduction): the
  // specialization it deduced, with the declaration's cv (CTAD allows no
  // other declarator).
  // Its canonical form: the deduction guide's own spelling may name the
  // standard library's internals (std::array's enable_if_t<is_same_v<...>>).
  // Else (in a template, undeduced) the template applied to the
  // initializer's arguments, `decltype(::std::vector{x, x})`.
  std::optional<std::string> Ctad;
  if (const auto *D = dyn_cast_or_null<DeducedTemplateSpecializationType>(
          T->getContainedDeducedType())) {
    QualType DeducedAs = D->getDeducedType();
    if (!DeducedAs.isNull() && Types.isNameable(DeducedAs.getCanonicalType()) &&
        !Types.mentionsAsync(DeducedAs))
      Ctad = Types.spell(DeducedAs.getCanonicalType());
    else {
      // Undeduced, or a closure or hoist::Async<T> among its arguments
      // (`Box b(lambda)`, `Box c{g(3)}`, whose future the lowering
      // changes): nothing else names it right, as the initializer's own
      // type is not the deduced one (`std::optional o = x;`).
      std::optional<std::string> Applied;
      if (V->hasInit())
        Applied = ctadType(D, V->getInit());
      if (!Applied)
        return std::nullopt;
      Ctad = addAlias("Type_" + V->getName().str(), *Applied,
                      lineOf(V->getLocation()));
    }
  }
  if (Written)
    Result = addAlias("Type_" + V->getName().str(), *Written, lineOf(V->getLocation()));
  else if (Ctad)
    Result = std::string(T.isConstQualified() ? "const " : "") +
             (T.isVolatileQualified() ? "volatile " : "") + *Ctad;
  else if (Types.isNameable(T) && !Deduced)
    Result = Types.spell(T);
  else if (isa<ParmVarDecl>(V) || V->isInitCapture())
    Result = "decltype(" + V->getName().str() + ")";
  else if (V->hasInit()) {
    // Named through the lowered initializer (so that a deduced type is the
    // one the lowered program deduces), never through a type printed from
    // the input, where async calls are hoist::Async<T>.
    const Expr *Init = V->getInit();
    if (auto Text = declvalText(Init)) {
      std::optional<std::string> Type;
      if (Deduced)
        Type = deducedType(T, *Text);
      if (!Type) {
        // Not deduced (a type that cannot be named), or a placeholder in a
        // form deducedType does not know: the initializer's type, with
        // the declared type's reference and const.
        std::string Inner = "decltype((" + *Text + "))";
        if (T->isReferenceType()) {
          QualType Pointee = T->getPointeeType();
          std::string Base = "std::remove_reference_t<" + Inner + ">";
          if (Pointee.isConstQualified())
            Base = "const " + Base;
          Type = Base + (T->isLValueReferenceType() ? " &" : " &&");
        } else {
          std::string Base = "std::decay_t<" + Inner + ">";
          if (T.isConstQualified())
            Base = "const " + Base;
          Type = Base;
        }
      }
      std::string Base = V->getName().str();
      if (const auto *DD = dyn_cast<DecompositionDecl>(V))
        Base = bindingsName(DD);
      Result = addAlias("Type_" + Base, *Type, lineOf(V->getLocation()));
    }
  }
  if (Result)
    LocalTypes[V] = *Result;
  return Result;
}

std::string bindingsName(const DecompositionDecl *DD) {
  std::string Name;
  for (const BindingDecl *B : DD->bindings())
    Name += (Name.empty() ? "" : "_") + B->getName().str();
  return Name;
}

/// `T &` for a type spelled `T` (which may already be a reference).
std::string lvalueRef(const std::string &T) {
  StringRef S = StringRef(T).rtrim();
  // An array or function type does not read `T &`.
  if (S.contains('[') || (S.contains('(') && !S.starts_with("decltype") &&
                          !S.starts_with("std::")))
    return "std::add_lvalue_reference_t<" + T + ">";
  if (S.ends_with("&&"))
    return S.drop_back(2).rtrim().str() + " &";
  if (S.ends_with("&"))
    return S.str();
  return T + " &";
}

namespace {
/// Collects the edits that make an expression valid outside the future:
/// locals of the body become std::declval of their type, lambdas calls of
/// their factories.
class DeclvalCollector : public RecursiveASTVisitor<DeclvalCollector> {
public:
  DeclvalCollector(const AsyncFunction &Fn, SourceRewriter &RW,
                   llvm::function_ref<std::optional<std::string>(const VarDecl *)>
                       LocalType,
                   llvm::function_ref<std::optional<std::string>(const Expr *)>
                       AwaitType,
                   llvm::function_ref<std::optional<std::string>(const LambdaExpr *)>
                       LambdaType,
                   llvm::function_ref<std::optional<std::string>(const VarDecl *)>
                       CaptureType,
                   llvm::function_ref<std::optional<std::string>(const BindingDecl *)>
                       BindingType)
      : Fn(Fn), RW(RW), LocalType(LocalType), AwaitType(AwaitType),
        LambdaType(LambdaType), CaptureType(CaptureType), BindingType(BindingType) {}

  bool shouldVisitImplicitCode() const { return false; }

  bool TraverseLambdaExpr(LambdaExpr *LE) {
    // A lambda cannot appear in decltype before C++20: its factory can.
    auto T = LambdaType(LE);
    auto R = RW.fileRange(LE);
    if (!T || !R) {
      Ok = false;
      return false;
    }
    Edits.push_back({R->first, R->second, *T});
    return true;
  }
  bool TraverseStmt(Stmt *S) {
    if (!S || !Ok)
      return Ok;
    // `(co_await f(), x)`: the built-in comma's type is its right operand's
    // (and the left one's await may not be lowered yet).
    if (auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isCommaOp()) {
      auto R = RW.fileRange(BO->getLHS());
      if (!R) {
        Ok = false;
        return false;
      }
      Edits.push_back({R->first, R->second, "void()"});
      return TraverseStmt(BO->getRHS());
    }
    if (auto *E = dyn_cast<Expr>(S)) {
      if (awaitOperand(E)) {
        auto T = AwaitType(E);
        auto R = RW.fileRange(E);
        if (!T || !R) {
          Ok = false;
          return false;
        }
        // A prvalue, as `co_await` yields (decltype(auto) and auto&& see
        // the difference).
        Edits.push_back({R->first, R->second,
                         "hoist::detail::await_value<" + *T + ">()"});
        return true;
      }
    }
    return RecursiveASTVisitor::TraverseStmt(S);
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (const auto *B = dyn_cast<BindingDecl>(E->getDecl())) {
      auto T = BindingType(B);
      auto R = RW.fileRange(E);
      if (!T || !R) {
        Ok = false;
        return false;
      }
      Edits.push_back({R->first, R->second, *T});
      return true;
    }
    const auto *V = dyn_cast<VarDecl>(E->getDecl());
    if (!V || !V->isLocalVarDeclOrParm())
      return true;
    if (E->refersToEnclosingVariableOrCapture()) {
      // A capture: visible where the future is declared. The async lambda's
      // own captures read as the future's member does (`const int &` for a
      // copy): inside decltype a bare name is no odr-use, and clang then
      // reads the enclosing variable where g++ reads the copy.
      auto T = CaptureType(V);
      if (!T)
        return true;
      auto R = RW.fileRange(E);
      if (!R) {
        Ok = false;
        return false;
      }
      Edits.push_back({R->first, R->second, "std::declval<" + *T + ">()"});
      return true;
    }
    if (const auto *P = dyn_cast<ParmVarDecl>(V))
      if (P->getDeclContext() == Fn.Decl)
        return true; // a parameter: in scope there too
    auto T = LocalType(V);
    auto R = RW.fileRange(E);
    if (!T || !R) {
      Ok = false;
      return false;
    }
    Edits.push_back({R->first, R->second, "std::declval<" + lvalueRef(*T) + ">()"});
    return true;
  }

  std::vector<TextEdit> Edits;
  bool Ok = true;

private:
  const AsyncFunction &Fn;
  SourceRewriter &RW;
  llvm::function_ref<std::optional<std::string>(const VarDecl *)> LocalType;
  llvm::function_ref<std::optional<std::string>(const Expr *)> AwaitType;
  llvm::function_ref<std::optional<std::string>(const LambdaExpr *)> LambdaType;
  llvm::function_ref<std::optional<std::string>(const VarDecl *)> CaptureType;
  llvm::function_ref<std::optional<std::string>(const BindingDecl *)> BindingType;
};
} // namespace

std::optional<std::string> PollBodyBuilder::declvalText(const Expr *E) {
  auto Edits = declvalEdits(E, nullptr);
  if (!Edits)
    return std::nullopt;
  return Rewriter.plainText(E, *Edits);
}

std::optional<std::string> PollBodyBuilder::declvalTypeText(const VarDecl *V) {
  const TypeSourceInfo *TSI = V->getTypeSourceInfo();
  // (An array's declarator has the name inside the type's range.)
  if (!TSI || V->getType()->isArrayType())
    return std::nullopt;
  TypeLoc TL = TSI->getTypeLoc();
  struct FindDecltype : RecursiveASTVisitor<FindDecltype> {
    bool Found = false;
    bool VisitDecltypeTypeLoc(DecltypeTypeLoc) {
      Found = true;
      return false;
    }
  } Find;
  Find.TraverseTypeLoc(TL);
  if (!Find.Found)
    return std::nullopt;
  auto R = Rewriter.fileRange(TL.getSourceRange());
  auto Edits = declvalEdits(nullptr, &TL);
  if (!R || !Edits)
    return std::nullopt;
  // A type location leaves out the leading qualifiers (`const T`, `const
  // T *`): the range starts where the declaration does, if only
  // qualifiers come before the type.
  if (auto Decl = Rewriter.fileRange(SourceRange(V->getBeginLoc())))
    if (Decl->first < R->first) {
      StringRef Before = StringRef(Rewriter.rawText(Decl->first, R->first)).trim();
      bool OnlyQualifiers = true;
      while (!Before.empty()) {
        auto [Word, Rest] = Before.split(' ');
        OnlyQualifiers &= Word == "const" || Word == "volatile";
        Before = Rest.trim();
      }
      if (OnlyQualifiers)
        R->first = Decl->first;
    }
  // (Not `T a, *b;`: the second declarator's type range holds the first.)
  StringRef Raw = Rewriter.rawText(R->first, R->second);
  int Depth = 0;
  for (char C : Raw) {
    Depth += C == '<' || C == '(' || C == '[' ? 1 : C == '>' || C == ')' || C == ']' ? -1 : 0;
    if (C == ',' && Depth == 0)
      return std::nullopt;
  }
  return Rewriter.plainText(R->first, R->second, *Edits);
}

std::optional<std::vector<TextEdit>>
PollBodyBuilder::declvalEdits(const Expr *E, const TypeLoc *TL) {
  // (function_ref does not own: the callables must outlive the collector.)
  auto LocalType = [this](const VarDecl *V) { return localType(V); };
  auto AwaitType = [this](const Expr *A) -> std::optional<std::string> {
    auto It = AwaitOutputTypes.find(A);
    if (It == AwaitOutputTypes.end())
      return std::nullopt;
    return It->second;
  };
  auto LambdaType = [this](const LambdaExpr *LE) { return closureDeclval(LE); };
  auto CaptureType = [this](const VarDecl *V) -> std::optional<std::string> {
    if (const Slot *S = entrySlot(SlotKind::Capture, V))
      return S->Type;
    return std::nullopt;
  };
  // A structured binding: how a stored one reads (lowerBindings), else an
  // lvalue of its type.
  auto BindingType = [this](const BindingDecl *B) -> std::optional<std::string> {
    auto It = BindingDeclvals.find(B);
    if (It != BindingDeclvals.end())
      return It->second;
    QualType T = B->getType();
    if (T.isNull() || Types.mentionsAsync(T) || !Types.isNameable(T))
      return std::nullopt;
    auto S = Types.spell(T);
    if (!S)
      return std::nullopt;
    return "std::declval<" + lvalueRef(*S) + ">()";
  };
  DeclvalCollector C(*Shape.Fn, Rewriter, LocalType, AwaitType, LambdaType,
                     CaptureType, BindingType);
  if (E)
    C.TraverseStmt(const_cast<Expr *>(E));
  else
    C.TraverseTypeLoc(*TL);
  if (!C.Ok)
    return std::nullopt;
  return std::move(C.Edits);
}

//===----------------------------------------------------------------------===//
// Closure factories
//===----------------------------------------------------------------------===//

std::optional<std::string> PollBodyBuilder::closureDeclval(const LambdaExpr *LE) {
  auto Known = ClosureDeclvals.find(LE);
  if (Known != ClosureDeclvals.end())
    return Known->second;

  // What the lambda takes from this function: its captured variables, the
  // variables its init-captures read, and `this`.
  // (An init-capture evaluated in poll() is a parameter of its own.)
  std::vector<const ValueDecl *> Vars; // variables and structured bindings
  bool TakesThis = false;
  const std::vector<CapturedValue> *Values = nullptr;
  if (auto It = CapturedValues.find(LE); It != CapturedValues.end())
    Values = &It->second;
  auto IsValue = [&](const ValueDecl *V) {
    return Values && llvm::any_of(*Values, [&](const CapturedValue &CV) {
             return CV.Capture == V;
           });
  };
  auto AddVar = [&](const ValueDecl *D) {
    const auto *V = dyn_cast_or_null<VarDecl>(D);
    if ((isa_and_nonnull<BindingDecl>(D) || (V && V->hasLocalStorage())) &&
        !llvm::is_contained(Vars, D))
      Vars.push_back(D);
  };
  for (const LambdaCapture &C : LE->captures()) {
    if (C.capturesThis())
      TakesThis = true;
    else if (C.capturesVariable()) {
      const auto *V = dyn_cast<VarDecl>(C.getCapturedVar());
      // Its own init-capture (not one of an enclosing lambda it captures).
      if (V && LE->isInitCapture(&C)) {
        if (IsValue(V))
          continue;
        std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
          if (!S)
            return;
          if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
            AddVar(DRE->getDecl());
          // `[n = base]` in a member function reads this->base.
          if (isa<CXXThisExpr>(S))
            TakesThis = true;
          for (const Stmt *Child : writtenChildren(S))
            Walk(Child);
        };
        Walk(V->getInit());
      } else if (!IsValue(C.getCapturedVar())) {
        AddVar(C.getCapturedVar());
      }
    }
  }

  ClosureFactory F;
  F.Name = Names.numbered("make_lambda" + std::to_string(Shape.Factories.size()));
  std::string Args, DeclvalArgs;
  for (const ValueDecl *D : Vars) {
    // A capture of the async lambda is passed as the future holds it (a
    // copy is const in a lambda that is not mutable).
    const Slot *Captured = entrySlot(SlotKind::Capture, D);
    std::optional<std::string> T;
    std::string Use = D->getName().str();
    if (Captured)
      T = Captured->Type;
    else if (const auto *B = dyn_cast<BindingDecl>(D)) {
      // A structured binding: the lvalue it names, as the body reads it.
      if (const std::string *R = Rewriter.replacement(B))
        Use = *R;
      QualType BT = B->getType();
      if (!BT.isNull() && !BT->isDependentType() && Types.isNameable(BT) &&
          !BT->getContainedDeducedType() && !Types.mentionsAsync(BT))
        T = Types.spell(BT);
      else if (auto It = BindingDeclvals.find(B); It != BindingDeclvals.end())
        T = "std::remove_reference_t<decltype((" + It->second + "))>";
    } else {
      const auto *V = cast<VarDecl>(D);
      T = localType(V);
      if (auto Slot = VarSlots.find(V); Slot != VarSlots.end())
        Use = Shape.Slots[Slot->second].PointerToReferent
                  ? "(*" + Shape.Slots[Slot->second].Name + ")"
                  : Shape.Slots[Slot->second].Name;
    }
    if (!T)
      return std::nullopt;
    std::string Ref = lvalueRef(*T);
    F.Params.push_back(Ref + (StringRef(Ref).ends_with("&") ? "" : " ") +
                       D->getName().str());
    Args += (Args.empty() ? "" : ", ") + Use;
    DeclvalArgs += (DeclvalArgs.empty() ? "" : ", ") +
                   std::string("std::declval<") + Ref + ">()";
  }
  // (The factory's parameters that the lambda copies into an init-capture
  // of the same name are named apart from it: -Wshadow.)
  std::string OuterSelf;
  if (TakesThis) {
    const Slot *Self = entrySlot(SlotKind::Self);
    if (!Self)
      return std::nullopt;
    OuterSelf = factoryParamName(N.Self);
    F.Params.push_back(Self->Type + " " + OuterSelf);
    Args += (Args.empty() ? "" : ", ") + N.Self;
    DeclvalArgs += (DeclvalArgs.empty() ? "" : ", ") +
                   std::string("std::declval<") + Self->Type + ">()";
  }
  // The init-captures evaluated in poll(): the lambda initializes each
  // from a parameter named after it (`[v = std::move(v_in)]`).
  std::vector<TextEdit> ValueEdits;
  if (Values) {
    for (const CapturedValue &CV : *Values) {
      std::optional<std::string> PT;
      bool Move = false;
      std::string Capture; // what the lambda's text becomes: `x = ` and its value
      if (!CV.CopyType.empty()) {
        // A copy: `[x]` becomes `[x = std::move(x_in)]`.
        PT = CV.CopyType;
        Move = !Types.isScalar(CV.Capture->getType().getNonReferenceType());
        Capture = CV.Capture->getName().str() + " = ";
      } else {
        const auto *V = cast<VarDecl>(CV.Capture);
        QualType T = V->getType();
        // Its type: as written, a deduced scalar as what it is (`int`), else
        // through the lowered initializer.
        QualType Canon = T.getCanonicalType();
        if (Types.isNameable(T) && !T->getContainedDeducedType() &&
            !Types.mentionsAsync(T))
          PT = Types.spell(T);
        else if ((Canon->isBuiltinType() || Canon->isEnumeralType() ||
                  Canon->isPointerType()) &&
                 Types.isNameable(Canon) && !Types.mentionsAsync(Canon))
          PT = Types.spell(Canon);
        else if (auto D = declvalText(V->getInit())) {
          PT = deducedType(T, *D);
          if (!PT)
            PT = "std::decay_t<decltype((" + *D + "))>";
        }
        Move = !T->isReferenceType() && !Types.isScalar(T.getNonReferenceType());
      }
      if (!PT)
        return std::nullopt;
      std::string Name = factoryParamName(CV.Capture->getName());
      F.Params.push_back(*PT + (StringRef(*PT).ends_with("&") ? "" : " ") + Name);
      Args += (Args.empty() ? "" : ", ") + CV.Value;
      DeclvalArgs += (DeclvalArgs.empty() ? "" : ", ") +
                     std::string("std::declval<") + *PT + ">()";
      Capture += Move ? "std::move(" + Name + ")" : Name;
      ValueEdits.push_back({CV.Written.first, CV.Written.second, Capture});
    }
  }
  // The lambda moves out of poll(): only `this` changes meaning there.
  Rewriter.setEditSet(SourceRewriter::EditSet::ThisOnly);
  Rewriter.setOuterSelf(OuterSelf);
  F.Lambda = Rewriter.text(LE, ValueEdits);
  Rewriter.setOuterSelf("");
  Rewriter.setEditSet(SourceRewriter::EditSet::All);
  F.Line = lineOf(LE);
  F.Column = Rewriter.columnOf(LE);

  // A parameter whose type names a closure (an init-capture that awaits a
  // local lambda's future) needs the factory that makes that closure
  // complete first: this one then goes in a struct of its own, after it.
  std::vector<std::string> ClosureAliases;
  for (const TypeAlias &A : Shape.Aliases) {
    bool NamesClosure = llvm::any_of(Shape.Factories, [&](const ClosureFactory &G) {
      return StringRef(A.Definition).contains(G.Struct + "::");
    });
    for (const std::string &N : ClosureAliases)
      NamesClosure = NamesClosure || mentionsName(A.Definition, N);
    if (NamesClosure)
      ClosureAliases.push_back(A.Name);
  }
  bool ParamNamesClosure = llvm::any_of(F.Params, [&](const std::string &P) {
    return llvm::any_of(ClosureAliases,
                        [&](const std::string &N) { return mentionsName(P, N); }) ||
           llvm::any_of(Shape.Factories, [&](const ClosureFactory &G) {
             return StringRef(P).contains(G.Struct + "::");
           });
  });
  F.Struct = ParamNamesClosure ? Names.fresh(Shape.FactoriesName) : Shape.FactoriesName;
  std::string Prefix = F.Struct + "::" + F.Name;
  ClosureCalls[LE] = Prefix + "(" + Args + ")";
  Rewriter.setLambdaReplacement(LE, ClosureCalls[LE]);
  std::string Declval = Prefix + "(" + DeclvalArgs + ")";
  ClosureDeclvals[LE] = Declval;
  Shape.Factories.push_back(std::move(F));
  return Declval;
}

void PollBodyBuilder::prepareClosures(const Stmt *S) {
  if (!S)
    return;
  if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    // One whose init-captures await gets its factory once they are lowered
    // (lowerLambdaCaptures): the factory takes their values.
    if (hasAwait(LE))
      return;
    if (!closureDeclval(LE))
      error(LE->getBeginLoc(), Diag::err_await_in_unsupported_expr,
            "a lambda whose captures' types cannot be named");
    return;
  }
  for (const Stmt *C : writtenChildren(S))
    prepareClosures(C);
}

std::string PollBodyBuilder::oneLine(const Stmt *S) const {
  auto Range = Rewriter.fileRange(S);
  if (!Range)
    return "";
  std::string Result;
  bool Space = false;
  for (char C : Rewriter.rawText(Range->first, Range->second)) {
    if (C == '\n' || C == '\r' || C == '\t' || C == ' ') {
      Space = !Result.empty();
      continue;
    }
    if (Space)
      Result += ' ';
    Space = false;
    Result += C;
  }
  if (Result.size() > 72)
    Result = Result.substr(0, 69) + "...";
  return Result;
}

} // namespace hoist
