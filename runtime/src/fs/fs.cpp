//===- fs.cpp - Files and directories on the blocking pool ----------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The blocking calls behind hoist/fs/fs.hpp, written with the POSIX calls
/// themselves (open, read, stat, readdir, mkdir, ...) rather than
/// std::filesystem, so that every error carries its errno value and a
/// message in the runtime's form ("hoist: fs::<call> '<path>'"). Every
/// descriptor is opened close-on-exec, so a child process spawned
/// meanwhile on another thread does not inherit it.
///
//===----------------------------------------------------------------------===//
#include "hoist/fs/fs.hpp"

#include "hoist/executor/context.hpp"
#include "hoist/future/join.hpp"
#include "hoist/task/harness.hpp"

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace hoist {

//===----------------------------------------------------------------------===//
// Running a call on the pool
//===----------------------------------------------------------------------===//

namespace detail {

namespace {

/// The pool's function: runs the call and catches what it throws, so the
/// task itself never throws (see FsResult).
template <class T> struct FsCall {
  std::function<T()> call;
  FsResult<T> operator()() noexcept {
    FsResult<T> r;
    try {
      r.value.emplace(call());
    } catch (...) {
      r.error = std::current_exception();
    }
    return r;
  }
};

} // namespace

template <class T>
JoinHandle<FsResult<T>> spawn_fs_call(std::function<T()> call) {
  return spawn_on(current_blocking_pool(),
                  BlockingTask<FsCall<T>>(FsCall<T>{std::move(call)}));
}

template JoinHandle<FsResult<std::vector<uint8_t>>>
    spawn_fs_call(std::function<std::vector<uint8_t>()>);
template JoinHandle<FsResult<std::string>>
    spawn_fs_call(std::function<std::string()>);
template JoinHandle<FsResult<fs::Unit>> spawn_fs_call(std::function<fs::Unit()>);
template JoinHandle<FsResult<fs::Metadata>>
    spawn_fs_call(std::function<fs::Metadata()>);
template JoinHandle<FsResult<std::vector<fs::DirEntry>>>
    spawn_fs_call(std::function<std::vector<fs::DirEntry>()>);
template JoinHandle<FsResult<uint64_t>> spawn_fs_call(std::function<uint64_t()>);

void fs_polled_after_completion() { polled_after_completion("hoist::fs call"); }

} // namespace detail

namespace fs {

//===----------------------------------------------------------------------===//
// The blocking calls
//===----------------------------------------------------------------------===//

namespace {

/// Throws errno as "hoist: fs::<call> '<path>'".
[[noreturn]] void throw_fs(int err, const char *call, const Path &path) {
  throw std::system_error(err, std::generic_category(),
                          std::string("hoist: fs::") + call + " '" +
                              path.string() + "'");
}

/// The same with two paths: "hoist: fs::rename 'a' -> 'b'".
[[noreturn]] void throw_fs2(int err, const char *call, const Path &from,
                            const Path &to) {
  throw std::system_error(err, std::generic_category(),
                          std::string("hoist: fs::") + call + " '" +
                              from.string() + "' -> '" + to.string() + "'");
}

/// A descriptor closed on scope exit.
struct Fd {
  int fd;
  explicit Fd(int f) noexcept : fd(f) {}
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  ~Fd() {
    if (fd >= 0)
      ::close(fd);
  }
};

int open_or_throw(const Path &path, int flags, mode_t mode, const char *call) {
  int fd;
  do
    fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    throw_fs(errno, call, path);
  return fd;
}

/// Reads the whole file into a container of chars or bytes.
template <class C> C read_all(const Path &path, const char *call) {
  Fd f(open_or_throw(path, O_RDONLY, 0, call));
  C out;
  struct stat st;
  if (::fstat(f.fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
    out.reserve(static_cast<size_t>(st.st_size));
  char buf[64 * 1024];
  for (;;) {
    ssize_t n = ::read(f.fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      throw_fs(errno, call, path);
    }
    if (n == 0)
      return out;
    out.insert(out.end(), buf, buf + n);
  }
}

void write_all(const Path &path, const char *data, size_t len) {
  Fd f(open_or_throw(path, O_WRONLY | O_CREAT | O_TRUNC, 0666, "write"));
  while (len > 0) {
    ssize_t n = ::write(f.fd, data, len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      throw_fs(errno, "write", path);
    }
    data += n;
    len -= static_cast<size_t>(n);
  }
  int fd = f.fd;
  f.fd = -1;
  if (::close(fd) < 0 && errno != EINTR) // NFS reports write errors here
    throw_fs(errno, "write", path);
}

std::chrono::system_clock::time_point to_time_point(const timespec &ts) {
  using namespace std::chrono;
  return system_clock::time_point(duration_cast<system_clock::duration>(
      seconds(ts.tv_sec) + nanoseconds(ts.tv_nsec)));
}

Metadata stat_or_throw(const Path &path, bool follow) {
  struct stat st;
  int rc = follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st);
  if (rc < 0)
    throw_fs(errno, follow ? "metadata" : "symlink_metadata", path);
  return Metadata(static_cast<uint64_t>(st.st_size), st.st_mode,
                  to_time_point(st.st_mtim), to_time_point(st.st_atim));
}

unsigned mode_of_dtype(unsigned char t) {
  switch (t) {
  case DT_DIR: return S_IFDIR;
  case DT_REG: return S_IFREG;
  case DT_LNK: return S_IFLNK;
  case DT_FIFO: return S_IFIFO;
  case DT_SOCK: return S_IFSOCK;
  case DT_CHR: return S_IFCHR;
  case DT_BLK: return S_IFBLK;
  default: return 0;
  }
}

std::vector<DirEntry> list_dir(const Path &path) {
  Fd f(open_or_throw(path, O_RDONLY | O_DIRECTORY, 0, "read_dir"));
  DIR *d = ::fdopendir(f.fd);
  if (!d)
    throw_fs(errno, "read_dir", path);
  f.fd = -1; // the DIR owns it now
  std::vector<DirEntry> out;
  try {
    for (;;) {
      errno = 0;
      dirent *e = ::readdir(d);
      if (!e) {
        if (errno != 0)
          throw_fs(errno, "read_dir", path);
        break;
      }
      std::string_view name(e->d_name);
      if (name == "." || name == "..")
        continue;
      unsigned mode = mode_of_dtype(e->d_type);
      if (mode == 0) { // the file system does not say: ask
        struct stat st;
        if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
          mode = st.st_mode & S_IFMT;
      }
      out.emplace_back(path / Path(name), FileType(mode));
    }
  } catch (...) {
    ::closedir(d);
    throw;
  }
  ::closedir(d);
  return out;
}

void mkdir_all(const Path &path) {
  if (path.empty())
    throw_fs(ENOENT, "create_dir_all", path);
  // Walk down from the root, creating what is missing; a component that
  // exists must be a directory (or a link to one).
  Path cur;
  for (const Path &part : path) {
    cur /= part;
    if (part == "." || part == ".." || cur == cur.root_path())
      continue;
    if (::mkdir(cur.c_str(), 0777) == 0)
      continue;
    int err = errno;
    struct stat st;
    if (err == EEXIST && ::stat(cur.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
      continue;
    throw_fs(err == EEXIST ? ENOTDIR : err, "create_dir_all", cur);
  }
}

void rm_all(const Path &path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  if (ec)
    throw_fs(ec.value(), "remove_dir_all", path);
}

uint64_t copy_contents(const Path &from, const Path &to) {
  Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.fd < 0)
    throw_fs2(errno, "copy", from, to);
  struct stat st;
  if (::fstat(in.fd, &st) < 0)
    throw_fs2(errno, "copy", from, to);
  if (!S_ISREG(st.st_mode))
    throw_fs2(EINVAL, "copy", from, to); // std/tokio copy files only
  Fd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                st.st_mode & 07777));
  if (out.fd < 0)
    throw_fs2(errno, "copy", from, to);
  uint64_t total = 0;
  bool kernel_copy = true;
  char buf[64 * 1024];
  for (;;) {
    ssize_t n;
    if (kernel_copy) {
      n = ::copy_file_range(in.fd, nullptr, out.fd, nullptr, 1 << 30, 0);
      if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL ||
                    errno == EOPNOTSUPP)) {
        kernel_copy = false; // e.g. across file systems on old kernels
        continue;
      }
    } else {
      n = ::read(in.fd, buf, sizeof buf);
      for (ssize_t done = 0; n > 0 && done < n;) {
        ssize_t w = ::write(out.fd, buf + done, static_cast<size_t>(n - done));
        if (w < 0 && errno == EINTR)
          continue;
        if (w < 0)
          throw_fs2(errno, "copy", from, to);
        done += w;
      }
    }
    if (n < 0) {
      if (errno == EINTR)
        continue;
      throw_fs2(errno, "copy", from, to);
    }
    if (n == 0)
      break;
    total += static_cast<uint64_t>(n);
  }
  // The permissions of the source even if `to` existed (std's fs::copy).
  if (::fchmod(out.fd, st.st_mode & 07777) < 0)
    throw_fs2(errno, "copy", from, to);
  return total;
}

} // namespace

