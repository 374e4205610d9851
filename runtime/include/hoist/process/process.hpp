//===- hoist/process/process.hpp - Child processes as futures ---*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `hoist::process` starts programs and waits for them without blocking
/// the executor, with tokio::process's names:
///
///   using hoist::process::Command, hoist::process::Stdio;
///   hoist::process::Output o = co_await Command("git").arg("status").output();
///   if (o.status.success()) use(o.out);
///
///   hoist::process::Child c = Command("cat").set_stdin(Stdio::piped())
///                                 .set_stdout(Stdio::piped()).spawn();
///   hoist::process::ChildStdin in = *c.take_stdin();
///   co_await in.write_all("hi\n", 3);
///   in.close();                                     // cat sees end of input
///   size_t n = co_await c.stdout_pipe()->read(buf, sizeof buf);
///   hoist::process::ExitStatus s = co_await c.wait();
///
/// Starting: spawn() is posix_spawnp (glibc: clone(CLONE_VM|CLONE_VFORK)
/// and exec, nothing allocated in the child), so it is safe from any thread
/// of a multi-threaded program. Every descriptor the runtime opens is
/// close-on-exec; the child gets exactly its three standard streams. A
/// program that cannot be started (not found, not executable, a
/// current_dir that does not exist) is a std::system_error thrown by
/// spawn() ("hoist: could not spawn 'prog': No such file or directory"),
/// never a child that exits with 127. The child starts with an empty signal
/// mask and SIGPIPE at its default action (as Rust's std does). The program
/// is looked up in the parent's PATH.
///
/// Waiting: each Child opens a pidfd (pidfd_open, Linux 5.3); the pidfd
/// becomes readable when the process exits, so wait() waits on the reactor
/// like a socket (an AsyncFd) and then reaps with waitpid(WNOHANG). On a
/// kernel without pidfd_open, wait() runs a blocking waitpid on the
/// blocking pool instead (one pool thread per waiting child). SIGCHLD is
/// not used: its handler would be process-wide state shared with any other
/// code that starts processes.
///
/// Dropping a Child does not wait. With kill_on_drop(true) a child still
/// running gets SIGKILL. Either way a child that has not been reaped is
/// put on an orphan list, reaped (without blocking) whenever a Child is
/// spawned, waited for or dropped later, as tokio does; a killed or
/// finished orphan stays a zombie until then. Reaping needs the children
/// to stay ours: do not set SIGCHLD to SIG_IGN, nor call waitpid(-1).
///
/// The pipes (ChildStdin, ChildStdout, ChildStderr) are non-blocking and
/// registered with the reactor of the thread that first polls them; they
/// offer the read/write members TcpStream has (read, read_exact,
/// poll_read; write, write_all, poll_write), with the same rules: one
/// reader and one writer at a time, keep the pipe alive while it is
/// awaited. Writing to a child that closed its input is EPIPE, thrown,
/// never SIGPIPE.
///
/// Names: `stdin`, `stdout` and `stderr` are macros in <cstdio>, so the
/// builder says set_stdin/set_stdout/set_stderr, a Child hands out its
/// pipes with take_stdin()/stdin_pipe() (and _stdout, _stderr), and an
/// Output's captured streams are `out` and `err`.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_PROCESS_PROCESS_HPP
#define HOIST_PROCESS_PROCESS_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/io/async_fd.hpp"
#include "hoist/io/pipe.hpp"
#include "hoist/net/io_source.hpp"
#include "hoist/net/stream.hpp"
#include "hoist/task/join_handle.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace hoist::detail {
/// A blocking waitpid's result: the wait status, or an errno value.
struct Reaped {
  int status = 0;
  int error = 0;
};

/// Whether spawn() opens a pidfd for the children it starts (true, the
/// default, if the kernel has pidfd_open). Tests turn it off to exercise
/// the blocking-pool waitpid that older kernels get.
void set_use_pidfd(bool on) noexcept;
} // namespace hoist::detail

