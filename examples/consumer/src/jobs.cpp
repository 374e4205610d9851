// The definition of run_job (declared in consumer/jobs.hpp).
#include "config.hpp"

#include <consumer/jobs.hpp>

namespace consumer {

hoist::Async<int> run_job(Job job, int attempt) {
  if (job.id % 2 == 1 && attempt == 1)
    co_return -1;
  int done = 0;
  for (int turn = 0; turn < job.cost; ++turn) {
    co_await hoist::yield_now();
    done += config::kScale;
  }
  co_return job.id * 1000 + done;
}

} // namespace consumer
