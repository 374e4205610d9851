// bench/exec/exec.cpp - executor throughput: spawn, yield, channel ping-pong.
//
// Written in Hoist's input language; bench/run.sh lowers it with hoist (and
// also builds it unlowered as C++20 coroutines). bench/tokio/src/bin/exec.rs
// is the same program on tokio. Every benchmark runs inside one spawned task
// (block_on only waits for its JoinHandle), so on a multi-threaded executor
// the work happens on the workers, as it does under tokio.
//
//   ./exec BENCH EXECUTOR N
//     BENCH     spawn     spawn N trivial tasks, then await every handle
//               yield     1,000 tasks each yielding N / 1,000 times
//               pingpong  N round trips between two tasks over two bounded
//                         channels of capacity 1
//     EXECUTOR  local | rt1 | rt2   (LocalExecutor, Runtime with 1 / 2 workers)
//   prints: ns per operation (task, yield or round trip), and a checksum
#include <hoist/hoist.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

//===----------------------------------------------------------------------===//
// spawn: N trivial tasks
//===----------------------------------------------------------------------===//

hoist::Async<long> trivial(long i) { co_return i; }

hoist::Async<long> spawn_many(long n) {
  std::vector<hoist::JoinHandle<long>> handles;
  handles.reserve(static_cast<size_t>(n));
  for (long i = 0; i < n; ++i)
    handles.push_back(hoist::spawn(trivial(i)));
  long sum = 0;
  for (hoist::JoinHandle<long> &h : handles)
    sum += co_await h;
  co_return sum;
}

//===----------------------------------------------------------------------===//
// yield: many tasks taking turns
//===----------------------------------------------------------------------===//

hoist::Async<long> yielder(long times) {
  for (long i = 0; i < times; ++i)
    co_await hoist::yield_now();
  co_return times;
}

hoist::Async<long> yield_many(long tasks, long times) {
  std::vector<hoist::JoinHandle<long>> handles;
  for (long i = 0; i < tasks; ++i)
    handles.push_back(hoist::spawn(yielder(times)));
  long sum = 0;
  for (hoist::JoinHandle<long> &h : handles)
    sum += co_await h;
  co_return sum;
}

//===----------------------------------------------------------------------===//
// pingpong: two tasks, two channels of capacity 1
//===----------------------------------------------------------------------===//

hoist::Async<long> ponger(hoist::mpsc::Receiver<long> rx, hoist::mpsc::Sender<long> tx) {
  long count = 0;
  for (;;) {
    std::optional<long> v = co_await rx.recv();
    if (!v)
      break;
    co_await tx.send(*v + 1);
    ++count;
  }
  co_return count;
}

hoist::Async<long> pinger(hoist::mpsc::Sender<long> tx, hoist::mpsc::Receiver<long> rx,
                          long n) {
  long sum = 0;
  for (long i = 0; i < n; ++i) {
    co_await tx.send(i);
    std::optional<long> v = co_await rx.recv();
    sum += *v;
  }
  co_return sum; // tx is destroyed with this future: the ponger sees the end
}

hoist::Async<long> ping_pong(long n) {
  std::pair<hoist::mpsc::Sender<long>, hoist::mpsc::Receiver<long>> there =
      hoist::mpsc::channel<long>(1);
  std::pair<hoist::mpsc::Sender<long>, hoist::mpsc::Receiver<long>> back =
      hoist::mpsc::channel<long>(1);
  hoist::JoinHandle<long> pong =
      hoist::spawn(ponger(std::move(there.second), std::move(back.first)));
  hoist::JoinHandle<long> ping =
      hoist::spawn(pinger(std::move(there.first), std::move(back.second), n));
  long sum = co_await ping;
  long count = co_await pong;
  co_return sum + count;
}

//===----------------------------------------------------------------------===//
// The driver
//===----------------------------------------------------------------------===//

/// Runs the benchmark as one task of `ex`; returns its checksum.
template <class Executor> long run(Executor &ex, const char *bench, long n) {
  if (!std::strcmp(bench, "spawn"))
    return ex.block_on(ex.spawn(spawn_many(n)));
  if (!std::strcmp(bench, "yield"))
    return ex.block_on(ex.spawn(yield_many(1000, n / 1000)));
  if (!std::strcmp(bench, "pingpong"))
    return ex.block_on(ex.spawn(ping_pong(n)));
  std::fprintf(stderr, "exec: unknown benchmark '%s'\n", bench);
  std::exit(2);
}

long expected(const char *bench, long n) {
  if (!std::strcmp(bench, "spawn"))
    return n * (n - 1) / 2;
  if (!std::strcmp(bench, "yield"))
    return n / 1000 * 1000;
  return n * (n + 1) / 2 + n; // sum of (i + 1), plus the ponger's count
}

int main(int argc, char **argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s spawn|yield|pingpong local|rt1|rt2 N\n", argv[0]);
    return 2;
  }
  const char *bench = argv[1], *executor = argv[2];
  long n = std::atol(argv[3]);
  auto t0 = std::chrono::steady_clock::now();
  long sum;
  if (!std::strcmp(executor, "local")) {
    hoist::LocalExecutor ex;
    sum = run(ex, bench, n);
  } else {
    hoist::Runtime::Options options;
    options.worker_threads = !std::strcmp(executor, "rt1") ? 1 : 2;
    hoist::Runtime rt(options);
    sum = run(rt, bench, n);
  }
  double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0)
                  .count();
  if (sum != expected(bench, n)) {
    std::fprintf(stderr, "exec: wrong checksum %ld (want %ld)\n", sum, expected(bench, n));
    return 1;
  }
  std::printf("%.2f %ld\n", ns / static_cast<double>(n), sum);
  return 0;
}
