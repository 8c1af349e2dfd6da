// The history page over a real SQLite file written by the session store: sessions listed newest
// first (checked by QAbstractItemModelTester), a session opened with its text, full-text search,
// export to a file, deletion, the timings handed to the profiler, and a missing database named.
#include "core/common/threadhost.h"
#include "core/storage/sessionstore.h"
#include "ui/history/historymodel.h"
#include "ui/history/historyview.h"
#include "ui/profiler/profilerdashboard.h"
#include "ui/profiler/segmenttimeline.h"
#include "ui/profiler/stagetablemodel.h"
#include "ui/transcript/transcriptmodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;
using namespace dragoman::storage;
using namespace dragoman::ui;

namespace {

SessionInfo session(const QString &uuid, qint64 startedMs) {
  SessionInfo s;
  s.uuid = uuid;
  s.kind = QStringLiteral("live");
  s.startedMs = startedMs;
  s.sourceLanguage = QStringLiteral("en");
  s.targetLanguage = QStringLiteral("es");
  s.input = QStringLiteral("default");
  return s;
}

StoredSegment segment(qint64 id, const QString &source, const QString &translation) {
  StoredSegment s;
  s.segment = id;
  s.startSeconds = double(id) * 2.0;
  s.endSeconds = s.startSeconds + 1.5;
  s.sourceText = source;
  s.translation = translation;
  s.times.captureStart = double(id) * 2000.0;
  s.times.captureEnd = s.times.captureStart.value() + 1500.0;
  s.times.asrStart = s.times.captureEnd.value() + 10.0;
  s.times.asrDone = s.times.asrStart.value() + 400.0 + 100.0 * double(id);
  s.times.mtStart = s.times.asrDone;
  s.times.mtDone = s.times.mtStart.value() + 50.0;
  return s;
}

bool answer(HistoryView &v) {
  QSignalSpy spy(&v, &HistoryView::answered);
  return spy.wait(5000);
}

} // namespace

class TestHistoryView : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the threads of what is tested come from here, as from the application's
  QTemporaryDir m_dir;
  QString m_db;

