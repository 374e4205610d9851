//===- TypeSpelling.cpp - Writing a type the generated code can use ------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Decides whether a type can be written as is and prints it with a policy
/// that keeps the sugar the user wrote (std::string stays std::string).
///
//===----------------------------------------------------------------------===//
#include "Lower/TypeSpelling.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/StringExtras.h"

#include <functional>

using namespace clang;

namespace hoist {

TypeSpeller::TypeSpeller(ASTContext &Ctx, const AsyncFunction &Fn)
    : Ctx(Ctx), Fn(Fn), Policy(Ctx.getPrintingPolicy()) {
  Policy.SuppressUnwrittenScope = true;
  Policy.SuppressTagKeyword = true;
  Policy.Bool = true;
  Policy.SplitTemplateClosers = false;
  Policy.PrintCanonicalTypes = false;
  Policy.FullyQualifiedName = true;
  // Print `test::Tick` for a `Tick` written inside namespace test: the
  // future may be read where the user's using-declarations do not reach.
  Policy.SuppressElaboration = true;
}

bool TypeSpeller::isInsideAsyncFunction(const Decl *D) const {
  // A type declared in the body itself is moved before the future
  // (LocalTypeDecl): it can be named there.
  if (D->getDeclContext() == Fn.Decl && (isa<TagDecl>(D) || isa<TypedefNameDecl>(D)))
    return false;
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (DC == Fn.Decl)
      return true;
  return false;
}

bool TypeSpeller::isNameable(QualType T) const {
  if (T.isNull())
    return false;
  const Type *Ty = T.getTypePtr();
  if (isa<AutoType>(Ty) || isa<DeducedTemplateSpecializationType>(Ty))
    return false;
  if (const auto *TT = dyn_cast<TypedefType>(Ty)) {
    if (isInsideAsyncFunction(TT->getDecl()))
      return false;
    return true; // the typedef's name is what gets printed
  }
  if (const auto *DT = dyn_cast<DecltypeType>(Ty)) {
    // decltype(expr) names entities of the body: print what it denotes.
    if (DT->isDependentType())
      return false;
    return isNameable(DT->getUnderlyingType());
  }
  if (const auto *TTP = dyn_cast<TemplateTypeParmType>(Ty)) {
    const TemplateTypeParmDecl *D = TTP->getDecl();
    return D && !D->isImplicit();
  }
  if (const auto *RT = dyn_cast<RecordType>(Ty)) {
    const RecordDecl *RD = RT->getDecl();
    if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD))
      if (CRD->isLambda())
        return false;
    if (isInsideAsyncFunction(RD))
      return false;
    if (!RD->getIdentifier() && !RD->getTypedefNameForAnonDecl())
      return false;
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
      for (const TemplateArgument &A : Spec->getTemplateArgs().asArray())
        if (A.getKind() == TemplateArgument::Type && !isNameable(A.getAsType()))
          return false;
    }
    return true;
  }
  if (const auto *ET = dyn_cast<EnumType>(Ty))
    return !isInsideAsyncFunction(ET->getDecl()) && ET->getDecl()->getIdentifier();
  if (const auto *TST = dyn_cast<TemplateSpecializationType>(Ty)) {
    for (const TemplateArgument &A : TST->template_arguments())
      if (A.getKind() == TemplateArgument::Type && !isNameable(A.getAsType()))
        return false;
    if (TST->isTypeAlias())
      return true;
    return true;
  }
  if (const auto *PT = dyn_cast<PointerType>(Ty))
    return isNameable(PT->getPointeeType());
  if (const auto *RT = dyn_cast<ReferenceType>(Ty))
    return isNameable(RT->getPointeeType());
  if (const auto *AT = dyn_cast<ArrayType>(Ty))
    return isNameable(AT->getElementType());
  if (const auto *MPT = dyn_cast<MemberPointerType>(Ty))
    return isNameable(MPT->getPointeeType()) &&
           isNameable(QualType(MPT->getClass(), 0));
  if (const auto *FPT = dyn_cast<FunctionProtoType>(Ty)) {
    if (!isNameable(FPT->getReturnType()))
      return false;
    for (QualType P : FPT->param_types())
      if (!isNameable(P))
        return false;
    return true;
  }
  if (isa<BuiltinType>(Ty))
    return true;
  if (isa<DependentNameType>(Ty) || isa<DependentTemplateSpecializationType>(Ty))
    return true;
  if (isa<InjectedClassNameType>(Ty))
    return true;
  if (isa<PackExpansionType>(Ty) || isa<SubstTemplateTypeParmPackType>(Ty))
    return false;
  // Sugar (elaborated, parenthesized, attributed, ...): look through.
  QualType Next = T->getLocallyUnqualifiedSingleStepDesugaredType();
  if (Next != T.getLocalUnqualifiedType())
    return isNameable(Next);
  return !T->isDependentType();
}

