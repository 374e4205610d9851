//===- ByteStreamTest.cpp - Byte streams: helpers, buffers, split, copy ---===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests the byte-stream layer (hoist/io/{read_write,buf_reader,buf_writer,
/// split,copy,pipe}.hpp) with hand-written state machines (C++17), each
/// behaviour on a LocalExecutor and on the multi-threaded Runtime:
/// read_exact across many small writes and at a premature end of stream,
/// read_line across chunk boundaries and without a final newline,
/// write_all of a buffer larger than the socket buffer (it must suspend),
/// BufWriter holding bytes until flush, the two halves of a split TCP
/// stream driven by two tasks at once (an echo), and copy / copy_buf from
/// a pipe into a socket. Also: which types meet the requirements, and the
/// error codes.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/yield_now.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/io/buf_reader.hpp"
#include "hoist/io/buf_writer.hpp"
#include "hoist/io/copy.hpp"
#include "hoist/io/pipe.hpp"
#include "hoist/io/read_write.hpp"
#include "hoist/io/split.hpp"
#include "hoist/net/tcp.hpp"
#include "hoist/net/unix_stream.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <utility>
#include <vector>

using namespace hoist;
using namespace hoist::test;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

std::string pattern(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i)
    s[i] = static_cast<char>(i * 7 + i / 251);
  return s;
}

/// Owns `state` and polls the future `make(state)` builds at the first
/// poll, when the state is pinned: a task that owns the stream its futures
/// borrow.
template <class S, class Make> struct With {
  using Fut = std::invoke_result_t<Make &, S &>;
  using Output = output_t<Fut>;
  S state;
  Make make;
  std::optional<Fut> fut{};
  Poll<Output> poll(Context &cx) {
    if (!fut)
      fut.emplace(make(state));
    return fut->poll(cx);
  }
};
template <class S, class Make> With<S, Make> with(S s, Make m) {
  return {std::move(s), std::move(m)};
}

/// Writes `data` in writes of `chunk` bytes, yielding to the executor
/// between them, then (if `shut`) shuts the writer down.
template <class W> struct Dribble {
  using Output = void;
  W *w;
  std::string data;
  size_t chunk;
  bool shut;
  size_t off = 0;
  std::optional<io::WriteAllFuture<W>> cur{};
  std::optional<YieldNow> yielding{};
  Poll<void> poll(Context &cx) {
    for (;;) {
      if (yielding) {
        if (yielding->poll(cx).is_pending())
          return pending;
        yielding.reset();
      }
      if (!cur) {
        if (off >= data.size())
          return shut ? io::poll_shutdown(*w, cx) : Poll<void>(ready());
        size_t n = std::min(chunk, data.size() - off);
        cur.emplace(*w, data.data() + off, n);
        off += n;
      }
      if (cur->poll(cx).is_pending())
        return pending;
      cur.reset();
      yielding.emplace();
    }
  }
};
template <class W>
Dribble<W> dribble(W &w, std::string data, size_t chunk, bool shut) {
  return Dribble<W>{&w, std::move(data), chunk, shut};
}

/// Collects the lines of an AsyncBufRead until end of stream.
template <class B> struct ReadLines {
  using Output = std::vector<std::string>;
  B *r;
  std::vector<std::string> lines{};
  std::string line{};
  std::optional<io::ReadUntilFuture<B, std::string>> cur{};
  Poll<Output> poll(Context &cx) {
    for (;;) {
      if (!cur)
        cur.emplace(io::read_line(*r, line));
      Poll<size_t> p = cur->poll(cx);
      if (p.is_pending())
        return pending;
      cur.reset();
      if (p.value() == 0)
        return ready(std::move(lines));
      EXPECT_EQ(p.value(), line.size());
      lines.push_back(std::move(line));
      line.clear();
    }
  }
};

