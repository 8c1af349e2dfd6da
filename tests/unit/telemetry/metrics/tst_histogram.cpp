#include "core/telemetry/metrics/histogram.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

using dragoman::telemetry::Histogram;
using dragoman::telemetry::HistogramSnapshot;

class TestHistogram : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void cumulativeBuckets() {
    Histogram h({0.25, 0.5, 1.0});
    for (double v : {0.125, 0.25, 0.375, 2.0, 1.0, -1.0})
      QVERIFY(h.observe(v));
    const HistogramSnapshot s = h.snapshot();
    QCOMPARE(s.upperBounds.size(), std::size_t(4));
    QVERIFY(std::isinf(s.upperBounds.back()));
    // le is "less than or equal": 0.25 lands in the 0.25 bucket, -1 in the first.
    const std::vector<std::uint64_t> expected{3, 4, 5, 6};
    QCOMPARE(s.cumulativeCounts, expected);
    QCOMPARE(s.count, std::uint64_t(6));
    QCOMPARE(s.sum, 0.125 + 0.25 + 0.375 + 2.0 + 1.0 - 1.0);
    QCOMPARE(h.count(), std::uint64_t(6));
  }

  void onlyInfBucket() {
    Histogram h({});
    h.observe(42);
    const HistogramSnapshot s = h.snapshot();
    QCOMPARE(s.cumulativeCounts, std::vector<std::uint64_t>{1});
    QCOMPARE(s.sum, 42.0);
  }

  void ignoresNaN() {
    Histogram h({1.0});
    QVERIFY(!h.observe(std::numeric_limits<double>::quiet_NaN()));
    QVERIFY(h.observe(std::numeric_limits<double>::infinity())); // +Inf bucket
    const HistogramSnapshot s = h.snapshot();
    QCOMPARE(s.cumulativeCounts, (std::vector<std::uint64_t>{0, 1}));
  }

  void bucketHelpers() {
    QCOMPARE(Histogram::linearBuckets(1, 2, 3), (std::vector<double>{1, 3, 5}));
    QCOMPARE(Histogram::exponentialBuckets(0.5, 2, 4), (std::vector<double>{0.5, 1, 2, 4}));
    const std::vector<double> latency = Histogram::latencySecondsBuckets();
    QVERIFY(std::is_sorted(latency.begin(), latency.end()));
    QCOMPARE(latency.front(), 0.005);
  }

  void concurrentObservationsCountExactly() {
    Histogram h({1, 2, 3});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&h, t] {
        for (int i = 0; i < 50'000; ++i)
          h.observe(double(t)); // thread t fills bucket t (0 -> le 1, 3 -> le 3)
      });
    for (std::thread &t : threads)
      t.join();
    const HistogramSnapshot s = h.snapshot();
    QCOMPARE(s.cumulativeCounts, (std::vector<std::uint64_t>{100'000, 150'000, 200'000, 200'000}));
    QCOMPARE(s.sum, 50'000.0 * (0 + 1 + 2 + 3));
  }
};

QTEST_GUILESS_MAIN(TestHistogram)
#include "tst_histogram.moc"
