// A function with more suspend points than a byte can number (300 awaits:
// 303 states) gets a wider state enum.
// RUN: %python -c "print('#include \"helpers.hpp\"\nhoist::Async<int> many() {\n  int sum = 0;\n' + ''.join('  sum += co_await test::delay(1, %%d);\n' %% (i %% 7) for i in range(300)) + '  co_return sum;\n}\nint main() { std::printf(\"%%d\\\\n\", hoist::block_on(many())); }')" > %t.many.cpp
// RUN: %hoist %t.many.cpp --no-line-directives -- -I%inputs | FileCheck %s
// RUN: %e2e %t.many.cpp | FileCheck %s --check-prefix=EXEC

// CHECK: enum class State : unsigned short {
// CHECK: Suspend299,
// EXEC: 897
