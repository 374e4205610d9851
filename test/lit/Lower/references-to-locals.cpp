// References and pointers to locals used after a suspend point stay valid:
// the future does not move once polled. Moving it before the first poll is
// fine; moving it after aborts with a message.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <string>
#include <utility>

hoist::Async<std::string> refs() {
  std::string s = "abc";
  std::string &r = s;
  std::string *p = &s;
  co_await test::tick(2);
  r += "d";
  co_await test::tick(1);
  p->append("e");
  co_return s;
}

int main() {
  auto fut = refs();
  auto moved = std::move(fut); // before the first poll: allowed
  std::printf("%s\n", hoist::block_on(moved).c_str());
}

// A reference local is stored as a pointer; its uses read through it.
// CHECK-LABEL: auto refs() {
// CHECK:       r = hoist::address_of(s);
// CHECK:       (*r) += "d";
// CHECK:       std::string *r; // local
// CHECK:       std::string *p; // local

// EXEC: abcde
