//===- MapDiagnostics.cpp - Compiler diagnostics in the user's terms -----===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
#include "Compile/MapDiagnostics.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Regex.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

using namespace llvm;

namespace hoist {

namespace {

bool isIdentChar(char C) { return isAlnum(C) || C == '_'; }

/// Characters of `A` from `I` on and of `B` from `J` on that agree, spaces
/// in either skipped (the lowering and the formatter move only spaces).
unsigned matchForward(StringRef A, size_t I, StringRef B, size_t J) {
  unsigned N = 0;
  for (;;) {
    while (I < A.size() && isSpace(A[I]))
      ++I;
    while (J < B.size() && isSpace(B[J]))
      ++J;
    if (I >= A.size() || J >= B.size() || A[I] != B[J])
      return N;
    ++N, ++I, ++J;
  }
}

/// The same, backwards from just before `I` and `J`.
unsigned matchBackward(StringRef A, size_t I, StringRef B, size_t J) {
  unsigned N = 0;
  for (;;) {
    while (I > 0 && isSpace(A[I - 1]))
      --I;
    while (J > 0 && isSpace(B[J - 1]))
      --J;
    if (I == 0 || J == 0 || A[I - 1] != B[J - 1])
      return N;
    ++N, --I, --J;
  }
}

/// `Text` without terminal colour sequences (ESC [ ... m, ESC [ K).
std::string withoutColours(StringRef Text) {
  std::string Out;
  for (size_t I = 0; I < Text.size(); ++I) {
    if (Text[I] == '\x1b' && I + 1 < Text.size() && Text[I + 1] == '[') {
      size_t J = I + 2;
      while (J < Text.size() && (isDigit(Text[J]) || Text[J] == ';'))
        ++J;
      if (J < Text.size() && (Text[J] == 'm' || Text[J] == 'K')) {
        I = J;
        continue;
      }
    }
    Out += Text[I];
  }
  return Out;
}

/// A line that starts with a place: `path:line:col: rest`.
struct Located {
  StringRef Path;
  unsigned Line, Column;
  StringRef Rest; // after "col:"
};

std::optional<Located> located(StringRef L) {
  for (size_t At = L.find(':'); At != StringRef::npos; At = L.find(':', At + 1)) {
    if (At == 0)
      continue;
    StringRef After = L.drop_front(At + 1);
    unsigned Line, Column;
    if (After.consumeInteger(10, Line) || !After.consume_front(":") ||
        After.consumeInteger(10, Column) || !After.consume_front(":"))
      continue;
    return Located{L.take_front(At), Line, Column, After};
  }
  return std::nullopt;
}

/// A line of a snippet: ` 14 | text` (code) or `    | ^~~` (marks).
struct SnippetLine {
  std::optional<unsigned> Number; // none for marks
  size_t TextAt;                  // where the text after "| " starts
};

std::optional<SnippetLine> snippetLine(StringRef L) {
  size_t I = 0;
  while (I < L.size() && L[I] == ' ')
    ++I;
  std::optional<unsigned> Number;
  if (I < L.size() && isDigit(L[I])) {
    unsigned N = 0;
    while (I < L.size() && isDigit(L[I]))
      N = N * 10 + (L[I++] - '0');
    Number = N;
    if (I >= L.size() || L[I] != ' ')
      return std::nullopt;
    ++I;
  }
  if (I >= L.size() || L[I] != '|')
    return std::nullopt;
  ++I;
  if (I < L.size() && L[I] == ' ')
    ++I;
  return SnippetLine{Number, I};
}

/// g++'s context line for a lowered function's body, "F: In member function
/// '<type> example(int)::ExampleFuture::poll(hoist::Context&)':", said as
/// "F: In async function 'example(int)':".
std::optional<std::string> asyncContext(StringRef L) {
  static const Regex Context("^(.*): In member function ('|‘)(.*)::[A-Za-z_]"
                             "[A-Za-z0-9_]*Future::poll\\(hoist::Context ?&\\)"
                             "('|’):$");
  SmallVector<StringRef, 5> M;
  if (!Context.match(L, &M))
    return std::nullopt;
  // The function's name without poll's return type, hoist::Poll<T>.
  StringRef Fn = M[3];
  if (Fn.starts_with("hoist::Poll<")) {
    int Depth = 0;
    size_t I = 0;
    for (; I < Fn.size(); ++I) {
      if (Fn[I] == '<')
        ++Depth;
      else if (Fn[I] == '>' && --Depth == 0)
        break;
    }
    Fn = Fn.drop_front(I + 1).ltrim();
  }
  return (M[1] + ": In async function " + M[2] + Fn + M[4] + ":").str();
}

/// The identifiers in `Text`, in order.
std::vector<StringRef> identifiers(StringRef Text) {
  std::vector<StringRef> Found;
  for (size_t I = 0; I < Text.size();) {
    if (!isIdentChar(Text[I])) {
      ++I;
      continue;
    }
    size_t J = I;
    while (J < Text.size() && isIdentChar(Text[J]))
      ++J;
    Found.push_back(Text.slice(I, J));
    I = J;
  }
  return Found;
}

/// The generated names `Message` mentions, in order, each once.
std::vector<std::string> generatedNames(StringRef Message) {
  std::vector<std::string> Names;
  for (StringRef Name : identifiers(Message))
    if (LoweredFile::isGeneratedName(Name) &&
        std::find(Names.begin(), Names.end(), Name) == Names.end())
      Names.push_back(Name.str());
  return Names;
}

/// The identifiers in `Text`, as a set.
std::set<std::string> words(StringRef Text) {
  std::set<std::string> Found;
  for (StringRef W : identifiers(Text))
    Found.insert(W.str());
  return Found;
}

class Mapper {
public:
  Mapper(ArrayRef<LoweredFile> Lowered, const ReadSource &Read)
      : Lowered(Lowered), Read(Read) {}

