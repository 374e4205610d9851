//===- SourceRewriter.h - User code as text, with edits ---------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The lowering keeps the user's expressions as written: it copies their
/// source text. Some names change meaning when a body moves into the poll()
/// method of a future, and this class applies those edits while copying:
///
///   - a stored local that had to be renamed (two locals named `i`)
///   - a stored reference, kept as a pointer:       r        -> (*r)
///   - `this` in a member function:                 this     -> self
///                                                  count    -> self->count
///   - an explicit lambda capture of a stored local [x]      -> [x = x]
///   - a nested async lambda, already lowered:      its replacement text
///   - `__func__`, `__PRETTY_FUNCTION__`, ...:      the string literal of the
///                                                  function's name
///   - subexpressions the caller replaces (the result of a co_await, ...)
///
/// Text is taken from the file (macro uses are copied as written); an edit
/// that falls inside a macro definition cannot be made and is diagnosed.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_LOWER_SOURCEREWRITER_H
#define HOIST_LOWER_SOURCEREWRITER_H

#include "Basic/Diagnostic.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"

#include <string>
#include <vector>

namespace hoist {

/// Replace the file characters [Begin, End) with Text.
struct TextEdit {
  unsigned Begin = 0; ///< file offset
  unsigned End = 0;   ///< file offset, exclusive
  std::string Text;
};

/// Copies user code from the main file, applying the lowering's edits.
class SourceRewriter {
public:
  SourceRewriter(clang::ASTContext &Ctx, DiagEmitter &Diags);

  //===--------------------------------------------------------------------===//
  // What to edit (set per async function)
  //===--------------------------------------------------------------------===//

  /// Every reference to `D` is written as `Text` (a new name, or `(*r)`).
  void setReplacement(const clang::ValueDecl *D, std::string Text);
  /// What references to `D` are written as, if setReplacement named it.
  const std::string *replacement(const clang::ValueDecl *D) const {
    auto It = Replacements.find(D);
    return It == Replacements.end() ? nullptr : &It->second;
  }
  /// The name explicit lambda captures of `D` must use (`[x]` -> `[x = x]`).
  void setCapturedMember(const clang::ValueDecl *D, std::string Name);
  /// In a member function, `this` is written as `Self` and an implicit member
  /// access `m` as `Self->m`. Empty: leave `this` alone.
  void setThisReplacement(std::string Self);
  /// `__func__` in a template's body (where clang leaves it unnamed) is
  /// written as the string literal of `Name`.
  void setFunctionName(llvm::StringRef Name);
  /// Forget the per-function edits above.
  void resetFunctionEdits();

  /// A file range that is always written as `Text` (a nested async lambda
  /// lowered earlier). Ranges must not partly overlap.
  void addFixedEdit(TextEdit Edit);
  /// The lambda expression `LE` is written as `Text` (a call of the factory
  /// that makes its closure where its type must be named).
  void setLambdaReplacement(const clang::LambdaExpr *LE, std::string Text);

  /// Which edits text() makes besides the fixed ones and the caller's.
  enum class EditSet {
    All,      ///< everything (code inside poll())
    ThisOnly, ///< `this` -> self only (code moved out of poll(): factories)
  };
  void setEditSet(EditSet S) { Set = S; }
  EditSet editSet() const { return Set; }
  /// What `this` is written as where the text rendered is (a factory's
  /// parameter, named apart from the lambda's capture of it: -Wshadow):
  /// a lambda's captures of `this` and its init-captures read it. Empty:
  /// the replacement of setThisReplacement.
  void setOuterSelf(std::string S) { OuterSelf = std::move(S); }

  //===--------------------------------------------------------------------===//
  // Rendering
  //===--------------------------------------------------------------------===//

  /// The file range [Begin, End) of `S` (token range made a char range), or
  /// std::nullopt if it cannot be mapped to one piece of the main file.
  std::optional<std::pair<unsigned, unsigned>> fileRange(const clang::Stmt *S) const;
  std::optional<std::pair<unsigned, unsigned>>
  fileRange(clang::SourceRange R) const;

  /// The text of `S` with all edits, and `Extra` edits (which must lie inside
  /// S) replacing parts of it; edits inside an Extra range are not made.
  std::string text(const clang::Stmt *S,
                   llvm::ArrayRef<TextEdit> Extra = {});
  /// The text of the file range [Begin, End) with the edits the statements
  /// in `Scan` need, plus `Extra`.
  std::string text(unsigned Begin, unsigned End,
                   llvm::ArrayRef<const clang::Stmt *> Scan,
                   llvm::ArrayRef<TextEdit> Extra = {});
  /// The text of `S` with only `Edits` applied (no per-function edits): for
  /// code placed outside the future, such as decltype operands.
  std::string plainText(const clang::Stmt *S, llvm::ArrayRef<TextEdit> Edits);
  /// The file range [Begin, End) with only `Edits` applied.
  std::string plainText(unsigned Begin, unsigned End, llvm::ArrayRef<TextEdit> Edits);
  /// The text of `S` followed by its `;` if one follows it in the file.
  std::string textWithSemicolon(const clang::Stmt *S);
  /// The column (1-based) where `S` starts.
  unsigned columnOf(const clang::Stmt *S) const;

  /// The raw file text [Begin, End).
  llvm::StringRef rawText(unsigned Begin, unsigned End) const;
  /// The texts of the fixed edits inside [Begin, End) (nested async lambdas
  /// lowered already).
  std::vector<llvm::StringRef> fixedTextsIn(unsigned Begin, unsigned End) const;

  /// The 1-based line of file offset `Offset`, and of a location.
  unsigned lineOf(unsigned Offset) const;
  unsigned lineOf(clang::SourceLocation Loc) const;

  clang::ASTContext &context() { return Ctx; }
  const clang::SourceManager &sourceManager() const { return SM; }

private:
  class EditCollector;
  void collectEdits(const clang::Stmt *S, llvm::ArrayRef<TextEdit> Extra,
                    std::vector<TextEdit> &Out);

  clang::ASTContext &Ctx;
  const clang::SourceManager &SM;
  DiagEmitter &Diags;
  clang::FileID MainFile;
  llvm::StringRef Buffer;

  llvm::MapVector<const clang::ValueDecl *, std::string> Replacements;
  llvm::MapVector<const clang::ValueDecl *, std::string> CapturedMembers;
  std::string Self;
  std::string FunctionNameLiteral;
  std::vector<TextEdit> FixedEdits;
  llvm::DenseMap<const clang::LambdaExpr *, std::string> LambdaReplacements;
  EditSet Set = EditSet::All;
  std::string OuterSelf;
};

} // namespace hoist

#endif // HOIST_LOWER_SOURCEREWRITER_H
