//===- TypeSpelling.h - Writing a type the generated code can use -*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Every stored value needs its type written out as a member of the future.
/// Most types print as written. Some cannot be named where the future is
/// declared: lambda closure types, classes declared inside the async body,
/// the invented template parameters of generic lambdas, and `auto` types,
/// which in the input deduce hoist::Async<T> but in the output must be the
/// concrete future of the callee. Those are spelled through decltype of the
/// expression that produces the value (see PollBodyBuilder).
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_LOWER_TYPESPELLING_H
#define HOIST_LOWER_TYPESPELLING_H

#include "Analysis/AsyncFunctions.h"

#include "clang/AST/ASTContext.h"

#include <optional>
#include <string>

namespace hoist {

/// Prints types for use in the function that replaces an async function.
class TypeSpeller {
public:
  TypeSpeller(clang::ASTContext &Ctx, const AsyncFunction &Fn);

  /// The type as C++ valid in the rewritten function, or std::nullopt if it
  /// cannot be named there.
  std::optional<std::string> spell(clang::QualType T) const;

  /// True if `T` can be written as is (see the file comment).
  bool isNameable(clang::QualType T) const;

  /// True if `T` mentions hoist::Async anywhere (through sugar too). In the
  /// input a call of an async function has type hoist::Async<T>; in the
  /// lowered program it is that function's own future. Such a type, and one
  /// deduced through it, is never printed: the frame spells it through the
  /// lowered expression that produces it.
  bool mentionsAsync(clang::QualType T) const;

  /// True if `T` is known to have a trivial destructor (false when unknown,
  /// e.g. dependent).
  bool isTriviallyDestructible(clang::QualType T) const;

  /// True if `T` is a scalar (or reference-free trivially copyable type that
  /// is cheaper to assign than to construct in place).
  bool isScalar(clang::QualType T) const;

  const clang::PrintingPolicy &policy() const { return Policy; }

  /// `Spelled` (a printed type) with `Output` and `poll` of the global
  /// namespace written `::Output`, `::poll`: the future's own members hide
  /// them.
  static std::string qualifyProtocolNames(llvm::StringRef Spelled);

private:
  bool isInsideAsyncFunction(const clang::Decl *D) const;

  clang::ASTContext &Ctx;
  const AsyncFunction &Fn;
  clang::PrintingPolicy Policy;
};

} // namespace hoist

#endif // HOIST_LOWER_TYPESPELLING_H
