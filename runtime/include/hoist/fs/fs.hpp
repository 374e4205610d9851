//===- hoist/fs/fs.hpp - Files and directories as futures -------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `hoist::fs` does file-system work without blocking the executor, with
/// tokio::fs's names:
///
///   std::string text = co_await hoist::fs::read_to_string("config.toml");
///   co_await hoist::fs::write(dir / "out.bin", bytes);
///   hoist::fs::Metadata m = co_await hoist::fs::metadata(path);
///   for (const hoist::fs::DirEntry &e : co_await hoist::fs::read_dir(dir))
///     ...;
///
/// Linux has no readiness for regular files (epoll refuses them), so each
/// call runs as one blocking call on the blocking pool of the current
/// executor (outside any executor, on the process-wide pool), as
/// net::lookup_host does, and the awaiting task is woken when it returns.
/// The call starts on the first poll. Destroying the future while the call
/// runs does not undo it: the call finishes on its thread (a write still
/// writes) and its result is discarded, as with tokio.
///
/// Errors are thrown, when the future is polled, as std::system_error with
/// the errno value (generic_category, as the sockets report theirs) and a
/// message naming the operation and the path(s):
///
///   hoist: fs::read 'missing.txt': No such file or directory
///
/// Paths are std::filesystem::path (a string converts); relative paths are
/// resolved against the working directory when the call runs.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_FS_FS_HPP
#define HOIST_FS_FS_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/task/join_handle.hpp"

#include <chrono>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hoist {

namespace detail {

/// What a file-system call hands back from the blocking pool: a value or
/// the exception to throw, never a thrown exception, so that a call whose
/// future was destroyed reports nothing (see task/unhandled.hpp).
template <class T> struct FsResult {
  std::optional<T> value;
  std::exception_ptr error;
};

/// Starts `call` on the current blocking pool. Defined in fs.cpp for the
/// result types below (explicit instantiations), so that the pool's
/// templates are compiled once.
template <class T>
JoinHandle<FsResult<T>> spawn_fs_call(std::function<T()> call);

[[noreturn]] void fs_polled_after_completion();

} // namespace detail

namespace fs {

/// An empty value: the Output of the calls that return nothing is `void`;
/// this is what they carry on the pool.
struct Unit {};

/// The future of every hoist::fs call. Output = T (void for Unit).
template <class T> class [[nodiscard]] FsFuture {
public:
  using Output = std::conditional_t<std::is_same<T, Unit>::value, void, T>;

  explicit FsFuture(std::function<T()> call) : call_(std::move(call)) {}

  Poll<Output> poll(Context &cx) {
    if (done_)
      detail::fs_polled_after_completion();
    if (!handle_)
      handle_.emplace(detail::spawn_fs_call<T>(std::move(call_)));
    Poll<detail::FsResult<T>> p = handle_->poll(cx);
    if (p.is_pending())
      return pending;
    done_ = true;
    detail::FsResult<T> r = std::move(p).value();
    if (r.error)
      std::rethrow_exception(r.error);
    if constexpr (std::is_same<T, Unit>::value)
      return ready();
    else
      return Poll<T>(ready_in_place, std::move(*r.value));
  }

private:
  std::function<T()> call_;
  std::optional<JoinHandle<detail::FsResult<T>>> handle_;
  bool done_ = false;
};

/// What kind of file an entry is (lstat's view: a symbolic link is a
/// symlink, not what it points to).
class FileType {
public:
  FileType() noexcept = default;
  explicit FileType(unsigned mode) noexcept : mode_(mode) {}
  bool is_dir() const noexcept;
  bool is_file() const noexcept;
  bool is_symlink() const noexcept;
  /// The S_IFMT bits of st_mode.
  unsigned mode() const noexcept { return mode_; }

private:
  unsigned mode_ = 0;
};

/// What stat(2) says about a file (tokio's / std's fs::Metadata).
class Metadata {
public:
  Metadata() noexcept = default;
  Metadata(uint64_t len, unsigned mode,
           std::chrono::system_clock::time_point modified,
           std::chrono::system_clock::time_point accessed) noexcept
      : len_(len), mode_(mode), modified_(modified), accessed_(accessed) {}

  /// Size in bytes.
  uint64_t len() const noexcept { return len_; }
  bool is_dir() const noexcept { return file_type().is_dir(); }
  bool is_file() const noexcept { return file_type().is_file(); }
  bool is_symlink() const noexcept { return file_type().is_symlink(); }
  FileType file_type() const noexcept { return FileType(mode_); }
  /// Permission bits (st_mode & 07777).
  unsigned permissions() const noexcept { return mode_ & 07777u; }
  /// Last modification (st_mtim), to the nanosecond the clock allows.
  std::chrono::system_clock::time_point modified() const noexcept {
    return modified_;
  }
  /// Last access (st_atim).
  std::chrono::system_clock::time_point accessed() const noexcept {
    return accessed_;
  }

private:
  uint64_t len_ = 0;
  unsigned mode_ = 0;
  std::chrono::system_clock::time_point modified_;
  std::chrono::system_clock::time_point accessed_;
};

/// One entry of a directory listing (not "." or "..").
class DirEntry {
public:
  DirEntry(std::filesystem::path path, FileType type)
      : path_(std::move(path)), type_(type) {}
  /// The directory's path joined with the entry's name.
  const std::filesystem::path &path() const noexcept { return path_; }
  /// The entry's name.
  std::filesystem::path file_name() const { return path_.filename(); }
  /// From the directory itself (d_type), or lstat when it does not say.
  FileType file_type() const noexcept { return type_; }

private:
  std::filesystem::path path_;
  FileType type_;
};

using Path = std::filesystem::path;

/// The whole file; Output = its bytes.
FsFuture<std::vector<uint8_t>> read(Path path);
/// The whole file as text (bytes, not checked for any encoding).
FsFuture<std::string> read_to_string(Path path);
/// Creates or truncates the file and writes `contents` (copied into the
/// future); Output = void. New files get mode 0666 & ~umask.
FsFuture<Unit> write(Path path, std::string contents);
FsFuture<Unit> write(Path path, std::vector<uint8_t> contents);
/// stat(2), following symbolic links.
FsFuture<Metadata> metadata(Path path);
/// lstat(2): a symbolic link is described, not followed.
FsFuture<Metadata> symlink_metadata(Path path);
/// The entries of a directory, in the order the directory gives them
/// (unspecified: sort them if the order matters).
FsFuture<std::vector<DirEntry>> read_dir(Path path);
/// mkdir(2): one directory, whose parent must exist.
FsFuture<Unit> create_dir(Path path);
/// Creates the directory and every missing parent; an existing directory
/// is not an error.
FsFuture<Unit> create_dir_all(Path path);
/// unlink(2).
FsFuture<Unit> remove_file(Path path);
/// rmdir(2): the directory must be empty.
FsFuture<Unit> remove_dir(Path path);
/// Removes the directory and everything in it (symbolic links are
/// removed, not followed).
FsFuture<Unit> remove_dir_all(Path path);
/// rename(2): replaces `to` if it exists (atomically, on one file system).
FsFuture<Unit> rename(Path from, Path to);
/// Copies the contents and permission bits of the file `from` to `to`,
/// replacing `to`; Output = the number of bytes copied.
FsFuture<uint64_t> copy(Path from, Path to);

} // namespace fs
} // namespace hoist

#endif // HOIST_FS_FS_HPP
