//===- process.cpp - Child processes as futures ---------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Behind hoist/process/process.hpp: spawning with posix_spawnp, waiting on
/// a pidfd through the reactor (or a waitpid on the blocking pool when the
/// kernel has no pidfd_open), the orphan list, and the pipes.
///
/// Why posix_spawnp rather than fork+exec: after fork in a multi-threaded
/// program only async-signal-safe calls are allowed, so the child could not
/// build argv or report an error in any comfortable way; glibc's
/// posix_spawn (2.24 and later) runs the child on the parent's memory with
/// CLONE_VFORK, does only system calls there, and returns exec's errno to
/// the caller, which is exactly "exec failures are an error of spawn()".
///
//===----------------------------------------------------------------------===//
#include "hoist/process/process.hpp"

#include "hoist/executor/context.hpp"
#include "hoist/task/harness.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <pthread.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

extern char **environ;

namespace hoist::process {

namespace {

[[noreturn]] void throw_errno(int err, const std::string &what) {
  throw std::system_error(err, std::generic_category(), what);
}

/// A descriptor closed on scope exit unless released.
struct Fd {
  int fd = -1;
  Fd() noexcept = default;
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  ~Fd() {
    if (fd >= 0)
      ::close(fd);
  }
  int release() noexcept { return std::exchange(fd, -1); }
};

//===----------------------------------------------------------------------===//
// pidfd
//===----------------------------------------------------------------------===//

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

/// See hoist::detail::set_use_pidfd. relaxed: a switch for tests, read
/// at each spawn; nothing else is published through it.
std::atomic<bool> use_pidfd{true};

/// A non-blocking pidfd for `pid`, or -1 if the kernel has none.
int open_pidfd(pid_t pid) {
  if (!use_pidfd.load(std::memory_order_relaxed))
    return -1;
  int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, O_NONBLOCK));
  if (fd < 0 && errno == EINVAL) // PIDFD_NONBLOCK is Linux 5.10
    fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0)
    return -1; // ENOSYS (before 5.3), or no permission: waitpid instead
  // pidfds are close-on-exec already; make sure it does not block.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

//===----------------------------------------------------------------------===//
// Orphans
//===----------------------------------------------------------------------===//

/// Children whose Child was dropped before they were reaped. Only this list
/// reaps them (with WNOHANG), so their ids cannot be reused meanwhile.
struct Orphans {
  std::mutex mu;
  std::vector<pid_t> pids;
};

Orphans &orphans() {
  static Orphans *o = new Orphans; // never destroyed: used at exit too
  return *o;
}

void adopt_orphan(pid_t pid) {
  Orphans &o = orphans();
  std::lock_guard<std::mutex> lock(o.mu);
  o.pids.push_back(pid);
}

/// Reaps every orphan that has exited; never blocks.
void reap_orphans() noexcept {
  Orphans &o = orphans();
  std::lock_guard<std::mutex> lock(o.mu);
  o.pids.erase(std::remove_if(o.pids.begin(), o.pids.end(),
                              [](pid_t pid) {
                                int st;
                                pid_t r;
                                do
                                  r = ::waitpid(pid, &st, WNOHANG);
                                while (r < 0 && errno == EINTR);
                                return r != 0; // reaped, or not ours (ECHILD)
                              }),
               o.pids.end());
}

/// The blocking pool's waitpid, when there is no pidfd.
struct BlockingWait {
  pid_t pid;
  hoist::detail::Reaped operator()() const noexcept {
    hoist::detail::Reaped r;
    pid_t got;
    do
      got = ::waitpid(pid, &r.status, 0);
    while (got < 0 && errno == EINTR);
    if (got < 0)
      r.error = errno;
    return r;
  }
};

} // namespace

//===----------------------------------------------------------------------===//
// ExitStatus
//===----------------------------------------------------------------------===//

std::optional<int> ExitStatus::code() const noexcept {
  if (WIFEXITED(raw_))
    return WEXITSTATUS(raw_);
  return std::nullopt;
}

std::optional<int> ExitStatus::signal() const noexcept {
  if (WIFSIGNALED(raw_))
    return WTERMSIG(raw_);
  return std::nullopt;
}

std::string ExitStatus::to_string() const {
  if (std::optional<int> c = code())
    return "exit status: " + std::to_string(*c);
  if (std::optional<int> s = signal()) {
    const char *name = ::sigabbrev_np(*s);
    return "signal: " + std::to_string(*s) +
           (name ? std::string(" (SIG") + name + ")" : std::string());
  }
  return "wait status: " + std::to_string(raw_);
}

