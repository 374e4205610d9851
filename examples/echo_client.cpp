//===- echo_client.cpp - A load client for the echo server ----------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Opens many concurrent connections to an echo server (one task each), and
/// on each sends numbered messages, reads every echo back in full and
/// compares it byte for byte. Exits 0 only if every byte came back intact.
/// Written in Hoist's input language; builds as C++20 (reference backend)
/// or through `hoist`.
///
/// Usage: echo_client ADDR:PORT [--connections N] [--messages N] [--size N]
///        (defaults: 100 connections, 100 messages of 64 bytes)
///
//===----------------------------------------------------------------------===//
#include <hoist/hoist.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <optional>
#include <sys/resource.h>
#include <vector>

struct Stats {
  size_t bytes = 0;
  size_t messages = 0;
  bool ok = true;
};

/// The bytes of message `k` of connection `id`: distinct per message so a
/// lost, duplicated or reordered byte is caught.
static void fill(std::vector<char> &msg, long id, long k) {
  for (size_t i = 0; i < msg.size(); ++i)
    msg[i] = static_cast<char>(id * 131 + k * 31 + static_cast<long>(i));
}

/// One connection: connect, then write/read-back/compare each message,
/// then half-close and expect the server to close too.
hoist::Async<Stats> run_connection(hoist::SocketAddr addr, long id, long messages,
                                   size_t size) {
  Stats stats;
  try {
    hoist::TcpStream stream = co_await hoist::TcpStream::connect(addr);
    stream.set_nodelay(true);
    std::vector<char> out(size), in(size);
    for (long k = 0; k < messages; ++k) {
      fill(out, id, k);
      co_await stream.write_all(out.data(), out.size());
      co_await stream.read_exact(in.data(), in.size());
      if (in != out) {
        std::fprintf(stderr, "echo_client: connection %ld message %ld differs\n", id, k);
        stats.ok = false;
        co_return stats;
      }
      stats.bytes += size;
      stats.messages += 1;
    }
    stream.shutdown(hoist::Shutdown::Write);
    char extra;
    if (co_await stream.read(&extra, 1) != 0) {
      std::fprintf(stderr, "echo_client: connection %ld got extra bytes\n", id);
      stats.ok = false;
    }
  } catch (const std::exception &e) {
    std::fprintf(stderr, "echo_client: connection %ld failed: %s\n", id, e.what());
    stats.ok = false;
  }
  co_return stats;
}

/// Runs all connections concurrently and sums their statistics.
hoist::Async<Stats> run_all(hoist::SocketAddr addr, long connections, long messages,
                            size_t size) {
  std::vector<hoist::JoinHandle<Stats>> tasks;
  for (long id = 0; id < connections; ++id)
    tasks.push_back(hoist::spawn(run_connection(addr, id, messages, size)));
  Stats total;
  for (hoist::JoinHandle<Stats> &task : tasks) {
    Stats s = co_await task;
    total.bytes += s.bytes;
    total.messages += s.messages;
    total.ok = total.ok && s.ok;
  }
  co_return total;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s ADDR:PORT [--connections N] [--messages N] "
                         "[--size N]\n", argv[0]);
    return 2;
  }
  std::optional<hoist::SocketAddr> addr = hoist::SocketAddr::parse(argv[1]);
  if (!addr) {
    std::fprintf(stderr, "echo_client: bad address '%s'\n", argv[1]);
    return 2;
  }
  long connections = 100, messages = 100;
  size_t size = 64;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--connections"))
      connections = std::atol(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--messages"))
      messages = std::atol(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--size"))
      size = static_cast<size_t>(std::atol(argv[i + 1]));
  }
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  hoist::Runtime rt;
  auto t0 = std::chrono::steady_clock::now();
  Stats total = rt.block_on(run_all(*addr, connections, messages, size));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%zu messages, %zu bytes echoed over %ld connections in %.3f s "
              "(%.0f msg/s)%s\n",
              total.messages, total.bytes, connections, secs,
              static_cast<double>(total.messages) / secs, total.ok ? "" : " -- ERRORS");
  return total.ok && total.messages == static_cast<size_t>(connections * messages) ? 0 : 1;
}
