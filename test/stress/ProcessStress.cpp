//===- ProcessStress.cpp - Child processes and files across threads -------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Stress for hoist::process and hoist::fs under ThreadSanitizer and
/// AddressSanitizer: rounds of children spawned from tasks on Runtime
/// workers, each waited for, collected through its pipes, raced against a
/// short timer and dropped (kill_on_drop) or aborted while it waits, so
/// that pidfd registrations, pipe registrations and the orphan list are
/// used from several threads at once; and file-system calls, some of them
/// dropped while they run.
///
//===----------------------------------------------------------------------===//
#include "hoist/core/block_on.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/fs/fs.hpp"
#include "hoist/future/select.hpp"
#include "hoist/process/process.hpp"
#include "hoist/time/sleep.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#ifndef HOIST_STRESS_SCALE
#define HOIST_STRESS_SCALE 1
#endif

using namespace hoist;
using namespace std::chrono_literals;
using process::Child;
using process::Command;
using process::Stdio;

namespace {

constexpr int kScale = HOIST_STRESS_SCALE;

/// One child per task, handled one of four ways; Output = 1 if it checked
/// out (0 is a failure the test reports).
struct RunChild {
  using Output = int;
  int kind;
  std::optional<Child> child{};
  std::optional<Child::WaitFuture> wait{};
  std::optional<Child::OutputFuture> output{};
  std::optional<Sleep> timer{};

  Poll<int> poll(Context &cx) {
    switch (kind % 4) {
    case 0: { // exit status
      if (!child)
        child.emplace(Command("sh").args({"-c", "exit 3"}).spawn());
      if (!wait)
        wait.emplace(child->wait());
      Poll<process::ExitStatus> s = wait->poll(cx);
      if (s.is_pending())
        return pending;
      return ready(s.value().code() == 3 ? 1 : 0);
    }
    case 1: { // output through the pipes
      if (!output)
        output.emplace(Command("echo").arg("hi").set_stdout(Stdio::piped()).spawn()
                           .wait_with_output());
      Poll<process::Output> o = output->poll(cx);
      if (o.is_pending())
        return pending;
      return ready(o.value().out == "hi\n" ? 1 : 0);
    }
    default: { // raced against a timer, then dropped: killed on drop
      if (!child)
        child.emplace(Command("sleep").arg("100").kill_on_drop(true).spawn());
      if (!wait)
        wait.emplace(child->wait());
      if (!timer)
        timer.emplace(sleep(std::chrono::milliseconds(1 + kind % 5)));
      if (wait->poll(cx).is_ready())
        return ready(0); // sleep 100 cannot have exited
      if (timer->poll(cx).is_pending())
        return pending;
      wait.reset();
      child.reset(); // SIGKILL, then the orphan list
      return ready(1);
    }
    }
  }
};

TEST(ProcessStress, ChildrenFromManyWorkers) {
  Runtime rt(Runtime::Options{4});
  const int rounds = 2 * kScale;
  for (int round = 0; round < rounds; ++round) {
    std::vector<JoinHandle<int>> hs;
    for (int i = 0; i < 24; ++i)
      hs.push_back(rt.spawn(RunChild{i}));
    // A few more, aborted while they wait (the WaitFuture and the Child are
    // destroyed on the worker that cancels them).
    std::vector<JoinHandle<int>> aborted;
    for (int i = 0; i < 4; ++i)
      aborted.push_back(rt.spawn(RunChild{2 + 4 * i}));
    for (JoinHandle<int> &h : aborted)
      h.abort();
    int ok = 0;
    for (JoinHandle<int> &h : hs)
      ok += rt.block_on(std::move(h));
    EXPECT_EQ(ok, 24);
  }
}

TEST(ProcessStress, FileCallsFromManyWorkers) {
  std::string tmpl =
      (std::filesystem::temp_directory_path() / "hoist-stress-XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  const std::filesystem::path dir = tmpl;
  {
    Runtime rt(Runtime::Options{4});
    const int files = 16 * kScale;
    struct WriteRead {
      using Output = int;
      std::filesystem::path p;
      std::string data;
      std::optional<fs::FsFuture<fs::Unit>> w{};
      std::optional<fs::FsFuture<std::string>> r{};
      Poll<int> poll(Context &cx) {
        if (!w)
          w.emplace(fs::write(p, data));
        if (!r) {
          if (w->poll(cx).is_pending())
            return pending;
          r.emplace(fs::read_to_string(p));
        }
        Poll<std::string> got = r->poll(cx);
        if (got.is_pending())
          return pending;
        return ready(got.value() == data ? 1 : 0);
      }
    };
    std::vector<JoinHandle<int>> hs;
    for (int i = 0; i < files; ++i) {
      hs.push_back(rt.spawn(WriteRead{dir / std::to_string(i), std::string(i * 100, 'x')}));
      if (i % 5 == 0)
        rt.spawn(WriteRead{dir / ("dropped" + std::to_string(i)), "y"}).abort();
    }
    int ok = 0;
    for (JoinHandle<int> &h : hs)
      ok += rt.block_on(std::move(h));
    EXPECT_EQ(ok, files);
  }
  std::filesystem::remove_all(dir);
}

} // namespace
