#pragma once
// A distribution of observations (latencies, sizes) in fixed buckets, as Prometheus histograms
// are: cumulative bucket counts up to each upper bound and +Inf, a sum and a count. observe() is
// lock-free; MetricsRegistry owns the instance and validates the bounds.

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace dragoman::telemetry {

struct HistogramSnapshot {
  std::vector<double> upperBounds;             // ascending, the last one +Inf
  std::vector<std::uint64_t> cumulativeCounts; // observations <= upperBounds[i]
  double sum = 0.0;
  std::uint64_t count = 0; // == cumulativeCounts.back()
};

class Histogram {
public:
  // upperBounds: finite and strictly ascending (see MetricsRegistry::validateBuckets); the +Inf
  // bucket is implicit.
  explicit Histogram(std::vector<double> upperBounds);
  Histogram(const Histogram &) = delete;
  Histogram &operator=(const Histogram &) = delete;

  // Counts value in the first bucket whose upper bound is >= value. NaN is ignored (false).
  bool observe(double value);

  const std::vector<double> &upperBounds() const { return m_bounds; }
  // A self-consistent copy: count is the sum of the buckets read. Under concurrent observe()
  // the sum may include an observation the buckets do not yet show, or the reverse.
  HistogramSnapshot snapshot() const;
  std::uint64_t count() const;
  double sum() const { return m_sum.load(std::memory_order_relaxed); }

  // count bounds start, start + width, ...
  static std::vector<double> linearBuckets(double start, double width, int count);
  // count bounds start, start * factor, ... (start > 0, factor > 1)
  static std::vector<double> exponentialBuckets(double start, double factor, int count);
  // Seconds from 5 ms to 30 s: pipeline stage latencies and model loads.
  static std::vector<double> latencySecondsBuckets();

private:
  std::vector<double> m_bounds;
  std::unique_ptr<std::atomic<std::uint64_t>[]> m_counts; // per bucket, m_bounds.size() + 1 (+Inf)
  std::atomic<double> m_sum{0.0};
};

} // namespace dragoman::telemetry
