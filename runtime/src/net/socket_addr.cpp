//===- socket_addr.cpp - Parsing and printing socket addresses -----------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// SocketAddr over sockaddr_in / sockaddr_in6, with inet_pton/inet_ntop.
///
//===----------------------------------------------------------------------===//
#include "hoist/net/socket_addr.hpp"

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>
#include <stdexcept>

namespace hoist {

SocketAddr::SocketAddr() noexcept {
  std::memset(&storage_, 0, sizeof storage_);
  auto *in = reinterpret_cast<sockaddr_in *>(&storage_);
  in->sin_family = AF_INET;
  len_ = sizeof(sockaddr_in);
}

SocketAddr::SocketAddr(std::string_view ip, uint16_t port) {
  std::memset(&storage_, 0, sizeof storage_);
  std::string s(ip);
  auto *in = reinterpret_cast<sockaddr_in *>(&storage_);
  auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage_);
  if (::inet_pton(AF_INET, s.c_str(), &in->sin_addr) == 1) {
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    len_ = sizeof(sockaddr_in);
  } else if (::inet_pton(AF_INET6, s.c_str(), &in6->sin6_addr) == 1) {
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    len_ = sizeof(sockaddr_in6);
  } else {
    throw std::invalid_argument("hoist: not a numeric IP address: " + s);
  }
}

std::optional<SocketAddr> SocketAddr::parse(std::string_view text) {
  std::string_view host, port;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() ||
        text[close + 1] != ':')
      return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos)
      return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos)
      return std::nullopt; // bare IPv6 needs brackets
  }
  if (port.empty() || port.size() > 5)
    return std::nullopt;
  unsigned p = 0;
  for (char c : port) {
    if (c < '0' || c > '9')
      return std::nullopt;
    p = p * 10 + static_cast<unsigned>(c - '0');
  }
  if (p > 65535)
    return std::nullopt;
  try {
    return SocketAddr(host, static_cast<uint16_t>(p));
  } catch (const std::invalid_argument &) {
    return std::nullopt;
  }
}

SocketAddr SocketAddr::from_native(const sockaddr *sa, socklen_t len) {
  SocketAddr a;
  if (len > sizeof a.storage_)
    len = sizeof a.storage_;
  std::memset(&a.storage_, 0, sizeof a.storage_);
  std::memcpy(&a.storage_, sa, len);
  a.len_ = len;
  return a;
}

bool SocketAddr::is_ipv4() const noexcept { return storage_.ss_family == AF_INET; }

uint16_t SocketAddr::port() const noexcept {
  if (is_ipv4())
    return ntohs(reinterpret_cast<const sockaddr_in *>(&storage_)->sin_port);
  return ntohs(reinterpret_cast<const sockaddr_in6 *>(&storage_)->sin6_port);
}

void SocketAddr::set_port(uint16_t port) noexcept {
  if (is_ipv4())
    reinterpret_cast<sockaddr_in *>(&storage_)->sin_port = htons(port);
  else
    reinterpret_cast<sockaddr_in6 *>(&storage_)->sin6_port = htons(port);
}

std::string SocketAddr::ip() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (is_ipv4())
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in *>(&storage_)->sin_addr,
                buf, sizeof buf);
  else
    ::inet_ntop(AF_INET6,
                &reinterpret_cast<const sockaddr_in6 *>(&storage_)->sin6_addr, buf,
                sizeof buf);
  return buf;
}

std::string SocketAddr::to_string() const {
  if (is_ipv4())
    return ip() + ":" + std::to_string(port());
  return "[" + ip() + "]:" + std::to_string(port());
}

bool operator==(const SocketAddr &a, const SocketAddr &b) noexcept {
  if (a.family() != b.family() || a.port() != b.port())
    return false;
  if (a.is_ipv4())
    return std::memcmp(&reinterpret_cast<const sockaddr_in *>(&a.storage_)->sin_addr,
                       &reinterpret_cast<const sockaddr_in *>(&b.storage_)->sin_addr,
                       sizeof(in_addr)) == 0;
  return std::memcmp(&reinterpret_cast<const sockaddr_in6 *>(&a.storage_)->sin6_addr,
                     &reinterpret_cast<const sockaddr_in6 *>(&b.storage_)->sin6_addr,
                     sizeof(in6_addr)) == 0;
}

} // namespace hoist
