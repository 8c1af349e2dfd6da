#include "core/server/ratelimiter.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace dragoman::server {

namespace {
// Refills are computed in floating point: 0.1 s at 10/s must count as a whole token.
constexpr double kEpsilon = 1e-9;
} // namespace

RateLimiter::RateLimiter(RateLimit limit, int maxKeys)
    : m_limit(limit), m_capacity(limit.burst > 0 ? limit.burst : std::max(1.0, limit.perSecond)),
      m_maxKeys(std::max(1, maxKeys)) {}

double RateLimiter::refilled(const Bucket &b, qint64 nowMs) const {
  const qint64 elapsed = std::max<qint64>(0, nowMs - b.updatedMs); // a clock stepping back refills nothing
  return std::min(m_capacity, b.tokens + double(elapsed) / 1000.0 * m_limit.perSecond);
}

RateLimiter::Decision RateLimiter::take(const QString &key, qint64 nowMs, double cost) {
  if (unlimited())
    return {true, 0, std::numeric_limits<double>::infinity()};
  cost = std::clamp(cost, 0.0, m_capacity);
  auto it = m_buckets.find(key);
  if (it == m_buckets.end()) {
    makeRoom(nowMs);
    it = m_buckets.insert(key, Bucket{m_capacity, nowMs});
  }
  Bucket &b = *it;
  b.tokens = refilled(b, nowMs);
  b.updatedMs = nowMs;
  if (b.tokens + kEpsilon >= cost) {
    b.tokens = std::max(0.0, b.tokens - cost);
    return {true, 0, b.tokens};
  }
  const double seconds = (cost - b.tokens) / m_limit.perSecond;
  return {false, std::max(1, int(std::ceil(seconds - kEpsilon))), b.tokens};
}

// Called before a new key is added when the table is full. Full buckets are dropped losslessly;
// if none is, the least recently used tenth goes at once, so that a flood of new keys costs one
// sweep per maxKeys/10 keys rather than one per key.
void RateLimiter::makeRoom(qint64 nowMs) {
  if (m_buckets.size() < m_maxKeys)
    return;
  for (auto it = m_buckets.begin(); it != m_buckets.end();)
    it = refilled(*it, nowMs) + kEpsilon >= m_capacity ? m_buckets.erase(it) : std::next(it);
  if (m_buckets.size() < m_maxKeys)
    return;
  std::vector<qint64> times;
  times.reserve(size_t(m_buckets.size()));
  for (const Bucket &b : std::as_const(m_buckets))
    times.push_back(b.updatedMs);
  const qsizetype drop = std::max<qsizetype>(1, m_maxKeys / 10) + m_buckets.size() - m_maxKeys;
  std::nth_element(times.begin(), times.begin() + (drop - 1), times.end());
  const qint64 cutoff = times[size_t(drop - 1)];
  qsizetype dropped = 0;
  for (auto it = m_buckets.begin(); it != m_buckets.end() && dropped < drop;) {
    if (it->updatedMs <= cutoff) {
      it = m_buckets.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
}

} // namespace dragoman::server
