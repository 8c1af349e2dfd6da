// RateLimiter: burst then refusal with Retry-After, refill over time, independent keys,
// unlimited, the bounded key table and costs above one. The clock is passed in: no sleeping.

#include "core/server/ratelimiter.h"

#include <QTest>

#include <cmath>

using namespace dragoman::server;

class TestRateLimiter : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void burstThenRefusal_data();
  void burstThenRefusal();
  void refillsOverTime();
  void keysAreIndependent();
  void unlimited();
  void defaultBurstIsRate();
  void boundedKeysDropFullBucketsFirst();
  void boundedKeysDropOldestWhenNoneFull();
  void costAboveOne();
  void clockSteppingBack();
};

void TestRateLimiter::burstThenRefusal_data() {
  QTest::addColumn<double>("perSecond");
  QTest::addColumn<double>("burst");
  QTest::addColumn<int>("retryAfter");
  QTest::newRow("2/s burst 5") << 2.0 << 5.0 << 1;    // one token in 0.5 s → 1 s
  QTest::newRow("0.1/s burst 3") << 0.1 << 3.0 << 10; // one token in 10 s
  QTest::newRow("0.3/s burst 1") << 0.3 << 1.0 << 4;  // 3.33 s → 4 s
  QTest::newRow("50/s burst 100") << 50.0 << 100.0 << 1;
}

void TestRateLimiter::burstThenRefusal() {
  QFETCH(double, perSecond);
  QFETCH(double, burst);
  QFETCH(int, retryAfter);
  RateLimiter limiter({perSecond, burst});
  for (int i = 0; i < int(burst); ++i) {
    const RateLimiter::Decision d = limiter.take(QStringLiteral("a"), 1000);
    QVERIFY2(d.allowed, qPrintable(QString::number(i)));
    QCOMPARE(d.retryAfterSeconds, 0);
    QCOMPARE(d.remaining, burst - i - 1);
  }
  const RateLimiter::Decision refused = limiter.take(QStringLiteral("a"), 1000);
  QVERIFY(!refused.allowed);
  QCOMPARE(refused.retryAfterSeconds, retryAfter);
  QVERIFY(refused.remaining < 1.0);
  // After exactly the advertised wait the request passes.
  QVERIFY(limiter.take(QStringLiteral("a"), 1000 + 1000 * qint64(retryAfter)).allowed);
}

void TestRateLimiter::refillsOverTime() {
  RateLimiter limiter({10, 2}); // a token every 100 ms
  QVERIFY(limiter.take(QStringLiteral("k"), 0).allowed);
  QVERIFY(limiter.take(QStringLiteral("k"), 0).allowed);
  QVERIFY(!limiter.take(QStringLiteral("k"), 50).allowed);
  QVERIFY(limiter.take(QStringLiteral("k"), 100).allowed); // 0.5 + 0.5 tokens: the refused try cost nothing
  QVERIFY(!limiter.take(QStringLiteral("k"), 100).allowed);
  // A long pause refills to the bucket size, never beyond.
  const RateLimiter::Decision d = limiter.take(QStringLiteral("k"), 60'000);
  QVERIFY(d.allowed);
  QCOMPARE(d.remaining, 1.0);
}

void TestRateLimiter::keysAreIndependent() {
  RateLimiter limiter({1, 1});
  QVERIFY(limiter.take(QStringLiteral("10.0.0.1"), 0).allowed);
  QVERIFY(!limiter.take(QStringLiteral("10.0.0.1"), 0).allowed);
  QVERIFY(limiter.take(QStringLiteral("10.0.0.2"), 0).allowed);
  QCOMPARE(limiter.trackedKeys(), 2);
}

void TestRateLimiter::unlimited() {
  RateLimiter limiter({});
  QVERIFY(limiter.unlimited());
  for (int i = 0; i < 1000; ++i) {
    const RateLimiter::Decision d = limiter.take(QString::number(i), 0, 50);
    QVERIFY(d.allowed);
    QVERIFY(std::isinf(d.remaining));
  }
  QCOMPARE(limiter.trackedKeys(), 0); // nothing is remembered
}

void TestRateLimiter::defaultBurstIsRate() {
  QCOMPARE(RateLimiter({5, 0}).capacity(), 5.0);
  QCOMPARE(RateLimiter({0.2, 0}).capacity(), 1.0);
  QCOMPARE(RateLimiter({5, 8}).capacity(), 8.0);
}

void TestRateLimiter::boundedKeysDropFullBucketsFirst() {
  RateLimiter limiter({1, 5}, 3);
  QVERIFY(limiter.take(QStringLiteral("old"), 0).allowed); // full again by t = 10 s
  QVERIFY(limiter.take(QStringLiteral("b"), 9'600).allowed);
  QVERIFY(limiter.take(QStringLiteral("c"), 9'800).allowed);
  QVERIFY(limiter.take(QStringLiteral("d"), 10'000).allowed);
  QCOMPARE(limiter.trackedKeys(), 3);
  // "b" and "c" kept their partly spent buckets (a dropped one would start full at 5).
  QCOMPARE(limiter.take(QStringLiteral("b"), 10'000).remaining, 3.4);
  QCOMPARE(limiter.take(QStringLiteral("c"), 10'000).remaining, 3.2);
}

void TestRateLimiter::boundedKeysDropOldestWhenNoneFull() {
  RateLimiter limiter({0.001, 1}, 3); // nothing refills within the test
  limiter.take(QStringLiteral("a"), 0);
  limiter.take(QStringLiteral("b"), 10);
  limiter.take(QStringLiteral("c"), 20);
  limiter.take(QStringLiteral("d"), 30);
  QCOMPARE(limiter.trackedKeys(), 3);
  // "a", the least recently used, was forgotten: it starts again with a full bucket.
  QVERIFY(limiter.take(QStringLiteral("a"), 40).allowed);
  // "d" was kept: its bucket is still empty.
  QVERIFY(!limiter.take(QStringLiteral("d"), 40).allowed);
  // Many keys: the table never grows past the bound.
  RateLimiter many({0.001, 1}, 100);
  for (int i = 0; i < 10'000; ++i)
    many.take(QString::number(i), i);
  QVERIFY(many.trackedKeys() <= 100);
}

void TestRateLimiter::costAboveOne() {
  RateLimiter limiter({2, 10});
  RateLimiter::Decision d = limiter.take(QStringLiteral("k"), 0, 8);
  QVERIFY(d.allowed);
  QCOMPARE(d.remaining, 2.0);
  d = limiter.take(QStringLiteral("k"), 0, 5);
  QVERIFY(!d.allowed);
  QCOMPARE(d.retryAfterSeconds, 2); // 3 tokens missing at 2/s: 1.5 s → 2
  QCOMPARE(d.remaining, 2.0);       // a refusal costs nothing
  QVERIFY(limiter.take(QStringLiteral("k"), 1500, 5).allowed);
  // A cost above the bucket size passes once the bucket is full, instead of never.
  RateLimiter small({1, 3});
  QVERIFY(small.take(QStringLiteral("k"), 0, 50).allowed);
  d = small.take(QStringLiteral("k"), 0, 50);
  QVERIFY(!d.allowed);
  QCOMPARE(d.retryAfterSeconds, 3);
}

void TestRateLimiter::clockSteppingBack() {
  RateLimiter limiter({1, 1});
  QVERIFY(limiter.take(QStringLiteral("k"), 10'000).allowed);
  const RateLimiter::Decision d = limiter.take(QStringLiteral("k"), 5'000);
  QVERIFY(!d.allowed);
  QVERIFY(d.retryAfterSeconds >= 1);
}

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
