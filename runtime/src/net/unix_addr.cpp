//===- unix_addr.cpp - Unix domain socket addresses ----------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Building and reading sockaddr_un (hoist/net/unix_addr.hpp). The kernel's
/// length rules: unnamed is just the family; a pathname is the path and
/// its NUL; an abstract name is the leading NUL and the name, no
/// terminator (every byte of the length is part of the name).
///
//===----------------------------------------------------------------------===//
#include "hoist/net/unix_addr.hpp"
#include "hoist/net/stream.hpp"

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace hoist {

namespace {
constexpr size_t kPathOffset = offsetof(sockaddr_un, sun_path);
constexpr size_t kPathMax = sizeof(sockaddr_un::sun_path);
} // namespace

UnixSocketAddr::UnixSocketAddr() noexcept {
  std::memset(&addr_, 0, sizeof addr_);
  addr_.sun_family = AF_UNIX;
  len_ = static_cast<socklen_t>(kPathOffset);
}

UnixSocketAddr::UnixSocketAddr(std::string_view path) : UnixSocketAddr() {
  if (!path.empty() && (path[0] == '@' || path[0] == '\0'))
    *this = from_abstract_name(path.substr(1));
  else
    *this = from_pathname(path);
}

UnixSocketAddr UnixSocketAddr::from_pathname(std::string_view path) {
  if (path.empty())
    throw std::invalid_argument("hoist: empty Unix socket path");
  if (path.find('\0') != std::string_view::npos)
    throw std::invalid_argument("hoist: Unix socket path contains a NUL byte");
  if (path.size() >= kPathMax)
    throw std::invalid_argument("hoist: Unix socket path longer than " +
                                std::to_string(kPathMax - 1) + " bytes: " +
                                std::string(path));
  UnixSocketAddr a;
  std::memcpy(a.addr_.sun_path, path.data(), path.size());
  a.len_ = static_cast<socklen_t>(kPathOffset + path.size() + 1);
  return a;
}

UnixSocketAddr UnixSocketAddr::from_abstract_name(std::string_view name) {
  if (name.size() + 1 > kPathMax)
    throw std::invalid_argument("hoist: abstract Unix socket name longer than " +
                                std::to_string(kPathMax - 1) + " bytes");
  UnixSocketAddr a;
  a.addr_.sun_path[0] = '\0';
  std::memcpy(a.addr_.sun_path + 1, name.data(), name.size());
  a.len_ = static_cast<socklen_t>(kPathOffset + 1 + name.size());
  return a;
}

UnixSocketAddr UnixSocketAddr::from_native(const sockaddr *sa, socklen_t len) {
  UnixSocketAddr a;
  if (len > sizeof a.addr_)
    len = sizeof a.addr_;
  if (len > kPathOffset)
    std::memcpy(&a.addr_, sa, len);
  a.addr_.sun_family = AF_UNIX;
  a.len_ = len < kPathOffset ? static_cast<socklen_t>(kPathOffset) : len;
  return a;
}

size_t UnixSocketAddr::path_len() const noexcept { return len_ - kPathOffset; }

bool UnixSocketAddr::is_unnamed() const noexcept { return path_len() == 0; }

bool UnixSocketAddr::is_abstract() const noexcept {
  return path_len() > 0 && addr_.sun_path[0] == '\0';
}

std::optional<std::string> UnixSocketAddr::as_pathname() const {
  if (is_unnamed() || is_abstract())
    return std::nullopt;
  // The kernel may or may not count the terminator; stop at the first NUL.
  return std::string(addr_.sun_path, strnlen(addr_.sun_path, path_len()));
}

std::optional<std::string> UnixSocketAddr::as_abstract_name() const {
  if (!is_abstract())
    return std::nullopt;
  return std::string(addr_.sun_path + 1, path_len() - 1);
}

std::string UnixSocketAddr::to_string() const {
  if (is_unnamed())
    return "(unnamed)";
  if (is_abstract())
    return "@" + *as_abstract_name();
  return *as_pathname();
}

UnixSocketAddr detail::unix_socket_name(int fd, bool peer) {
  sockaddr_storage ss;
  socklen_t len = socket_name(fd, peer, ss);
  return UnixSocketAddr::from_native(reinterpret_cast<sockaddr *>(&ss), len);
}

bool operator==(const UnixSocketAddr &a, const UnixSocketAddr &b) noexcept {
  if (a.is_unnamed() || b.is_unnamed())
    return a.is_unnamed() && b.is_unnamed();
  if (a.is_abstract() != b.is_abstract())
    return false;
  if (a.is_abstract())
    return a.path_len() == b.path_len() &&
           std::memcmp(a.addr_.sun_path, b.addr_.sun_path, a.path_len()) == 0;
  return *a.as_pathname() == *b.as_pathname();
}

} // namespace hoist
