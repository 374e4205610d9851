//===- kvstore.cpp - A key-value server and its clients over TCP ----------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A small key-value server and three clients in one process, talking a line
/// protocol over TCP on 127.0.0.1 (an ephemeral port):
///
///   SET <key> <value>   ->  OK
///   GET <key>           ->  <value>, or NIL
///   DEL <key>           ->  DELETED, or NOT_FOUND
///   QUIT                ->  BYE, and the server closes the connection
///   SHUTDOWN            ->  BYE, and the server stops accepting and exits
///
/// The store is a std::map behind a hoist::Mutex; every change is also sent,
/// while the lock is held, to a journal task over an mpsc channel. The
/// clients run concurrently (hoist::join); when they are done a last
/// connection sends SHUTDOWN, which notifies a hoist::Notify; the server
/// awaits it in a hoist::select against its accept loop, which it thereby
/// cancels, so the whole program ends on its own. The output is
/// deterministic: everything is printed once all tasks have finished.
///
/// It builds two ways from this one source: as C++20 coroutines (clang++-19
/// -std=c++20, the reference backend) and through `hoist` (see
/// CMakeLists.txt, which uses find_package(Hoist)).
///
//===----------------------------------------------------------------------===//
#include <hoist/hoist.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

/// Reads '\n'-terminated lines from a stream, buffering what comes after.
class LineReader {
public:
  explicit LineReader(hoist::TcpStream &stream) : stream_(stream) {}

  /// The next line, without its '\n'; nullopt at the end of the stream.
  hoist::Async<std::optional<std::string>> read_line() {
    for (;;) {
      auto newline = buffer_.find('\n');
      if (newline != std::string::npos) {
        auto line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        co_return line;
      }
      char chunk[256];
      auto n = co_await stream_.read(chunk, sizeof chunk);
      if (n == 0)
        co_return std::nullopt;
      buffer_.append(chunk, n);
    }
  }

private:
  hoist::TcpStream &stream_;
  std::string buffer_;
};

/// A request line split into its words: "SET key some value" has the verb
/// "SET", the key "key" and the value "some value".
struct Request {
  std::string verb, key, value;
};

static Request parse(const std::string &line) {
  auto first = line.find(' ');
  if (first == std::string::npos)
    return {line, "", ""};
  auto second = line.find(' ', first + 1);
  if (second == std::string::npos)
    return {line.substr(0, first), line.substr(first + 1), ""};
  return {line.substr(0, first), line.substr(first + 1, second - first - 1),
          line.substr(second + 1)};
}

/// The server's state: the map, behind an async Mutex, and the journal.
class Store {
public:
  explicit Store(hoist::mpsc::Sender<std::string> journal)
      : journal_(std::move(journal)) {}

  /// Runs one command and returns its reply.
  hoist::Async<std::string> execute(std::string line) {
    auto [verb, key, value] = parse(line);
    if (verb == "SET") {
      auto guard = co_await map_.lock();
      // Journal the change before applying it, with the lock held, so the
      // journal lists changes in the order the map saw them.
      co_await journal_.send("SET " + key + " " + value);
      (*guard)[key] = value;
      co_return "OK";
    }
    if (verb == "GET") {
      auto guard = co_await map_.lock();
      auto it = guard->find(key);
      co_return it == guard->end() ? "NIL" : it->second;
    }
    if (verb == "DEL") {
      auto guard = co_await map_.lock();
      if (guard->erase(key) == 0)
        co_return "NOT_FOUND";
      co_await journal_.send("DEL " + key);
      co_return "DELETED";
    }
    co_return "ERR unknown command '" + verb + "'";
  }

  /// A copy of the whole map.
  hoist::Async<std::map<std::string, std::string>> snapshot() {
    auto guard = co_await map_.lock();
    co_return *guard;
  }

private:
  hoist::Mutex<std::map<std::string, std::string>> map_;
  hoist::mpsc::Sender<std::string> journal_;
};

/// Serves one connection until QUIT, SHUTDOWN, the end of the stream, or
/// ten seconds without a request.
hoist::Async<void> serve_connection(Store &store, hoist::Notify &stop,
                                    hoist::TcpStream stream) {
  auto reader = LineReader(stream);
  for (;;) {
    std::optional<std::string> line;
    try {
      line = co_await hoist::timeout(10s, reader.read_line());
    } catch (const hoist::Elapsed &) {
      co_return; // an idle client: hang up
    }
    if (!line)
      co_return;
    auto quit = *line == "QUIT" || *line == "SHUTDOWN";
    auto reply = quit ? std::string("BYE") : co_await store.execute(*line);
    reply += '\n';
    co_await stream.write_all(reply.data(), reply.size());
    if (*line == "SHUTDOWN")
      stop.notify_one();
    if (quit)
      co_return;
  }
}

