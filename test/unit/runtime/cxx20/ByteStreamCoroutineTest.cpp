//===- ByteStreamCoroutineTest.cpp - Byte streams in the input language ---===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The byte-stream helpers as users write against them: Async<T> functions
/// (C++20 coroutines here, the reference backend) that serve a line
/// protocol over TCP with a BufReader and a BufWriter on the halves of a
/// split stream, send from one task while receiving in another, copy a
/// pipe into a socket, and catch read_exact's end-of-stream error.
///
//===----------------------------------------------------------------------===//
#include "hoist/hoist.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

using namespace hoist;

namespace {

/// Answers each line with the line in capitals; Output = lines answered.
Async<size_t> shout(TcpStream s) {
  auto [rd, wr] = std::move(s).into_split();
  io::BufReader<io::OwnedReadHalf<TcpStream>> in(std::move(rd));
  io::BufWriter<io::OwnedWriteHalf<TcpStream>> out(std::move(wr));
  std::string line;
  size_t lines = 0;
  while (co_await in.read_line(line) != 0) {
    for (char &c : line)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    co_await out.write_all(line);
    ++lines;
    line.clear();
  }
  co_await out.shutdown(); // flushes, then FIN
  co_return lines;
}

Async<void> send_lines(io::OwnedWriteHalf<TcpStream> wr, int n) {
  for (int i = 0; i < n; ++i) {
    // The last line has no newline: read_line still returns it.
    std::string msg = "line " + std::to_string(i) + (i + 1 < n ? "\n" : "");
    co_await io::write_all(wr, msg);
  }
  co_await io::shutdown(wr);
}

Async<std::vector<std::string>> talk(SocketAddr addr, int n) {
  TcpStream s = co_await TcpStream::connect(addr);
  auto [rd, wr] = std::move(s).into_split();
  JoinHandle<void> sender = spawn(send_lines(std::move(wr), n));
  io::BufReader<io::OwnedReadHalf<TcpStream>> in(std::move(rd));
  std::vector<std::string> got;
  std::string line;
  while (co_await io::read_line(in, line) != 0) {
    got.push_back(line);
    line.clear();
  }
  co_await sender;
  co_return got;
}

Async<std::vector<std::string>> line_protocol(int n) {
  TcpListener l = TcpListener::bind(SocketAddr("127.0.0.1", 0));
  JoinHandle<std::vector<std::string>> client = spawn(talk(l.local_addr(), n));
  auto conn = co_await l.accept();
  size_t answered = co_await shout(std::move(conn.first));
  EXPECT_EQ(answered, static_cast<size_t>(n));
  co_return co_await client;
}

TEST(ByteStreamCoroutineTest, LineProtocolOverSplitTcpStream) {
  const int n = 20000; // more than the socket buffers hold
  Runtime rt(Runtime::Options{2});
  std::vector<std::string> got = rt.block_on(line_protocol(n));
  ASSERT_EQ(got.size(), static_cast<size_t>(n));
  EXPECT_EQ(got[0], "LINE 0\n");
  EXPECT_EQ(got[n - 2], "LINE " + std::to_string(n - 2) + "\n");
  EXPECT_EQ(got[n - 1], "LINE " + std::to_string(n - 1));
}

Async<uint64_t> pipe_into_socket(std::string text) {
  auto [rx, tx] = pipe::pipe();
  auto [a, b] = UnixStream::pair();
  JoinHandle<void> writer =
      spawn([](pipe::Sender tx, std::string text) -> Async<void> {
        co_await io::write_all(tx, text);
      }(std::move(tx), text)); // the sender closes when the task ends: EOF
  uint64_t n = co_await io::copy(rx, a);
  co_await io::shutdown(a);
  co_await writer;
  std::string got;
  co_await io::read_to_string(b, got);
  EXPECT_EQ(got, text);
  co_return n;
}

TEST(ByteStreamCoroutineTest, CopyPipeIntoSocket) {
  LocalExecutor ex;
  std::string text(50000, 'p'); // fits the socket buffer: read after the copy
  EXPECT_EQ(ex.block_on(pipe_into_socket(text)), text.size());
}

Async<std::string> short_read() {
  auto [a, b] = UnixStream::pair();
  co_await io::write_all(a, "abc");
  a.shutdown();
  char buf[8];
  try {
    co_await io::read_exact(b, buf, sizeof buf);
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code(), io::Errc::unexpected_eof);
    co_return std::string(buf, 3);
  }
  co_return "no error";
}

TEST(ByteStreamCoroutineTest, ReadExactThrowsAtEndOfStream) {
  EXPECT_EQ(block_on(short_read()), "abc");
}

} // namespace
