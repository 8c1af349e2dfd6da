#include "core/inference/torch/runtime/timing.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace dragoman::torchrt {

Timing timed(int runs, const std::function<void()> &f) {
  using Clock = std::chrono::steady_clock;
  f();
  std::vector<double> v;
  for (int i = 0; i < std::max(1, runs); ++i) {
    const auto t0 = Clock::now();
    f();
    v.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(v.begin(), v.end());
  return Timing{v[v.size() / 2], v.front(), v.back()};
}

} // namespace dragoman::torchrt
