#include "core/inference/torch/runtime/timing.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <vector>

namespace dragoman::torchrt {

Timing timedUntilMark(int runs, const std::function<void(const std::function<void()> &mark)> &f) {
  using Clock = std::chrono::steady_clock;
  f([] {});
  std::vector<double> v;
  for (int i = 0; i < std::max(1, runs); ++i) {
    const auto t0 = Clock::now();
    std::optional<Clock::time_point> marked;
    f([&] {
      if (!marked)
        marked = Clock::now();
    });
    v.push_back(std::chrono::duration<double, std::milli>(marked.value_or(Clock::now()) - t0).count());
  }
  std::sort(v.begin(), v.end());
  return Timing{v[v.size() / 2], v.front(), v.back()};
}

Timing timed(int runs, const std::function<void()> &f) {
  return timedUntilMark(runs, [&](const std::function<void()> &) { f(); });
}

} // namespace dragoman::torchrt