//===----------------------------------------------------------------------===//
// Child
//===----------------------------------------------------------------------===//

Child::Child(Child &&o) noexcept
    : pid_(std::exchange(o.pid_, -1)), pidfd_(std::move(o.pidfd_)),
      waiter_(std::exchange(o.waiter_, std::nullopt)),
      status_(o.status_), kill_on_drop_(o.kill_on_drop_),
      stdin_(std::exchange(o.stdin_, std::nullopt)),
      stdout_(std::exchange(o.stdout_, std::nullopt)),
      stderr_(std::exchange(o.stderr_, std::nullopt)) {}

Child &Child::operator=(Child &&o) noexcept {
  if (this != &o) {
    drop();
    pid_ = std::exchange(o.pid_, -1);
    pidfd_ = std::move(o.pidfd_);
    waiter_ = std::exchange(o.waiter_, std::nullopt);
    status_ = o.status_;
    kill_on_drop_ = o.kill_on_drop_;
    stdin_ = std::exchange(o.stdin_, std::nullopt);
    stdout_ = std::exchange(o.stdout_, std::nullopt);
    stderr_ = std::exchange(o.stderr_, std::nullopt);
  }
  return *this;
}

Child::~Child() { drop(); }

void Child::drop() noexcept {
  if (pid_ < 0)
    return;
  stdin_.reset();
  stdout_.reset();
  stderr_.reset();
  if (!status_) {
    if (kill_on_drop_) {
      try {
        start_kill();
      } catch (...) {
        // Nothing to do about it in a destructor.
      }
    }
    if (waiter_) {
      // The blocking waitpid reaps it; its handle detaches.
      waiter_.reset();
    } else {
      bool reaped = false;
      try {
        reaped = reap_now();
      } catch (...) {
        reaped = true; // not ours any more (ECHILD): nothing to reap
      }
      if (!reaped)
        adopt_orphan(pid_);
    }
  }
  pidfd_ = AsyncFd();
  pid_ = -1;
  reap_orphans();
}

bool Child::reap_now() {
  if (status_)
    return true;
  int st = 0;
  pid_t r;
  do
    r = ::waitpid(pid_, &st, WNOHANG);
  while (r < 0 && errno == EINTR);
  if (r == 0)
    return false;
  if (r < 0)
    throw_errno(errno, "hoist: waitpid " + std::to_string(pid_));
  status_.emplace(st);
  return true;
}

std::optional<ExitStatus> Child::try_wait() {
  if (waiter_) // the pool's waitpid owns the reaping
    return status_;
  if (reap_now())
    return status_;
  return std::nullopt;
}

void Child::start_kill() {
  if (status_ || pid_ < 0)
    return;
  int rc;
  if (pidfd_.native_handle() >= 0)
    rc = static_cast<int>(::syscall(SYS_pidfd_send_signal,
                                    pidfd_.native_handle(), SIGKILL, nullptr, 0));
  else
    rc = ::kill(pid_, SIGKILL); // not reaped, so the id is still the child's
  if (rc < 0 && errno != ESRCH) // ESRCH: it has exited already
    throw_errno(errno, "hoist: kill " + std::to_string(pid_));
}

Poll<ExitStatus> Child::poll_wait_start(Context &cx, bool &done) {
  done = true;
  if (status_)
    return ready(*status_);
  stdin_.reset(); // tokio: a child reading its stdin must see the end
  reap_orphans();
  if (pidfd_.native_handle() >= 0) {
    done = false;
    return pending;
  }
  if (!waiter_)
    waiter_.emplace(hoist::detail::spawn_on(
        hoist::detail::current_blocking_pool(),
        hoist::detail::BlockingTask<BlockingWait>(BlockingWait{pid_})));
  Poll<hoist::detail::Reaped> r = waiter_->poll(cx);
  if (r.is_pending())
    return pending;
  waiter_.reset();
  if (r.value().error)
    throw_errno(r.value().error, "hoist: waitpid " + std::to_string(pid_));
  status_.emplace(r.value().status);
  return ready(*status_);
}

