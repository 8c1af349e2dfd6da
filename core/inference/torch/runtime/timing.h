#pragma once
// Repeated timings for the benchmarks: median, fastest and slowest of a number of runs.
// No torch in this header.

#include <functional>

namespace dragoman::torchrt {

struct Timing {
  double median = 0, min = 0, max = 0; // milliseconds
};

// One warm-up call, then `runs` timed calls (at least one).
Timing timed(int runs, const std::function<void()> &f);
// The same, each call timed from its start until it calls `mark` (first call; until it returns if
// it never does): how soon a streaming call makes its first piece.
Timing timedUntilMark(int runs, const std::function<void(const std::function<void()> &mark)> &f);

} // namespace dragoman::torchrt
