// The #line directives let a debugger stop on the lines of the original
// async function: break on a line before an await, run, continue across a
// resume (the leaf future is pending once, so poll() returns and block_on
// polls again), and stop on a later line, with the stored values in view.
// REQUIRES: gdb
// RUN: %hoist_fmt %s -o %t.cpp -- -I%inputs
// RUN: %gxx17 -g -O0 -I%inputs %t.cpp -o %t %rtlib
// RUN: printf '%%s\n' "break gdb-step.cpp:17" "break gdb-step.cpp:19" > %t.gdb
// RUN: printf '%%s\n' "break SteppedFuture::poll" commands silent continue end >> %t.gdb
// RUN: printf '%%s\n' run "print this->t" "print state_" continue "info breakpoints 3" >> %t.gdb
// RUN: printf '%%s\n' "print a" "print b" "print state_" next "print c" continue >> %t.gdb
// RUN: gdb -batch -nx -x %t.gdb %t 2>&1 | FileCheck %s
#include "helpers.hpp"
#include <cstdio>

hoist::Async<int> stepped(int t) {
  int a = t + 1;
  int b = co_await test::delay(1, a * 2);
  int c = a + b;
  co_return c;
}

int main() { std::printf("%d\n", hoist::block_on(stepped(4))); }

// The first poll stops on line 17 in the original file. (A parameter is
// printed as this->t: gdb resolves a bare `t` to the parameter of the
// enclosing function, whose frame is gone.)
// CHECK: Breakpoint 1 at {{.*}}: file {{.*}}gdb-step.cpp, line 17.
// CHECK: Breakpoint 2 at {{.*}}: file {{.*}}gdb-step.cpp, line 19.
// CHECK: Breakpoint 1, {{.*}}poll{{.*}} at {{.*}}gdb-step.cpp:17
// CHECK-NEXT: 17   int a = t + 1;
// CHECK: $1 = 4
// CHECK: $2 = {{.*}}Poisoned
// The delay is pending once: poll() returns, block_on polls again, and the
// second poll resumes after the await.
// CHECK: Breakpoint 2, {{.*}}poll{{.*}} at {{.*}}gdb-step.cpp:19
// CHECK-NEXT: 19   int c = a + b;
// CHECK: breakpoint already hit 2 times
// CHECK: $3 = 5
// CHECK: $4 = 10
// CHECK: $5 = {{.*}}Poisoned
// CHECK: 20   co_return c;
// CHECK: $6 = 15
// CHECK: exited normally
