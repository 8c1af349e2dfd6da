#pragma once
// A monotonically increasing value (events, seconds of audio). Updates are lock-free: pipeline
// worker threads call inc() on a reference they keep; MetricsRegistry owns the instance.

#include <atomic>
#include <cmath>

namespace dragoman::telemetry {

class Counter {
public:
  Counter() = default;
  Counter(const Counter &) = delete;
  Counter &operator=(const Counter &) = delete;

  // Adds amount. A negative or NaN amount would break monotonicity: it is ignored and false is
  // returned.
  bool inc(double amount = 1.0) {
    if (!(amount >= 0.0))
      return false;
    m_value.fetch_add(amount, std::memory_order_relaxed);
    return true;
  }
  double value() const { return m_value.load(std::memory_order_relaxed); }

private:
  std::atomic<double> m_value{0.0};
};

} // namespace dragoman::telemetry
