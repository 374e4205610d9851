// Nested loops and ifs around an await nest no deeper in the output than in
// the input: a for, range-for or if whose init-statement declares only
// stored locals gets no block of its own (they are members). 130 levels
// (clang's default -fbracket-depth is 256; before, each such loop took two).
// RUN: %python -c "kinds = ['for (int v{0} = 0; v{0} < 1; ++v{0}) {{', 'for (int v{0} : std::array<int, 1>{{{0}}}) {{', 'if (int v{0} = {0}; v{0} > 0) {{']; n = 130; print('#include \"helpers.hpp\"\n#include <array>\nhoist::Async<int> deep() {\n  int total = 0;\n' + ''.join(kinds[k - k // 3 * 3].format(k) + '\n' for k in range(n)) + 'co_await test::tick(1);\ntotal += ' + ' + '.join('v' + str(k) for k in range(n)) + ';\n' + '}\n' * n + '  co_return total;\n}\nint main() { std::printf(\"%%d%%c\", hoist::block_on(deep()), 10); }')" > %t.deep.cpp
// RUN: %hoist %t.deep.cpp --no-line-directives -- -I%inputs | FileCheck %s
// RUN: %e2e --no-reference %t.deep.cpp | FileCheck %s --check-prefix=EXEC
//
// The loops follow one another, each opening one brace:
// CHECK:      v0 = 0;
// CHECK-NEXT: for (; v0 < 1; ++v0) {
// CHECK-NEXT:   ::new (&range0) std::array<int, 1>(std::array<int, 1>{1});
// CHECK-NEXT:   ::new (&begin0) Iterator(hoist::range_begin(range0)); unwind.at = 1;
// CHECK-NEXT:   ::new (&end0) Sentinel(hoist::range_end(range0)); unwind.at = 2;
// CHECK-NEXT:   for (; begin0 != end0; ++begin0) {
// CHECK-NEXT:     v1 = *begin0;
// CHECK-NEXT:     v2 = 2;
// CHECK-NEXT:     if (v2 > 0) {
// CHECK-NEXT:       v3 = 0;
// CHECK-NEXT:       for (; v3 < 1; ++v3) {

// EXEC: 5547
