//===- ProcessTest.cpp - Child processes as futures -----------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::process with ordinary programs (echo, sh, cat, sleep, env):
/// output captured, exit codes and signals, stdin piped to cat and read
/// back (small, and a megabyte written while it is read), environment and
/// working directory, spawn errors for a missing program or directory,
/// kill and kill_on_drop (the child is gone, and reaped later), waiting on
/// LocalExecutor, on the multi-threaded Runtime and under plain block_on,
/// and many children at once.
///
//===----------------------------------------------------------------------===//
#include "hoist/core/block_on.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/future/join.hpp"
#include "hoist/process/process.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

using namespace hoist;
using process::Child;
using process::Command;
using process::ExitStatus;
using process::Output;
using process::Stdio;

namespace {

/// "R", "S", "Z", ...: the state /proc gives for `pid`; "" once it is gone.
std::string proc_state(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(f, line))
    return "";
  size_t close = line.rfind(')'); // the name may hold spaces and parens
  return close == std::string::npos ? "" : line.substr(close + 2, 1);
}

/// Writes `data` to `pipe`, then closes it (the reader sees the end).
struct WriteThenClose {
  using Output = void;
  process::ChildStdin *pipe;
  const std::string *data;
  size_t done = 0;
  Poll<void> poll(Context &cx) {
    while (done < data->size()) {
      Poll<size_t> n = pipe->poll_write(cx, data->data() + done, data->size() - done);
      if (n.is_pending())
        return pending;
      done += n.value();
    }
    pipe->close();
    return ready();
  }
};

TEST(ProcessTest, EchoOutputIsCaptured) {
  LocalExecutor ex;
  Output o = ex.block_on(Command("echo").args({"hello", "world"}).output());
  EXPECT_TRUE(o.status.success());
  EXPECT_EQ(o.status.code(), 0);
  EXPECT_EQ(o.out, "hello world\n");
  EXPECT_EQ(o.err, "");
}

TEST(ProcessTest, StderrIsCapturedApart) {
  LocalExecutor ex;
  Output o = ex.block_on(
      Command("sh").args({"-c", "echo out; echo oops >&2; exit 1"}).output());
  EXPECT_FALSE(o.status.success());
  EXPECT_EQ(o.status.code(), 1);
  EXPECT_EQ(o.out, "out\n");
  EXPECT_EQ(o.err, "oops\n");
}

TEST(ProcessTest, ExitStatusOnLocalExecutor) {
  LocalExecutor ex;
  Child c = Command("sh").args({"-c", "exit 3"}).spawn();
  EXPECT_GT(c.id(), 0);
  ExitStatus s = ex.block_on(c.wait());
  EXPECT_FALSE(s.success());
  EXPECT_EQ(s.code(), 3);
  EXPECT_EQ(s.signal(), std::nullopt);
  EXPECT_EQ(s.to_string(), "exit status: 3");
  // Waiting again gives the same status at once.
  EXPECT_EQ(ex.block_on(c.wait()).code(), 3);
  EXPECT_EQ(c.try_wait()->code(), 3);
}

TEST(ProcessTest, ExitStatusOnRuntime) {
  Runtime rt(Runtime::Options{2});
  Child c = Command("sh").args({"-c", "sleep 0.05; exit 42"}).spawn();
  EXPECT_EQ(rt.block_on(c.wait()).code(), 42);
  EXPECT_EQ(rt.block_on(Command("sh").args({"-c", "exit 7"}).status()).code(), 7);
}

TEST(ProcessTest, ExitStatusOutsideAnyExecutor) {
  Child c = Command("true").spawn();
  EXPECT_TRUE(block_on(c.wait()).success());
  EXPECT_EQ(block_on(Command("echo").arg("plain").output()).out, "plain\n");
}

TEST(ProcessTest, KilledBySignal) {
  LocalExecutor ex;
  ExitStatus s = ex.block_on(Command("sh").args({"-c", "kill -9 $$"}).status());
  EXPECT_FALSE(s.success());
  EXPECT_EQ(s.code(), std::nullopt);
  EXPECT_EQ(s.signal(), SIGKILL);
  EXPECT_EQ(s.to_string(), "signal: 9 (SIGKILL)");
}

