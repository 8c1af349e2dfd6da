// The memory chart: samples become points (MiB, seconds ago) with one replace() per series per
// redraw, and only when something arrived; GPU series appear with the first GPU sample; limits
// are horizontal lines; alerts and model events are marked and labelled; old samples leave the window.
#include "ui/charts/memorychart.h"

#include <QTest>

using namespace dragoman;
using namespace dragoman::telemetry;
using namespace dragoman::ui;

namespace {

constexpr qint64 kMiB = 1024 * 1024;

MemorySample sample(TimePoint at, qint64 rssMiB, bool gpu = false) {
  MemorySample s;
  s.at = at;
  s.systemTotalBytes = 8192 * kMiB;
  s.systemAvailableBytes = 6144 * kMiB;
  s.processRssBytes = rssMiB * kMiB;
  if (gpu)
    s.gpus.push_back(GpuMemory{0, 300 * kMiB, 512 * kMiB, 0, 0, 1024 * kMiB, 16384 * kMiB});
  return s;
}

} // namespace

class TestMemoryChart : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void samplesBecomePoints() {
    MemoryChart chart;
    const int before = chart.redraws();
    QTest::qWait(250);
    QCOMPARE(chart.redraws(), before); // nothing new, nothing redrawn
    const TimePoint now = SteadyClock::now();
    chart.addSample(sample(now - std::chrono::seconds(2), 100));
    chart.addSample(sample(now - std::chrono::seconds(1), 150));
    chart.addSample(sample(now, 200));
    QTRY_VERIFY(chart.redraws() > before); // the timer picks them up
    const QList<QPointF> rss = chart.points(QStringLiteral("Process RSS"));
    QCOMPARE(rss.size(), 3);
    QVERIFY(rss[0].x() < rss[1].x() && rss[1].x() < rss[2].x());
    QVERIFY(rss[2].x() <= 0.0 && rss[2].x() > -1.0);
    QCOMPARE(rss[2].y(), 200.0);
    QCOMPARE(chart.points(QStringLiteral("System RAM used")).last().y(), 2048.0);
    QVERIFY(!chart.seriesNames().contains(QStringLiteral("GPU 0 allocated")));

    chart.addSample(sample(SteadyClock::now(), 210, true));
    chart.redraw();
    QVERIFY(chart.seriesNames().contains(QStringLiteral("GPU 0 reserved")));
    QCOMPARE(chart.points(QStringLiteral("GPU 0 allocated")).last().y(), 300.0);
    QCOMPARE(chart.points(QStringLiteral("GPU 0 reserved")).last().y(), 512.0);
  }

  void limitsAlertsAndEvents() {
    MemoryChart chart;
    MemoryThreshold rss{QStringLiteral("process memory"), MemoryMetric::processRss(), 1024.0 * kMiB, 900.0 * kMiB,
                        MemoryAction::UnloadIdleModels};
    MemoryThreshold system{QStringLiteral("system memory"), MemoryMetric::systemUsedFraction(), 0.5, 0.45, MemoryAction::None};
    MemoryThreshold gpu{QStringLiteral("gpu"), MemoryMetric::gpuReservedFraction(0), 0.9, 0.8, MemoryAction::ReleaseGpuCache};
    chart.setThresholds({rss, system, gpu});
    const TimePoint now = SteadyClock::now();
    chart.addSample(sample(now, 500));
    chart.addEvent(now - std::chrono::seconds(3), QStringLiteral("loaded whisper (asr, 142 MiB)"));
    MemoryAlert alert;
    alert.raised = true;
    alert.at = now - std::chrono::seconds(1);
    alert.message = QStringLiteral("process memory 1.1 GiB is above the 1.0 GiB limit");
    chart.addAlert(alert);
    alert.raised = false; // a cleared alert is not marked
    chart.addAlert(alert);
    chart.redraw();
    const QList<QPointF> limit = chart.points(QStringLiteral("limit: process memory"));
    QCOMPARE(limit.size(), 2);
    QCOMPARE(limit[0].y(), 1024.0);
    QCOMPARE(limit[1].y(), 1024.0);
    QCOMPARE(chart.points(QStringLiteral("limit: system memory")).first().y(), 4096.0); // half of 8 GiB
    QVERIFY(chart.points(QStringLiteral("limit: gpu")).isEmpty()); // no GPU total known yet
    QCOMPARE(chart.points(QStringLiteral("Alerts")).size(), 1);
    QCOMPARE(chart.points(QStringLiteral("Model loaded/unloaded")).size(), 1);
    const QStringList labels = chart.eventLabels();
    QCOMPARE(labels.size(), 2);
    QVERIFY2(labels[0].contains(QLatin1String("loaded whisper")) && labels[0].startsWith(QLatin1String("3 s ago")), qPrintable(labels[0]));

    // A short window drops what is older.
    chart.setWindowSeconds(10);
    chart.addSample(sample(now + std::chrono::seconds(30), 600));
    chart.redraw();
    QCOMPARE(chart.points(QStringLiteral("Process RSS")).size(), 1);
    QVERIFY(chart.eventLabels().isEmpty());
  }
};

QTEST_MAIN(TestMemoryChart)
#include "tst_memorychart.moc"