std::optional<std::string> TypeSpeller::spell(QualType T) const {
  // A typedef declared in a class and written without qualification (as in
  // the result type of a member function: `Output`) means something else
  // inside the future: print what it stands for.
  for (;;) {
    Qualifiers Quals = T.getLocalQualifiers();
    const Type *Ty = T.getTypePtr();
    if (const auto *ET = dyn_cast<ElaboratedType>(Ty))
      if (!ET->getQualifier())
        Ty = ET->getNamedType().getTypePtr();
    // decltype(expr) names the expression's entities, which may not be in
    // scope where the type is used: print what it denotes.
    if (const auto *DT = dyn_cast<DecltypeType>(Ty))
      if (!DT->isDependentType()) {
        T = Ctx.getQualifiedType(DT->getUnderlyingType(), Quals);
        continue;
      }
    const auto *TT = dyn_cast<TypedefType>(Ty);
    if (!TT || !isa<CXXRecordDecl>(TT->getDecl()->getDeclContext()))
      break;
    bool Enclosing = false;
    for (const DeclContext *DC = Fn.Decl->getDeclContext(); DC;
         DC = DC->getParent())
      if (DC == TT->getDecl()->getDeclContext())
        Enclosing = true;
    if (Enclosing)
      break;
    T = Ctx.getQualifiedType(TT->desugar(), Quals);
  }
  if (!isNameable(T))
    return std::nullopt;
  return qualifyProtocolNames(T.getAsString(Policy));
}

std::string TypeSpeller::qualifyProtocolNames(StringRef Spelled) {
  // Types are printed fully qualified, so a bare name is of the global
  // namespace; inside the future, `Output` and `poll` are its own members.
  auto IsIdent = [](char C) { return llvm::isAlnum(C) || C == '_'; };
  std::string Out;
  for (size_t I = 0; I < Spelled.size();) {
    if (!IsIdent(Spelled[I])) {
      Out += Spelled[I++];
      continue;
    }
    size_t J = I;
    while (J < Spelled.size() && IsIdent(Spelled[J]))
      ++J;
    StringRef Word = Spelled.slice(I, J);
    bool Bare = !StringRef(Out).ends_with("::") && !llvm::isDigit(Word.front());
    if (Bare && (Word == "Output" || Word == "poll"))
      Out += StringRef(Out).ends_with("<") ? " ::" : "::";
    Out += Word.str();
    I = J;
  }
  return Out;
}

/// True if `T` mentions hoist::Async anywhere (through sugar too): such a
/// type, deduced from an expression, is a concrete future in the lowered
/// program, or a runtime detail.
bool TypeSpeller::mentionsAsync(QualType T) const {
  if (T.isNull())
    return false;
  if (asyncOutputType(T))
    return true;
  // Template arguments, packs too (hoist::Join<F...>).
  std::function<bool(ArrayRef<TemplateArgument>)> InArgs =
      [&](ArrayRef<TemplateArgument> Args) {
        for (const TemplateArgument &A : Args) {
          if (A.getKind() == TemplateArgument::Type && mentionsAsync(A.getAsType()))
            return true;
          if (A.getKind() == TemplateArgument::Pack && InArgs(A.pack_elements()))
            return true;
        }
        return false;
      };
  if (const auto *TST = dyn_cast<TemplateSpecializationType>(T.getTypePtr()))
    if (InArgs(TST->template_arguments()))
      return true;
  if (const auto *PT = T->getAs<PointerType>())
    return mentionsAsync(PT->getPointeeType());
  if (const auto *RT = T->getAs<ReferenceType>())
    return mentionsAsync(RT->getPointeeType());
  if (const auto *RD = T->getAsCXXRecordDecl())
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      if (InArgs(Spec->getTemplateArgs().asArray()))
        return true;
  // Sugar: a typedef of an Async (`hoist::Async<int>::Output` reads fine
  // but names a runtime detail here).
  if (const auto *TT = dyn_cast<TypedefType>(T.getTypePtr()))
    if (const auto *Spec =
            dyn_cast<ClassTemplateSpecializationDecl>(TT->getDecl()->getDeclContext()))
      if (InArgs(Spec->getTemplateArgs().asArray()))
        return true;
  return false;
}

bool TypeSpeller::isTriviallyDestructible(QualType T) const {
  if (T.isNull() || T->isDependentType())
    return false;
  if (T->isReferenceType())
    return true;
  return T.isDestructedType() == QualType::DK_none;
}

bool TypeSpeller::isScalar(QualType T) const {
  if (T.isNull() || T->isDependentType())
    return false;
  return T->isScalarType();
}

} // namespace hoist
