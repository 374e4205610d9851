// An async function template defined in a header: hoist_target_sources lowers
// this header too (HEADERS), and the lowered copy comes first on the include
// path.
#pragma once

#include <hoist/hoist.hpp>

namespace consumer {

/// Awaits make(attempt) for attempt = 1, 2, ... until it gives a value that
/// is not negative, at most `tries` times; the last value otherwise.
template <class Make>
hoist::Async<int> retry(Make make, int tries) {
  int value = -1;
  for (int attempt = 1; attempt <= tries; ++attempt) {
    value = co_await make(attempt);
    if (value >= 0)
      co_return value;
  }
  co_return value;
}

} // namespace consumer
