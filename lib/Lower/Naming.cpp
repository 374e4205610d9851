//===- Naming.cpp - Names for what the lowering adds ---------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A conservative scan: any identifier-like token of the body is taken.
///
//===----------------------------------------------------------------------===//
#include "Lower/Naming.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace hoist {

void NameAllocator::reserveIdentifiersIn(StringRef Text) {
  size_t I = 0, N = Text.size();
  while (I < N) {
    char C = Text[I];
    // Literals and comments name nothing.
    if (C == '"' || C == '\'') {
      char Quote = C;
      for (++I; I < N && Text[I] != Quote; ++I)
        if (Text[I] == '\\')
          ++I;
      ++I;
      continue;
    }
    if (C == '/' && I + 1 < N && Text[I + 1] == '/') {
      while (I < N && Text[I] != '\n')
        ++I;
      continue;
    }
    if (C == '/' && I + 1 < N && Text[I + 1] == '*') {
      size_t End = Text.find("*/", I + 2);
      I = End == StringRef::npos ? N : End + 2;
      continue;
    }
    if (isAlpha(C) || C == '_') {
      size_t J = I + 1;
      while (J < N && (isAlnum(Text[J]) || Text[J] == '_'))
        ++J;
      Taken.insert(Text.slice(I, J));
      I = J;
    } else if (isDigit(C)) {
      // Skip numbers (and their suffixes) so `1u` does not reserve `u`.
      while (I < N && (isAlnum(Text[I]) || Text[I] == '_' || Text[I] == '.' ||
                       Text[I] == '\''))
        ++I;
    } else {
      ++I;
    }
  }
}

std::string NameAllocator::fresh(StringRef Base) {
  std::string Name = Base.str();
  while (Taken.contains(Name))
    Name += '_';
  Taken.insert(Name);
  return Name;
}

std::string NameAllocator::numbered(StringRef Base) {
  std::string Name = Base.str();
  for (unsigned K = 1; Taken.contains(Name); ++K)
    Name = Base.str() + "_" + std::to_string(K);
  Taken.insert(Name);
  return Name;
}

bool mentionsName(llvm::StringRef Text, llvm::StringRef Name) {
  auto IsIdent = [](char C) { return isalnum(static_cast<unsigned char>(C)) || C == '_'; };
  for (size_t Pos = Text.find(Name); Pos != llvm::StringRef::npos;
       Pos = Text.find(Name, Pos + 1)) {
    size_t End = Pos + Name.size();
    if ((Pos == 0 || !IsIdent(Text[Pos - 1])) && (End == Text.size() || !IsIdent(Text[End])))
      return true;
  }
  return false;
}

} // namespace hoist
