//===- lookup_host.cpp - Resolving host names -----------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// getaddrinfo on the blocking pool behind hoist/net/lookup_host.hpp, and
/// the error category of its codes.
///
//===----------------------------------------------------------------------===//
#include "hoist/net/lookup_host.hpp"

#include "hoist/executor/context.hpp"
#include "hoist/future/join.hpp"
#include "hoist/task/harness.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace hoist {

namespace {

class ResolveCategory final : public std::error_category {
public:
  const char *name() const noexcept override { return "hoist.resolve"; }
  std::string message(int code) const override { return ::gai_strerror(code); }
};

/// Splits "host:port" or "[ipv6]:port"; false if `text` is neither.
bool split_host_port(std::string_view text, std::string &host, uint16_t &port) {
  std::string_view h, p;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() ||
        text[close + 1] != ':')
      return false;
    h = text.substr(1, close - 1);
    p = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos)
      return false;
    h = text.substr(0, colon);
    p = text.substr(colon + 1);
    if (h.find(':') != std::string_view::npos)
      return false; // a bare IPv6 address needs brackets
  }
  if (h.empty() || p.empty() || p.size() > 5)
    return false;
  unsigned v = 0;
  for (char c : p) {
    if (c < '0' || c > '9')
      return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v > 65535)
    return false;
  host.assign(h);
  port = static_cast<uint16_t>(v);
  return true;
}

/// True if `host` is a numeric IPv4 or IPv6 address.
bool is_numeric(const std::string &host) {
  in6_addr buf;
  return ::inet_pton(AF_INET, host.c_str(), &buf) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), &buf) == 1;
}

/// The blocking call: the system resolver.
detail::Resolved resolve(const std::string &host, uint16_t port) {
  detail::Resolved out;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM; // one entry per address, not per type
  addrinfo *list = nullptr;
  int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &list);
  if (rc == EAI_SYSTEM) {
    out.error = std::error_code(errno, std::generic_category());
    return out;
  }
  if (rc != 0) {
    out.error = std::error_code(rc, net::resolve_category());
    return out;
  }
  try {
    for (addrinfo *ai = list; ai; ai = ai->ai_next) {
      if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
        continue;
      SocketAddr a = SocketAddr::from_native(ai->ai_addr, ai->ai_addrlen);
      a.set_port(port);
      out.addrs.push_back(a);
    }
  } catch (...) {
    ::freeaddrinfo(list);
    throw;
  }
  ::freeaddrinfo(list);
  return out;
}

/// The blocking pool's function: never throws (see detail::Resolved).
struct ResolveCall {
  std::string host;
  uint16_t port;
  detail::Resolved operator()() const noexcept {
    try {
      return resolve(host, port);
    } catch (...) {
      detail::Resolved r;
      r.error = std::make_error_code(std::errc::not_enough_memory);
      return r;
    }
  }
};

} // namespace

namespace net {

const std::error_category &resolve_category() noexcept {
  static const ResolveCategory category;
  return category;
}

Poll<std::vector<SocketAddr>> LookupHost::poll(Context &cx) {
  if (done_)
    hoist::detail::polled_after_completion("lookup_host");
  if (!call_) {
    if (!split_) {
      std::string text = std::move(host_);
      if (!split_host_port(text, host_, port_))
        throw std::system_error(
            std::make_error_code(std::errc::invalid_argument),
            "hoist: lookup_host: not a host:port address: '" + text + "'");
      split_ = true;
    }
    if (is_numeric(host_)) {
      // Nothing to look up.
      done_ = true;
      return Poll<std::vector<SocketAddr>>(
          ready_in_place, std::vector<SocketAddr>{SocketAddr(host_, port_)});
    }
    call_.emplace(hoist::detail::spawn_on(
        hoist::detail::current_blocking_pool(),
        hoist::detail::BlockingTask<ResolveCall>(ResolveCall{host_, port_})));
  }
  Poll<hoist::detail::Resolved> p = call_->poll(cx);
  if (p.is_pending())
    return pending;
  done_ = true;
  hoist::detail::Resolved r = std::move(p).value();
  if (r.error)
    throw std::system_error(r.error,
                            "hoist: could not resolve '" + host_ + "'");
  return Poll<std::vector<SocketAddr>>(ready_in_place, std::move(r.addrs));
}

} // namespace net
} // namespace hoist