private Q_SLOTS:
  void initTestCase() {
    m_db = m_dir.filePath(QStringLiteral("history.sqlite"));
    SessionStore store(m_threads, {m_db, 50});
    QVERIFY(store.open().ok());
    store.beginSession(session(QStringLiteral("older-session"), 1795000000000));
    store.addSegment(QStringLiteral("older-session"), segment(1, QStringLiteral("the budget meeting"), QStringLiteral("la reunión")));
    store.endSession(QStringLiteral("older-session"), SessionState::Finished, 1795000060000, {}, {});
    store.beginSession(session(QStringLiteral("newer-session"), 1795000100000));
    for (qint64 i = 1; i <= 3; ++i)
      store.addSegment(QStringLiteral("newer-session"), segment(i, QStringLiteral("sentence %1").arg(i), QStringLiteral("frase %1").arg(i)));
    store.endSession(QStringLiteral("newer-session"), SessionState::Finished, 1795000160000, {}, {});
    for (double ratio : {0.4, 0.7}) { // two runs of the GUI, the second slower
      telemetry::RunRecord run;
      run.command = QStringLiteral("gui");
      run.realtimeRatio = ratio;
      StoredProfileRun stored;
      stored.recordedMs = 1795000200000 + qint64(ratio * 1000);
      stored.command = run.command;
      stored.realtimeRatio = ratio;
      stored.record = telemetry::runRecordToJson(run);
      store.addProfileRun(QStringLiteral("newer-session"), stored);
    }
    QVERIFY(store.flush().ok());
  }

  void listsOpensSearchesExportsDeletes() {
    HistoryView v(m_threads);
    QAbstractItemModelTester tester(v.sessionModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    v.setDatabase(m_db);
    QVERIFY(answer(v));
    HistoryModel *m = v.sessionModel();
    QCOMPARE(m->rowCount(), 2);
    QCOMPARE(m->index(0, 0).data(HistoryModel::UuidRole).toString(), QStringLiteral("newer-session"));
    QCOMPARE(m->index(0, HistoryModel::SegmentsColumn).data().toLongLong(), 3LL);
    QCOMPARE(m->index(0, HistoryModel::StateColumn).data().toString(), QStringLiteral("finished"));
    QCOMPARE(m->index(0, HistoryModel::DurationColumn).data().toString(), QStringLiteral("1:00"));

    v.selectRow(0); // opens it
    QVERIFY(answer(v));
    QCOMPARE(v.currentSession(), QStringLiteral("newer-session"));
    QCOMPARE(v.segmentModel()->rowCount(), 3);
    QCOMPARE(v.segmentModel()->index(2, TranscriptModel::TranslationColumn).data().toString(), QStringLiteral("frase 3"));

    // Its timings go to the profiler: one row per segment, stage times kept.
    QSignalSpy timings(&v, &HistoryView::timingsRequested);
    v.findChild<QPushButton *>(QStringLiteral("historyTimings"))->click();
    QCOMPARE(timings.count(), 1);
    const auto segments = timings.at(0).at(0).value<QList<SegmentResult>>();
    QCOMPARE(segments.size(), 3);
    QCOMPARE(millisBetween(segments[1].times.asrStart, segments[1].times.asrDone), 600.0);
    ProfilerDashboard dashboard(m_threads);
    dashboard.showSession(segments, QStringLiteral("session 2"));
    QCOMPARE(dashboard.stageModel()->index(0, StageTableModel::CountColumn).data().toULongLong(), 3ULL);
    QCOMPARE(dashboard.stageModel()->index(0, StageTableModel::P50Column).data().toString(), QStringLiteral("600"));
    QCOMPARE(dashboard.timeline()->rows().size(), std::size_t(3));

    const QString srt = m_dir.filePath(QStringLiteral("out.srt"));
    v.exportSession(QStringLiteral("newer-session"), QStringLiteral("srt"), QStringLiteral("both"), srt);
    QVERIFY(answer(v));
    QVERIFY2(v.statusText().contains(srt), qPrintable(v.statusText()));
    QFile f(srt);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(text.startsWith("1\n00:00:02,000 --> 00:00:03,500\nsentence 1\nfrase 1"));

    v.search(QStringLiteral("budg"));
    QVERIFY(answer(v));
    QCOMPARE(m->rowCount(), 1);
    QCOMPARE(m->index(0, 0).data(HistoryModel::UuidRole).toString(), QStringLiteral("older-session"));
    QCOMPARE(v.segmentModel()->rowCount(), 1);
    QCOMPARE(v.segmentModel()->index(0, TranscriptModel::SourceColumn).data().toString(), QStringLiteral("the budget meeting"));

    v.deleteSession(QStringLiteral("older-session"));
    QVERIFY(answer(v)); // deleted, then listed again
    QTRY_COMPARE(m->rowCount(), 1);
    QCOMPARE(m->index(0, 0).data(HistoryModel::UuidRole).toString(), QStringLiteral("newer-session"));
  }

  void earlierRunsOfACommand() {
    HistoryView v(m_threads);
    QSignalSpy runs(&v, &HistoryView::runsLoaded);
    v.setDatabase(m_db);
    v.loadRuns(QStringLiteral("gui"));
    QTRY_COMPARE(runs.count(), 1);
    const auto records = runs.at(0).at(1).value<QList<telemetry::RunRecord>>();
    QCOMPARE(records.size(), 2);
    QCOMPARE(records[0].realtimeRatio, 0.7); // newest first
    v.loadRuns(QStringLiteral("translate"));
    QTRY_COMPARE(runs.count(), 2);
    QVERIFY(runs.at(1).at(1).value<QList<telemetry::RunRecord>>().isEmpty());
  }

  void missingDatabaseIsNamed() {
    HistoryView v(m_threads);
    const QString missing = m_dir.filePath(QStringLiteral("nothing-here.sqlite"));
    v.setDatabase(missing);
    QVERIFY(answer(v));
    QCOMPARE(v.sessionModel()->rowCount(), 0);
    QVERIFY2(v.statusText().contains(missing), qPrintable(v.statusText()));
  }
};

QTEST_MAIN(TestHistoryView)
#include "tst_historyview.moc"
