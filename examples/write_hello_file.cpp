// write_hello_file_async from the seed: create a file, write "hello world!"
// to it. Two awaits on two hand-written leaf futures, each of which runs
// its blocking system call on a helper thread and wakes the task when done
// (a miniature of a blocking pool).
//
//   hoist examples/write_hello_file.cpp -o whf.cpp
//   g++ -std=c++17 -I runtime/include whf.cpp build/runtime/libhoist_runtime.a -pthread
#include <hoist/hoist.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

/// A result or an errno, like io::Result.
struct IoResult {
  int value = -1;
  int error = 0;
  bool ok() const { return error == 0; }
};

/// Runs `op` on a helper thread once; ready when it has finished. The
/// shared state outlives the future if the future is dropped early.
template <class Op> class BlockingFuture {
  struct Shared {
    std::mutex mutex;
    bool done = false;
    IoResult result;
    std::optional<hoist::Waker> waker;
  };

public:
  using Output = IoResult;
  explicit BlockingFuture(Op op) : op_(std::move(op)) {}

  hoist::Poll<IoResult> poll(hoist::Context &cx) {
    if (!shared_) {
      shared_ = std::make_shared<Shared>();
      shared_->waker = cx.waker();
      std::thread([shared = shared_, op = op_] {
        IoResult r = op();
        std::optional<hoist::Waker> waker;
        {
          std::lock_guard<std::mutex> lock(shared->mutex);
          shared->done = true;
          shared->result = r;
          waker.swap(shared->waker);
        }
        if (waker)
          waker->wake();
      }).detach();
      return hoist::pending;
    }
    std::lock_guard<std::mutex> lock(shared_->mutex);
    if (!shared_->done) {
      shared_->waker = cx.waker(); // the task may have moved to another waker
      return hoist::pending;
    }
    return hoist::ready(shared_->result);
  }

private:
  Op op_;
  std::shared_ptr<Shared> shared_;
};

template <class Op> BlockingFuture<Op> blocking(Op op) {
  return BlockingFuture<Op>(std::move(op));
}

/// fs::File::create(name)
auto create_file(std::string name) {
  return blocking([name] {
    int fd = ::open(name.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
    return fd >= 0 ? IoResult{fd, 0} : IoResult{-1, errno};
  });
}

/// file.write_all(data)
auto write_all(int fd, std::string data) {
  return blocking([fd, data] {
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(fd, data.data() + done, data.size() - done);
      if (n < 0)
        return IoResult{-1, errno};
      done += size_t(n);
    }
    ::close(fd);
    return IoResult{int(done), 0};
  });
}

hoist::Async<IoResult> write_hello_file_async(std::string name) {
  IoResult file = co_await create_file(name);
  if (!file.ok())
    co_return file;
  co_return co_await write_all(file.value, "hello world!");
}

int main(int argc, char **argv) {
  std::string path = argc > 1 ? argv[1] : "hello.txt";
  IoResult r = hoist::block_on(write_hello_file_async(path));
  if (!r.ok()) {
    std::printf("error: %s\n", std::strerror(r.error));
    return 1;
  }
  std::printf("wrote %d bytes to %s\n", r.value, path.c_str());
}
