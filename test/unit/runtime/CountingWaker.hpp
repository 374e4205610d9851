//===- CountingWaker.hpp - A RawWakerVTable that counts ---------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Test helper: a waker whose vtable counts every clone, wake, wake_by_ref and
/// drop, so that tests can check the waker contract (each clone is matched by
/// exactly one drop or wake) and count wake-ups without an executor.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TEST_COUNTING_WAKER_HPP
#define HOIST_TEST_COUNTING_WAKER_HPP

#include "hoist/core/waker.hpp"

#include <atomic>

namespace hoist::test {

struct WakerCounts {
  std::atomic<int> clones{0};
  std::atomic<int> wakes{0};
  std::atomic<int> wakes_by_ref{0};
  std::atomic<int> drops{0};

  /// Handles alive: the original plus clones, minus drops and wakes.
  int live() const { return 1 + clones - drops - wakes; }
  int total_wakes() const { return wakes + wakes_by_ref; }
};

inline const RawWakerVTable counting_vtable{
    [](const void *data) {
      static_cast<WakerCounts *>(const_cast<void *>(data))->clones++;
      return RawWaker{data, &counting_vtable};
    },
    [](const void *data) {
      static_cast<WakerCounts *>(const_cast<void *>(data))->wakes++;
    },
    [](const void *data) {
      static_cast<WakerCounts *>(const_cast<void *>(data))->wakes_by_ref++;
    },
    [](const void *data) {
      static_cast<WakerCounts *>(const_cast<void *>(data))->drops++;
    },
};

/// A waker over `counts`; it owns one handle (the "original").
inline Waker counting_waker(WakerCounts &counts) {
  return Waker::from_raw(RawWaker{&counts, &counting_vtable});
}

} // namespace hoist::test

#endif // HOIST_TEST_COUNTING_WAKER_HPP
