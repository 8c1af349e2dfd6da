#include "core/telemetry/memory/memorythresholdset.h"

#include <QTest>

#include <limits>

using namespace dragoman::telemetry;

namespace {

constexpr double GiB = 1024.0 * 1024.0 * 1024.0;

MemorySample rssSample(double bytes) {
  MemorySample s;
  s.processRssBytes = qint64(bytes);
  return s;
}

} // namespace

class TestMemoryThresholdSet : public QObject {
  Q_OBJECT
private Q_SLOTS:
  // values: one sample each; transitions: per sample 'R' raised, 'C' cleared, '.' nothing.
  void hysteresis_data() {
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<double>("raiseAt");
    QTest::addColumn<double>("clearAt");
    QTest::addColumn<QString>("transitions");
    QTest::newRow("never reaches") << QList<double>{1, 2, 3, 4.9} << 5.0 << 3.0 << "....";
    QTest::newRow("wanders between the levels")
        << QList<double>{4, 5, 4.5, 6, 3.5, 5.5, 3.1} << 5.0 << 3.0 << ".R.....";
    QTest::newRow("raise, clear, raise") << QList<double>{5, 4, 3, 4, 5} << 5.0 << 3.0 << "R.C.R";
    QTest::newRow("exactly at the levels") << QList<double>{5, 3, 5, 3} << 5.0 << 3.0 << "RCRC";
    QTest::newRow("flapping at the raise level")
        << QList<double>{4.9, 5.0, 4.9, 5.0, 4.99, 5.1} << 5.0 << 3.0 << ".R....";
    QTest::newRow("flapping at the clear level") << QList<double>{6, 3.0, 3.01, 3.0, 4.9, 5} << 5.0 << 3.0 << "RC...R";
    QTest::newRow("straight through") << QList<double>{100, 0, 100, 0} << 5.0 << 3.0 << "RCRC";
    QTest::newRow("starts high") << QList<double>{7, 7, 7} << 5.0 << 3.0 << "R..";
  }
  void hysteresis() {
    QFETCH(QList<double>, values);
    QFETCH(double, raiseAt);
    QFETCH(double, clearAt);
    QFETCH(QString, transitions);
    MemoryThresholdSet set;
    QVERIFY(set.add({QStringLiteral("rss"), MemoryMetric::processRss(), raiseAt * GiB, clearAt * GiB,
                     MemoryAction::UnloadIdleModels})
                .ok());
    QString seen;
    for (double v : values) {
      const std::vector<MemoryAlert> alerts = set.evaluate(rssSample(v * GiB));
      QVERIFY(alerts.size() <= 1);
      if (alerts.empty()) {
        seen += u'.';
        continue;
      }
      const MemoryAlert &a = alerts.front();
      seen += a.raised ? u'R' : u'C';
      QCOMPARE(a.threshold, QStringLiteral("rss"));
      QCOMPARE(a.value, double(qint64(v * GiB)));
      QCOMPARE(a.limit, (a.raised ? raiseAt : clearAt) * GiB);
      QCOMPARE(a.action, a.raised ? MemoryAction::UnloadIdleModels : MemoryAction::None);
      QCOMPARE(set.isRaised(QStringLiteral("rss")), a.raised);
    }
    QCOMPARE(seen, transitions);
  }

  void messages() {
    MemoryThresholdSet set;
    QVERIFY(set.add({QStringLiteral("rss"), MemoryMetric::processRss(), 7.5 * GiB, 7.0 * GiB,
                     MemoryAction::UnloadIdleModels})
                .ok());
    QVERIFY(set.add({QStringLiteral("system"), MemoryMetric::systemUsedFraction(), 0.9, 0.8, MemoryAction::None}).ok());
    QVERIFY(set.add({QStringLiteral("gpu0"), MemoryMetric::gpuReservedFraction(0), 0.95, 0.85,
                     MemoryAction::ReleaseGpuCache})
                .ok());
    QVERIFY(set.add({QStringLiteral("gpu0-alloc"), MemoryMetric::gpuAllocatedBytes(0), 20 * GiB, 18 * GiB,
                     MemoryAction::FallBackToCpu})
                .ok());

    MemorySample s = rssSample(7.9 * GiB);
    s.systemTotalBytes = qint64(16 * GiB);
    s.systemAvailableBytes = qint64(1.2 * GiB); // 92.5% used
    GpuMemory g;
    g.device = 0;
    g.allocatedBytes = qint64(21 * GiB);
    g.reservedBytes = qint64(23 * GiB);
    g.driverTotalBytes = qint64(24 * GiB);
    s.gpus.push_back(g);
    std::vector<MemoryAlert> alerts = set.evaluate(s);
    QCOMPARE(alerts.size(), std::size_t(4));
    QCOMPARE(alerts[0].message,
             QStringLiteral("process memory 7.9 GiB is above the 7.5 GiB limit: unloading idle models"));
    QCOMPARE(alerts[1].message, QStringLiteral("system memory use 92.5% is above the 90% limit"));
    QCOMPARE(alerts[2].message,
             QStringLiteral("GPU 0 reserved memory 95.8% is above the 95% limit: releasing cached GPU memory"));
    QCOMPARE(
        alerts[3].message,
        QStringLiteral("GPU 0 allocated memory 21.0 GiB is above the 20.0 GiB limit: moving inference to the CPU"));

    s = rssSample(6.5 * GiB);
    alerts = set.evaluate(s); // no system or GPU values: those thresholds stay raised
    QCOMPARE(alerts.size(), std::size_t(1));
    QCOMPARE(alerts[0].message, QStringLiteral("process memory 6.5 GiB is back under 7.0 GiB"));
    QVERIFY(!alerts[0].raised);
    QVERIFY(set.isRaised(QStringLiteral("gpu0")));
  }

