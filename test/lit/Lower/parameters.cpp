// By-value parameters are moved into the future when it is created (the
// call runs none of the body); reference parameters stay references.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <string>
#include <vector>

hoist::Async<std::size_t> lengths(std::vector<std::string> words, int &calls,
                                  const std::string &suffix) {
  ++calls;
  std::size_t total = 0;
  for (const std::string &w : words) {
    co_await test::tick(1);
    total += w.size() + suffix.size();
  }
  co_return total;
}

int main() {
  int calls = 0;
  std::string suffix = "!";
  auto fut = lengths({"a", "bb", "ccc"}, calls, suffix);
  std::printf("calls before poll: %d\n", calls);
  suffix = "??";
  std::printf("total %zu\n", hoist::block_on(std::move(fut)));
  std::printf("calls after: %d\n", calls);
}

// CHECK-LABEL: auto lengths(std::vector<std::string> words, int &calls,
// CHECK:       explicit LengthsFuture(std::vector<std::string> &&words_in, int &calls_in, const std::string &suffix_in) : words(std::move(words_in)), calls(calls_in), suffix(suffix_in) {}
// CHECK:       return LengthsFuture(std::move(words), calls, suffix);

// EXEC:      calls before poll: 0
// EXEC-NEXT: total 12
// EXEC-NEXT: calls after: 1