/// Reports whether the first poll of `f` was pending (and fires `polled`
/// after it); Output = that.
template <class F> struct SuspendsFirst {
  using Output = bool;
  F f;
  Event *polled;
  int polls = 0;
  bool first_pending = false;
  Poll<bool> poll(Context &cx) {
    auto p = f.poll(cx);
    if (polls++ == 0) {
      first_pending = p.is_pending();
      polled->fire();
    }
    if (p.is_pending())
      return pending;
    return ready(first_pending);
  }
};

/// An AsyncRead that counts the reads it forwards.
struct CountingReader {
  UnixStream *s;
  int reads = 0;
  Poll<size_t> poll_read(Context &cx, void *buf, size_t len) {
    Poll<size_t> p = s->poll_read(cx, buf, len);
    if (p.is_ready())
      ++reads;
    return p;
  }
};

/// An AsyncWrite that never accepts a byte.
struct ZeroWriter {
  Poll<size_t> poll_write(Context &, const void *, size_t) {
    return ready(size_t{0});
  }
};

//===----------------------------------------------------------------------===//
// The executors
//===----------------------------------------------------------------------===//

template <class E> std::unique_ptr<E> make_executor();
template <> std::unique_ptr<LocalExecutor> make_executor<LocalExecutor>() {
  return std::make_unique<LocalExecutor>();
}
template <> std::unique_ptr<Runtime> make_executor<Runtime>() {
  Runtime::Options o;
  o.worker_threads = 2;
  return std::make_unique<Runtime>(o);
}

template <class E> class ByteStreamTest : public ::testing::Test {
protected:
  std::unique_ptr<E> ex = make_executor<E>();
};
using Executors = ::testing::Types<LocalExecutor, Runtime>;
TYPED_TEST_SUITE(ByteStreamTest, Executors);

//===----------------------------------------------------------------------===//
// read_exact
//===----------------------------------------------------------------------===//

TYPED_TEST(ByteStreamTest, ReadExactAcrossManySmallWrites) {
  auto pair = UnixStream::pair();
  std::string data = pattern(5000);
  auto writer =
      this->ex->spawn(with(std::move(pair.first), [data](UnixStream &s) {
        return dribble(s, data, 7, /*shut=*/true);
      }));
  CountingReader r{&pair.second};
  std::string got(data.size(), '\0');
  this->ex->block_on(io::read_exact(r, &got[0], got.size()));
  this->ex->block_on(std::move(writer));
  EXPECT_EQ(got, data);
  EXPECT_GT(r.reads, 1) << "the bytes arrived in more than one read";
  char c;
  EXPECT_EQ(this->ex->block_on(io::read(pair.second, &c, 1)), 0u)
      << "nothing more";
}

TYPED_TEST(ByteStreamTest, ReadExactFailsAtEndOfStream) {
  auto pair = UnixStream::pair();
  this->ex->block_on(io::write_all(pair.first, "hello"));
  pair.first.shutdown(Shutdown::Write);
  char buf[10] = {};
  try {
    this->ex->block_on(io::read_exact(pair.second, buf, sizeof buf));
    FAIL() << "read_exact returned at end of stream";
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code(), io::Errc::unexpected_eof);
    EXPECT_EQ(e.code().category().name(), std::string("hoist.io"));
  }
  EXPECT_EQ(std::string(buf, 5), "hello") << "what did arrive is in the buffer";
  // The socket's own member says the same.
  try {
    this->ex->block_on(pair.second.read_exact(buf, 1));
    FAIL() << "read_exact returned at end of stream";
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code(), io::Errc::unexpected_eof);
  }
}

//===----------------------------------------------------------------------===//
// BufReader: read_line, read_until, fill_buf
//===----------------------------------------------------------------------===//

