//===- CodeBufferTest.cpp - Tests of lib/Emit/CodeBuffer.cpp --------------===//
#include "Emit/CodeBuffer.h"

#include "gtest/gtest.h"

using namespace hoist;

TEST(CodeBufferTest, DirectivesOnlyWhereTheLineWouldBeWrong) {
  CodeBuffer B;
  B.add(10, "a();");
  B.add(11, "b();"); // follows on: no directive
  B.add(11, "c();"); // same line again: a directive
  LineRenderer R("in.cpp", "out.cpp", true);
  R.render(B.lines());
  EXPECT_EQ(R.str(), "#line 10 \"in.cpp\"\na();\nb();\n#line 11\nc();\n");
}

TEST(CodeBufferTest, GeneratedLinesMapToTheOutputItself) {
  CodeBuffer B;
  B.add(5, "user();");
  B.addGenerated(5, "scaffolding();");
  B.addGenerated(5, "more();");
  LineRenderer R("in.cpp", "out.cpp", true);
  R.render(B.lines());
  // The scaffolding's directive names out.cpp at its own physical line (4).
  EXPECT_EQ(R.str(), "#line 5 \"in.cpp\"\nuser();\n#line 4 \"out.cpp\"\n"
                     "scaffolding();\nmore();\n");
}

TEST(CodeBufferTest, LooseLinesNeedNoDirective) {
  CodeBuffer B;
  B.add(3, "x();");
  B.addLoose(3, "label:", -1);
  B.add(4, "y();");
  LineRenderer R("in.cpp", "out.cpp", true);
  R.render(B.lines());
  EXPECT_EQ(R.str(), "#line 3 \"in.cpp\"\nx();\nlabel:\n#line 4\ny();\n");
}

TEST(CodeBufferTest, UserTextKeepsItsRelativeIndentation) {
  CodeBuffer B;
  B.indent();
  B.addUserText(7, "if (x) {\n        y();\n      }", 7);
  LineRenderer R("in.cpp", "", false);
  R.render(B.lines());
  EXPECT_EQ(R.str(), "  if (x) {\n    y();\n  }\n");
}

TEST(CodeBufferTest, PassthroughResynchronizesAfterGeneratedCode) {
  LineRenderer R("in.cpp", "out.cpp", true);
  R.passthrough("int a;\nint b;\n", 1);
  CodeBuffer B;
  B.addGenerated(2, "g();");
  R.render(B.lines());
  R.passthrough("int c;\n", 3);
  EXPECT_EQ(R.str(), "#line 1 \"in.cpp\"\nint a;\nint b;\n#line 5 \"out.cpp\"\n"
                     "g();\n#line 3 \"in.cpp\"\nint c;\n");
}

TEST(CodeBufferTest, NoDirectivesWhenDisabled) {
  CodeBuffer B;
  B.add(10, "a();");
  B.add(10, "b();");
  LineRenderer R("in.cpp", "out.cpp", false);
  R.render(B.lines());
  EXPECT_EQ(R.str(), "a();\nb();\n");
}
