// The jobs this program runs: async functions declared here and defined in
// src/jobs.cpp and src/report.cpp (other translation units), so callers see
// hoist::Async<T>, the type-erased future.
#pragma once

#include <hoist/hoist.hpp>

#include <string>
#include <vector>

namespace consumer {

struct Job {
  int id;
  int cost;
};

/// Runs one job: its cost in turns, yielding to the executor between turns.
/// Fails (returns -1) on its first attempt when the id is odd.
hoist::Async<int> run_job(Job job, int attempt);

/// One line per result.
hoist::Async<std::string> report(std::vector<int> results);

} // namespace consumer
