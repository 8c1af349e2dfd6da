#pragma once
// LatencyHistogram: a distribution of durations in a fixed array of log-linear buckets, as
// HdrHistogram does: each power of two of microseconds is cut into kSubBuckets equal buckets,
// so a bucket is at most 1/64 of its value wide and a percentile read from its midpoint is within
// about 0.8 % of a sample in it. Range: 0 to 2^32 µs (about 71 minutes) with one linear octave
// below 1 µs; longer values fall into the last bucket. Memory is fixed (about 17 KB) whatever
// the number of samples. count, total, min and max are exact; percentiles come from the buckets,
// clamped into [min, max]. Not thread-safe: the Profiler guards its histograms.

#include <array>
#include <cstdint>
#include <limits>

namespace dragoman::telemetry {

class LatencyHistogram {
public:
  static constexpr int kSubBucketBits = 6;
  static constexpr int kSubBuckets = 1 << kSubBucketBits; // per power of two
  static constexpr int kOctaves = 32;                     // 1 µs .. 2^32 µs
  static constexpr int kBucketCount = (kOctaves + 1) * kSubBuckets; // + the linear one below 1 µs
  // Largest relative distance between a sample and the value reported for its bucket.
  static constexpr double kRelativeError = 1.0 / (2.0 * kSubBuckets);

  // Adds one duration in milliseconds. NaN and infinities are ignored; negatives count as 0.
  void record(double ms);
  void merge(const LatencyHistogram &other);
  void reset();

  std::uint64_t count() const { return m_count; }
  double total() const { return m_total; } // ms
  double min() const { return m_count ? m_min : 0.0; }
  double max() const { return m_count ? m_max : 0.0; }
  double mean() const { return m_count ? m_total / static_cast<double>(m_count) : 0.0; }
  // Nearest-rank percentile, p in [0, 100] (clamped): p = 0 gives min(), p = 100 max(); 0 when empty.
  double percentile(double p) const;

  // The bucket a value (ms) falls into and the value reported for it (ms); for tests.
  static int bucketOf(double ms);
  static double bucketValue(int bucket);

private:
  std::array<std::uint64_t, kBucketCount> m_buckets{};
  std::uint64_t m_count = 0;
  double m_total = 0.0;
  double m_min = std::numeric_limits<double>::infinity();
  double m_max = 0.0;
};

} // namespace dragoman::telemetry
