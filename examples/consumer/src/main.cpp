// Runs three jobs, retrying the ones that fail, and prints the report:
//   3 jobs
//   job 1: 20
//   job 2: 30
//   job 3: 40
//   total: 6090
#include <consumer/jobs.hpp>
#include <consumer/retry.hpp>

#include <cstdio>
#include <string>
#include <vector>

static_assert(sizeof(CONSUMER_NAME) == sizeof("hoist consumer"),
              "a definition with a space and quotes, from CMakeLists.txt");

/// Makes the future of one attempt at a job.
struct Attempt {
  consumer::Job job;
  hoist::Async<int> operator()(int attempt) const {
    return consumer::run_job(job, attempt);
  }
};

hoist::Async<int> run_all(std::vector<consumer::Job> jobs) {
  std::vector<int> results(jobs.size());
  int total = 0;
  for (size_t i = 0; i < jobs.size(); ++i) {
    results[i] = co_await consumer::retry(Attempt{jobs[i]}, 3);
    total += results[i];
  }
  std::string text = co_await consumer::report(std::move(results));
  std::fputs(text.c_str(), stdout);
  co_return total;
}

int main() {
  int total = hoist::block_on(run_all({{1, 2}, {2, 3}, {3, 4}}));
  std::printf("total: %d\n", total);
  return total == 6090 ? 0 : 1;
}
