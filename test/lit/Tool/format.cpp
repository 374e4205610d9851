// The generated code is formatted with clang-format: in the style of the
// .clang-format next to the source, else LLVM's (--style=file, the
// default); --style names another, or none. The user's own code outside
// the lowered functions is left as written, and the #line directives stay
// exact: every line keeps the line it had.
//
// Clean under clang-format (with the whitespace-only settings hoist uses),
// with and without #line directives:
// RUN: %hoist_fmt %s --no-line-directives -o %t.plain.cpp -- -I%inputs
// RUN: clang-format-19 --style="{BasedOnStyle: llvm, ReflowComments: false, BreakStringLiterals: false}" %t.plain.cpp | diff -u %t.plain.cpp -
// RUN: %hoist_fmt %s -o %t.cpp -- -I%inputs
// RUN: clang-format-19 --style="{BasedOnStyle: llvm, ReflowComments: false, BreakStringLiterals: false}" %t.cpp | diff -u %t.cpp -
// Directives naming the output give the next line its own number:
// RUN: %python %tools/own-lines.py %t.cpp | FileCheck %s --check-prefix=OWN
// OWN: ok
// It builds and runs as before (the end-to-end test formats too):
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
//
// A .clang-format next to the source is honoured:
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: printf 'BasedOnStyle: LLVM\nIndentWidth: 4\n' > %t.dir/.clang-format
// RUN: cp %s %t.dir/format.cpp
// RUN: %hoist_fmt %t.dir/format.cpp --no-line-directives -- -I%inputs | FileCheck %s --check-prefix=FILE
// FILE:      {{^}}    struct PumpFuture {
// FILE-NEXT: {{^}}        using Output = int;
// ... unless another style is asked for:
// RUN: %hoist_fmt %t.dir/format.cpp --style=google --no-line-directives -- -I%inputs | FileCheck %s --check-prefix=GOOGLE
// GOOGLE:      {{^}}  struct PumpFuture {
// GOOGLE-NEXT: {{^}}    using Output = int;
// --style=none: the lowering's own layout, one statement a line.
// RUN: %hoist_fmt %s --style=none --no-line-directives -- -I%inputs | FileCheck %s --check-prefix=NONE
// NONE: if ((ready0 = awaitee0.poll(cx)).is_pending()) return suspend(State::Suspend0);
// A style that does not parse is an error, and no output is written:
// RUN: rm -f %t.bad.cpp
// RUN: not %hoist_fmt %s --style="{IndentWidth: many}" -o %t.bad.cpp -- -I%inputs 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: test ! -e %t.bad.cpp
// BAD: error: cannot format the output of '{{.*}}format.cpp' (--style={IndentWidth: many}):
#include "helpers.hpp"

#include <string>
#include <vector>

// Code outside the async functions keeps its own layout (clang-format is
// told to leave it, for the comparison above):
// RUN: grep -q -F 'int   untouched( int x ) { return x*2; }' %t.plain.cpp
// clang-format off
int   untouched( int x ) { return x*2; }
// clang-format on

hoist::Async<int> pump(std::vector<std::string> names, int rounds) {
  int total = 0;
  for (int round = 0; round < rounds; ++round) {
    for (const std::string &name : names) {
      try {
        total += co_await test::delay(1, int(name.size())) + untouched(round) + int(names.size()) * 1000;
      } catch (...) {
        total = -1;
      }
    }
  }
  co_return total;
}

int main() { std::printf("%d\n", hoist::block_on(pump({"a", "bb"}, 2))); }

// EXEC: 8010
