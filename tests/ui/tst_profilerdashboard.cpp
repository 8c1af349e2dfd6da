// The profiler dashboard: the stage table (checked by QAbstractItemModelTester) fills from a
// profile, highlights the bottleneck a finding names and explains it; the latency chart and the
// segment timeline take finished segments; an export writes the file off the GUI thread.
#include "core/common/threadhost.h"
#include "ui/charts/latencychart.h"
#include "ui/profiler/profilerdashboard.h"
#include "ui/profiler/segmenttimeline.h"
#include "ui/profiler/stagetablemodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;
using namespace dragoman::telemetry;
using namespace dragoman::ui;

namespace {

SectionStats section(const char *name, std::uint64_t count, double p50, double share) {
  SectionStats s;
  s.name = name;
  s.count = count;
  s.p50Ms = p50;
  s.p95Ms = p50 * 2;
  s.p99Ms = p50 * 3;
  s.totalMs = p50 * double(count);
  s.shareOfWall = share;
  return s;
}

ProfileSnapshot profile() {
  ProfileSnapshot p;
  p.wallMs = 10000;
  p.sections = {section("asr.recognise", 5, 1200, 0.6), section("mt.translate", 5, 300, 0.15),
                section("tts.synthesize", 5, 80, 0.04), section("segment", 5, 2500, 1.3)};
  return p;
}

SegmentResult segment(quint64 id, TimePoint origin) {
  SegmentResult r;
  r.segmentId = id;
  r.endSeconds = double(id);
  const auto at = [origin](int ms) { return origin + std::chrono::milliseconds(ms); };
  const int base = int(id) * 1000;
  r.times.captureStart = at(base);
  r.times.captureEnd = at(base + 800);
  r.times.asrStart = at(base + 850);
  r.times.asrDone = at(base + 1450);
  r.times.mtStart = at(base + 1460);
  r.times.mtDone = at(base + 1600);
  r.times.ttsStart = at(base + 1610);
  r.times.ttsDone = at(base + 1700);
  return r;
}

} // namespace

