//===- hoist/net/socket_addr.hpp - IPv4/IPv6 socket addresses ---*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `SocketAddr`: an IP address and a port (Rust's std::net::SocketAddr),
/// parsed from "127.0.0.1:8080" or "[::1]:8080", printed the same way.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_NET_SOCKET_ADDR_HPP
#define HOIST_NET_SOCKET_ADDR_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <sys/socket.h>

namespace hoist {

class SocketAddr {
public:
  /// 0.0.0.0:0
  SocketAddr() noexcept;
  /// An address from a numeric IP ("10.0.0.1", "::1") and a port; throws
  /// std::invalid_argument if `ip` is not numeric.
  SocketAddr(std::string_view ip, uint16_t port);

  /// "ip:port" or "[ipv6]:port"; nullopt if malformed.
  static std::optional<SocketAddr> parse(std::string_view text);
  /// From a kernel address (AF_INET or AF_INET6).
  static SocketAddr from_native(const sockaddr *sa, socklen_t len);

  bool is_ipv4() const noexcept;
  bool is_ipv6() const noexcept { return !is_ipv4(); }
  uint16_t port() const noexcept;
  void set_port(uint16_t port) noexcept;
  std::string ip() const;
  std::string to_string() const;

  const sockaddr *native() const noexcept {
    return reinterpret_cast<const sockaddr *>(&storage_);
  }
  socklen_t native_len() const noexcept { return len_; }
  int family() const noexcept { return storage_.ss_family; }

  friend bool operator==(const SocketAddr &a, const SocketAddr &b) noexcept;
  friend bool operator!=(const SocketAddr &a, const SocketAddr &b) noexcept {
    return !(a == b);
  }

private:
  sockaddr_storage storage_;
  socklen_t len_;
};

} // namespace hoist

#endif // HOIST_NET_SOCKET_ADDR_HPP
