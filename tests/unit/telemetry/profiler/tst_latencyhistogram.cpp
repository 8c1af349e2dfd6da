// LatencyHistogram: percentiles against exact nearest-rank values from sorted samples, for several
// distributions, within the bucket precision; exact count/total/min/max; merge; fixed memory.
#include "core/telemetry/profiler/histogram.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

using dragoman::telemetry::LatencyHistogram;

namespace {

using Samples = std::vector<double>;

Samples generate(const QString &kind, int n) {
  std::mt19937_64 rng(42);
  Samples out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    double v = 0.0;
    if (kind == u"uniform") {
      v = std::uniform_real_distribution<double>(0.5, 50.0)(rng);
    } else if (kind == u"exponential") {
      v = std::exponential_distribution<double>(1.0 / 10.0)(rng);
    } else if (kind == u"lognormal") { // heavy tail, µs to seconds
      v = std::lognormal_distribution<double>(1.0, 2.0)(rng);
    } else if (kind == u"bimodal") {
      v = (i % 10 == 0) ? std::normal_distribution<double>(1000.0, 50.0)(rng)
                        : std::normal_distribution<double>(2.0, 0.2)(rng);
    } else if (kind == u"constant") {
      v = 42.0;
    } else if (kind == u"sub-microsecond") {
      v = std::uniform_real_distribution<double>(0.0001, 0.0009)(rng);
    } else if (kind == u"minutes") {
      v = std::uniform_real_distribution<double>(60'000.0, 3'600'000.0)(rng);
    }
    out.push_back(std::max(v, 0.0));
  }
  return out;
}

double exactPercentile(Samples sorted, double p) {
  std::sort(sorted.begin(), sorted.end());
  if (p <= 0.0)
    return sorted.front();
  const auto n = static_cast<double>(sorted.size());
  const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(p / 100.0 * n - 1e-9)));
  return sorted[std::min(rank, sorted.size()) - 1];
}

// Half a bucket: relative above 1 µs, 1/128 µs below.
double tolerance(double exactMs) {
  return std::max(exactMs * LatencyHistogram::kRelativeError, 0.001 / (2.0 * LatencyHistogram::kSubBuckets)) * 1.0001 +
         1e-12;
}

} // namespace