namespace hoist::process {

/// What a child's standard stream is connected to.
class Stdio {
public:
  enum class Kind { Inherit, Null, Piped };
  /// The parent's own stream (the default for spawn()).
  static Stdio inherit() noexcept { return Stdio(Kind::Inherit); }
  /// /dev/null.
  static Stdio null() noexcept { return Stdio(Kind::Null); }
  /// A new pipe; the parent's end is on the Child.
  static Stdio piped() noexcept { return Stdio(Kind::Piped); }
  Kind kind() const noexcept { return kind_; }

private:
  explicit Stdio(Kind k) noexcept : kind_(k) {}
  Kind kind_;
};

/// How a child ended (a wait status, as std::process::ExitStatus).
class ExitStatus {
public:
  explicit ExitStatus(int wait_status) noexcept : raw_(wait_status) {}
  /// Exited with code 0.
  bool success() const noexcept { return code() == 0; }
  /// The exit code, if it exited (rather than being killed by a signal).
  std::optional<int> code() const noexcept;
  /// The signal that ended it, if one did.
  std::optional<int> signal() const noexcept;
  /// The status as waitpid reported it.
  int raw() const noexcept { return raw_; }
  /// "exit status: 3" or "signal: 9 (SIGKILL)".
  std::string to_string() const;

private:
  int raw_;
};

/// What Command::output() and Child::wait_with_output() collect.
struct Output {
  ExitStatus status;
  std::string out; ///< everything the child wrote to its stdout
  std::string err; ///< everything the child wrote to its stderr
};

//===----------------------------------------------------------------------===//
// Pipes
//===----------------------------------------------------------------------===//

/// The parent's ends of a child's pipes are those of hoist/io/pipe.hpp:
/// its stdout and stderr a pipe::Receiver (an AsyncRead), its stdin a
/// pipe::Sender (an AsyncWrite; a child that closed its input is EPIPE,
/// thrown, not SIGPIPE).
using PipeReader = pipe::Receiver;
using PipeWriter = pipe::Sender;
using ChildStdin = PipeWriter;
using ChildStdout = PipeReader;
using ChildStderr = PipeReader;

//===----------------------------------------------------------------------===//
// Child
//===----------------------------------------------------------------------===//

class Child {
public:
  class WaitFuture;
  class KillFuture;
  class OutputFuture;

  Child(Child &&o) noexcept;
  Child &operator=(Child &&o) noexcept;
  Child(const Child &) = delete;
  Child &operator=(const Child &) = delete;
  /// See the file comment: kills if kill_on_drop, never waits.
  ~Child();

  /// The process id. It stays the child's until the child is reaped (by a
  /// wait that completed, or try_wait); after that the number may be reused.
  pid_t id() const noexcept { return pid_; }

  /// Output = ExitStatus, once the child has exited (at once if it was
  /// already reaped). Closes the child's stdin first, if it is still here,
  /// so a child reading it is not left waiting (as tokio does).
  WaitFuture wait() noexcept;
  /// The status if the child has exited (reaping it), nullopt if it runs.
  std::optional<ExitStatus> try_wait();
  /// Sends SIGKILL unless the child was already reaped (then nothing).
  /// Throws std::system_error if the signal cannot be sent.
  void start_kill();
  /// start_kill(), then wait(); Output = void (tokio's kill).
  KillFuture kill() noexcept;
  /// Closes stdin, reads stdout and stderr (if piped) to their ends and
  /// waits; Output = Output. Consumes the Child.
  OutputFuture wait_with_output() && noexcept;

  /// The pipes of streams configured as Stdio::piped(); nullptr if none (or
  /// taken).
  ChildStdin *stdin_pipe() noexcept { return stdin_ ? &*stdin_ : nullptr; }
  ChildStdout *stdout_pipe() noexcept { return stdout_ ? &*stdout_ : nullptr; }
  ChildStderr *stderr_pipe() noexcept { return stderr_ ? &*stderr_ : nullptr; }
  /// Moves a pipe out (tokio's child.stdin.take()).
  std::optional<ChildStdin> take_stdin() noexcept { return std::exchange(stdin_, std::nullopt); }
  std::optional<ChildStdout> take_stdout() noexcept { return std::exchange(stdout_, std::nullopt); }
  std::optional<ChildStderr> take_stderr() noexcept { return std::exchange(stderr_, std::nullopt); }

  /// Poll-style wait, for hand-written futures. The waker stays with the
  /// reactor until the child exits or the Child is dropped; wait() lets go
  /// of it when the WaitFuture is dropped.
  Poll<ExitStatus> poll_wait(Context &cx);

private:
  friend class Command;
  Child() noexcept = default;
  /// Reaps without blocking; true if the status is now known.
  bool reap_now();
  /// poll_wait, waiting for the pidfd through `ready` (WaitFuture's).
  Poll<ExitStatus> poll_wait_with(Context &cx,
                                  std::optional<AsyncFd::ReadyFuture> &ready);
  /// Before the pidfd is waited on, or without one: the status if known,
  /// or the blocking pool's waitpid.
  Poll<ExitStatus> poll_wait_start(Context &cx, bool &done);
  /// What the destructor does (kill if asked, hand over to the orphans).
  void drop() noexcept;

