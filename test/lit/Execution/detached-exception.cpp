// An exception that escapes a spawned task is rethrown by awaiting its
// JoinHandle; if the task is detached it goes to the unhandled-exception
// handler instead, by default a line on stderr that names the lowered
// future (and so the async function).
// RUN: %e2e %s | FileCheck %s
// RUN: %hoist %s -o %t.cpp -- -I%inputs
// RUN: %gxx17 %t.cpp -I%inputs -o %t.bin %rtlib
// RUN: %t.bin default 2>&1 >/dev/null | FileCheck %s --check-prefix=DEFAULT
#include "helpers.hpp"
#include <cstdio>
#include <stdexcept>

hoist::Async<int> fails(const char *what) {
  co_await test::tick(1);
  throw std::runtime_error(what);
}

void report(const hoist::UnhandledException &u) {
  try {
    std::rethrow_exception(u.error);
  } catch (const std::exception &e) {
    std::printf("reported: %s\n", e.what());
  }
}

hoist::Async<void> run() {
  try {
    co_await hoist::spawn(fails("joined"));
  } catch (const std::runtime_error &e) {
    std::printf("caught: %s\n", e.what());
  }
  (void)hoist::spawn(fails("detached"));
  co_await test::tick(4);
  std::printf("done\n");
}

int main(int argc, char **) {
  if (argc == 1)
    hoist::set_unhandled_exception_handler(&report);
  hoist::LocalExecutor ex;
  ex.block_on(run());
}

// CHECK:      caught: joined
// CHECK-NEXT: reported: detached
// CHECK-NEXT: done

// DEFAULT: hoist: unhandled exception in detached task {{[0-9]+}} (fails(char const*)::FailsFuture): std::runtime_error: detached
// DEFAULT-NOT: {{.}}
