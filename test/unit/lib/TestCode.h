//===- TestCode.h - Parsing in-memory async code for unit tests -*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Builds the AST of a snippet that includes the runtime, so phases can be
/// tested one by one on in-memory code.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TEST_UNIT_LIB_TESTCODE_H
#define HOIST_TEST_UNIT_LIB_TESTCODE_H

#include "clang/AST/ASTContext.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include <memory>
#include <string>
#include <vector>

namespace hoist::test {

/// The compiler arguments the tool would use for a snippet.
inline std::vector<std::string> parseArgs() {
  return {"-std=c++20", "-I" HOIST_TEST_RUNTIME_INCLUDE,
          "-resource-dir=" HOIST_TEST_CLANG_RESOURCE_DIR};
}

/// Parses `Code` (which should include <hoist/hoist.hpp>) as input.cpp.
inline std::unique_ptr<clang::ASTUnit> parse(const std::string &Code) {
  return clang::tooling::buildASTFromCodeWithArgs(Code, parseArgs(),
                                                  "input.cpp");
}

} // namespace hoist::test

#endif
