//===- FormatOutput.cpp - The generated code, clang-formatted ------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//

#include "Emit/FormatOutput.h"
#include "Emit/CodeBuffer.h"

#include "clang/Tooling/Core/Replacement.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <optional>

using namespace llvm;
namespace format = clang::format;

namespace hoist {

Expected<format::FormatStyle> outputStyle(StringRef Name, StringRef FileName) {
  Expected<format::FormatStyle> Style = format::getStyle(Name, FileName, "llvm");
  if (!Style)
    return Style.takeError();
  // Whitespace only: the tokens, and so the code, stay what was lowered.
  Style->ReflowComments = false;
  Style->BreakStringLiterals = false;
  Style->InsertBraces = false;
  Style->RemoveBracesLLVM = false;
  Style->RemoveSemicolon = false;
  Style->RemoveParentheses = format::FormatStyle::RPS_Leave;
  Style->QualifierAlignment = format::FormatStyle::QAS_Leave;
  Style->IntegerLiteralSeparator = {};
  Style->FixNamespaceComments = false;
  Style->InsertNewlineAtEOF = false;
  return Style;
}

namespace {

/// `#line N` or `#line N "file"`: the number and the file, if any.
bool parseDirective(StringRef L, unsigned &N, std::optional<std::string> &File) {
  L = L.trim();
  if (!L.consume_front("#line"))
    return false;
  L = L.ltrim();
  if (L.consumeInteger(10, N))
    return false;
  L = L.trim();
  File.reset();
  if (L.empty())
    return true;
  if (L.size() < 2 || L.front() != '"' || L.back() != '"')
    return false;
  std::string Name;
  for (size_t I = 1; I + 1 < L.size(); ++I) {
    if (L[I] == '\\' && I + 2 < L.size())
      ++I;
    Name += L[I];
  }
  File = std::move(Name);
  return true;
}

/// Where the compiler believes a line is: in a file named by a directive,
/// or (Own) at its own place in the output.
struct Origin {
  static constexpr int Own = -1;
  int File = Own; ///< index into the file names
  unsigned Number = 0;
};

bool isBlank(StringRef L) { return L.find_first_not_of(" \t\r\f\v") == StringRef::npos; }

std::string withoutWhitespace(StringRef S) {
  std::string R;
  for (char C : S)
    if (!isSpace(C))
      R += C;
  return R;
}

} // namespace

std::string formatGenerated(StringRef Text, const std::vector<LineSpan> &Generated,
                            const format::FormatStyle &Style, StringRef OutputFile) {
  if (Generated.empty() || Style.DisableFormat)
    return Text.str();

  // The lines without their directives, each with its origin.
  std::vector<std::string> Files;
  std::vector<StringRef> Lines;
  std::vector<Origin> Origins;
  std::vector<bool> IsGenerated;
  Origin Next; // of the next line
  unsigned Physical = 0;
  size_t Span = 0; // the first of Generated that does not end before Physical
  SmallVector<StringRef, 0> Raw;
  Text.split(Raw, '\n');
  bool FinalNewline = Text.ends_with("\n");
  if (FinalNewline)
    Raw.pop_back();
  for (StringRef L : Raw) {
    ++Physical;
    unsigned N;
    std::optional<std::string> File;
    if (parseDirective(L, N, File)) {
      if (File && !OutputFile.empty() && *File == OutputFile) {
        Next = Origin{};
      } else {
        if (File) {
          auto It = llvm::find(Files, *File);
          Next.File = int(It - Files.begin());
          if (It == Files.end())
            Files.push_back(*File);
        }
        Next.Number = N;
      }
      continue;
    }
    Lines.push_back(L);
    Origins.push_back(Next);
    while (Span < Generated.size() && Generated[Span].second < Physical)
      ++Span; // (the spans come in order)
    IsGenerated.push_back(Span < Generated.size() && Generated[Span].first <= Physical);
    ++Next.Number;
  }

  // Format the generated lines of the text without directives.
  std::string Plain;
  std::vector<clang::tooling::Range> Ranges;
  std::vector<size_t> NonSpaceBefore; // of each line
  size_t NonSpace = 0;
  for (size_t I = 0; I < Lines.size(); ++I) {
    if (IsGenerated[I]) {
      if (I > 0 && IsGenerated[I - 1])
        Ranges.back() = clang::tooling::Range(Ranges.back().getOffset(),
                                              Ranges.back().getLength() + Lines[I].size() + 1);
      else
        Ranges.emplace_back(Plain.size(), Lines[I].size());
    }
    NonSpaceBefore.push_back(NonSpace);
    NonSpace += withoutWhitespace(Lines[I]).size();
    Plain += Lines[I].str();
    Plain += '\n';
  }
  clang::tooling::Replacements Edits =
      format::reformat(Style, Plain, Ranges, "<hoist output>.cpp");
  Expected<std::string> Formatted = clang::tooling::applyAllReplacements(Plain, Edits);
  if (!Formatted) {
    consumeError(Formatted.takeError());
    return Text.str();
  }
  if (withoutWhitespace(*Formatted) != withoutWhitespace(Plain))
    return Text.str(); // clang-format changed a token: keep the code as lowered

  // Write the formatted lines, each with the origin of the line its first
  // character came from; a directive wherever the compiler would think
  // otherwise.
  std::string Out;
  Origin Presumed{Origin::Own, 1}; // what the compiler believes of the next line
  Physical = 1;                    // the next line's place in the output
  SmallVector<StringRef, 0> FormattedLines;
  StringRef(*Formatted).split(FormattedLines, '\n');
  FormattedLines.pop_back(); // (after the last newline)
  size_t Seen = 0;           // non-space characters before this line
  for (StringRef L : FormattedLines) {
    if (!isBlank(L)) {
      size_t Line = size_t(std::upper_bound(NonSpaceBefore.begin(), NonSpaceBefore.end(), Seen) -
                           NonSpaceBefore.begin()) -
                    1;
      Origin Want = Origins[Line];
      if (Want.File == Origin::Own)
        Want.Number = Physical;
      bool Nameable = Want.File != Origin::Own || !OutputFile.empty();
      if (Nameable && (Want.File != Presumed.File || Want.Number != Presumed.Number)) {
        std::string D;
        if (Want.File == Origin::Own) {
          ++Want.Number; // (after the directive)
          D = "#line " + std::to_string(Want.Number) + " " + quoted(OutputFile);
        } else {
          D = "#line " + std::to_string(Want.Number);
          if (Want.File != Presumed.File)
            D += " " + quoted(Files[Want.File]);
        }
        Out += D + "\n";
        ++Physical;
        Presumed = Want;
      }
    }
    Out += L.str();
    Out += '\n';
    ++Physical;
    ++Presumed.Number;
    Seen += withoutWhitespace(L).size();
  }
  if (!FinalNewline && !Out.empty())
    Out.pop_back();
  return Out;
}

} // namespace hoist
