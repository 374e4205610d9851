// Pointers and references to const stored across a suspend point keep
// their const: overload resolution after the await picks what it would
// pick in the input.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <string>

struct Widget {
  int v;
};
const char *which(const char *) { return "const char*"; }
const char *which(char *) { return "char*"; }
const char *which(const Widget *) { return "const Widget*"; }
const char *which(Widget *) { return "Widget*"; }
const char *which(const int *) { return "const int*"; }
const char *which(int *) { return "int*"; }
const char *which(const int &) { return "const int&"; }
const char *which(int &) { return "int&"; }

hoist::Async<void> run() {
  std::string s = "abc";
  const char *p = s.c_str();
  Widget w{1};
  const Widget *pw = &w;
  int x = 3;
  const int *px = &x;
  const int *const cpx = &x;
  const int cx = 4;
  const int &rx = x;
  co_await test::tick(1);
  std::printf("%s %s %s %s %s %s\n", which(p), which(pw), which(px), which(cpx),
              which(cx), which(rx));
  std::printf("%c %d %d %d %d\n", *p, pw->v, *px, cx, rx);
}

int main() { hoist::block_on(run()); }

// CHECK-LABEL: auto run() {
// CHECK:       const char *p;
// CHECK:       const Widget *pw;
// CHECK:       const int *px;
// CHECK:       const int *const cpx;
// CHECK:       const int cx;

// EXEC: const char* const Widget* const int* const int* const int& const int&
// EXEC-NEXT: a 1 3 4 3
