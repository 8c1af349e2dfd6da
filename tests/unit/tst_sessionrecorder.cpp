// SessionRecorder between a pipeline's signals and a real session store file: finished segments
// are stored as they come, the text heard but not committed is kept (and replaced, and dropped once
// committed), alerts and memory samples are stored, and the end records engines, run and state; a
// session cut off before its end keeps its last uncommitted text.
#include "core/common/threadhost.h"
#include "app/context/sessionrecorder.h"
#include "core/storage/historyreader.h"
#include "core/storage/sessionstore.h"
#include "tests/unit/telemetry/metrics/fakememory.h"

#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;
using namespace dragoman::storage;

namespace {

SessionInfo info(const QString &uuid) {
  SessionInfo s;
  s.uuid = uuid;
  s.kind = QStringLiteral("live");
  s.startedMs = 1795000000000;
  s.sourceLanguage = QStringLiteral("en");
  s.targetLanguage = QStringLiteral("de");
  return s;
}

Transcript partial(const QString &text, double start) {
  Transcript t;
  t.segmentId = 7;
  t.startSeconds = start;
  t.endSeconds = start + 1.0;
  t.text = text;
  t.language = QStringLiteral("en");
  t.committed = false;
  return t;
}

SegmentResult finished(quint64 id, const QString &text, TimePoint origin) {
  SegmentResult r;
  r.segmentId = id;
  r.startSeconds = double(id);
  r.endSeconds = double(id) + 0.8;
  r.sourceText = text;
  r.translation = text.toUpper();
  r.times.asrStart = origin + std::chrono::milliseconds(100);
  r.times.asrDone = origin + std::chrono::milliseconds(350);
  return r;
}

} // namespace

class TestSessionRecorder : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the threads of what is tested come from here, as from the application's
  QTemporaryDir m_dir;

