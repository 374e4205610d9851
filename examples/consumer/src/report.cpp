// The definition of report (declared in consumer/jobs.hpp).
#include <consumer/jobs.hpp>

#include <string>
#include <vector>

namespace consumer {

hoist::Async<std::string> report(std::vector<int> results) {
  std::string text = std::to_string(results.size()) + " jobs\n";
  for (int r : results) {
    co_await hoist::yield_now();
    text += "job " + std::to_string(r / 1000) + ": " + std::to_string(r % 1000) + "\n";
  }
  co_return text;
}

} // namespace consumer
