//===- ByteStreamStress.cpp - Split halves read and written at once -------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Many Unix stream pairs on a four-worker Runtime. On one end of each, the
/// stream is split and its halves go to two tasks: one writes numbered
/// lines through a BufWriter in writes of varying size, yielding now and
/// then, while the other reads the echo back with a BufReader's read_line
/// and checks every line. The other end echoes with io::copy between its
/// own halves. The reader and the writer of one socket run on any workers,
/// at once, so the reactor's two wakers per descriptor (ScheduledIo) and
/// the lazy registration both see real concurrency; under TSan any race
/// in the halves or the buffers is reported. No line may be lost,
/// duplicated or reordered.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/yield_now.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/io/buf_reader.hpp"
#include "hoist/io/buf_writer.hpp"
#include "hoist/io/copy.hpp"
#include "hoist/io/split.hpp"
#include "hoist/net/unix_stream.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#ifndef HOIST_STRESS_SCALE
#define HOIST_STRESS_SCALE 1
#endif

using namespace hoist;

namespace {

constexpr int kPairs = 64;
constexpr int kLines = 200 * HOIST_STRESS_SCALE;

std::string line_of(int conn, int i) {
  // Lengths vary from line to line, so lines straddle every buffer.
  return "conn " + std::to_string(conn) + " line " + std::to_string(i) + " " +
         std::string(static_cast<size_t>((i * 37 + conn) % 300), 'x') + "\n";
}

using Rd = io::OwnedReadHalf<UnixStream>;
using Wr = io::OwnedWriteHalf<UnixStream>;

/// Writes the lines of `conn` through a BufWriter, yielding every few,
/// then shuts down (flush + FIN).
struct Writer {
  using Output = void;
  io::BufWriter<Wr> w;
  int conn;
  int i = 0;
  std::string cur{};
  std::optional<io::WriteAllFuture<io::BufWriter<Wr>>> writing{};
  std::optional<YieldNow> yielding{};
  std::optional<io::ShutdownFuture<io::BufWriter<Wr>>> shut{};
  Poll<void> poll(Context &cx) {
    while (i < kLines) {
      if (yielding) {
        if (yielding->poll(cx).is_pending())
          return pending;
        yielding.reset();
      }
      if (!writing) {
        cur = line_of(conn, i);
        writing.emplace(w.write_all(cur));
      }
      if (writing->poll(cx).is_pending())
        return pending;
      writing.reset();
      if (++i % 7 == 0)
        yielding.emplace();
    }
    if (!shut)
      shut.emplace(w.shutdown());
    return shut->poll(cx);
  }
};

/// Reads the echoed lines and checks each; Output = lines read.
struct Reader {
  using Output = int;
  io::BufReader<Rd> r;
  int conn;
  int i = 0;
  std::string line{};
  std::optional<io::ReadUntilFuture<io::BufReader<Rd>, std::string>> reading{};
  Poll<int> poll(Context &cx) {
    for (;;) {
      if (!reading)
        reading.emplace(r.read_line(line));
      Poll<size_t> p = reading->poll(cx);
      if (p.is_pending())
        return pending;
      reading.reset();
      if (p.value() == 0)
        return ready(i);
      if (line != line_of(conn, i))
        ADD_FAILURE() << "conn " << conn << ": line " << i << " is wrong";
      ++i;
      line.clear();
    }
  }
};

/// Echoes between the halves of one stream.
struct Echo {
  using Output = uint64_t;
  Rd rd;
  Wr wr;
  std::optional<io::CopyFuture<Rd, Wr>> copying{};
  Poll<uint64_t> poll(Context &cx) {
    if (!copying)
      copying.emplace(io::copy(rd, wr));
    return copying->poll(cx);
  }
};

TEST(ByteStreamStress, SplitHalvesReadAndWriteAtOnce) {
  Runtime::Options o;
  o.worker_threads = 4;
  Runtime rt(o);
  std::vector<JoinHandle<int>> readers;
  std::vector<JoinHandle<void>> writers;
  std::vector<JoinHandle<uint64_t>> echoes;
  for (int c = 0; c < kPairs; ++c) {
    auto pair = UnixStream::pair();
    auto near = std::move(pair.first).into_split();
    auto far = std::move(pair.second).into_split();
    echoes.push_back(rt.spawn(Echo{std::move(far.first), std::move(far.second)}));
    // Small buffers: many partial fills and flushes.
    readers.push_back(rt.spawn(Reader{io::BufReader<Rd>(std::move(near.first), 333), c}));
    writers.push_back(rt.spawn(Writer{io::BufWriter<Wr>(std::move(near.second), 500), c}));
  }
  for (auto &w : writers)
    rt.block_on(std::move(w));
  for (auto &r : readers)
    EXPECT_EQ(rt.block_on(std::move(r)), kLines);
  for (auto &e : echoes)
    EXPECT_GT(rt.block_on(std::move(e)), 0u);
}

} // namespace