  void missingValuesChangeNothing() {
    MemoryThresholdSet set;
    QVERIFY(set.add({QStringLiteral("gpu1"), MemoryMetric::gpuAllocatedBytes(1), 10, 5, MemoryAction::None}).ok());
    QVERIFY(set.add({QStringLiteral("frac"), MemoryMetric::gpuReservedFraction(0), 0.5, 0.4, MemoryAction::None}).ok());
    QVERIFY(set.add({QStringLiteral("rss"), MemoryMetric::processRss(), 10, 5, MemoryAction::None}).ok());
    MemorySample s; // nothing read: rss -1, no GPUs
    GpuMemory unknownTotal;
    unknownTotal.device = 0;
    unknownTotal.reservedBytes = 1000;
    s.gpus.push_back(unknownTotal); // driver total unknown: no fraction
    QVERIFY(set.evaluate(s).empty());
    QVERIFY(!MemoryThresholdSet::valueOf(MemoryMetric::gpuAllocatedBytes(1), s));
    QVERIFY(!MemoryThresholdSet::valueOf(MemoryMetric::systemUsedFraction(), s));
  }

  void invalidThresholds_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("metric"); // 0 rss, 1 system fraction, 2 gpu fraction on device -1
    QTest::addColumn<double>("raiseAt");
    QTest::addColumn<double>("clearAt");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("no name") << "" << 0 << 10.0 << 5.0 << "needs a name";
    QTest::newRow("twice") << "taken" << 0 << 10.0 << 5.0 << "defined twice";
    QTest::newRow("clear above raise") << "a" << 0 << 5.0 << 10.0 << "must be below the raise level";
    QTest::newRow("clear equals raise") << "a" << 0 << 5.0 << 5.0 << "must be below the raise level";
    QTest::newRow("NaN") << "a" << 0 << std::numeric_limits<double>::quiet_NaN() << 5.0 << "must be numbers";
    QTest::newRow("percent, not fraction") << "a" << 1 << 90.0 << 80.0 << "between 0 and 1";
    QTest::newRow("negative device") << "a" << 2 << 0.9 << 0.8 << "GPU device -1";
  }
  void invalidThresholds() {
    QFETCH(QString, name);
    QFETCH(int, metric);
    QFETCH(double, raiseAt);
    QFETCH(double, clearAt);
    QFETCH(QString, messagePart);
    MemoryThresholdSet set;
    QVERIFY(set.add({QStringLiteral("taken"), MemoryMetric::processRss(), 10, 5, MemoryAction::None}).ok());
    const MemoryMetric m = metric == 0   ? MemoryMetric::processRss()
                           : metric == 1 ? MemoryMetric::systemUsedFraction()
                                         : MemoryMetric::gpuReservedFraction(-1);
    const dragoman::Status s = set.add({name, m, raiseAt, clearAt, MemoryAction::None});
    QVERIFY(!s.ok());
    QCOMPARE(s.error().kind, dragoman::ErrorKind::Config);
    QVERIFY2(s.error().message.contains(messagePart), qPrintable(s.error().message));
    QCOMPARE(set.thresholds().size(), std::size_t(1));
  }

  void removeForgetsState() {
    MemoryThresholdSet set;
    const MemoryThreshold t{QStringLiteral("rss"), MemoryMetric::processRss(), 10, 5, MemoryAction::None};
    QVERIFY(set.add(t).ok());
    QCOMPARE(set.evaluate(rssSample(20)).size(), std::size_t(1));
    QVERIFY(set.remove(QStringLiteral("rss")));
    QVERIFY(!set.remove(QStringLiteral("rss")));
    QVERIFY(set.add(t).ok()); // starts clear again
    QCOMPARE(set.evaluate(rssSample(20)).size(), std::size_t(1));
  }

  void reachingTheLevelExactly() {
    MemoryThresholdSet set;
    QVERIFY(set.add({QStringLiteral("rss"), MemoryMetric::processRss(), 2 * GiB, 1 * GiB, MemoryAction::None}).ok());
    std::vector<MemoryAlert> alerts = set.evaluate(rssSample(2 * GiB));
    QCOMPARE(alerts.size(), std::size_t(1));
    QCOMPARE(alerts[0].message, QStringLiteral("process memory 2.0 GiB has reached the 2.0 GiB limit"));
    alerts = set.evaluate(rssSample(1 * GiB));
    QCOMPARE(alerts.size(), std::size_t(1));
    QCOMPARE(alerts[0].message, QStringLiteral("process memory 1.0 GiB is back down to 1.0 GiB"));
  }

  void formatting() {
    QCOMPARE(formatBytes(300), QStringLiteral("300 B"));
    QCOMPARE(formatBytes(12.5 * 1024), QStringLiteral("12.5 KiB"));
    QCOMPARE(formatBytes(512.0 * 1024 * 1024), QStringLiteral("512 MiB"));
    QCOMPARE(formatBytes(7.9 * GiB), QStringLiteral("7.9 GiB"));
    QCOMPARE(formatBytes(2048 * GiB), QStringLiteral("2.0 TiB"));
    QCOMPARE(formatMemoryMetricValue(MemoryMetric::systemUsedFraction(), 0.934), QStringLiteral("93.4%"));
    QCOMPARE(formatMemoryMetricValue(MemoryMetric::systemUsedFraction(), 0.9), QStringLiteral("90%"));
    QCOMPARE(memoryActionName(MemoryAction::FallBackToSmallerModel), QStringLiteral("FallBackToSmallerModel"));
  }
};

QTEST_GUILESS_MAIN(TestMemoryThresholdSet)
#include "tst_memorythresholdset.moc"