TYPED_TEST(ByteStreamTest, ReadLineAcrossChunkBoundariesOverPipe) {
  auto p = pipe::pipe();
  // Three-byte writes and a four-byte buffer: every line spans chunks; an
  // empty line; the last line has no newline.
  auto writer = this->ex->spawn(with(std::move(p.second), [](pipe::Sender &tx) {
    return dribble(tx, "alpha\nbeta\n\ngamma", 3, /*shut=*/true);
  }));
  io::BufReader<pipe::Receiver> r(std::move(p.first), 4);
  std::vector<std::string> lines =
      this->ex->block_on(ReadLines<io::BufReader<pipe::Receiver>>{&r});
  this->ex->block_on(std::move(writer));
  EXPECT_EQ(lines,
            (std::vector<std::string>{"alpha\n", "beta\n", "\n", "gamma"}));
  std::string more;
  EXPECT_EQ(this->ex->block_on(r.read_line(more)), 0u) << "end of stream again";
  EXPECT_EQ(more, "");
}

TYPED_TEST(ByteStreamTest, ReadUntilFillBufAndConsume) {
  auto pair = UnixStream::pair();
  this->ex->block_on(io::write_all(pair.first, "key=value;rest"));
  pair.first.shutdown(Shutdown::Write);
  io::BufReader<UnixStream &> r(pair.second);
  std::string_view head = this->ex->block_on(r.fill_buf());
  ASSERT_GE(head.size(), 4u);
  EXPECT_EQ(head.substr(0, 4), "key=");
  r.consume(4);
  std::vector<char> value;
  EXPECT_EQ(this->ex->block_on(io::read_until(r, ';', value)), 6u);
  EXPECT_EQ(std::string(value.begin(), value.end()), "value;");
  std::string rest;
  EXPECT_EQ(this->ex->block_on(io::read_to_string(r, rest)), 4u);
  EXPECT_EQ(rest, "rest");
}

//===----------------------------------------------------------------------===//
// write_all and BufWriter
//===----------------------------------------------------------------------===//

TYPED_TEST(ByteStreamTest, WriteAllOfALargeBufferSuspends) {
  auto pair = UnixStream::pair();
  const std::string big = pattern(8 << 20); // far more than the socket buffers
  Event polled;
  auto writer = this->ex->spawn(
      with(std::move(pair.first), [&big, &polled](UnixStream &s) {
        auto f =
            and_then(io::write_all(s, big), [&s] { return io::shutdown(s); });
        return SuspendsFirst<decltype(f)>{std::move(f), &polled};
      }));
  // Read only once the writer has found the socket full.
  std::string got;
  size_t n = this->ex->block_on(and_then(
      polled.wait(), [&] { return io::read_to_string(pair.second, got); }));
  EXPECT_TRUE(this->ex->block_on(std::move(writer))) << "write_all suspended";
  EXPECT_EQ(n, big.size());
  EXPECT_TRUE(got == big);
}

/// Writes each line through a BufWriter, then shuts it down.
struct WriteLines {
  using Output = void;
  io::BufWriter<UnixStream &> *w;
  std::vector<std::string> lines;
  size_t i = 0;
  std::optional<io::WriteAllFuture<io::BufWriter<UnixStream &>>> cur{};
  std::optional<io::ShutdownFuture<io::BufWriter<UnixStream &>>> shut{};
  Poll<void> poll(Context &cx) {
    while (i < lines.size()) {
      if (!cur)
        cur.emplace(w->write_all(lines[i]));
      if (cur->poll(cx).is_pending())
        return pending;
      cur.reset();
      ++i;
    }
    if (!shut)
      shut.emplace(w->shutdown());
    return shut->poll(cx);
  }
};

TYPED_TEST(ByteStreamTest, BufWriterHoldsBytesUntilFlush) {
  auto pair = UnixStream::pair();
  io::BufWriter<UnixStream &> w(pair.first, 1024);
  this->ex->block_on(w.write_all("hello"));
  EXPECT_EQ(w.buffer(), "hello");
  char c;
  EXPECT_EQ(::recv(pair.second.native_handle(), &c, 1, MSG_DONTWAIT), -1);
  EXPECT_EQ(errno, EAGAIN) << "nothing reached the socket before flush";
  this->ex->block_on(w.flush());
  EXPECT_TRUE(w.buffer().empty());
  char got[5];
  this->ex->block_on(io::read_exact(pair.second, got, sizeof got));
  EXPECT_EQ(std::string(got, 5), "hello");

  // Many small writes, more than the buffer and the socket hold: in order,
  // and shutdown flushes what is left.
  std::vector<std::string> lines;
  std::string expect;
  for (int i = 0; i < 30000; ++i) {
    lines.push_back("line " + std::to_string(i) + "\n");
    expect += lines.back();
  }
  std::string all;
  auto reader = this->ex->spawn(io::read_to_string(pair.second, all));
  this->ex->block_on(WriteLines{&w, std::move(lines)});
  EXPECT_EQ(this->ex->block_on(std::move(reader)), expect.size());
  EXPECT_TRUE(all == expect);
}

