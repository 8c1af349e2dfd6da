#pragma once
// A value that goes up and down (queue depth, bytes in use). Lock-free updates from any thread;
// MetricsRegistry owns the instance.

#include <atomic>

namespace dragoman::telemetry {

class Gauge {
public:
  Gauge() = default;
  Gauge(const Gauge &) = delete;
  Gauge &operator=(const Gauge &) = delete;

  void set(double value) { m_value.store(value, std::memory_order_relaxed); }
  void add(double delta) { m_value.fetch_add(delta, std::memory_order_relaxed); }
  double value() const { return m_value.load(std::memory_order_relaxed); }

private:
  std::atomic<double> m_value{0.0};
};

} // namespace dragoman::telemetry
