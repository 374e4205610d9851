// Byte streams, files and child processes from async functions, written as
// users write them: a line protocol over a split TCP stream with BufReader
// and BufWriter, a file written, listed and read back, a program's output
// read line by line, stdin fed to `sort` while another task reads its
// output, and a copy from a pipe into a socket.
// RUN: %e2e %s | FileCheck %s
#include <hoist/hoist.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

using namespace std::chrono_literals;

// The server: one line in, the line upper-cased out, until "quit".
hoist::Async<int> serve_lines(hoist::TcpStream conn) {
  auto [rd, wr] = hoist::io::split(std::move(conn));
  hoist::io::BufReader reader(std::move(rd));
  hoist::io::BufWriter writer(std::move(wr));
  int served = 0;
  std::string line;
  while (co_await reader.read_line(line) > 0) {
    if (line == "quit\n")
      break;
    for (char &c : line)
      c = char(std::toupper(static_cast<unsigned char>(c)));
    co_await writer.write_all(line);
    co_await writer.flush();
    ++served;
    line.clear();
  }
  co_await writer.shutdown();
  co_return served;
}

hoist::Async<void> line_protocol() {
  auto listener = hoist::TcpListener::bind(hoist::SocketAddr("127.0.0.1", 0));
  // Named: a C++20 coroutine lambda reads its captures through the closure,
  // which must outlive the task (the lowered future holds copies).
  auto accept_one = [&]() -> hoist::Async<int> {
    auto [conn, peer] = co_await listener.accept();
    (void)peer;
    co_return co_await serve_lines(std::move(conn));
  };
  auto server = hoist::spawn(accept_one());
  auto client = co_await hoist::TcpStream::connect(listener.local_addr());
  hoist::io::BufReader in(client);
  for (const char *word : {"alpha", "beta", "gamma"}) {
    std::string msg = std::string(word) + "\n";
    co_await hoist::io::write_all(client, msg);
    std::string reply;
    co_await in.read_line(reply);
    std::printf("reply: %s", reply.c_str());
  }
  co_await hoist::io::write_all(client, std::string_view("quit\n"));
  int served = co_await server;
  std::printf("served %d lines\n", served);
}

hoist::Async<void> files(std::filesystem::path dir) {
  co_await hoist::fs::create_dir_all(dir / "sub");
  co_await hoist::fs::write(dir / "sub" / "a.txt", std::string("first\nsecond\n"));
  auto meta = co_await hoist::fs::metadata(dir / "sub" / "a.txt");
  std::printf("size %zu, file %d\n", size_t(meta.len()), int(meta.is_file()));
  auto entries = co_await hoist::fs::read_dir(dir / "sub");
  for (const auto &e : entries)
    std::printf("entry %s\n", e.file_name().c_str());
  std::string text = co_await hoist::fs::read_to_string(dir / "sub" / "a.txt");
  std::printf("text %zu bytes\n", text.size());
  try {
    co_await hoist::fs::read_to_string(dir / "missing.txt");
  } catch (const std::system_error &e) {
    std::printf("missing: %s\n", std::string(e.what()).find("missing.txt") != std::string::npos ? "named" : "unnamed");
  }
  co_await hoist::fs::remove_dir_all(dir);
}

hoist::Async<void> programs() {
  auto out = co_await hoist::process::Command("printf").arg("one\\ntwo\\n").output();
  std::printf("printf: %s, %zu bytes\n", out.status.success() ? "ok" : "failed", out.out.size());

  hoist::process::Command sort("sort");
  sort.set_stdin(hoist::process::Stdio::piped()).set_stdout(hoist::process::Stdio::piped());
  auto child = sort.spawn();
  auto input = *child.take_stdin();
  auto feeder = hoist::spawn([](hoist::process::ChildStdin in) -> hoist::Async<void> {
    for (const char *w : {"pear\n", "apple\n", "fig\n"})
      co_await hoist::io::write_all(in, std::string_view(w));
  }(std::move(input)));
  hoist::io::BufReader lines(*child.take_stdout());
  std::string line;
  while (co_await lines.read_line(line) > 0) {
    std::printf("sorted: %s", line.c_str());
    line.clear();
  }
  co_await feeder;
  auto status = co_await child.wait();
  std::printf("sort exited %d\n", status.code().value_or(-1));

  auto failed = co_await hoist::process::Command("sh").arg("-c").arg("exit 3").status();
  std::printf("sh exited %d\n", failed.code().value_or(-1));
}

hoist::Async<void> pipe_into_socket() {
  auto listener = hoist::TcpListener::bind(hoist::SocketAddr("127.0.0.1", 0));
  auto [rx, tx] = hoist::pipe::pipe();
  auto writer = hoist::spawn([](hoist::pipe::Sender s) -> hoist::Async<void> {
    std::string chunk(1000, 'x');
    for (int i = 0; i < 100; ++i)
      co_await hoist::io::write_all(s, chunk);
  }(std::move(tx)));
  auto client = co_await hoist::TcpStream::connect(listener.local_addr());
  auto [conn, peer] = co_await listener.accept();
  (void)peer;
  auto copier = hoist::spawn([](hoist::pipe::Receiver r, hoist::TcpStream c) -> hoist::Async<uint64_t> {
    uint64_t n = co_await hoist::io::copy(r, c);
    co_await hoist::io::shutdown(c);
    co_return n;
  }(std::move(rx), std::move(conn)));
  std::vector<char> got;
  co_await hoist::io::read_to_end(client, got);
  co_await writer;
  uint64_t copied = co_await copier;
  std::printf("copied %llu, received %zu\n", (unsigned long long)copied, got.size());
}

int main() {
  hoist::Runtime rt;
  auto dir = std::filesystem::temp_directory_path() /
             ("hoist-streams-" + std::to_string(::getpid()));
  rt.block_on([&]() -> hoist::Async<void> {
    co_await line_protocol();
    co_await files(dir);
    co_await programs();
    co_await pipe_into_socket();
  }());
}

// CHECK: reply: ALPHA
// CHECK-NEXT: reply: BETA
// CHECK-NEXT: reply: GAMMA
// CHECK-NEXT: served 3 lines
// CHECK-NEXT: size 13, file 1
// CHECK-NEXT: entry a.txt
// CHECK-NEXT: text 13 bytes
// CHECK-NEXT: missing: named
// CHECK-NEXT: printf: ok, 8 bytes
// CHECK-NEXT: sorted: apple
// CHECK-NEXT: sorted: fig
// CHECK-NEXT: sorted: pear
// CHECK-NEXT: sort exited 0
// CHECK-NEXT: sh exited 3
// CHECK-NEXT: copied 100000, received 100000
