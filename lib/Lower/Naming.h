//===- Naming.h - Names for what the lowering adds -------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The generated future adds names (state_, awaitee0, cx, State, ...) to a
/// scope that also holds the user's code. A generated name that the user's
/// body already spells (as any identifier token) gets a trailing underscore
/// until it is free, so no user name ever changes meaning.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_LOWER_NAMING_H
#define HOIST_LOWER_NAMING_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <string>

namespace hoist {

/// Whether `Name` is a member every future must have (`Output`, `poll`):
/// a user's parameter or local of that name is stored under another.
inline bool isProtocolMemberName(llvm::StringRef Name) {
  return Name == "Output" || Name == "poll";
}

/// Hands out identifiers that do not clash with the user's.
class NameAllocator {
public:
  /// Reserves every identifier token in `SourceText`.
  void reserveIdentifiersIn(llvm::StringRef SourceText);
  void reserve(llvm::StringRef Name) { Taken.insert(Name); }
  bool isTaken(llvm::StringRef Name) const { return Taken.contains(Name); }

  /// `Base` if free, else Base_, Base__, ...; the result is reserved.
  std::string fresh(llvm::StringRef Base);
  /// `Base`, or Base_1, Base_2, ... if taken; the result is reserved.
  std::string numbered(llvm::StringRef Base);

private:
  llvm::StringSet<> Taken;
};

/// Whether `Text` uses the identifier `Name` (as a whole word).
bool mentionsName(llvm::StringRef Text, llvm::StringRef Name);

} // namespace hoist

#endif // HOIST_LOWER_NAMING_H
