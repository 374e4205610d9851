//===- http_server.cpp - An HTTP/1.1 server, written as async functions ---===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A small HTTP/1.1 server in Hoist's input language, the workload of the
/// `http` benchmark (bench/http/), where `wrk` loads it side by side with the
/// same server written with hyper on tokio. Each connection is a task
/// (hoist::spawn) running Connection::run(), an async member function that
/// reads into one buffer, answers every complete request found there, and
/// writes all the answers of one read in one write (pipelining: the answers
/// go out in the order of the requests). It builds two ways from this one
/// source:
///
///   clang++-19 -std=c++20 http_server.cpp ...   (the reference backend)
///   hoist http_server.cpp -o lowered.cpp; c++ -std=c++17 lowered.cpp ...
///
/// Routes:
///
///   GET /plaintext   200, text/plain, "Hello, World!"
///   GET /json        200, application/json, {"message":"Hello, World!"}
///   anything else    404 (405 for another method on the two routes)
///
/// Connections are kept alive (HTTP/1.1's default; HTTP/1.0 only with
/// `Connection: keep-alive`) until the client sends `Connection: close`,
/// closes its side, or sends something that is not HTTP (answered with 400,
/// then closed). Responses carry a Date header, formatted at most once a
/// second per thread, as hyper's is. Request bodies (Content-Length) are
/// read and ignored; chunked request bodies are refused with 501.
///
/// Usage: http_server [--port N] [--threads N]
///
///   --port N      listen on 127.0.0.1:N (default 8080; 0 picks one)
///   --threads N   N = 1: one thread, a LocalExecutor (the default);
///                 N > 1: a Runtime with N worker threads
///
/// The server prints the port it listens on as its first line. SIGINT
/// (Ctrl-C) or SIGTERM stops it cleanly: it stops accepting, the executor
/// cancels the connections still open, and it exits with status 0.
///
//===----------------------------------------------------------------------===//
#include <hoist/hoist.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <utility>
#include <vector>

//===----------------------------------------------------------------------===//
// Requests
//===----------------------------------------------------------------------===//

/// One parsed request head. The views point into the connection's buffer
/// and are valid until the buffer is next written to.
struct Request {
  std::string_view method;
  std::string_view path;
  bool keep_alive = true;
  /// Bytes of the head plus the body (Content-Length), all in the buffer.
  size_t length = 0;
};

enum class ParseStatus { Complete, Incomplete, Invalid, Unsupported };

/// Compares ASCII strings, ignoring case (header names and the values of
/// Connection and Transfer-Encoding are case-insensitive).
static bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = static_cast<char>(y - 'A' + 'a');
    if (x != y)
      return false;
  }
  return true;
}

static std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

/// Parses the request at the start of `in`: the request line, the headers up
/// to the blank line, and (by Content-Length) the body, which must all be in
/// `in` for Complete. Lines may end in CRLF or LF.
static ParseStatus parse_request(std::string_view in, Request &req) {
  size_t head_end = in.find("\r\n\r\n");
  size_t sep = 4;
  if (head_end == std::string_view::npos) {
    head_end = in.find("\n\n");
    sep = 2;
    if (head_end == std::string_view::npos)
      return ParseStatus::Incomplete;
  }
  std::string_view head = in.substr(0, head_end);
  size_t eol = head.find('\n');
  std::string_view line = trim(head.substr(0, eol));
  head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 1);

  // Request line: METHOD SP target SP HTTP/1.x
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos)
    return ParseStatus::Invalid;
  req.method = line.substr(0, sp1);
  req.path = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (version == "HTTP/1.1")
    req.keep_alive = true;
  else if (version == "HTTP/1.0")
    req.keep_alive = false;
  else
    return ParseStatus::Invalid;

  size_t body = 0;
  while (!head.empty()) {
    eol = head.find('\n');
    std::string_view header = head.substr(0, eol);
    head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 1);
    size_t colon = header.find(':');
    if (colon == std::string_view::npos)
      return ParseStatus::Invalid;
    std::string_view name = header.substr(0, colon);
    std::string_view value = trim(header.substr(colon + 1));
    if (iequals(name, "connection")) {
      if (iequals(value, "close"))
        req.keep_alive = false;
      else if (iequals(value, "keep-alive"))
        req.keep_alive = true;
    } else if (iequals(name, "content-length")) {
      body = 0;
      for (char c : value) {
        if (c < '0' || c > '9' || body > (size_t(1) << 40))
          return ParseStatus::Invalid;
        body = body * 10 + static_cast<size_t>(c - '0');
      }
    } else if (iequals(name, "transfer-encoding")) {
      return ParseStatus::Unsupported;
    }
  }
  req.length = head_end + sep + body;
  if (in.size() < req.length)
    return ParseStatus::Incomplete;
  return ParseStatus::Complete;
}