  std::string run(StringRef Output) {
    SmallVector<StringRef, 0> Lines;
    Output.split(Lines, '\n');
    // A line's notes go out before the next line (line() flushes them).
    for (size_t I = 0; I < Lines.size(); ++I) {
      std::string Text = line(Lines[I]);
      if (I)
        Out += '\n';
      Out += Text;
    }
    flushNotes();
    return Out;
  }

private:
  /// A diagnostic's place mapped back: what its snippet lines need.
  struct Mapped {
    unsigned Line;
    std::string UserText;
    int Shift;                        // columns the marks move by
    std::optional<std::string> Marks; // or marks of its own
    bool Under = false;               // the snippet's last line was Line
  };

  ArrayRef<LoweredFile> Lowered;
  const ReadSource &Read;
  std::map<std::string, std::optional<std::vector<std::string>>> Sources;
  std::string Out;
  std::optional<Mapped> Snippet;
  std::vector<std::string> Notes;
  std::set<std::string> Explained;

  std::string line(StringRef Raw) {
    std::string Plain = withoutColours(Raw);
    if (auto L = located(Plain)) {
      flushNotes();
      Snippet.reset();
      std::string Rewritten = place(*L);
      return Rewritten.empty() ? Raw.str() : Rewritten;
    }
    if (auto SL = snippetLine(Plain)) {
      if (Snippet) {
        StringRef P = Plain;
        if (SL->Number) {
          // Marks that follow belong to this line.
          Snippet->Under = *SL->Number == Snippet->Line;
          if (Snippet->Under)
            return P.take_front(SL->TextAt).str() + Snippet->UserText;
        } else if (Snippet->Under) {
          if (Snippet->Marks)
            return P.take_front(SL->TextAt).str() + *Snippet->Marks;
          // The marks: the whole line moves with the column.
          StringRef Marks = P.drop_front(SL->TextAt);
          size_t Lead = Marks.find_first_not_of(' ');
          if (Lead != StringRef::npos && int(Lead) + Snippet->Shift >= 0) {
            return P.take_front(SL->TextAt).str() +
                   std::string(Lead + Snippet->Shift, ' ') +
                   Marks.drop_front(Lead).str();
          }
        }
      }
      return Raw.str();
    }
    flushNotes();
    Snippet.reset();
    if (auto C = asyncContext(Plain))
      return *C;
    return Raw.str();
  }