class TestProfilerDashboard : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the threads of what is tested come from here, as from the application's
private Q_SLOTS:
  void stageTableAndBottleneck() {
    StageTableModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(m.rowCount(), 4);
    QCOMPARE(m.bottleneckRow(), -1);
    QCOMPARE(m.index(0, StageTableModel::P50Column).data().toString(), QStringLiteral("–"));
    m.setProfile(profile(), {});
    QCOMPARE(m.index(0, StageTableModel::CountColumn).data().toULongLong(), 5ULL);
    QCOMPARE(m.index(0, StageTableModel::P95Column).data().toString(), QStringLiteral("2400"));
    QCOMPARE(m.index(2, StageTableModel::P50Column).data().toString(), QStringLiteral("80"));
    QCOMPARE(m.index(1, StageTableModel::ShareColumn).data().toString(), QStringLiteral("15%"));
    QCOMPARE(m.bottleneckRow(), 0); // the largest share among the stages (not the whole journey)
    QVERIFY(m.index(0, 0).data(StageTableModel::BottleneckRole).toBool());
    QVERIFY(m.index(0, 0).data(Qt::BackgroundRole).isValid());
    QVERIFY(!m.index(1, 0).data(Qt::BackgroundRole).isValid());
    QVERIFY2(m.bottleneckExplanation().contains(QLatin1String("Recognition")), qPrintable(m.bottleneckExplanation()));

    // A finding about translation names it, whatever the shares say.
    Finding f;
    f.rule = "budget";
    f.subject = "mt.translate";
    f.severity = Severity::Critical;
    f.message = "MT p95 600 ms exceeds the 500 ms budget";
    m.setProfile(profile(), {f});
    QCOMPARE(m.bottleneckRow(), 1);
    QVERIFY2(m.bottleneckExplanation().contains(QLatin1String("exceeds the 500 ms budget")), qPrintable(m.bottleneckExplanation()));
    QCOMPARE(m.index(1, 0).data(Qt::ToolTipRole).toString(), m.bottleneckExplanation());
  }

  void dashboardTakesRecordsAndSegments() {
    ProfilerDashboard d(m_threads);
    RunRecord r;
    r.segments = 5;
    r.audioSeconds = 12.0;
    r.wallSeconds = 14.5;
    r.realtimeRatio = 0.62;
    r.peakRssBytes = 300LL * 1024 * 1024;
    r.profile = profile();
    d.setRecord(r);
    QVERIFY2(d.summaryText().contains(QLatin1String("5 segment")) && d.summaryText().contains(QLatin1String("0.62")) &&
                 d.summaryText().contains(QLatin1String("keeps up")),
             qPrintable(d.summaryText()));
    QVERIFY(d.bottleneckText().startsWith(QLatin1String("Bottleneck: Recognition")));

    const TimePoint origin = SteadyClock::now();
    for (quint64 i = 1; i <= 3; ++i)
      d.addSegment(segment(i, origin));
    SegmentResult played = segment(3, origin);
    played.times.playbackStart = origin + std::chrono::milliseconds(4800);
    d.addSegment(played); // the same segment again, now with its playback
    d.latencyChart()->redraw();
    const QList<QPointF> asr = d.latencyChart()->points(LatencyChart::Recognition);
    QCOMPARE(asr.size(), 4);
    QCOMPARE(asr[0], QPointF(1.0, 600.0));
    QCOMPARE(d.latencyChart()->points(LatencyChart::Journey)[0].y(), 1700.0);
    const auto &rows = d.timeline()->rows();
    QCOMPARE(rows.size(), std::size_t(3));
    QCOMPARE(rows[0].asr.start, 0.85);
    QVERIFY(std::abs(rows[2].playback - 3.8) < 1e-9); // seconds since the first capture
    d.setQueueDepths({2, 0, 1}, {4, 1, 1});
    d.clear();
    QVERIFY(d.timeline()->rows().empty());
  }

  void comparesWithEarlierRuns() {
    ProfilerDashboard d(m_threads);
    d.setEarlierRuns({});
    QVERIFY(d.comparisonText().contains(QLatin1String("No earlier runs")));
    RunRecord before;
    before.command = QStringLiteral("gui");
    before.segments = 4;
    before.realtimeRatio = 0.5;
    before.profile = profile();
    RunRecord after = before;
    after.realtimeRatio = 0.9;
    after.profile.sections[0].p50Ms = 2400; // recognition twice as slow
    after.profile.sections[0].p95Ms = 4800;
    d.setEarlierRuns({after, before}); // newest first
    const QString text = d.comparisonText();
    QVERIFY2(text.startsWith(QLatin1String("Since the run before: ")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("ASR p50 1.2 s → 2.4 s")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("0.90")) && text.contains(QLatin1String("0.50")), qPrintable(text));
    d.setEarlierRuns({before, before});
    QVERIFY2(d.comparisonText().contains(QLatin1String("nothing moved")), qPrintable(d.comparisonText()));
  }

  void exportsOffTheGuiThread() {
    QTemporaryDir dir;
    ProfilerDashboard d(m_threads);
    QSignalSpy exported(&d, &ProfilerDashboard::exported);
    d.exportTo(dir.filePath(QStringLiteral("p.json")));
    QCOMPARE(exported.count(), 1); // no source: said at once
    QVERIFY(exported.at(0).at(1).toString().contains(QLatin1String("No profile")));
    d.setProfileSource([] { return std::optional<ProfileSnapshot>(profile()); });
    const QString csv = dir.filePath(QStringLiteral("p.csv"));
    d.exportTo(csv);
    QVERIFY(exported.wait(5000));
    QCOMPARE(exported.at(1).at(0).toString(), csv);
    QVERIFY2(exported.at(1).at(1).toString().isEmpty(), qPrintable(exported.at(1).at(1).toString()));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().contains("asr.recognise"));
    d.exportTo(dir.filePath(QStringLiteral("p.docx")));
    QCOMPARE(exported.count(), 3);
    QVERIFY(exported.at(2).at(1).toString().contains(QLatin1String(".trace.json")));
  }
};

QTEST_MAIN(TestProfilerDashboard)
#include "tst_profilerdashboard.moc"