Poll<ExitStatus> Child::poll_wait(Context &cx) {
  bool done;
  Poll<ExitStatus> p = poll_wait_start(cx, done);
  if (done)
    return p;
  for (;;) {
    Poll<AsyncFdReadyGuard> g = pidfd_.poll_read_ready(cx);
    if (g.is_pending())
      return pending;
    if (reap_now())
      return ready(*status_);
    g.value().clear_ready();
  }
}

Poll<ExitStatus>
Child::poll_wait_with(Context &cx, std::optional<AsyncFd::ReadyFuture> &ready_fut) {
  bool done;
  Poll<ExitStatus> p = poll_wait_start(cx, done);
  if (done)
    return p;
  for (;;) {
    if (!ready_fut)
      ready_fut.emplace(pidfd_.readable());
    Poll<AsyncFdReadyGuard> g = ready_fut->poll(cx);
    if (g.is_pending())
      return pending;
    ready_fut.reset();
    if (reap_now())
      return ready(*status_);
    g.value().clear_ready(); // readable but not exited: a stale readiness
  }
}

bool Child::OutputFuture::drain(Context &cx, std::optional<PipeReader> &p,
                                std::string &to) {
  char buf[16 * 1024];
  while (p) {
    Poll<size_t> n = p->poll_read(cx, buf, sizeof buf);
    if (n.is_pending())
      return false;
    if (n.value() == 0)
      p.reset(); // end of stream: close our end
    else
      to.append(buf, n.value());
  }
  return true;
}

Poll<Output> Child::OutputFuture::poll(Context &cx) {
  c_.stdin_.reset();
  bool out_done = drain(cx, c_.stdout_, out_);
  bool err_done = drain(cx, c_.stderr_, err_);
  if (!out_done || !err_done)
    return pending;
  Poll<ExitStatus> s = c_.poll_wait(cx);
  if (s.is_pending())
    return pending;
  return Poll<Output>(ready_in_place,
                      Output{s.value(), std::move(out_), std::move(err_)});
}

//===----------------------------------------------------------------------===//
// Command
//===----------------------------------------------------------------------===//

Command::Command(std::string program) : program_(std::move(program)) {}

Command &Command::arg(std::string a) {
  args_.push_back(std::move(a));
  return *this;
}

Command &Command::args(std::initializer_list<std::string> as) {
  args_.insert(args_.end(), as.begin(), as.end());
  return *this;
}

Command &Command::args(const std::vector<std::string> &as) {
  args_.insert(args_.end(), as.begin(), as.end());
  return *this;
}

Command &Command::env(std::string key, std::string value) {
  env_[std::move(key)] = std::move(value);
  return *this;
}

Command &Command::env_remove(const std::string &key) {
  env_[key] = std::nullopt;
  return *this;
}

Command &Command::env_clear() {
  env_clear_ = true;
  env_.clear();
  return *this;
}

Command &Command::current_dir(std::filesystem::path dir) {
  dir_ = std::move(dir);
  return *this;
}

Child Command::spawn() {
  return spawn_with(stdin_.value_or(Stdio::inherit()),
                    stdout_.value_or(Stdio::inherit()),
                    stderr_.value_or(Stdio::inherit()));
}

namespace {

/// posix_spawn's file actions and attributes, destroyed on scope exit.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnSetup() {
    int rc = posix_spawn_file_actions_init(&actions);
    if (rc != 0)
      throw_errno(rc, "hoist: posix_spawn_file_actions_init");
    rc = posix_spawnattr_init(&attr);
    if (rc != 0) {
      posix_spawn_file_actions_destroy(&actions);
      throw_errno(rc, "hoist: posix_spawnattr_init");
    }
  }
  ~SpawnSetup() {
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
  }
  void check(int rc, const char *what) {
    if (rc != 0)
      throw_errno(rc, std::string("hoist: ") + what);
  }
};

} // namespace

