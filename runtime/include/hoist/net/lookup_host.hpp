//===- hoist/net/lookup_host.hpp - Resolving host names ---------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `hoist::net::lookup_host` resolves a host name to socket addresses, as
/// tokio::net::lookup_host does:
///
///   std::vector<hoist::SocketAddr> addrs =
///       co_await hoist::net::lookup_host("localhost:8080");
///   auto more = co_await hoist::net::lookup_host("example.org", 443);
///
/// The system resolver (getaddrinfo: /etc/hosts, DNS, ... as nsswitch.conf
/// says) blocks, so it runs on the blocking pool of the current executor
/// (outside any executor, on a process-wide pool started on first use),
/// and the awaiting task is woken when it returns. A numeric address
/// ("127.0.0.1:80", "[::1]:80") is parsed at once, without the pool. The
/// addresses come in the resolver's order (the order to try them in), one
/// per address (TCP's: no duplicates for each socket type).
///
/// Errors are thrown, when the future is polled, as std::system_error: a
/// name that does not resolve carries a code of resolve_category() (the
/// resolver's EAI_* value; what() says "hoist: could not resolve
/// 'name': Name or service not known"); a malformed "host:port" is
/// std::errc::invalid_argument. Destroying the future while the lookup
/// runs lets the lookup finish on its thread and discards its result.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_NET_LOOKUP_HOST_HPP
#define HOIST_NET_LOOKUP_HOST_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/net/socket_addr.hpp"
#include "hoist/task/join_handle.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace hoist {

namespace detail {
/// What a lookup on the blocking pool hands back: never an exception, so
/// that a lookup whose future was destroyed reports nothing.
struct Resolved {
  std::vector<SocketAddr> addrs;
  std::error_code error;
};
} // namespace detail

namespace net {

/// The error category of the resolver's codes (getaddrinfo's EAI_*
/// values; message() is gai_strerror's).
const std::error_category &resolve_category() noexcept;

/// The future of lookup_host(); Output = the addresses.
class [[nodiscard]] LookupHost {
public:
  using Output = std::vector<SocketAddr>;

  /// "host:port" or "[ipv6]:port", split when first polled.
  explicit LookupHost(std::string_view host_port)
      : host_(host_port), split_(false) {}
  /// A host name or a numeric address (IPv6 without brackets), and a port.
  LookupHost(std::string_view host, uint16_t port)
      : host_(host), port_(port), split_(true) {}

  Poll<std::vector<SocketAddr>> poll(Context &cx);

private:
  std::string host_;
  uint16_t port_ = 0;
  bool split_;
  bool done_ = false;
  std::optional<JoinHandle<detail::Resolved>> call_;
};

/// Resolves "host:port" (see the file comment).
inline LookupHost lookup_host(std::string_view host_port) {
  return LookupHost(host_port);
}

/// Resolves `host` and gives every address `port`.
inline LookupHost lookup_host(std::string_view host, uint16_t port) {
  return LookupHost(host, port);
}

} // namespace net
} // namespace hoist

#endif // HOIST_NET_LOOKUP_HOST_HPP
