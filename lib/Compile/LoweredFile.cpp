//===- LoweredFile.cpp - Where a lowered file's lines came from -----------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
#include "Compile/LoweredFile.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Regex.h"

using namespace llvm;

namespace hoist {

namespace {

/// `#line N` or `#line N "file"`: N, and the file if named.
std::optional<std::pair<unsigned, std::optional<std::string>>>
lineDirective(StringRef Line) {
  StringRef S = Line.trim();
  if (!S.consume_front("#"))
    return std::nullopt;
  S = S.ltrim();
  if (!S.consume_front("line"))
    return std::nullopt;
  S = S.ltrim();
  unsigned N;
  if (S.consumeInteger(10, N))
    return std::nullopt;
  S = S.trim();
  if (S.empty())
    return std::make_pair(N, std::optional<std::string>());
  if (S.size() < 2 || !S.consume_front("\"") || !S.consume_back("\""))
    return std::nullopt;
  // The lowering escapes `\` and `"` in names (quoted()).
  std::string File;
  for (size_t I = 0; I < S.size(); ++I) {
    if (S[I] == '\\' && I + 1 < S.size())
      ++I;
    File += S[I];
  }
  return std::make_pair(N, std::optional<std::string>(File));
}

} // namespace

bool LoweredFile::looksLowered(StringRef Prefix) {
  return lineDirective(Prefix.take_until([](char C) { return C == '\n'; }))
      .has_value();
}

bool LoweredFile::isGeneratedName(StringRef Name) {
  static const Regex Generated("^([A-Z][A-Za-z0-9_]*Future|[Aa]waitee[0-9]+|"
                               "temp[0-9]+|ready[0-9]+)$");
  return Generated.match(Name);
}

LoweredFile LoweredFile::read(StringRef Path, StringRef Text) {
  LoweredFile F;
  // Lines before any directive are the file's own.
  Presumed Next{Path.str(), 1};
  // What the lowering writes beside the names it makes up.
  static const Regex Summary("^[[:space:]]*// The future of '(.*)' \\((.*)\\): "
                             "[0-9]+ suspend point");
  static const Regex Struct("^[[:space:]]*struct ([A-Za-z_][A-Za-z0-9_]*) *\\{");
  static const Regex Slot("^[[:space:]]*([A-Za-z_][A-Za-z0-9_:<>, ]*[>A-Za-z0-9_]) "
                          "+([A-Za-z_][A-Za-z0-9_]*); *// ([a-z][a-z ]*), line "
                          "([0-9]+): (.*)$");
  std::optional<unsigned> Future;
  std::string FutureWords;
  bool NameNextStruct = false;
  SmallVector<StringRef, 0> Physical;
  Text.split(Physical, '\n');
  if (!Physical.empty() && Physical.back().empty())
    Physical.pop_back();
  for (StringRef L : Physical) {
    L.consume_back("\r");
    if (auto D = lineDirective(L)) {
      Next.Line = D->first;
      if (D->second)
        Next.File = *D->second;
      // A directive is a line of its own: kept, so that physical numbers
      // stay the file's.
      F.Lines.push_back(L.str());
      F.Where.push_back(Presumed{"", 0});
      continue;
    }
    unsigned Here = F.Lines.size();
    F.Lines.push_back(L.str());
    F.Where.push_back(Next);
    ++Next.Line;

    SmallVector<StringRef, 6> M;
    if (Summary.match(L, &M)) {
      Future = Here;
      FutureWords = "the future of '" + M[1].str() + "' (" + M[2].str() + ")";
      NameNextStruct = true;
    } else if (NameNextStruct && Struct.match(L, &M)) {
      F.Glossary[M[1].str()].push_back(Entry{Here, FutureWords, ""});
      NameNextStruct = false;
    } else if (Future && Slot.match(L, &M)) {
      StringRef Type = M[1], Name = M[2], Kind = M[3], What = M[5];
      // The comment goes on with the states the value lives in, and when
      // it is made: its own words end before them.
      What = What.split(" [").first.split(", made if").first.trim();
      std::string At = "line " + M[4].str() + ": " + What.str();
      if (!isGeneratedName(Name))
        continue;
      if (Kind == "awaitee") {
        F.Glossary[Name.str()].push_back(
            Entry{*Future, "the future awaited at " + At, What.str()});
        if (isGeneratedName(Type))
          F.Glossary[Type.str()].push_back(Entry{
              *Future, "the type of the future awaited at " + At, What.str()});
      } else {
        F.Glossary[Name.str()].push_back(
            Entry{*Future, "the " + Kind.str() + " of " + At, What.str()});
      }
    }
  }
  return F;
}

std::vector<unsigned> LoweredFile::linesOf(StringRef File, unsigned Line) const {
  std::vector<unsigned> Found;
  for (unsigned I = 0; I < Where.size(); ++I)
    if (Where[I].Line == Line && Where[I].File == File)
      Found.push_back(I);
  return Found;
}

std::optional<std::string> LoweredFile::explain(StringRef Name,
                                                unsigned Near) const {
  if (const Entry *E = entry(Name, Near))
    return E->Words;
  return std::nullopt;
}

std::optional<std::string> LoweredFile::userCode(StringRef Name,
                                                 unsigned Near) const {
  const Entry *E = entry(Name, Near);
  if (!E || E->Code.empty())
    return std::nullopt;
  return E->Code;
}

const LoweredFile::Entry *LoweredFile::entry(StringRef Name,
                                             unsigned Near) const {
  auto It = Glossary.find(Name);
  if (It == Glossary.end())
    return nullptr;
  // The future whose summary comes last before `Near`, except in a
  // function's preamble (`using Awaitee0 = decltype(...)`, before its
  // future's summary) or before any summary: then the first after it.
  bool Preamble = Near < Lines.size() &&
                  StringRef(Lines[Near]).ltrim().starts_with("using Awaitee");
  const Entry *Best = nullptr;
  if (!Preamble)
    for (const Entry &E : It->second)
      if (E.Future <= Near && (!Best || E.Future > Best->Future))
        Best = &E;
  if (!Best)
    for (const Entry &E : It->second)
      if (E.Future > Near && (!Best || E.Future < Best->Future))
        Best = &E;
  return Best;
}

} // namespace hoist
