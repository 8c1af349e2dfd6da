#pragma once
// A token bucket per key (an API key id or a client address): `burst` requests at once, then
// `perSecond` on average. Deterministic: the caller passes the clock. Memory is bounded: past
// maxKeys buckets, those that have refilled completely go first (they behave exactly like a
// bucket never seen), then the least recently used.
// Not thread-safe: the HTTP server uses it on its own thread only.

#include <QHash>
#include <QString>

namespace dragoman::server {

struct RateLimit {
  double perSecond = 0; // 0: unlimited
  double burst = 0;     // bucket size; 0: max(1, perSecond)
};

class RateLimiter {
public:
  explicit RateLimiter(RateLimit limit, int maxKeys = 10000);

  struct Decision {
    bool allowed = true;
    int retryAfterSeconds = 0; // ≥ 1 when refused: whole seconds until the request would pass
    double remaining = 0;      // tokens left after this request; infinity when unlimited
  };

  // A cost above the bucket size is charged as the bucket size, so that it can ever pass.
  Decision take(const QString &key, qint64 nowMs, double cost = 1.0);

  bool unlimited() const { return m_limit.perSecond <= 0; }
  double capacity() const { return m_capacity; }
  qsizetype trackedKeys() const { return m_buckets.size(); }

private:
  struct Bucket {
    double tokens = 0;
    qint64 updatedMs = 0;
  };
  double refilled(const Bucket &b, qint64 nowMs) const;
  void makeRoom(qint64 nowMs);

  RateLimit m_limit;
  double m_capacity;
  int m_maxKeys;
  QHash<QString, Bucket> m_buckets;
};

} // namespace dragoman::server