  /// The location line `L` said at the user's column, with notes queued for
  /// the generated names it mentions; empty if it stays as it is.
  std::string place(const Located &L) {
    const LoweredFile *File = nullptr;
    std::vector<unsigned> Candidates;
    for (const LoweredFile &F : Lowered) {
      Candidates = F.linesOf(L.Path, L.Line);
      if (!Candidates.empty()) {
        File = &F;
        break;
      }
    }
    if (!File)
      return "";
    unsigned Column = L.Column;
    unsigned Near = Candidates.front();
    std::optional<StringRef> User = userLine(L.Path, L.Line);
    if (User && Column > 0) {
      std::optional<ColumnMatch> Best;
      for (unsigned P : Candidates) {
        auto M = matchColumn(File->text(P), Column - 1, *User);
        if (M && (!Best || std::make_pair(M->Forward, M->Backward) >
                               std::make_pair(Best->Forward, Best->Backward))) {
          Best = M;
          Near = P;
        }
      }
      if (Best) {
        Snippet = Mapped{L.Line, User->str(),
                         int(Best->Column) - int(Column - 1), std::nullopt,
                         false};
        Column = Best->Column + 1;
      } else if (auto Await = generatedCodeFor(*File, Candidates, Column - 1,
                                               L.Rest, *User)) {
        // Not the user's text: hoist's code for one of the user's
        // expressions (an await's poll, a temporary): point at that.
        auto [Name, P, Begin, End] = *Await;
        Near = P;
        Snippet = Mapped{L.Line, User->str(), 0,
                         std::string(Begin, ' ') + "^" +
                             std::string(End - Begin - 1, '~'),
                         false};
        Column = Begin + 1;
        queueNote(*File, L, Column, Name, P);
      }
    }
    for (const std::string &Name : generatedNames(L.Rest))
      queueNote(*File, L, Column, Name, Near);
    if (Column == L.Column && Notes.empty())
      return "";
    return (L.Path + ":" + Twine(L.Line) + ":" + Twine(Column) + ":" + L.Rest)
        .str();
  }

  /// A note on what the generated `Name` stands for, once per output.
  void queueNote(const LoweredFile &File, const Located &L, unsigned Column,
                 StringRef Name, unsigned Near) {
    std::optional<std::string> Words = File.explain(Name, Near);
    if (Words && Explained.insert(Name.str() + "\n" + *Words).second)
      Notes.push_back((L.Path + ":" + Twine(L.Line) + ":" + Twine(Column) +
                       ": note: '" + Name + "' is hoist's name for " + *Words)
                          .str());
  }

  /// For a place on hoist's code among `Candidates`: a generated name on
  /// the line that stands for the user's code, that code's physical line,
  /// and where the code is in `User` ([Begin, End)). Of several, the one
  /// on a line whose token at `Column` the message names (`awaitee1.poll`
  /// for "no member named 'poll'"), then whose code shares a word with the
  /// message (`co_await Fut{}` for "... in 'Fut'").
  std::optional<std::tuple<std::string, unsigned, size_t, size_t>>
  generatedCodeFor(const LoweredFile &File, ArrayRef<unsigned> Candidates,
                   unsigned Column, StringRef Message, StringRef User) {
    std::set<std::string> Said = words(Message);
    std::optional<std::tuple<std::string, unsigned, size_t, size_t>> Best;
    int BestScore = -1;
    for (unsigned P : Candidates) {
      StringRef T = File.text(P);
      int LineScore = 0;
      if (T.size() > Column) {
        size_t End = Column;
        while (End < T.size() && isIdentChar(T[End]))
          ++End;
        LineScore = End > Column && Said.count(T.slice(Column, End).str()) ? 4 : 2;
      }
      for (const std::string &Name : generatedNames(T)) {
        std::optional<std::string> Code = File.userCode(Name, P);
        if (!Code)
          continue;
        auto Span = findCode(User, *Code);
        if (!Span)
          continue;
        int Score = LineScore;
        for (const std::string &W : words(*Code))
          if (W != "co_await" && Said.count(W)) {
            Score += 1;
            break;
          }
        if (Score > BestScore) {
          BestScore = Score;
          Best = std::make_tuple(Name, P, Span->first, Span->second);
        }
      }
    }
    return Best;
  }

