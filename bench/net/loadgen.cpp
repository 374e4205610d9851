// bench/net/loadgen.cpp - the load client of the echo benchmark.
//
// One client for every server (Hoist's, the reference backend's, tokio's),
// written against neither runtime: plain C++17, one thread, epoll. It opens
// C connections to 127.0.0.1:PORT and runs a closed loop on each: send a
// message of S bytes, wait until all S bytes came back (checked byte for
// byte), send the next. After a warm-up it counts, for a fixed time, the
// messages echoed and the latency of each (send to last byte back, in a
// histogram of 1 us buckets), then closes everything and exits: the run is
// bounded in time whatever the server does.
//
//   loadgen PORT CONNECTIONS SECONDS [SIZE=64] [WARMUP_SECONDS=0.5]
//   prints: messages_per_second p50_us p99_us messages errors
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Conn {
  int fd = -1;
  size_t sent = 0;     // bytes of the current message written
  size_t received = 0; // bytes of its echo read
  Clock::time_point start;
  uint32_t seq = 0;
  bool connected = false;
};

constexpr size_t kBuckets = 1000000; // 1 us each, up to 1 s

void fill(std::vector<char> &msg, size_t id, uint32_t seq) {
  for (size_t i = 0; i < msg.size(); ++i)
    msg[i] = static_cast<char>(id * 131 + seq * 31 + i);
}

double percentile(const std::vector<uint32_t> &hist, uint64_t total, double q) {
  uint64_t want = static_cast<uint64_t>(q * static_cast<double>(total));
  uint64_t seen = 0;
  for (size_t i = 0; i < hist.size(); ++i) {
    seen += hist[i];
    if (seen > want)
      return static_cast<double>(i) + 0.5;
  }
  return static_cast<double>(hist.size());
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s PORT CONNECTIONS SECONDS [SIZE] [WARMUP]\n", argv[0]);
    return 2;
  }
  int port = std::atoi(argv[1]);
  size_t nconn = static_cast<size_t>(std::atol(argv[2]));
  double seconds = std::atof(argv[3]);
  size_t size = argc > 4 ? static_cast<size_t>(std::atol(argv[4])) : 64;
  double warmup = argc > 5 ? std::atof(argv[5]) : 0.5;

  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }

  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

  int ep = epoll_create1(EPOLL_CLOEXEC);
  std::vector<Conn> conns(nconn);
  std::vector<std::vector<char>> out(nconn, std::vector<char>(size));
  std::vector<char> in(size);
  for (size_t i = 0; i < nconn; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      std::perror("loadgen: socket");
      return 1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 &&
        errno != EINPROGRESS) {
      std::perror("loadgen: connect");
      return 1;
    }
    conns[i].fd = fd;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
    ev.data.u64 = i;
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  }

  std::vector<uint32_t> hist(kBuckets + 1, 0);
  uint64_t measured = 0, errors = 0;
  const Clock::time_point t_begin = Clock::now();
  const Clock::time_point t_measure =
      t_begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(warmup));
  const Clock::time_point t_end =
      t_measure + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  // Connecting may take a while at 1,000 connections; it is part of warm-up,
  // but the measurement starts only once every connection is up.
  size_t connected = 0;
  Clock::time_point measure_from = t_measure, measure_to = t_end;
  bool started = false;

  // Writes what is left of connection i's message; starts a new message when
  // the previous echo is complete.
  auto pump_write = [&](size_t i) {
    Conn &c = conns[i];
    while (c.sent < size) {
      ssize_t n = ::send(c.fd, out[i].data() + c.sent, size - c.sent, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK)
          ++errors;
        return;
      }
      c.sent += static_cast<size_t>(n);
    }
  };
  auto start_message = [&](size_t i) {
    Conn &c = conns[i];
    c.seq++;
    fill(out[i], i, c.seq);
    c.sent = c.received = 0;
    c.start = Clock::now();
    pump_write(i);
  };

  std::vector<epoll_event> events(1024);
  for (;;) {
    Clock::time_point now = Clock::now();
    if (!started && connected == nconn) {
      started = true;
      if (now > measure_from) { // connecting outlasted the warm-up
        measure_to = now + (t_end - t_measure);
        measure_from = now;
      }
    }
    if (started && now >= measure_to)
      break;
    if (!started && now - t_begin > std::chrono::seconds(30)) {
      std::fprintf(stderr, "loadgen: only %zu of %zu connections after 30 s\n", connected,
                   nconn);
      return 1;
    }
    int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 10);
    for (int e = 0; e < n; ++e) {
      size_t i = events[e].data.u64;
      Conn &c = conns[i];
      if (!c.connected) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
          std::fprintf(stderr, "loadgen: connect: %s\n", std::strerror(err));
          return 1;
        }
        if (!(events[e].events & EPOLLOUT))
          continue;
        c.connected = true;
        ++connected;
        start_message(i);
        continue;
      }
      if (events[e].events & EPOLLOUT)
        pump_write(i);
      if (events[e].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        for (;;) {
          ssize_t r = ::recv(c.fd, in.data(), size - c.received, 0);
          if (r == 0) {
            std::fprintf(stderr, "loadgen: server closed connection %zu\n", i);
            return 1;
          }
          if (r < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK)
              ++errors;
            break;
          }
          if (std::memcmp(in.data(), out[i].data() + c.received, static_cast<size_t>(r)) != 0)
            ++errors;
          c.received += static_cast<size_t>(r);
          if (c.received == size) {
            Clock::time_point done = Clock::now();
            if (started && done >= measure_from && c.start >= measure_from &&
                done < measure_to) {
              uint64_t us = static_cast<uint64_t>(
                  std::chrono::duration_cast<std::chrono::microseconds>(done - c.start).count());
              hist[us < kBuckets ? us : kBuckets]++;
              ++measured;
            }
            start_message(i);
          }
        }
      }
    }
  }
  double secs = std::chrono::duration<double>(measure_to - measure_from).count();
  for (Conn &c : conns)
    close(c.fd);
  close(ep);
  std::printf("%.0f %.1f %.1f %llu %llu\n", static_cast<double>(measured) / secs,
              percentile(hist, measured, 0.50), percentile(hist, measured, 0.99),
              static_cast<unsigned long long>(measured),
              static_cast<unsigned long long>(errors));
  return errors == 0 ? 0 : 1;
}
