//===- FsTest.cpp - Files and directories as futures ----------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::fs in a fresh temporary directory: a write/read/metadata/
/// read_dir/rename/copy/remove round trip on both executors and under plain
/// block_on, errors that name the path (and both paths of a rename), and
/// many calls in flight at once.
///
//===----------------------------------------------------------------------===//
#include "hoist/core/block_on.hpp"
#include "hoist/core/context.hpp"
#include "hoist/core/waker.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/fs/fs.hpp"
#include "hoist/future/join.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

using namespace hoist;
namespace sfs = std::filesystem;

namespace {

/// A fresh directory under $TMPDIR, removed with its contents at the end.
class TempDir {
public:
  TempDir() {
    std::string tmpl = (sfs::temp_directory_path() / "hoist-fs-XXXXXX").string();
    if (!::mkdtemp(tmpl.data()))
      throw std::system_error(errno, std::generic_category(), "mkdtemp");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    sfs::remove_all(path_, ec);
  }
  const sfs::path &path() const { return path_; }

private:
  sfs::path path_;
};

/// The names of a listing, sorted.
std::vector<std::string> names(const std::vector<fs::DirEntry> &entries) {
  std::vector<std::string> out;
  for (const fs::DirEntry &e : entries)
    out.push_back(e.file_name().string());
  std::sort(out.begin(), out.end());
  return out;
}

/// Runs `f` to completion and expects a std::system_error with `code`
/// whose message contains `needle`.
template <class F> void expect_error(F f, std::errc code, const std::string &needle) {
  try {
    block_on(std::move(f));
    ADD_FAILURE() << "no exception";
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code(), std::make_error_code(code)) << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

/// Writes, reads back, lists, renames, copies and removes, checking each.
template <class Exec> void round_trip(Exec &ex, const sfs::path &dir) {
  const sfs::path sub = dir / "a" / "b";
  ex.block_on(fs::create_dir_all(sub));
  ex.block_on(fs::create_dir_all(sub)); // exists: no error
  EXPECT_TRUE(ex.block_on(fs::metadata(sub)).is_dir());

  auto before = std::chrono::system_clock::now() - std::chrono::seconds(5);
  ex.block_on(fs::write(sub / "hello.txt", std::string("hello, world\n")));
  EXPECT_EQ(ex.block_on(fs::read_to_string(sub / "hello.txt")), "hello, world\n");

  std::vector<uint8_t> bytes = {0, 1, 2, 255, 0, 7};
  ex.block_on(fs::write(sub / "data.bin", bytes));
  EXPECT_EQ(ex.block_on(fs::read(sub / "data.bin")), bytes);

  fs::Metadata m = ex.block_on(fs::metadata(sub / "hello.txt"));
  EXPECT_TRUE(m.is_file());
  EXPECT_FALSE(m.is_dir());
  EXPECT_EQ(m.len(), 13u);
  EXPECT_GT(m.modified(), before);
  EXPECT_LT(m.modified(), std::chrono::system_clock::now() + std::chrono::seconds(5));

  ex.block_on(fs::create_dir(sub / "inner"));
  std::vector<fs::DirEntry> list = ex.block_on(fs::read_dir(sub));
  EXPECT_EQ(names(list), (std::vector<std::string>{"data.bin", "hello.txt", "inner"}));
  for (const fs::DirEntry &e : list) {
    EXPECT_EQ(e.path().parent_path(), sub);
    EXPECT_EQ(e.file_type().is_dir(), e.file_name() == "inner");
    EXPECT_EQ(e.file_type().is_file(), e.file_name() != "inner");
  }

  ex.block_on(fs::rename(sub / "hello.txt", sub / "renamed.txt"));
  EXPECT_EQ(ex.block_on(fs::copy(sub / "renamed.txt", sub / "copy.txt")), 13u);
  EXPECT_EQ(ex.block_on(fs::read_to_string(sub / "copy.txt")), "hello, world\n");
  EXPECT_EQ(names(ex.block_on(fs::read_dir(sub))),
            (std::vector<std::string>{"copy.txt", "data.bin", "inner", "renamed.txt"}));

  ex.block_on(fs::remove_file(sub / "renamed.txt"));
  ex.block_on(fs::remove_file(sub / "copy.txt"));
  ex.block_on(fs::remove_file(sub / "data.bin"));
  ex.block_on(fs::remove_dir(sub / "inner"));
  EXPECT_TRUE(ex.block_on(fs::read_dir(sub)).empty());
  ex.block_on(fs::remove_dir_all(dir / "a"));
  EXPECT_FALSE(sfs::exists(dir / "a"));
}

/// block_on as an executor, for round_trip.
struct PlainBlockOn {
  template <class F> auto block_on(F f) { return hoist::block_on(std::move(f)); }
};

TEST(FsTest, RoundTripOnLocalExecutor) {
  TempDir dir;
  LocalExecutor ex;
  round_trip(ex, dir.path());
}

TEST(FsTest, RoundTripOnRuntime) {
  TempDir dir;
  Runtime rt(Runtime::Options{2});
  round_trip(rt, dir.path());
}

TEST(FsTest, RoundTripOutsideAnyExecutor) {
  TempDir dir;
  PlainBlockOn ex;
  round_trip(ex, dir.path());
}

TEST(FsTest, MissingFileErrorNamesThePath) {
  TempDir dir;
  const std::string missing = (dir.path() / "missing.txt").string();
  expect_error(fs::read(missing), std::errc::no_such_file_or_directory,
               "hoist: fs::read '" + missing + "'");
  expect_error(fs::read_to_string(missing), std::errc::no_such_file_or_directory,
               "fs::read_to_string '" + missing + "'");
  expect_error(fs::metadata(missing), std::errc::no_such_file_or_directory, missing);
  expect_error(fs::remove_file(missing), std::errc::no_such_file_or_directory,
               missing);
  expect_error(fs::read_dir(missing), std::errc::no_such_file_or_directory, missing);
  expect_error(fs::rename(missing, dir.path() / "to"),
               std::errc::no_such_file_or_directory,
               "'" + missing + "' -> '" + (dir.path() / "to").string() + "'");
  expect_error(fs::copy(missing, dir.path() / "to"),
               std::errc::no_such_file_or_directory, missing);
}

TEST(FsTest, OtherErrors) {
  TempDir dir;
  block_on(fs::write(dir.path() / "file", std::string("x")));
  // A directory where a file is: read_dir on a file, create_dir_all
  // through one, remove_dir on a non-empty directory.
  expect_error(fs::read_dir(dir.path() / "file"), std::errc::not_a_directory, "file");
  expect_error(fs::create_dir_all(dir.path() / "file" / "sub"),
               std::errc::not_a_directory, "create_dir_all");
  expect_error(fs::remove_dir(dir.path()), std::errc::directory_not_empty,
               dir.path().string());
  expect_error(fs::create_dir(dir.path()), std::errc::file_exists,
               dir.path().string());
}

TEST(FsTest, ManyCallsAtOnce) {
  TempDir dir;
  Runtime rt(Runtime::Options{2});
  std::vector<fs::FsFuture<fs::Unit>> writes;
  for (int i = 0; i < 50; ++i)
    writes.push_back(fs::write(dir.path() / std::to_string(i), std::to_string(i * i)));
  rt.block_on(join_all(std::move(writes)));
  std::vector<fs::FsFuture<std::string>> reads;
  for (int i = 0; i < 50; ++i)
    reads.push_back(fs::read_to_string(dir.path() / std::to_string(i)));
  std::vector<std::string> got = rt.block_on(join_all(std::move(reads)));
  ASSERT_EQ(got.size(), 50u);
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(got[i], std::to_string(i * i));
  EXPECT_EQ(rt.block_on(fs::read_dir(dir.path())).size(), 50u);
}

TEST(FsTest, DroppedCallStillHappens) {
  TempDir dir;
  {
    // One poll starts the call (on the process-wide pool, which never
    // cancels); destroying the future detaches it.
    auto f = fs::write(dir.path() / "late", std::string("done"));
    Waker w = noop_waker();
    Context cx = Context::from_waker(w);
    (void)f.poll(cx);
  }
  std::string got;
  for (int i = 0; i < 500 && got != "done"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::error_code ec;
    if (sfs::exists(dir.path() / "late", ec))
      got = block_on(fs::read_to_string(dir.path() / "late"));
  }
  EXPECT_EQ(got, "done");
}

} // namespace