class TestLatencyHistogram : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void percentiles_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("n");
    for (const char *kind : {"uniform", "exponential", "lognormal", "bimodal", "constant", "sub-microsecond", "minutes"}) {
      for (int n : {1, 3, 100, 10007}) {
        QTest::addRow("%s n=%d", kind, n) << QString::fromLatin1(kind) << n;
      }
    }
  }
  void percentiles() {
    QFETCH(QString, kind);
    QFETCH(int, n);
    const Samples samples = generate(kind, n);
    LatencyHistogram h;
    for (double v : samples)
      h.record(v);

    QCOMPARE(h.count(), std::uint64_t(n));
    QCOMPARE(h.min(), *std::min_element(samples.begin(), samples.end()));
    QCOMPARE(h.max(), *std::max_element(samples.begin(), samples.end()));
    const double total = std::accumulate(samples.begin(), samples.end(), 0.0);
    QVERIFY(std::abs(h.total() - total) <= 1e-9 * std::max(total, 1.0));
    QVERIFY(std::abs(h.mean() - total / n) <= 1e-9 * std::max(total / n, 1.0));

    for (double p : {0.0, 1.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9, 100.0}) {
      const double exact = exactPercentile(samples, p);
      const double got = h.percentile(p);
      if (std::abs(got - exact) > tolerance(exact))
        QFAIL(qPrintable(QStringLiteral("p%1: got %2, exact %3").arg(p).arg(got, 0, 'g', 10).arg(exact, 0, 'g', 10)));
      QVERIFY(got >= h.min() && got <= h.max());
    }
    QCOMPARE(h.percentile(0), h.min());
    QCOMPARE(h.percentile(100), h.max());
    QCOMPARE(h.percentile(-5), h.min());
    QCOMPARE(h.percentile(250), h.max());
  }

  void bucketPrecisionOverTheRange() {
    // 1 µs to 1 h, log-spaced: every value is within half a bucket of what its bucket reports.
    for (double ms = 0.001; ms <= 3'600'000.0; ms *= 1.0137) {
      const double reported = LatencyHistogram::bucketValue(LatencyHistogram::bucketOf(ms));
      QVERIFY2(std::abs(reported - ms) <= ms * LatencyHistogram::kRelativeError * 1.0001,
               qPrintable(QStringLiteral("%1 ms reported as %2").arg(ms).arg(reported)));
    }
    QVERIFY(LatencyHistogram::kRelativeError <= 0.01);
  }

  void emptyAndOddValues() {
    LatencyHistogram h;
    QCOMPARE(h.count(), std::uint64_t(0));
    QCOMPARE(h.percentile(50), 0.0);
    QCOMPARE(h.min(), 0.0);
    QCOMPARE(h.max(), 0.0);
    QCOMPARE(h.mean(), 0.0);
    h.record(std::nan(""));
    h.record(std::numeric_limits<double>::infinity());
    QCOMPARE(h.count(), std::uint64_t(0));
    h.record(-3.0); // counts as 0
    h.record(1e12); // past an hour: last bucket, exact max
    QCOMPARE(h.count(), std::uint64_t(2));
    QCOMPARE(h.min(), 0.0);
    QCOMPARE(h.max(), 1e12);
    QCOMPARE(h.percentile(100), 1e12);
    QVERIFY(h.percentile(50) <= tolerance(0.0)); // the 0 bucket's midpoint
  }

  void merge() {
    const Samples a = generate(QStringLiteral("lognormal"), 5000);
    const Samples b = generate(QStringLiteral("bimodal"), 3000);
    LatencyHistogram ha, hb, all;
    for (double v : a) {
      ha.record(v);
      all.record(v);
    }
    for (double v : b) {
      hb.record(v);
      all.record(v);
    }
    LatencyHistogram merged = ha;
    merged.merge(hb);
    merged.merge(LatencyHistogram()); // merging nothing changes nothing
    QCOMPARE(merged.count(), all.count());
    QCOMPARE(merged.min(), all.min());
    QCOMPARE(merged.max(), all.max());
    QVERIFY(std::abs(merged.total() - all.total()) <= 1e-9 * all.total());
    for (double p : {1.0, 50.0, 90.0, 99.0, 99.9})
      QCOMPARE(merged.percentile(p), all.percentile(p));

    LatencyHistogram empty;
    empty.merge(ha);
    QCOMPARE(empty.count(), ha.count());
    QCOMPARE(empty.min(), ha.min());
  }

  void reset() {
    LatencyHistogram h;
    h.record(5.0);
    h.reset();
    QCOMPARE(h.count(), std::uint64_t(0));
    QCOMPARE(h.total(), 0.0);
    h.record(7.0);
    QCOMPARE(h.min(), 7.0);
    QCOMPARE(h.percentile(50), 7.0);
  }

  void boundedMemory() {
    static_assert(sizeof(LatencyHistogram) < std::size_t{20480}, "a fixed bucket array of about 17 KB");
    static_assert(LatencyHistogram::kBucketCount * sizeof(std::uint64_t) + 64 >= sizeof(LatencyHistogram));
    // A million samples over the whole range change the counts, not the size.
    LatencyHistogram h;
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> exponent(-4.0, 7.0);
    for (int i = 0; i < 1'000'000; ++i)
      h.record(std::pow(10.0, exponent(rng)));
    QCOMPARE(h.count(), std::uint64_t(1'000'000));
    QVERIFY(h.percentile(50) > 0.0);
  }
};

QTEST_APPLESS_MAIN(TestLatencyHistogram)
#include "tst_latencyhistogram.moc"