private Q_SLOTS:
  void recordsASession() {
    const QString path = m_dir.filePath(QStringLiteral("rec.sqlite"));
    const TimePoint origin = SteadyClock::now();
    {
      SessionStore store(m_threads, {path, 50});
      QVERIFY(store.open().ok());
      PipelineController pipeline(m_threads, {}, PipelineOptions{});
      auto host = std::make_shared<test::HostMemoryState>();
      telemetry::MemoryMonitor monitor;
      monitor.setHostReader(std::make_unique<test::FakeHostReader>(host));
      monitor.setDriverGpuReader(nullptr);
      QVERIFY(monitor.addThreshold({QStringLiteral("process memory"), telemetry::MemoryMetric::processRss(), 2.0 * (1LL << 30),
                                    1.5 * (1LL << 30), telemetry::MemoryAction::None})
                  .ok());
      SessionRecorder recorder(store, info(QStringLiteral("rec-1")), origin);
      recorder.attach(pipeline);
      recorder.attach(monitor);

      Q_EMIT pipeline.engineLoaded(EngineLoad{Stage::Asr, QStringLiteral("whisper"),
                                              EngineFootprint{QStringLiteral("/m/tiny"), QStringLiteral("cpu"), 1}, 12.0});
      Q_EMIT pipeline.transcriptReady(partial(QStringLiteral("good mor"), 1.0));
      Q_EMIT pipeline.transcriptReady(partial(QStringLiteral("good morning every"), 1.0));
      QVERIFY(store.flush().ok());
      auto r = HistoryReader::open(path).value();
      std::vector<StoredSegment> segs = r->segments(QStringLiteral("rec-1")).value();
      QCOMPARE(segs.size(), std::size_t(1));
      QCOMPARE(segs[0].segment, SessionRecorder::kPartialSegment);
      QCOMPARE(segs[0].sourceText, QStringLiteral("good morning every"));
      QVERIFY(segs[0].flags & SegmentPartial);

      SegmentResult first = finished(1, QStringLiteral("good morning"), origin);
      first.confidence = 0.625;
      first.echoGated = true;
      first.loopCut = true;
      Q_EMIT pipeline.segmentFinished(first);
      Q_EMIT pipeline.transcriptReady(partial(QString(), 2.0)); // all committed: nothing pending
      for (int i = 0; i < RecorderSamples; ++i)
        monitor.sampleNow();
      host->process.rssBytes = 3LL << 30;
      monitor.sampleNow(); // raises the alert
      QVERIFY(store.flush().ok());
      segs = r->segments(QStringLiteral("rec-1")).value();
      QCOMPARE(segs.size(), std::size_t(1));
      QCOMPARE(segs[0].segment, 1);
      QCOMPARE(segs[0].translation, QStringLiteral("GOOD MORNING"));
      QCOMPARE(segs[0].times.asrDone.value_or(-1), 350.0);
      QCOMPARE(segs[0].confidence.value_or(-1), 0.625);
      QCOMPARE(segs[0].flags, SegmentEchoGated | SegmentLoopSuppressed);
      QCOMPARE(r->alerts(QStringLiteral("rec-1")).value().size(), std::size_t(1));
      QCOMPARE(r->alerts(QStringLiteral("rec-1")).value()[0].threshold, QStringLiteral("process memory"));
      QCOMPARE(int(r->memorySamples(QStringLiteral("rec-1")).value().size()), 2); // the 1st and the 6th of 6

      telemetry::RunRecord run;
      run.command = QStringLiteral("live");
      run.audioSeconds = 2.0;
      recorder.finish(SessionState::Finished, run);
    }
    auto r = HistoryReader::open(path).value();
    const SessionSummary s = r->session(QStringLiteral("rec-1")).value();
    QCOMPARE(s.info.state, SessionState::Finished);
    QVERIFY(s.info.endedMs.has_value());
    QVERIFY2(s.info.engines.contains(QLatin1String("\"model\":\"/m/tiny\"")), qPrintable(s.info.engines));
    QCOMPARE(r->profileRuns(QStringLiteral("live")).value().size(), std::size_t(1));
  }

  // Cut off (a crash, or a second signal): the last uncommitted text stays, marked partial.
  void cutOffKeepsWhatWasLastHeard() {
    const QString path = m_dir.filePath(QStringLiteral("cut.sqlite"));
    {
      SessionStore store(m_threads, {path, 50});
      QVERIFY(store.open().ok());
      PipelineController pipeline(m_threads, {}, PipelineOptions{});
      SessionRecorder recorder(store, info(QStringLiteral("rec-2")), SteadyClock::now());
      recorder.attach(pipeline);
      Q_EMIT pipeline.transcriptReady(partial(QStringLiteral("and then the power went"), 4.0));
      recorder.finish(SessionState::Cancelled, {}, QStringLiteral("stopped by a second signal"));
    }
    auto r = HistoryReader::open(path).value();
    const std::vector<StoredSegment> segs = r->segments(QStringLiteral("rec-2")).value();
    QCOMPARE(segs.size(), std::size_t(1));
    QCOMPARE(segs[0].sourceText, QStringLiteral("and then the power went"));
    QVERIFY(segs[0].flags & SegmentPartial);
    QCOMPARE(r->session(QStringLiteral("rec-2")).value().info.state, SessionState::Cancelled);
  }

  // A recorder that never got to finish (an early error) ends its session as failed.
  void unfinishedEndsAsFailed() {
    const QString path = m_dir.filePath(QStringLiteral("early.sqlite"));
    {
      SessionStore store(m_threads, {path, 50});
      QVERIFY(store.open().ok());
      SessionRecorder recorder(store, info(QStringLiteral("rec-3")), SteadyClock::now());
    }
    auto r = HistoryReader::open(path).value();
    const SessionSummary s = r->session(QStringLiteral("rec-3")).value();
    QCOMPARE(s.info.state, SessionState::Failed);
    QVERIFY(!s.info.error.isEmpty());
  }

private:
  static constexpr int RecorderSamples = SessionRecorder::kMemoryEverySamples;
};

QTEST_GUILESS_MAIN(TestSessionRecorder)
#include "tst_sessionrecorder.moc"
