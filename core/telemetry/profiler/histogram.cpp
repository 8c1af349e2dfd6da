#include "core/telemetry/profiler/histogram.h"

#include <algorithm>
#include <cmath>

namespace dragoman::telemetry {

int LatencyHistogram::bucketOf(double ms) {
  const double us = ms * 1000.0;
  if (!(us > 0.0))
    return 0;
  if (us < 1.0) // linear below 1 µs
    return std::min(static_cast<int>(us * kSubBuckets), kSubBuckets - 1);
  int exponent = 0;
  const double mantissa = std::frexp(us, &exponent); // us = mantissa * 2^exponent, mantissa in [0.5, 1)
  const int octave = exponent - 1;                   // us in [2^octave, 2^(octave + 1))
  if (octave >= kOctaves)
    return kBucketCount - 1;
  const int sub = std::min(static_cast<int>((mantissa * 2.0 - 1.0) * kSubBuckets), kSubBuckets - 1);
  return (octave + 1) * kSubBuckets + sub;
}

double LatencyHistogram::bucketValue(int bucket) {
  bucket = std::clamp(bucket, 0, kBucketCount - 1);
  const int octave = bucket / kSubBuckets - 1;
  const int sub = bucket % kSubBuckets;
  double lowUs = 0.0;
  double widthUs = 1.0 / kSubBuckets;
  if (octave < 0) {
    lowUs = sub * widthUs;
  } else {
    const double base = std::ldexp(1.0, octave);
    widthUs = base / kSubBuckets;
    lowUs = base + sub * widthUs;
  }
  return (lowUs + widthUs / 2.0) / 1000.0;
}

void LatencyHistogram::record(double ms) {
  if (!std::isfinite(ms))
    return;
  ms = std::max(ms, 0.0);
  ++m_buckets[static_cast<std::size_t>(bucketOf(ms))];
  ++m_count;
  m_total += ms;
  m_min = std::min(m_min, ms);
  m_max = std::max(m_max, ms);
}

void LatencyHistogram::merge(const LatencyHistogram &other) {
  if (other.m_count == 0)
    return;
  for (std::size_t i = 0; i < m_buckets.size(); ++i)
    m_buckets[i] += other.m_buckets[i];
  m_count += other.m_count;
  m_total += other.m_total;
  m_min = std::min(m_min, other.m_min);
  m_max = std::max(m_max, other.m_max);
}

void LatencyHistogram::reset() { *this = LatencyHistogram(); }

double LatencyHistogram::percentile(double p) const {
  if (m_count == 0)
    return 0.0;
  p = std::isnan(p) ? 0.0 : std::clamp(p, 0.0, 100.0);
  if (p <= 0.0)
    return m_min;
  if (p >= 100.0)
    return m_max;
  // Nearest rank: the smallest sample with at least p % of the samples at or below it.
  const auto n = static_cast<double>(m_count);
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(p / 100.0 * n - 1e-9)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < m_buckets.size(); ++i) {
    seen += m_buckets[i];
    if (seen >= rank)
      return std::clamp(bucketValue(static_cast<int>(i)), m_min, m_max);
  }
  return m_max;
}

} // namespace dragoman::telemetry
