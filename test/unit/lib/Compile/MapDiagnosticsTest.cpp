//===- MapDiagnosticsTest.cpp - Compiler diagnostics in the user's terms --===//
#include "Compile/MapDiagnostics.h"

#include <gtest/gtest.h>

using namespace hoist;

namespace {

const char *const Source = "hoist::Async<int> f(unsigned u) {\n"
                           "  int a = co_await g(); int b = old(a);\n"
                           "  int c = co_await Ready{};\n"
                           "  co_return a + b + c + (u < 0);\n"
                           "}\n";

const char *const Lowered = R"(#line 1 "f.cpp"
auto f(unsigned u) {
  // The future of 'f' (f.cpp:1:19): 2 suspend points.
  struct FFuture {
    hoist::Poll<int> poll(hoist::Context &cx) {
#line 2 "f.cpp"
      if ((ready0 = awaitee0.poll(cx)).is_pending())
#line 2
      int b = old(a);
#line 3
      if ((ready1 = awaitee1.poll(cx)).is_pending())
#line 4
      hoist::Poll<Output> result(hoist::ready_in_place, a + b + c + (u < 0));
#line 13 "out.cpp"
    }
    union {
      Awaitee0 awaitee0; // awaitee, line 2: co_await g() [Suspend0]
      Awaitee1 awaitee1; // awaitee, line 3: co_await Ready{} [Suspend1]
    };
  };
}
)";

std::string map(const std::string &Output) {
  std::vector<LoweredFile> Files{LoweredFile::read("out.cpp", Lowered)};
  return mapCompilerDiagnostics(Output, Files, [](llvm::StringRef Path) {
    return Path == "f.cpp" ? std::optional<std::string>(Source) : std::nullopt;
  });
}

TEST(MapDiagnosticsTest, ColumnOfTheSameText) {
  // `old` at column 15 of the lowered line is column 33 of the user's.
  auto M = matchColumn("      int b = old(a);", 14,
                       "  int a = co_await g(); int b = old(a);");
  ASSERT_TRUE(M);
  EXPECT_EQ(M->Column, 32u);
  // A one-character token goes where the text around it agrees longest.
  M = matchColumn("      int b = old(a);", 17, "  int a = co_await g(); int b = old(a);");
  ASSERT_TRUE(M);
  EXPECT_EQ(M->Column, 35u);
  // Whole words only; a token the user did not write has no column.
  EXPECT_FALSE(matchColumn("  awaitee0.poll(cx)", 2, "  int awaitee01 = 0;"));
  EXPECT_FALSE(matchColumn("  x = 1;", 0, "  x = 1;")); // a space
  EXPECT_FALSE(matchColumn("  x", 7, "  x"));           // past the end
}

TEST(MapDiagnosticsTest, GccWarningWithSnippet) {
  std::string Out = map("f.cpp: In member function 'hoist::Poll<int> f(unsigned "
                        "int)::FFuture::poll(hoist::Context&)':\n"
                        "f.cpp:2:18: warning: 'int old(int)' is deprecated\n"
                        "    2 |   int a = co_await g(); int b = old(a);\n"
                        "      |              ~~~^~~\n"
                        "f.cpp:9:5: note: declared here\n");
  EXPECT_EQ(Out, "f.cpp: In async function 'f(unsigned int)':\n"
                 "f.cpp:2:36: warning: 'int old(int)' is deprecated\n"
                 "    2 |   int a = co_await g(); int b = old(a);\n"
                 "      |                                ~~~^~~\n"
                 "f.cpp:9:5: note: declared here\n");
}

TEST(MapDiagnosticsTest, ClangSnippetShowsTheUsersLine) {
  // clang prints the line it read (the lowered one); the user's replaces it.
  std::string Out = map("f.cpp:4:72: warning: result unused\n"
                        "    4 |       hoist::Poll<Output> result(hoist::ready_in_place, "
                        "a + b + c + (u < 0));\n"
                        "      |                                                           "
                        "             ^\n");
  EXPECT_EQ(Out, "f.cpp:4:28: warning: result unused\n"
                 "    4 |   co_return a + b + c + (u < 0);\n"
                 "      |                            ^\n");
}

TEST(MapDiagnosticsTest, HoistsCodeIsPutOnTheAwaitItServes) {
  std::string Out = map("f.cpp:3:30: error: no member named 'poll' in 'Ready'\n"
                        "    3 |       if ((ready1 = awaitee1.poll(cx)).is_pending())\n"
                        "      |                     ~~~~~~~~ ^\n");
  EXPECT_EQ(Out, "f.cpp:3:11: error: no member named 'poll' in 'Ready'\n"
                 "    3 |   int c = co_await Ready{};\n"
                 "      |           ^~~~~~~~~~~~~~~~\n"
                 "f.cpp:3:11: note: 'awaitee1' is hoist's name for the future "
                 "awaited at line 3: co_await Ready{}\n");
}

TEST(MapDiagnosticsTest, GeneratedNamesExplainedOnce) {
  std::string Out = map("f.cpp:2:18: error: 'FFuture' is bad\n"
                        "f.cpp:2:18: error: 'FFuture' is bad\n");
  EXPECT_EQ(Out, "f.cpp:2:36: error: 'FFuture' is bad\n"
                 "f.cpp:2:36: note: 'FFuture' is hoist's name for the future of 'f' "
                 "(f.cpp:1:19)\n"
                 "f.cpp:2:36: error: 'FFuture' is bad\n");
}

TEST(MapDiagnosticsTest, ColoursAndOtherFilesPassThrough) {
  // Another file, a line with no diagnostic, hoist's own lines: unchanged.
  const char *Unrelated = "other.cpp:2:18: warning: x\n"
                          "In file included from f.cpp:1:\n"
                          "out.cpp:14:5: error: y\n"
                          "1 warning generated.\n";
  EXPECT_EQ(map(Unrelated), Unrelated);
  // A coloured line that maps loses its colours.
  EXPECT_EQ(map("\x1b[01m\x1b[Kf.cpp:2:18:\x1b[m\x1b[K warning: old\n"),
            "f.cpp:2:36: warning: old\n");
}

TEST(MapDiagnosticsTest, UnreadableSourceKeepsTheColumn) {
  std::vector<LoweredFile> Files{LoweredFile::read("out.cpp", Lowered)};
  std::string Out = mapCompilerDiagnostics(
      "f.cpp:2:18: warning: w\n", Files,
      [](llvm::StringRef) { return std::optional<std::string>(); });
  EXPECT_EQ(Out, "f.cpp:2:18: warning: w\n");
}

} // namespace