  pid_t pid_ = -1;
  AsyncFd pidfd_; ///< owned; empty without pidfd_open (then waiter_)
  std::optional<JoinHandle<hoist::detail::Reaped>> waiter_;
  std::optional<ExitStatus> status_;
  bool kill_on_drop_ = false;
  std::optional<ChildStdin> stdin_;
  std::optional<ChildStdout> stdout_;
  std::optional<ChildStderr> stderr_;
};

class [[nodiscard]] Child::WaitFuture {
public:
  using Output = ExitStatus;
  explicit WaitFuture(Child &c) noexcept : c_(&c) {}
  WaitFuture(WaitFuture &&o) noexcept : c_(o.c_) {} // before the first poll
  Poll<ExitStatus> poll(Context &cx) { return c_->poll_wait_with(cx, ready_); }

private:
  Child *c_;
  std::optional<AsyncFd::ReadyFuture> ready_; ///< the pending pidfd wait
};

class [[nodiscard]] Child::KillFuture {
public:
  using Output = void;
  explicit KillFuture(Child &c) noexcept : c_(&c), wait_(c) {}
  Poll<void> poll(Context &cx) {
    if (!sent_) {
      c_->start_kill();
      sent_ = true;
    }
    if (wait_.poll(cx).is_pending())
      return pending;
    return ready();
  }

private:
  Child *c_;
  WaitFuture wait_;
  bool sent_ = false;
};

class [[nodiscard]] Child::OutputFuture {
public:
  using Output = process::Output;
  explicit OutputFuture(Child c) noexcept : c_(std::move(c)) {}
  Poll<process::Output> poll(Context &cx);

private:
  /// Reads what `p` has; true once it is at its end (or absent).
  static bool drain(Context &cx, std::optional<PipeReader> &p, std::string &to);
  Child c_;
  std::string out_, err_;
};

inline Child::WaitFuture Child::wait() noexcept { return WaitFuture(*this); }
inline Child::KillFuture Child::kill() noexcept { return KillFuture(*this); }
inline Child::OutputFuture Child::wait_with_output() && noexcept {
  return OutputFuture(std::move(*this));
}

//===----------------------------------------------------------------------===//
// Command
//===----------------------------------------------------------------------===//

/// A process builder (std::process::Command / tokio::process::Command).
/// The setters return *this, for chaining.
class Command {
public:
  class OutputFuture;
  class StatusFuture;

  /// `program`: a path, or a name looked up in PATH.
  explicit Command(std::string program);

  Command &arg(std::string a);
  Command &args(std::initializer_list<std::string> as);
  Command &args(const std::vector<std::string> &as);
  /// Sets one variable of the child's environment.
  Command &env(std::string key, std::string value);
  /// Removes one variable from the child's environment.
  Command &env_remove(const std::string &key);
  /// Starts the child's environment empty (then env() adds to it).
  Command &env_clear();
  /// The child's working directory.
  Command &current_dir(std::filesystem::path dir);
  Command &set_stdin(Stdio s) noexcept { stdin_ = s; return *this; }
  Command &set_stdout(Stdio s) noexcept { stdout_ = s; return *this; }
  Command &set_stderr(Stdio s) noexcept { stderr_ = s; return *this; }
  /// Kill the child (SIGKILL) if its Child is dropped before it was reaped.
  Command &kill_on_drop(bool on) noexcept { kill_on_drop_ = on; return *this; }

  /// Starts the program (see the file comment); unset streams are
  /// inherited. Throws std::system_error if it cannot be started.
  Child spawn();
  /// Starts it when first polled, with stdin null and stdout and stderr
  /// piped unless set otherwise, and collects both; Output = Output.
  OutputFuture output();
  /// Starts it when first polled (unset streams inherited) and waits;
  /// Output = ExitStatus.
  StatusFuture status();

  const std::string &get_program() const noexcept { return program_; }
  const std::vector<std::string> &get_args() const noexcept { return args_; }

private:
  Child spawn_with(Stdio in, Stdio out, Stdio err);

  std::string program_;
  std::vector<std::string> args_;
  bool env_clear_ = false;
  /// Changes to the inherited environment: a value, or nullopt (removed).
  std::map<std::string, std::optional<std::string>> env_;
  std::optional<std::filesystem::path> dir_;
  std::optional<Stdio> stdin_, stdout_, stderr_;
  bool kill_on_drop_ = false;
};

class [[nodiscard]] Command::OutputFuture {
public:
  using Output = process::Output;
  explicit OutputFuture(Command cmd) : cmd_(std::move(cmd)) {}
  Poll<process::Output> poll(Context &cx);

private:
  Command cmd_;
  std::optional<Child::OutputFuture> run_;
};

class [[nodiscard]] Command::StatusFuture {
public:
  using Output = ExitStatus;
  explicit StatusFuture(Command cmd) : cmd_(std::move(cmd)) {}
  Poll<ExitStatus> poll(Context &cx);

private:
  Command cmd_;
  std::optional<Child> child_;
};

inline Command::OutputFuture Command::output() { return OutputFuture(*this); }
inline Command::StatusFuture Command::status() { return StatusFuture(*this); }

} // namespace hoist::process

#endif // HOIST_PROCESS_PROCESS_HPP