  /// Where `Code` is in `Line`, spaces aside: [begin, end).
  static std::optional<std::pair<size_t, size_t>> findCode(StringRef Line,
                                                           StringRef Code) {
    Code = Code.trim();
    if (Code.empty())
      return std::nullopt;
    unsigned Needed = 0;
    for (char C : Code)
      Needed += !isSpace(C);
    for (size_t At = Line.find(Code.front()); At != StringRef::npos;
         At = Line.find(Code.front(), At + 1)) {
      if (matchForward(Code, 0, Line, At) != Needed)
        continue;
      size_t End = At;
      for (unsigned Seen = 0; Seen < Needed; ++End)
        Seen += !isSpace(Line[End]);
      return std::make_pair(At, End);
    }
    return std::nullopt;
  }

  /// Line `Line` (1-based) of the user's file `Path`.
  std::optional<StringRef> userLine(StringRef Path, unsigned Line) {
    auto It = Sources.find(Path.str());
    if (It == Sources.end()) {
      std::optional<std::vector<std::string>> Lines;
      if (std::optional<std::string> Text = Read(Path)) {
        Lines.emplace();
        SmallVector<StringRef, 0> Split;
        StringRef(*Text).split(Split, '\n');
        for (StringRef S : Split)
          Lines->push_back(S.rtrim("\r").str());
      }
      It = Sources.emplace(Path.str(), std::move(Lines)).first;
    }
    if (!It->second || Line == 0 || Line > It->second->size())
      return std::nullopt;
    return StringRef((*It->second)[Line - 1]);
  }

  void flushNotes() {
    for (const std::string &N : Notes)
      Out += "\n" + N;
    Notes.clear();
  }
};

} // namespace

std::optional<ColumnMatch> matchColumn(StringRef Reported, unsigned Column,
                                       StringRef User) {
  if (Column >= Reported.size() || isSpace(Reported[Column]))
    return std::nullopt;
  // The token the compiler points at: an identifier or number from the
  // column on, else one character.
  size_t End = Column + 1;
  if (isIdentChar(Reported[Column]))
    while (End < Reported.size() && isIdentChar(Reported[End]))
      ++End;
  StringRef Token = Reported.slice(Column, End);
  bool Word = isIdentChar(Token.front());
  std::optional<ColumnMatch> Best;
  for (size_t At = User.find(Token); At != StringRef::npos;
       At = User.find(Token, At + 1)) {
    if (Word && ((At > 0 && isIdentChar(User[At - 1])) ||
                 (At + Token.size() < User.size() &&
                  isIdentChar(User[At + Token.size()]))))
      continue;
    ColumnMatch M{unsigned(At), matchForward(Reported, Column, User, At),
                  matchBackward(Reported, Column, User, At)};
    if (!Best || std::make_pair(M.Forward, M.Backward) >
                     std::make_pair(Best->Forward, Best->Backward))
      Best = M;
  }
  return Best;
}

std::string mapCompilerDiagnostics(StringRef Output,
                                   ArrayRef<LoweredFile> Lowered,
                                   const ReadSource &Read) {
  return Mapper(Lowered, Read).run(Output);
}

} // namespace hoist
