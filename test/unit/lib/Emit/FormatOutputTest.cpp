//===- FormatOutputTest.cpp - Tests of lib/Emit/FormatOutput.cpp ----------===//
#include "Emit/FormatOutput.h"

#include "gtest/gtest.h"

using namespace hoist;

namespace {

clang::format::FormatStyle llvmStyle() {
  auto S = outputStyle("llvm", "in.cpp");
  EXPECT_TRUE(bool(S));
  return *S;
}

} // namespace

TEST(FormatOutputTest, OnlyGeneratedLinesAreFormatted) {
  std::string Text = "int   user( ) {return 1;}\n"
                     "void f() { if (a) return   b(); }\n";
  std::string Out = formatGenerated(Text, {{2, 2}}, llvmStyle(), "");
  EXPECT_EQ(Out, "int   user( ) {return 1;}\n"
                 "void f() {\n"
                 "  if (a)\n"
                 "    return b();\n"
                 "}\n");
}

TEST(FormatOutputTest, SplitLinesKeepTheirLine) {
  // One user line (7) formatted over two: the continuation says it is 7 too.
  std::string Text = "#line 7 \"in.cpp\"\n"
                     "void f() { if (a) return b(); }\n"
                     "int after;\n";
  std::string Out = formatGenerated(Text, {{2, 2}}, llvmStyle(), "");
  EXPECT_EQ(Out, "#line 7 \"in.cpp\"\n"
                 "void f() {\n"
                 "#line 7\n"
                 "  if (a)\n"
                 "#line 7\n"
                 "    return b();\n"
                 "#line 7\n"
                 "}\n"
                 "int after;\n"); // (8, as it follows 7)
}

TEST(FormatOutputTest, JoinedLinesTakeTheFirstLine) {
  std::string Text = "#line 3 \"in.cpp\"\n"
                     "void f()\n"
                     "{\n"
                     "}\n";
  std::string Out = formatGenerated(Text, {{2, 4}}, llvmStyle(), "");
  EXPECT_EQ(Out, "#line 3 \"in.cpp\"\nvoid f() {}\n");
}

TEST(FormatOutputTest, OwnLinesNameTheirNewPlace) {
  // Scaffolding mapped to the output's own lines is mapped again after
  // formatting moved it.
  std::string Text = "#line 1 \"in.cpp\"\n"
                     "void f() { if (a) return b(); }\n"
                     "#line 4 \"out.cpp\"\n"
                     "int scaffolding;\n"
                     "#line 2 \"in.cpp\"\n"
                     "int user;\n";
  std::string Out = formatGenerated(Text, {{2, 4}}, llvmStyle(), "out.cpp");
  EXPECT_EQ(Out, "#line 1 \"in.cpp\"\n"
                 "void f() {\n"
                 "#line 1\n"
                 "  if (a)\n"
                 "#line 1\n"
                 "    return b();\n"
                 "#line 1\n"
                 "}\n"
                 "#line 10 \"out.cpp\"\n"
                 "int scaffolding;\n"
                 "#line 2 \"in.cpp\"\n"
                 "int user;\n");
}

TEST(FormatOutputTest, TheStyleChangesOnlyWhitespace) {
  // A long string literal is not split, nor a comment reflowed.
  std::string Long(100, 'x');
  std::string Text = "void f() { g(\"" + Long + "\"); } // " + Long + "\n";
  std::string Out = formatGenerated(Text, {{1, 1}}, llvmStyle(), "");
  EXPECT_NE(Out.find("\"" + Long + "\""), std::string::npos);
  EXPECT_NE(Out.find("// " + Long), std::string::npos);
}

TEST(FormatOutputTest, AStyleThatDoesNotParseIsAnError) {
  auto S = outputStyle("{IndentWidth: many}", "in.cpp");
  ASSERT_FALSE(bool(S));
  llvm::consumeError(S.takeError());
}