TEST(ProcessTest, StdinPipedToCat) {
  LocalExecutor ex;
  Child c = Command("cat").set_stdin(Stdio::piped()).set_stdout(Stdio::piped()).spawn();
  ASSERT_NE(c.stdin_pipe(), nullptr);
  ASSERT_NE(c.stdout_pipe(), nullptr);
  EXPECT_EQ(c.stderr_pipe(), nullptr);
  std::string msg = "through cat\n";
  ex.block_on(c.stdin_pipe()->write_all(msg.data(), msg.size()));
  char buf[64];
  ex.block_on(c.stdout_pipe()->read_exact(buf, msg.size()));
  EXPECT_EQ(std::string(buf, msg.size()), msg);
  // wait() closes stdin, so cat ends.
  EXPECT_TRUE(ex.block_on(c.wait()).success());
  EXPECT_EQ(c.stdin_pipe(), nullptr);
  EXPECT_EQ(ex.block_on(c.stdout_pipe()->read(buf, sizeof buf)), 0u);
}

TEST(ProcessTest, MegabyteThroughCatWhileReading) {
  // More than a pipe holds both ways: writing and reading must overlap.
  Runtime rt(Runtime::Options{2});
  std::string data(1 << 20, '\0');
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<char>('a' + i % 23);
  Child c = Command("cat").set_stdin(Stdio::piped()).set_stdout(Stdio::piped()).spawn();
  process::ChildStdin in = *c.take_stdin();
  auto both = rt.block_on(
      join(WriteThenClose{&in, &data}, std::move(c).wait_with_output()));
  const Output &o = std::get<1>(both);
  EXPECT_TRUE(o.status.success());
  EXPECT_EQ(o.out.size(), data.size());
  EXPECT_TRUE(o.out == data);
}

TEST(ProcessTest, WritingToAnExitedChildIsEpipe) {
  LocalExecutor ex;
  Child c = Command("true").set_stdin(Stdio::piped()).spawn();
  process::ChildStdin in = *c.take_stdin();
  EXPECT_TRUE(ex.block_on(c.wait()).success());
  std::string chunk(4096, 'x');
  try {
    for (int i = 0; i < 100; ++i) // EPIPE at once: the reader is gone
      ex.block_on(in.write_all(chunk.data(), chunk.size()));
    ADD_FAILURE() << "no EPIPE";
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code(), std::make_error_code(std::errc::broken_pipe));
  }
}

TEST(ProcessTest, EnvironmentAndWorkingDirectory) {
  LocalExecutor ex;
  std::filesystem::path tmp = std::filesystem::temp_directory_path();
  ::setenv("HOIST_PROCESS_TEST_PARENT", "inherited", 1);
  Output o = ex.block_on(Command("sh")
                             .args({"-c", "echo $FOO $HOIST_PROCESS_TEST_PARENT; pwd"})
                             .env("FOO", "bar")
                             .current_dir(tmp)
                             .output());
  EXPECT_EQ(o.out, "bar inherited\n" +
                       std::filesystem::canonical(tmp).string() + "\n");
  o = ex.block_on(Command("sh")
                      .args({"-c", "echo \"[$HOIST_PROCESS_TEST_PARENT]\""})
                      .env_remove("HOIST_PROCESS_TEST_PARENT")
                      .output());
  EXPECT_EQ(o.out, "[]\n");
  o = ex.block_on(Command("env").env_clear().env("ONLY", "this").output());
  EXPECT_EQ(o.out, "ONLY=this\n");
  ::unsetenv("HOIST_PROCESS_TEST_PARENT");
}

TEST(ProcessTest, MissingProgramIsASpawnError) {
  try {
    Child c = Command("hoist-no-such-program").arg("x").spawn();
    ADD_FAILURE() << "spawned pid " << c.id();
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code(), std::make_error_code(std::errc::no_such_file_or_directory));
    EXPECT_NE(std::string(e.what()).find("could not spawn 'hoist-no-such-program'"),
              std::string::npos)
        << e.what();
  }
  // From output(): thrown when polled.
  LocalExecutor ex;
  EXPECT_THROW(ex.block_on(Command("/nonexistent/prog").output()), std::system_error);
  // Not executable.
  try {
    (void)Command("/etc/passwd").spawn();
    ADD_FAILURE() << "spawned /etc/passwd";
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code(), std::make_error_code(std::errc::permission_denied)) << e.what();
  }
  // A working directory that does not exist.
  try {
    (void)Command("true").current_dir("/nonexistent-dir-for-hoist").spawn();
    ADD_FAILURE() << "spawned in a missing directory";
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code(), std::make_error_code(std::errc::no_such_file_or_directory));
    EXPECT_NE(std::string(e.what()).find("in '/nonexistent-dir-for-hoist'"),
              std::string::npos)
        << e.what();
  }
}