/// What the server reports when it stops.
struct ServerReport {
  size_t connections = 0;
  std::map<std::string, std::string> contents;
};

/// Accepts connections forever, one task each (kept in `connections`).
hoist::Async<void> accept_loop(hoist::TcpListener &listener, Store &store,
                               hoist::Notify &stop,
                               std::vector<hoist::JoinHandle<void>> &connections) {
  for (;;) {
    auto [stream, peer] = co_await listener.accept();
    stream.set_nodelay(true);
    connections.push_back(hoist::spawn(serve_connection(store, stop, std::move(stream))));
  }
}

/// Serves until a client sends SHUTDOWN: the accept loop is cancelled
/// (destroyed) when `stop` is notified. Then waits for the connections still
/// open and reports.
hoist::Async<ServerReport> serve(hoist::TcpListener listener,
                                 hoist::mpsc::Sender<std::string> journal) {
  Store store(std::move(journal));
  hoist::Notify stop;
  std::vector<hoist::JoinHandle<void>> connections;
  co_await hoist::select(accept_loop(listener, store, stop, connections), stop.notified());
  for (auto &connection : connections)
    co_await connection;
  co_return ServerReport{connections.size(), co_await store.snapshot()};
}

/// Receives every change until all senders are gone; returns how many.
hoist::Async<size_t> keep_journal(hoist::mpsc::Receiver<std::string> changes) {
  size_t count = 0;
  while (auto change = co_await changes.recv())
    ++count;
  co_return count;
}

/// Connects, sends each command of `script` and collects the replies, as
/// "<name>: <command> -> <reply>" lines.
hoist::Async<std::vector<std::string>>
run_client(hoist::SocketAddr addr, std::string name, std::vector<std::string> script) {
  auto stream = co_await hoist::TcpStream::connect(addr);
  auto reader = LineReader(stream);
  std::vector<std::string> transcript;
  for (const auto &command : script) {
    auto request = command + "\n";
    co_await stream.write_all(request.data(), request.size());
    auto reply = co_await hoist::timeout(5s, reader.read_line());
    transcript.push_back(name + ": " + command + " -> " + reply.value_or("<closed>"));
  }
  co_return transcript;
}

/// Runs three clients at once, then tells the server to shut down.
hoist::Async<std::vector<std::string>> run_clients(hoist::SocketAddr addr) {
  auto [alice, bob, carol] = co_await hoist::join(
      run_client(addr, "alice", {"SET color blue", "GET color", "SET color green",
                                 "GET color", "QUIT"}),
      run_client(addr, "bob", {"SET motto keep it simple", "GET motto", "DEL motto",
                               "DEL motto", "GET motto", "QUIT"}),
      run_client(addr, "carol", {"GET nothing", "SET size 42", "FLY away", "QUIT"}));
  auto admin = co_await run_client(addr, "admin", {"SHUTDOWN"});
  std::vector<std::string> lines;
  for (const auto *transcript : {&alice, &bob, &carol, &admin})
    lines.insert(lines.end(), transcript->begin(), transcript->end());
  co_return lines;
}

/// The server, its journal and the clients, side by side in one task.
hoist::Async<int> run(hoist::TcpListener listener) {
  auto addr = listener.local_addr();
  auto [journal_tx, journal_rx] = hoist::mpsc::channel<std::string>(4);
  auto [report, changes, lines] =
      co_await hoist::join(serve(std::move(listener), std::move(journal_tx)),
                           keep_journal(std::move(journal_rx)), run_clients(addr));
  for (const auto &line : lines)
    std::printf("%s\n", line.c_str());
  std::printf("server: %zu connections, %zu changes journaled\n", report.connections,
              changes);
  for (const auto &[key, value] : report.contents)
    std::printf("store: %s = %s\n", key.c_str(), value.c_str());
  co_return lines.size() == 16 && changes == 5 ? 0 : 1;
}

int main() {
  hoist::Runtime rt;
  auto listener = hoist::TcpListener::bind(hoist::SocketAddr("127.0.0.1", 0));
  return rt.block_on(run(std::move(listener)));
}
