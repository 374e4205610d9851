// Without `--` or -p, the nearest compile_commands.json above the source
// gives its command (a file it does not list gets none). -p names the
// database's directory itself.
// RUN: rm -rf %t && mkdir -p %t/src/deep && cp %s %t/src/deep/x.cpp && cp %s %t/other.cpp
// RUN: echo '[{"directory": "%t", "file": "%t/src/deep/x.cpp", "arguments": ["clang++", "-I%inputs", "-DFROM_DB=7", "-c", "%t/src/deep/x.cpp"]}]' > %t/compile_commands.json
// RUN: %hoist %t/src/deep/x.cpp | %nochecks | FileCheck %s
// RUN: %hoist -p %t %t/src/deep/x.cpp | %nochecks | FileCheck %s
// RUN: not %hoist -p %t/src %t/src/deep/x.cpp 2>&1 | FileCheck %s --check-prefix=NODB
// RUN: not %hoist %t/other.cpp --extra-arg=-I%inputs 2>&1 | FileCheck %s --check-prefix=UNLISTED
// RUN: not %hoist -p %t %t/other.cpp 2>&1 | FileCheck %s --check-prefix=NOTIN
#include "helpers.hpp"

#ifndef FROM_DB
#error "not from compile_commands.json"
#endif

hoist::Async<int> one() {
  co_await test::tick(1);
  co_return FROM_DB;
}

// CHECK: ready_in_place, FROM_DB
// UNLISTED: other.cpp:{{[0-9]+}}:2: error: "not from compile_commands.json"
// NODB: hoist: error: cannot load compile_commands.json from {{.*}}src
// NOTIN: hoist: error: '{{.*}}other.cpp' is not in {{.*}}compile_commands.json
