#include "core/telemetry/metrics/histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dragoman::telemetry {

Histogram::Histogram(std::vector<double> upperBounds)
    : m_bounds(std::move(upperBounds)), m_counts(std::make_unique<std::atomic<std::uint64_t>[]>(m_bounds.size() + 1)) {
  for (std::size_t i = 0; i <= m_bounds.size(); ++i)
    m_counts[i].store(0, std::memory_order_relaxed);
}

bool Histogram::observe(double value) {
  if (std::isnan(value))
    return false;
  // Prometheus buckets are "less than or equal": the first bound >= value.
  const auto it = std::lower_bound(m_bounds.begin(), m_bounds.end(), value);
  const auto index = static_cast<std::size_t>(it - m_bounds.begin());
  m_counts[index].fetch_add(1, std::memory_order_relaxed);
  m_sum.fetch_add(value, std::memory_order_relaxed);
  return true;
}

HistogramSnapshot Histogram::snapshot() const {
  HistogramSnapshot s;
  s.upperBounds = m_bounds;
  s.upperBounds.push_back(std::numeric_limits<double>::infinity());
  s.cumulativeCounts.reserve(s.upperBounds.size());
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= m_bounds.size(); ++i) {
    running += m_counts[i].load(std::memory_order_relaxed);
    s.cumulativeCounts.push_back(running);
  }
  s.count = running;
  s.sum = sum();
  return s;
}

std::uint64_t Histogram::count() const {
  std::uint64_t total = 0;
  for (std::size_t i = 0; i <= m_bounds.size(); ++i)
    total += m_counts[i].load(std::memory_order_relaxed);
  return total;
}

std::vector<double> Histogram::linearBuckets(double start, double width, int count) {
  std::vector<double> bounds;
  bounds.reserve(std::size_t(std::max(count, 0)));
  for (int i = 0; i < count; ++i)
    bounds.push_back(start + width * i);
  return bounds;
}

std::vector<double> Histogram::exponentialBuckets(double start, double factor, int count) {
  std::vector<double> bounds;
  bounds.reserve(std::size_t(std::max(count, 0)));
  double bound = start;
  for (int i = 0; i < count; ++i, bound *= factor)
    bounds.push_back(bound);
  return bounds;
}

std::vector<double> Histogram::latencySecondsBuckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0};
}

} // namespace dragoman::telemetry