//===----------------------------------------------------------------------===//
// Responses
//===----------------------------------------------------------------------===//

/// The Date header's value (RFC 7231 IMF-fixdate), formatted again only when
/// the second changes: one cache per thread, as hyper keeps one.
static std::string_view http_date() {
  thread_local time_t cached_at = 0;
  thread_local char text[32];
  thread_local size_t len = 0;
  time_t now = std::time(nullptr);
  if (now != cached_at) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    len = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached_at = now;
  }
  return std::string_view(text, len);
}

/// Appends one complete response to `out`; the answer to a HEAD request
/// (`with_body` false) has the headers of the GET answer and no body.
static void append_response(std::string &out, std::string_view status,
                            std::string_view content_type, std::string_view body,
                            bool keep_alive, bool with_body = true) {
  char length[24];
  int n = std::snprintf(length, sizeof length, "%zu", body.size());
  out += "HTTP/1.1 ";
  out += status;
  out += "\r\nServer: hoist\r\nContent-Type: ";
  out += content_type;
  out += "\r\nContent-Length: ";
  out.append(length, static_cast<size_t>(n));
  out += "\r\nDate: ";
  out += http_date();
  out += keep_alive ? "\r\n\r\n" : "\r\nConnection: close\r\n\r\n";
  if (with_body)
    out += body;
}

/// The routes: appends the answer to `req` to `out`.
static void route(const Request &req, std::string &out) {
  bool head = req.method == "HEAD";
  bool get = req.method == "GET" || head;
  if (req.path == "/plaintext" && get)
    append_response(out, "200 OK", "text/plain", "Hello, World!", req.keep_alive, !head);
  else if (req.path == "/json" && get)
    append_response(out, "200 OK", "application/json",
                    "{\"message\":\"Hello, World!\"}", req.keep_alive, !head);
  else if (req.path == "/plaintext" || req.path == "/json")
    append_response(out, "405 Method Not Allowed", "text/plain", "", req.keep_alive);
  else
    append_response(out, "404 Not Found", "text/plain", "", req.keep_alive);
}

//===----------------------------------------------------------------------===//
// Connections
//===----------------------------------------------------------------------===//

/// One client connection: its socket, the bytes read and not yet answered,
/// and the answers not yet written.
class Connection {
public:
  explicit Connection(hoist::TcpStream stream) : stream_(std::move(stream)) {
    in_.resize(kBufferSize);
    out_.reserve(kBufferSize);
  }

  /// Serves requests until the client closes, asks to close, or errs.
  /// Returns the number of requests answered.
  hoist::Async<size_t> run() {
    size_t answered = 0;
    bool open = true;
    while (open) {
      if (end_ == in_.size()) {
        if (in_.size() >= kMaxRequest) {
          append_response(out_, "431 Request Header Fields Too Large", "text/plain", "",
                          false);
          co_await stream_.write_all(out_.data(), out_.size());
          break;
        }
        in_.resize(in_.size() * 2);
      }
      size_t n = co_await stream_.read(&in_[end_], in_.size() - end_);
      if (n == 0)
        break;
      end_ += n;
      open = answer_buffered(answered);
      if (!out_.empty()) {
        co_await stream_.write_all(out_.data(), out_.size());
        out_.clear();
      }
    }
    co_return answered;
  }

private:
  static constexpr size_t kBufferSize = 4096;
  static constexpr size_t kMaxRequest = 64 * 1024;

