//===- hoist/net/unix_addr.hpp - Unix domain socket addresses ---*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `UnixSocketAddr`: the address of a Unix domain socket (Rust's
/// std::os::unix::net::SocketAddr). Three kinds:
///
///   pathname   "/run/app.sock": a file in the file system
///   abstract   "@app" or "\0app" (Linux): a name in the network namespace,
///              no file, gone with the last socket bound to it
///   unnamed    a socket that was never bound (a connecting client, a
///              socketpair end)
///
/// Every API that takes a path (bind, connect, send_to) reads a leading
/// '@' or NUL as "abstract", as tokio and systemd do; to name a relative
/// file whose name begins with '@', write "./@name". to_string() prints
/// an abstract name as "@name" and an unnamed address as "(unnamed)".
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_NET_UNIX_ADDR_HPP
#define HOIST_NET_UNIX_ADDR_HPP

#include <optional>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <sys/un.h>

namespace hoist {

class UnixSocketAddr {
public:
  /// Unnamed.
  UnixSocketAddr() noexcept;
  /// A path, or an abstract name if it begins with '@' or NUL (see the file
  /// comment); throws std::invalid_argument if it is empty, too long
  /// (sun_path holds 107 bytes and a NUL) or a path with a NUL inside.
  UnixSocketAddr(std::string_view path);
  UnixSocketAddr(const char *path) : UnixSocketAddr(std::string_view(path)) {}
  UnixSocketAddr(const std::string &path) : UnixSocketAddr(std::string_view(path)) {}

  static UnixSocketAddr from_pathname(std::string_view path);
  /// The abstract name `name` (without the leading NUL or '@').
  static UnixSocketAddr from_abstract_name(std::string_view name);
  /// From a kernel address (AF_UNIX).
  static UnixSocketAddr from_native(const sockaddr *sa, socklen_t len);

  bool is_unnamed() const noexcept;
  bool is_abstract() const noexcept;
  /// The path, if this is a pathname address.
  std::optional<std::string> as_pathname() const;
  /// The name without its leading NUL, if this is an abstract address.
  std::optional<std::string> as_abstract_name() const;
  /// The path, "@name" or "(unnamed)".
  std::string to_string() const;

  const sockaddr *native() const noexcept {
    return reinterpret_cast<const sockaddr *>(&addr_);
  }
  socklen_t native_len() const noexcept { return len_; }

  friend bool operator==(const UnixSocketAddr &a, const UnixSocketAddr &b) noexcept;
  friend bool operator!=(const UnixSocketAddr &a, const UnixSocketAddr &b) noexcept {
    return !(a == b);
  }

private:
  size_t path_len() const noexcept; ///< bytes of sun_path in use
  sockaddr_un addr_;
  socklen_t len_;
};

namespace detail {
/// getsockname(2) (or getpeername(2) if `peer`) of a Unix socket; throws
/// std::system_error.
UnixSocketAddr unix_socket_name(int fd, bool peer);
} // namespace detail

} // namespace hoist

#endif // HOIST_NET_UNIX_ADDR_HPP
