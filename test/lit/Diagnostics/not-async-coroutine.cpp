// A coroutine whose return type is not hoist::Async<T> cannot be lowered
// (the output is C++17): an error naming the function and its type.
// RUN: %hoist %s -- -I%inputs -Xclang -verify
#include "helpers.hpp"
#include <coroutine>

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

Task other() { // expected-error {{cannot lower coroutine 'other': its return type 'Task' is not hoist::Async<T>}}
  co_await std::suspend_never{};
}