bool FileType::is_dir() const noexcept { return (mode_ & S_IFMT) == S_IFDIR; }
bool FileType::is_file() const noexcept { return (mode_ & S_IFMT) == S_IFREG; }
bool FileType::is_symlink() const noexcept {
  return (mode_ & S_IFMT) == S_IFLNK;
}

//===----------------------------------------------------------------------===//
// The futures
//===----------------------------------------------------------------------===//

FsFuture<std::vector<uint8_t>> read(Path path) {
  return FsFuture<std::vector<uint8_t>>(
      [p = std::move(path)] { return read_all<std::vector<uint8_t>>(p, "read"); });
}

FsFuture<std::string> read_to_string(Path path) {
  return FsFuture<std::string>([p = std::move(path)] {
    return read_all<std::string>(p, "read_to_string");
  });
}

FsFuture<Unit> write(Path path, std::string contents) {
  return FsFuture<Unit>([p = std::move(path), c = std::move(contents)] {
    write_all(p, c.data(), c.size());
    return Unit{};
  });
}

FsFuture<Unit> write(Path path, std::vector<uint8_t> contents) {
  return FsFuture<Unit>([p = std::move(path), c = std::move(contents)] {
    write_all(p, reinterpret_cast<const char *>(c.data()), c.size());
    return Unit{};
  });
}