//===----------------------------------------------------------------------===//
// split
//===----------------------------------------------------------------------===//

TYPED_TEST(ByteStreamTest, SplitHalvesEchoFromTwoTasks) {
  auto l = TcpListener::bind(SocketAddr("127.0.0.1", 0));
  TcpStream client = this->ex->block_on(TcpStream::connect(l.local_addr()));
  TcpStream served = this->ex->block_on(l.accept()).first;
  // The server echoes with copy, between the halves of its stream; when the
  // copy ends, its write half is dropped: FIN.
  auto server =
      this->ex->spawn(with(std::move(served).into_split(), [](auto &halves) {
        return io::copy(halves.first, halves.second);
      }));
  // The client writes from one task and reads from another, at once (more
  // than the socket buffers hold, so neither can finish alone).
  auto halves = std::move(client).into_split();
  EXPECT_TRUE(halves.first.is_pair_of(halves.second));
  const std::string data = pattern(2 << 20);
  auto writer =
      this->ex->spawn(with(std::move(halves.second), [&data](auto &wr) {
        return dribble(wr, data, 64 * 1024,
                       /*shut=*/false); // FIN when wr drops
      }));
  auto reader = this->ex->spawn(with(
      std::make_pair(std::move(halves.first), std::string()), [](auto &st) {
        return map(io::read_to_string(st.first, st.second),
                   [&st](size_t) { return std::move(st.second); });
      }));
  this->ex->block_on(std::move(writer));
  std::string echoed = this->ex->block_on(std::move(reader));
  EXPECT_EQ(this->ex->block_on(std::move(server)), data.size());
  EXPECT_EQ(echoed.size(), data.size());
  EXPECT_TRUE(echoed == data);
}

TEST(ByteStreamSplitTest, ReuniteGivesTheStreamBack) {
  auto pair = UnixStream::pair();
  int fd = pair.first.native_handle();
  auto h = std::move(pair.first).into_split();
  auto other = std::move(pair.second).into_split();
  EXPECT_FALSE(h.first.is_pair_of(other.second));
  EXPECT_THROW((void)h.first.reunite(std::move(other.second)),
               std::invalid_argument);
  UnixStream s = h.first.reunite(std::move(h.second));
  EXPECT_EQ(s.native_handle(), fd);
  // Not shut down by the reunited write half: still writable both ways.
  block_on(io::write_all(s, "x"));
  char c;
  block_on(io::read_exact(other.first, &c, 1));
  EXPECT_EQ(c, 'x');
}

//===----------------------------------------------------------------------===//
// copy
//===----------------------------------------------------------------------===//

TYPED_TEST(ByteStreamTest, CopyFromPipeToSocket) {
  auto p = pipe::pipe();
  auto sock = UnixStream::pair();
  const std::string data = pattern(300000);
  auto writer =
      this->ex->spawn(with(std::move(p.second), [&data](pipe::Sender &tx) {
        return dribble(tx, data, 1000, /*shut=*/true);
      }));
  auto copier = this->ex->spawn(with(
      std::make_pair(std::move(p.first), std::move(sock.first)), [](auto &st) {
        return and_then(io::copy(st.first, st.second), [&st](uint64_t n) {
          return map(io::shutdown(st.second), [n] { return n; });
        });
      }));
  std::string got;
  EXPECT_EQ(this->ex->block_on(io::read_to_string(sock.second, got)),
            data.size());
  EXPECT_EQ(this->ex->block_on(std::move(copier)), data.size());
  this->ex->block_on(std::move(writer));
  EXPECT_TRUE(got == data);
}