TEST(ProcessTest, KillThenWait) {
  LocalExecutor ex;
  Child c = Command("sleep").arg("100").spawn();
  ex.block_on(c.kill());
  ASSERT_TRUE(c.try_wait().has_value());
  EXPECT_EQ(c.try_wait()->signal(), SIGKILL);
  c.start_kill(); // reaped: nothing to do, no error
}

TEST(ProcessTest, KillOnDropKillsTheChild) {
  pid_t pid;
  {
    Child c = Command("sleep").arg("100").kill_on_drop(true).spawn();
    pid = c.id();
    std::string st = proc_state(pid);
    EXPECT_TRUE(st == "S" || st == "R") << st;
  }
  // Dead at once (a zombie until reaped, or already reaped).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string st = proc_state(pid);
  while ((st != "Z" && st != "") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    st = proc_state(pid);
  }
  EXPECT_TRUE(st == "Z" || st == "") << st;
  // The next spawn reaps it: the id disappears from /proc.
  LocalExecutor ex;
  while (proc_state(pid) != "" && std::chrono::steady_clock::now() < deadline)
    ex.block_on(Command("true").status());
  EXPECT_EQ(proc_state(pid), "");
}

TEST(ProcessTest, DropWithoutKillOnDropLeavesItRunning) {
  pid_t pid;
  {
    Child c = Command("sleep").arg("100").spawn();
    pid = c.id();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::string st = proc_state(pid);
  EXPECT_TRUE(st == "S" || st == "R") << st;
  ::kill(pid, SIGKILL);
  LocalExecutor ex;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (proc_state(pid) != "" && std::chrono::steady_clock::now() < deadline)
    ex.block_on(Command("true").status()); // reaps the orphan
  EXPECT_EQ(proc_state(pid), "");
}

TEST(ProcessTest, ManyChildrenAtOnce) {
  Runtime rt(Runtime::Options{2});
  constexpr int kChildren = 64;
  std::vector<Command::OutputFuture> runs;
  for (int i = 0; i < kChildren; ++i)
    runs.push_back(
        Command("sh").args({"-c", "sleep 0.0$1; echo $1", "sh", std::to_string(i % 10)})
            .output());
  std::vector<Output> outs = rt.block_on(join_all(std::move(runs)));
  ASSERT_EQ(outs.size(), static_cast<size_t>(kChildren));
  for (int i = 0; i < kChildren; ++i) {
    EXPECT_TRUE(outs[i].status.success());
    EXPECT_EQ(outs[i].out, std::to_string(i % 10) + "\n");
  }
}

TEST(ProcessTest, ManyChildrenWaitedFromTasks) {
  Runtime rt(Runtime::Options{2});
  std::vector<JoinHandle<int>> hs;
  struct WaitOwned {
    using Output = int;
    Child c;
    std::optional<Child::WaitFuture> w;
    Poll<int> poll(Context &cx) {
      if (!w)
        w.emplace(c.wait());
      Poll<ExitStatus> s = w->poll(cx);
      if (s.is_pending())
        return pending;
      return ready(*s.value().code());
    }
  };
  for (int i = 0; i < 32; ++i)
    hs.push_back(rt.spawn(WaitOwned{
        Command("sh").args({"-c", "exit $1", "sh", std::to_string(i)}).spawn(), {}}));
  for (int i = 0; i < 32; ++i)
    EXPECT_EQ(rt.block_on(std::move(hs[i])), i);
}

} // namespace

namespace {

/// Children spawned in its scope are waited for on the blocking pool.
struct WithoutPidfd {
  WithoutPidfd() { hoist::detail::set_use_pidfd(false); }
  ~WithoutPidfd() { hoist::detail::set_use_pidfd(true); }
};

TEST(ProcessTest, WaitOnTheBlockingPoolWithoutPidfd) {
  WithoutPidfd guard;
  LocalExecutor ex;
  Child c = Command("sh").args({"-c", "sleep 0.05; exit 5"}).spawn();
  EXPECT_EQ(ex.block_on(c.wait()).code(), 5);
  EXPECT_EQ(ex.block_on(Command("echo").arg("hi").output()).out, "hi\n");

  Runtime rt(Runtime::Options{2});
  std::vector<Command::StatusFuture> runs;
  for (int i = 0; i < 16; ++i)
    runs.push_back(Command("sh").args({"-c", "exit $1", "sh", std::to_string(i)}).status());
  std::vector<ExitStatus> st = rt.block_on(join_all(std::move(runs)));
  for (int i = 0; i < 16; ++i)
    EXPECT_EQ(st[i].code(), i);

  Child k = Command("sleep").arg("100").spawn();
  rt.block_on(k.kill());
  EXPECT_EQ(k.try_wait()->signal(), SIGKILL);
}

} // namespace
