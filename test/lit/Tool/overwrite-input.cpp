// An output or depfile that names an input, directly, through a symlink or
// through `..`, is refused: an error, nothing written, the input unchanged.
// RUN: rm -rf %t && mkdir -p %t/sub && cp %s %t/x.cpp && cp %s %t/sub/y.cpp
// RUN: ln -s x.cpp %t/link.cpp
// RUN: not %hoist %t/x.cpp -o %t/x.cpp -- -I%inputs 2>&1 | FileCheck %s --check-prefix=SAME
// RUN: not %hoist %t/x.cpp -o %t/link.cpp -- -I%inputs 2>&1 | FileCheck %s --check-prefix=LINK
// RUN: not %hoist %t/x.cpp -o %t/sub/../x.cpp -- -I%inputs 2>&1 | FileCheck %s --check-prefix=DOTS
// RUN: not %hoist %t/x.cpp %t/sub/y.cpp -o %t -- -I%inputs 2>&1 | FileCheck %s --check-prefix=DIR
// RUN: not %hoist %t/x.cpp -o %t/out.cpp --depfile=%t/link.cpp -- -I%inputs 2>&1 | FileCheck %s --check-prefix=DEP
// RUN: diff %s %t/x.cpp
// RUN: diff %s %t/sub/y.cpp
// RUN: test ! -e %t/out.cpp
// RUN: test ! -e %t/y.cpp
#include "helpers.hpp"

hoist::Async<int> one() {
  co_await test::tick(1);
  co_return 1;
}

// SAME: hoist: error: the output '{{.*}}x.cpp' would overwrite the input '{{.*}}x.cpp'
// LINK: hoist: error: the output '{{.*}}link.cpp' would overwrite the input '{{.*}}x.cpp'
// DOTS: hoist: error: the output '{{.*}}sub/../x.cpp' would overwrite the input '{{.*}}x.cpp'
// DIR: hoist: error: the output '{{.*}}x.cpp' would overwrite the input '{{.*}}x.cpp'
// DEP: hoist: error: the depfile '{{.*}}link.cpp' would overwrite the input '{{.*}}x.cpp'
