//===- FsProcessCoroutineTest.cpp - Files and processes with co_await -----===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// hoist::fs and hoist::process as users write against them: Async<T>
/// functions (C++20 coroutines, the reference backend) that write a file,
/// list and read it back, catch the error of a missing file, run a program
/// and collect its output, feed a child's stdin while reading its stdout
/// from another task, and time out a child that would run for too long.
///
//===----------------------------------------------------------------------===//
#include "hoist/hoist.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace hoist;
using namespace std::chrono_literals;
using process::Command;
using process::Stdio;

namespace {

std::filesystem::path fresh_dir() {
  std::string tmpl =
      (std::filesystem::temp_directory_path() / "hoist-cxx20-XXXXXX").string();
  EXPECT_NE(::mkdtemp(tmpl.data()), nullptr);
  return tmpl;
}

Async<std::vector<std::string>> save_and_list(std::filesystem::path dir) {
  co_await fs::create_dir_all(dir / "notes");
  co_await fs::write(dir / "notes" / "a.txt", std::string("first"));
  co_await fs::write(dir / "notes" / "b.txt", std::string("second"));
  fs::Metadata m = co_await fs::metadata(dir / "notes" / "b.txt");
  EXPECT_EQ(m.len(), 6u);
  std::vector<std::string> out;
  for (const fs::DirEntry &e : co_await fs::read_dir(dir / "notes"))
    out.push_back(e.file_name().string() + "=" +
                  co_await fs::read_to_string(e.path()));
  std::sort(out.begin(), out.end());
  co_await fs::remove_dir_all(dir);
  co_return out;
}

TEST(FsProcessCoroutineTest, WriteListReadBack) {
  Runtime rt(Runtime::Options{2});
  EXPECT_EQ(rt.block_on(save_and_list(fresh_dir())),
            (std::vector<std::string>{"a.txt=first", "b.txt=second"}));
}

Async<std::string> read_or_default(std::filesystem::path p) {
  try {
    co_return co_await fs::read_to_string(p);
  } catch (const std::system_error &e) {
    co_return std::string("default (") + e.what() + ")";
  }
}

TEST(FsProcessCoroutineTest, MissingFileIsCaught) {
  LocalExecutor ex;
  EXPECT_EQ(ex.block_on(read_or_default("/nonexistent/hoist.conf")),
            "default (hoist: fs::read_to_string '/nonexistent/hoist.conf': "
            "No such file or directory)");
}

Async<int> word_count(std::string text) {
  process::Output o =
      co_await Command("sh").args({"-c", "echo \"$0\" | wc -w", text}).output();
  EXPECT_TRUE(o.status.success());
  co_return std::stoi(o.out);
}

TEST(FsProcessCoroutineTest, OutputOfAProgram) {
  LocalExecutor ex;
  EXPECT_EQ(ex.block_on(word_count("one two three four")), 4);
}

Async<std::string> read_all(process::ChildStdout out) {
  std::string got;
  char buf[4096];
  for (;;) {
    size_t n = co_await out.read(buf, sizeof buf);
    if (n == 0)
      co_return got;
    got.append(buf, n);
  }
}

Async<int> sort_lines(std::vector<std::string> lines, std::string &sorted) {
  process::Child c = Command("sort")
                         .set_stdin(Stdio::piped())
                         .set_stdout(Stdio::piped())
                         .spawn();
  JoinHandle<std::string> reader = spawn(read_all(*c.take_stdout()));
  process::ChildStdin in = *c.take_stdin();
  for (const std::string &l : lines) {
    co_await in.write_all(l.data(), l.size());
    co_await in.write_all("\n", 1);
  }
  in.close();
  sorted = co_await reader;
  process::ExitStatus s = co_await c.wait();
  co_return *s.code();
}

TEST(FsProcessCoroutineTest, FeedStdinReadStdout) {
  Runtime rt(Runtime::Options{2});
  std::string sorted;
  EXPECT_EQ(rt.block_on(sort_lines({"pear", "apple", "fig"}, sorted)), 0);
  EXPECT_EQ(sorted, "apple\nfig\npear\n");
}

Async<bool> too_slow() {
  process::Child c = Command("sleep").arg("100").kill_on_drop(true).spawn();
  auto r = co_await select(c.wait(), sleep(50ms));
  if (r.index() == 1) {
    co_await c.kill();
    co_return c.try_wait()->signal() == SIGKILL;
  }
  co_return false;
}

TEST(FsProcessCoroutineTest, TimeOutAChild) {
  LocalExecutor ex;
  EXPECT_TRUE(ex.block_on(too_slow()));
}

} // namespace