Child Command::spawn_with(Stdio in, Stdio out, Stdio err) {
  reap_orphans();
  SpawnSetup s;
  const std::string what = "hoist: could not spawn '" + program_ + "'";

  // The working directory first, so that a relative program path is
  // resolved in it (as Rust's std does).
  if (dir_)
    s.check(posix_spawn_file_actions_addchdir_np(&s.actions, dir_->c_str()),
            "posix_spawn_file_actions_addchdir_np");

  // The three streams. Our pipe ends are close-on-exec; dup2 onto 0/1/2
  // clears that flag on the child's copy only.
  Fd parent_end[3], child_end[3];
  const Stdio stdio[3] = {in, out, err};
  for (int i = 0; i < 3; ++i) {
    switch (stdio[i].kind()) {
    case Stdio::Kind::Inherit:
      break;
    case Stdio::Kind::Null:
      s.check(posix_spawn_file_actions_addopen(&s.actions, i, "/dev/null",
                                               i == 0 ? O_RDONLY : O_WRONLY, 0),
              "posix_spawn_file_actions_addopen");
      break;
    case Stdio::Kind::Piped: {
      int p[2];
      if (::pipe2(p, O_CLOEXEC) < 0)
        throw_errno(errno, what + ": pipe2");
      // stdin: the child reads p[0]; stdout/stderr: the child writes p[1].
      parent_end[i].fd = i == 0 ? p[1] : p[0];
      child_end[i].fd = i == 0 ? p[0] : p[1];
      s.check(posix_spawn_file_actions_adddup2(&s.actions, child_end[i].fd, i),
              "posix_spawn_file_actions_adddup2");
      break;
    }
    }
  }

  // An empty signal mask and SIGPIPE at its default action (a parent that
  // ignores SIGPIPE would otherwise pass that on to every child).
  sigset_t none, def;
  sigemptyset(&none);
  sigemptyset(&def);
  sigaddset(&def, SIGPIPE);
  s.check(posix_spawnattr_setsigmask(&s.attr, &none), "posix_spawnattr_setsigmask");
  s.check(posix_spawnattr_setsigdefault(&s.attr, &def),
          "posix_spawnattr_setsigdefault");
  s.check(posix_spawnattr_setflags(&s.attr, POSIX_SPAWN_SETSIGMASK |
                                                POSIX_SPAWN_SETSIGDEF),
          "posix_spawnattr_setflags");

  // argv and envp: built before the spawn, nothing is allocated after it.
  std::vector<char *> argv;
  argv.reserve(args_.size() + 2);
  argv.push_back(const_cast<char *>(program_.c_str()));
  for (const std::string &a : args_)
    argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);

  std::vector<std::string> env_strings;
  std::vector<char *> envp;
  char **child_env = environ;
  if (env_clear_ || !env_.empty()) {
    if (!env_clear_) {
      for (char **e = environ; e && *e; ++e) {
        const char *eq = std::strchr(*e, '=');
        std::string key(*e, eq ? static_cast<size_t>(eq - *e) : std::strlen(*e));
        if (env_.count(key) == 0)
          env_strings.emplace_back(*e);
      }
    }
    for (const auto &[key, value] : env_)
      if (value)
        env_strings.push_back(key + "=" + *value);
    for (std::string &e : env_strings)
      envp.push_back(e.data());
    envp.push_back(nullptr);
    child_env = envp.data();
  }

  pid_t pid;
  int rc = ::posix_spawnp(&pid, program_.c_str(), &s.actions, &s.attr,
                          argv.data(), child_env);
  if (rc != 0)
    throw_errno(rc, dir_ ? what + " in '" + dir_->string() + "'" : what);

  Child c;
  c.pid_ = pid;
  c.kill_on_drop_ = kill_on_drop_;
  int pidfd = open_pidfd(pid);
  if (pidfd >= 0)
    c.pidfd_ = AsyncFd(pidfd, AsyncFd::Ownership::Owned);
  // The child's ends close here (Fd); ours become the Child's pipes.
  if (parent_end[0].fd >= 0)
    c.stdin_.emplace(PipeWriter::from_fd(parent_end[0].release()));
  if (parent_end[1].fd >= 0)
    c.stdout_.emplace(PipeReader::from_fd(parent_end[1].release()));
  if (parent_end[2].fd >= 0)
    c.stderr_.emplace(PipeReader::from_fd(parent_end[2].release()));
  return c;
}

Poll<Output> Command::OutputFuture::poll(Context &cx) {
  if (!run_)
    run_.emplace(cmd_.spawn_with(cmd_.stdin_.value_or(Stdio::null()),
                                 cmd_.stdout_.value_or(Stdio::piped()),
                                 cmd_.stderr_.value_or(Stdio::piped())));
  return run_->poll(cx);
}

Poll<ExitStatus> Command::StatusFuture::poll(Context &cx) {
  if (!child_)
    child_.emplace(cmd_.spawn());
  return child_->poll_wait(cx);
}

} // namespace hoist::process

void hoist::detail::set_use_pidfd(bool on) noexcept {
  process::use_pidfd.store(on, std::memory_order_relaxed);
}
