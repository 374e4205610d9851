//===- echo_server.cpp - A TCP echo server, written as async functions ----===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A TCP echo server in Hoist's input language: each connection is a task
/// (hoist::spawn) running an async function that reads and writes back
/// until the peer closes. It builds two ways from this one source:
///
///   clang++-19 -std=c++20 echo_server.cpp ...   (the reference backend)
///   hoist echo_server.cpp -o lowered.cpp; c++ -std=c++17 lowered.cpp ...
///
/// Usage: echo_server [--port N] [--connections N]
///
///   --port N          listen on 127.0.0.1:N (default 7878; 0 picks one)
///   --connections N   serve N connections, wait for all of them to end,
///                     then exit (default: serve forever)
///
/// The server prints the port it listens on as its first line. SIGINT
/// (Ctrl-C) or SIGTERM stops it cleanly: it stops accepting, the runtime
/// cancels the connections still open, and it exits with status 0.
///
//===----------------------------------------------------------------------===//
#include <hoist/hoist.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <sys/resource.h>
#include <utility>
#include <vector>

/// Echoes one connection until the peer closes its side.
hoist::Async<size_t> echo(hoist::TcpStream stream) {
  char buf[4096];
  size_t total = 0;
  try {
    for (;;) {
      size_t n = co_await stream.read(buf, sizeof buf);
      if (n == 0)
        break;
      co_await stream.write_all(buf, n);
      total += n;
    }
  } catch (const std::exception &e) {
    std::fprintf(stderr, "echo_server: connection error: %s\n", e.what());
  }
  co_return total;
}

/// Accepts connections and spawns an echo task for each; with a limit,
/// stops accepting after `limit` connections and waits for their tasks.
hoist::Async<size_t> serve(hoist::TcpListener &listener, long limit) {
  std::vector<hoist::JoinHandle<size_t>> tasks;
  for (long accepted = 0; limit < 0 || accepted < limit; ++accepted) {
    std::pair<hoist::TcpStream, hoist::SocketAddr> conn = co_await listener.accept();
    conn.first.set_nodelay(true);
    hoist::JoinHandle<size_t> task = hoist::spawn(echo(std::move(conn.first)));
    if (limit >= 0)
      tasks.push_back(std::move(task));
  }
  size_t total = 0;
  for (hoist::JoinHandle<size_t> &task : tasks)
    total += co_await task;
  co_return total;
}

/// serve(), until SIGINT or SIGTERM: whichever comes first wins the
/// select, which drops the others (a signal drops the accept loop, so no
/// connection is accepted after it). The listeners were created before the
/// port was printed, so a signal sent as soon as it is known is not lost.
hoist::Async<size_t> serve_until_signal(hoist::TcpListener &listener, long limit,
                                        hoist::signal::CtrlC ctrl_c,
                                        hoist::signal::Signal &term) {
  auto done = co_await hoist::select(serve(listener, limit), std::move(ctrl_c),
                                     term.recv());
  if (done.index() == 0)
    co_return std::get<0>(done);
  std::fprintf(stderr, "echo_server: %s, shutting down\n",
               done.index() == 1 ? "SIGINT" : "SIGTERM");
  co_return 0;
}

/// Lets one process hold many sockets (the soft limit is often 1024).
static void raise_fd_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

int main(int argc, char **argv) {
  unsigned port = 7878;
  long limit = -1;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--port") && i + 1 < argc)
      port = static_cast<unsigned>(std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--connections") && i + 1 < argc)
      limit = std::atol(argv[++i]);
    else {
      std::fprintf(stderr, "usage: %s [--port N] [--connections N]\n", argv[0]);
      return 2;
    }
  }
  raise_fd_limit();
  hoist::Runtime rt;
  hoist::TcpListener listener = hoist::TcpListener::bind(
      hoist::SocketAddr("127.0.0.1", static_cast<uint16_t>(port)), 4096);
  hoist::signal::CtrlC ctrl_c = hoist::signal::ctrl_c();
  hoist::signal::Signal term = hoist::signal::signal(SIGTERM);
  std::printf("%u\n", listener.local_addr().port());
  std::fflush(stdout);
  size_t total = rt.block_on(serve_until_signal(listener, limit, std::move(ctrl_c), term));
  std::fprintf(stderr, "echo_server: echoed %zu bytes\n", total);
  return 0;
}
