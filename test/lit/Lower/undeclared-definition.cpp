// A free async function whose definition is its first declaration returns
// its concrete future, so the lowering makes it `static` (and
// [[maybe_unused]], as no one may call it here): a file that
// declares it as returning hoist::Async<T> without the defining file having
// seen that declaration fails to link (the two would disagree on the
// return type: a crash), instead of calling it. Declare it in a header both
// files include (Lower/abi-boundary.cpp) and it links, boxed.
// RUN: %hoist %inputs/undeclared_impl.cpp -o %t.impl.cpp -- -I%inputs
// RUN: FileCheck %s --check-prefix=IMPL < %t.impl.cpp
// RUN: %hoist %s -o %t.main.cpp -- -I%inputs
// RUN: not %gxx17 %t.main.cpp %t.impl.cpp %rtlib -o %t.exe 2>&1 | FileCheck %s --check-prefix=LINK
// Functions internal already, inline, in an unnamed namespace, main(), or
// with a trailing return type:
// RUN: FileCheck %s --check-prefix=KINDS < %t.main.cpp
#include <hoist/hoist.hpp>
#include <cstdio>

hoist::Async<int> compute(int x); // defined in another file

auto trailing(int x) -> hoist::Async<int> { co_return x; }
inline hoist::Async<int> kept_inline(int x) { co_return x; }
namespace {
hoist::Async<int> unnamed(int x) { co_return x; }
} // namespace

int main() {
  std::printf("%d\n", hoist::block_on(compute(21)) + hoist::block_on(trailing(1)) +
                          hoist::block_on(kept_inline(1)) + hoist::block_on(unnamed(1)));
}

// IMPL: {{^\[\[maybe_unused\]\]}} static auto compute(int x) {
// LINK: undefined reference to {{.*}}compute(int)
// KINDS: {{^\[\[maybe_unused\]\]}} static auto trailing(int x) -> auto {
// KINDS: inline auto kept_inline(int x) {
// KINDS: auto unnamed(int x) {
// KINDS-NOT: static auto unnamed
// KINDS: int main() {