  /// Answers every complete request in the buffer, in order, into out_, and
  /// moves what is left of an incomplete one to the front. Returns false when
  /// the connection is to be closed after out_ is written.
  bool answer_buffered(size_t &answered) {
    size_t start = 0;
    bool open = true;
    while (open) {
      Request req;
      ParseStatus status =
          parse_request(std::string_view(in_.data() + start, end_ - start), req);
      if (status == ParseStatus::Incomplete)
        break;
      if (status == ParseStatus::Invalid) {
        append_response(out_, "400 Bad Request", "text/plain", "", false);
        return false;
      }
      if (status == ParseStatus::Unsupported) {
        append_response(out_, "501 Not Implemented", "text/plain", "", false);
        return false;
      }
      route(req, out_);
      ++answered;
      start += req.length;
      open = req.keep_alive;
    }
    if (start > 0) {
      std::memmove(&in_[0], in_.data() + start, end_ - start);
      end_ -= start;
    }
    return open;
  }

  hoist::TcpStream stream_;
  std::string in_;
  size_t end_ = 0;
  std::string out_;
};

/// A connection's task: serves it, reports an error if one ends it.
hoist::Async<size_t> serve_connection(hoist::TcpStream stream) {
  Connection conn(std::move(stream));
  size_t answered = 0;
  try {
    answered = co_await conn.run();
  } catch (const std::exception &e) {
    // A client that resets its connection (wrk does at the end of a run) is
    // not an error of the server's.
    if (std::strstr(e.what(), "reset") == nullptr &&
        std::strstr(e.what(), "Broken pipe") == nullptr)
      std::fprintf(stderr, "http_server: connection error: %s\n", e.what());
  }
  co_return answered;
}

/// Accepts connections forever and spawns a task for each.
hoist::Async<void> serve(hoist::TcpListener &listener) {
  for (;;) {
    auto conn = co_await listener.accept();
    conn.first.set_nodelay(true);
    // Dropping the handle detaches the task, which serves on by itself.
    auto task = hoist::spawn(serve_connection(std::move(conn.first)));
    (void)task;
  }
}

/// serve(), until SIGINT or SIGTERM: the signal wins the select, which drops
/// the accept loop (so no connection is accepted after it).
hoist::Async<int> serve_until_signal(hoist::TcpListener &listener,
                                     hoist::signal::CtrlC ctrl_c,
                                     hoist::signal::Signal &term) {
  auto done = co_await hoist::select(serve(listener), std::move(ctrl_c), term.recv());
  std::fprintf(stderr, "http_server: %s, shutting down\n",
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
  unsigned port = 8080;
  long threads = 1;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--port") && i + 1 < argc)
      port = static_cast<unsigned>(std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
      threads = std::atol(argv[++i]);
    else
      threads = 0;
    if (threads < 1) {
      std::fprintf(stderr, "usage: %s [--port N] [--threads N]\n", argv[0]);
      return 2;
    }
  }
  raise_fd_limit();
  auto run = [&](auto &executor) {
    hoist::TcpListener listener = hoist::TcpListener::bind(
        hoist::SocketAddr("127.0.0.1", static_cast<uint16_t>(port)), 4096);
    hoist::signal::CtrlC ctrl_c = hoist::signal::ctrl_c();
    hoist::signal::Signal term = hoist::signal::signal(SIGTERM);
    std::printf("%u\n", listener.local_addr().port());
    std::fflush(stdout);
    return executor.block_on(serve_until_signal(listener, std::move(ctrl_c), term));
  };
  if (threads == 1) {
    hoist::LocalExecutor executor;
    return run(executor);
  }
  hoist::Runtime::Options options;
  options.worker_threads = static_cast<size_t>(threads);
  hoist::Runtime executor(options);
  return run(executor);
}