FsFuture<Metadata> metadata(Path path) {
  return FsFuture<Metadata>(
      [p = std::move(path)] { return stat_or_throw(p, true); });
}

FsFuture<Metadata> symlink_metadata(Path path) {
  return FsFuture<Metadata>(
      [p = std::move(path)] { return stat_or_throw(p, false); });
}

FsFuture<std::vector<DirEntry>> read_dir(Path path) {
  return FsFuture<std::vector<DirEntry>>(
      [p = std::move(path)] { return list_dir(p); });
}

FsFuture<Unit> create_dir(Path path) {
  return FsFuture<Unit>([p = std::move(path)] {
    if (::mkdir(p.c_str(), 0777) < 0)
      throw_fs(errno, "create_dir", p);
    return Unit{};
  });
}

FsFuture<Unit> create_dir_all(Path path) {
  return FsFuture<Unit>([p = std::move(path)] {
    mkdir_all(p);
    return Unit{};
  });
}

FsFuture<Unit> remove_file(Path path) {
  return FsFuture<Unit>([p = std::move(path)] {
    if (::unlink(p.c_str()) < 0)
      throw_fs(errno, "remove_file", p);
    return Unit{};
  });
}

FsFuture<Unit> remove_dir(Path path) {
  return FsFuture<Unit>([p = std::move(path)] {
    if (::rmdir(p.c_str()) < 0)
      throw_fs(errno, "remove_dir", p);
    return Unit{};
  });
}

FsFuture<Unit> remove_dir_all(Path path) {
  return FsFuture<Unit>([p = std::move(path)] {
    rm_all(p);
    return Unit{};
  });
}

FsFuture<Unit> rename(Path from, Path to) {
  return FsFuture<Unit>([f = std::move(from), t = std::move(to)] {
    if (::rename(f.c_str(), t.c_str()) < 0)
      throw_fs2(errno, "rename", f, t);
    return Unit{};
  });
}

FsFuture<uint64_t> copy(Path from, Path to) {
  return FsFuture<uint64_t>(
      [f = std::move(from), t = std::move(to)] { return copy_contents(f, t); });
}

} // namespace fs
} // namespace hoist