TYPED_TEST(ByteStreamTest, CopyBufBetweenBufferedEnds) {
  auto p = pipe::pipe();
  auto sock = UnixStream::pair();
  const std::string data = pattern(100000);
  auto writer =
      this->ex->spawn(with(std::move(p.second), [&data](pipe::Sender &tx) {
        return dribble(tx, data, 777, /*shut=*/true);
      }));
  using Reader = io::BufReader<pipe::Receiver>;
  using Writer = io::BufWriter<UnixStream>;
  auto copier = this->ex->spawn(with(
      std::make_pair(Reader(std::move(p.first), 512),
                     Writer(std::move(sock.first), 300)),
      [](auto &st) {
        return and_then(io::copy_buf(st.first, st.second), [&st](uint64_t n) {
          EXPECT_TRUE(st.second.buffer().empty()) << "copy_buf flushed";
          return map(io::shutdown(st.second), [n] { return n; });
        });
      }));
  std::string got;
  EXPECT_EQ(this->ex->block_on(io::read_to_string(sock.second, got)),
            data.size());
  EXPECT_EQ(this->ex->block_on(std::move(copier)), data.size());
  this->ex->block_on(std::move(writer));
  EXPECT_TRUE(got == data);
}

//===----------------------------------------------------------------------===//
// Requirements and errors
//===----------------------------------------------------------------------===//

static_assert(io::is_async_read_v<TcpStream> &&
              io::is_async_write_v<TcpStream>);
static_assert(io::is_async_read_v<UnixStream> &&
              io::is_async_write_v<UnixStream>);
static_assert(io::is_async_read_v<pipe::Receiver> &&
              !io::is_async_write_v<pipe::Receiver>);
static_assert(io::is_async_write_v<pipe::Sender> &&
              !io::is_async_read_v<pipe::Sender>);
static_assert(io::is_async_buf_read_v<io::BufReader<TcpStream>>);
static_assert(io::is_async_write_v<io::BufReader<TcpStream>>,
              "forwards writes");
static_assert(!io::is_async_write_v<io::BufReader<pipe::Receiver>>);
static_assert(io::is_async_write_v<io::BufWriter<pipe::Sender>>);
static_assert(io::is_async_read_v<io::BufWriter<UnixStream &>>,
              "forwards reads");
static_assert(io::is_async_read_v<io::OwnedReadHalf<TcpStream>> &&
              !io::is_async_write_v<io::OwnedReadHalf<TcpStream>>);
static_assert(io::is_async_write_v<io::OwnedWriteHalf<UnixStream>> &&
              !io::is_async_read_v<io::OwnedWriteHalf<UnixStream>>);
static_assert(io::is_async_read_v<CountingReader> &&
              io::is_async_write_v<ZeroWriter>);
static_assert(!io::is_async_read_v<int> &&
              !io::is_async_buf_read_v<UnixStream>);
static_assert(io::is_full_duplex<TcpStream>::value &&
              !io::is_full_duplex<pipe::Sender>::value);

TEST(ByteStreamErrorTest, WriteAllToAWriterThatTakesNothing) {
  ZeroWriter z;
  try {
    block_on(io::write_all(z, "x"));
    FAIL() << "write_all returned";
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code(), io::Errc::write_zero);
  }
  block_on(io::write_all(z, "")); // nothing to write: fine
  io::BufWriter<ZeroWriter &> w(z, 4);
  block_on(w.write_all("abc")); // buffered
  EXPECT_THROW(block_on(w.flush()), std::system_error);
}

TEST(ByteStreamErrorTest, MessagesNameTheCondition) {
  EXPECT_EQ(std::error_code(io::Errc::unexpected_eof).message(),
            "unexpected end of stream");
  EXPECT_EQ(std::error_code(io::Errc::write_zero).message(),
            "writer accepted zero bytes");
}

} // namespace
