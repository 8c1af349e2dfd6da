// The session store on a real SQLite file: every value type back as written, segments replaced by
// id, writes from several threads at once, committed within the durability window without a flush,
// nothing lost on a clean close, search and delete, and a database that refuses writes (full) keeps
// them pending, says so once, and saves them when it can again.
#include "core/common/threadhost.h"
#include "core/common/threadnames.h"
#include "core/storage/historyreader.h"
#include "core/storage/opendatabase.h"
#include "core/storage/sessionstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <cmath>

using namespace dragoman;
using namespace dragoman::storage;

namespace {

SessionInfo session(const QString &uuid, qint64 started = 1795000000000) {
  SessionInfo s;
  s.uuid = uuid;
  s.kind = QStringLiteral("live");
  s.startedMs = started;
  s.sourceLanguage = QStringLiteral("en");
  s.targetLanguage = QStringLiteral("ja");
  s.input = QStringLiteral("pulse:dragoman_in");
  s.engines = QStringLiteral("[{\"stage\":\"asr\",\"engine\":\"whisper\",\"model\":\"/m/tiny\",\"device\":\"cpu\"}]");
  s.config = QStringLiteral("asr:\n  engine: whisper\n");
  s.host = QStringLiteral("workstation");
  s.pid = 4242;
  return s;
}

StoredSegment segment(qint64 id, const QString &text, const QString &translation) {
  StoredSegment s;
  s.segment = id;
  s.startSeconds = double(id) * 2.0;
  s.endSeconds = double(id) * 2.0 + 1.25;
  s.sourceText = text;
  s.sourceLanguage = QStringLiteral("en");
  s.translation = translation;
  s.targetLanguage = QStringLiteral("ja");
  s.times.captureStart = 10.5;
  s.times.captureEnd = 1260.25;
  s.times.asrStart = 1270.0;
  s.times.asrDone = 1900.125;
  s.times.mtStart = 1901.0;
  s.times.mtDone = 2100.0; // no TTS, no playback: stay unset
  s.confidence = 0.875;
  s.flags = SegmentEchoGated;
  return s;
}

std::unique_ptr<HistoryReader> reader(const QString &path) {
  Result<std::unique_ptr<HistoryReader>> r = HistoryReader::open(path);
  if (!r)
    qWarning("%s", qPrintable(r.error().message));
  return r ? std::move(r).value() : nullptr;
}

QString hostNameForTest() { return dragoman::storage::hostName(); }

} // namespace

class TestSessionStore : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the threads of what is tested come from here, as from the application's
  QTemporaryDir m_dir;
  QString path(const char *name) { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
  void everyValueComesBack() {
    SessionStore store(m_threads, {path("roundtrip.sqlite"), 1000});
    QVERIFY(store.open().ok());
    const SessionInfo s = session(QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e"));
    store.beginSession(s);
    const StoredSegment a = segment(1, QStringLiteral("good morning everyone"), QStringLiteral("皆さんおはようございます"));
    StoredSegment b = segment(2, QStringLiteral("naïve café — “quoted”"), QString());
    b.confidence.reset();
    b.times = {};
    b.flags = SegmentFailed | SegmentPartial;
    b.error = QStringLiteral("translation: apertium timed out");
    store.addSegment(s.uuid, a);
    store.addSegment(s.uuid, b);
    const StoredAlert alert{1500, QStringLiteral("process memory"), true, 8.1e9, 7.5e9, QStringLiteral("over the limit")};
    store.addAlert(s.uuid, alert);
    const StoredMemorySample mem{1000, 812LL << 20, 0.4375, -1, -1};
    store.addMemorySample(s.uuid, mem);
    const StoredProfileRun run{1795000060000, QStringLiteral("live"), 60.5, 58.25, 0.42, 900LL << 20,
                               QByteArray("{\"format\":\"dragoman.run\"}")};
    store.addProfileRun(s.uuid, run);
    store.endSession(s.uuid, SessionState::Finished, 1795000061000);
    QVERIFY(store.flush().ok());

    auto r = reader(path("roundtrip.sqlite"));
    QVERIFY(r);
    Result<SessionSummary> back = r->session(s.uuid);
    QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
    SessionInfo expected = s;
    expected.state = SessionState::Finished;
    expected.endedMs = 1795000061000;
    QVERIFY(back->info == expected);
    QCOMPARE(back->segments, 2);
    QVERIFY(r->session(QStringLiteral("0f8f")).ok()); // a prefix
    QVERIFY(r->session(QString::number(back->id)).ok());
    const std::vector<StoredSegment> segs = r->segments(s.uuid).value();
    QCOMPARE(segs.size(), std::size_t(2));
    QVERIFY(segs[0] == a);
    QVERIFY(segs[1] == b);
    QVERIFY(r->alerts(s.uuid).value() == std::vector<StoredAlert>{alert});
    QVERIFY(r->memorySamples(s.uuid).value() == std::vector<StoredMemorySample>{mem});
    QVERIFY(r->profileRuns(QStringLiteral("live")).value() == std::vector<StoredProfileRun>{run});
  }

  void segmentIsReplacedById() {
    SessionStore store(m_threads, {path("replace.sqlite"), 1000});
    QVERIFY(store.open().ok());
    store.beginSession(session(QStringLiteral("s-replace")));
    StoredSegment partial = segment(1, QStringLiteral("good mor"), QString());
    partial.flags = SegmentPartial;
    store.addSegment(QStringLiteral("s-replace"), partial);
    store.addSegment(QStringLiteral("s-replace"), segment(1, QStringLiteral("good morning"), QStringLiteral("おはよう")));
    QVERIFY(store.flush().ok());
    auto r = reader(path("replace.sqlite"));
    const std::vector<StoredSegment> segs = r->segments(QStringLiteral("s-replace")).value();
    QCOMPARE(segs.size(), std::size_t(1));
    QCOMPARE(segs[0].sourceText, QStringLiteral("good morning"));
    QCOMPARE(segs[0].flags, int(SegmentEchoGated));
    // The text index follows the replacement.
    QCOMPARE(r->search(QStringLiteral("mor")).value().size(), std::size_t(1));
    QCOMPARE(r->search(QStringLiteral("おはよう")).value().size(), std::size_t(1));
  }

  // A call: the same segment id in both directions are two segments; a direction's partial text is
  // replaced and removed on its own; the session reads back in the order things were said.
  void callDirectionsKeepTheirOwnSegments() {
    SessionStore store(m_threads, {path("call.sqlite"), 1000});
    QVERIFY(store.open().ok());
    SessionInfo call = session(QStringLiteral("s-call"));
    call.kind = QStringLiteral("call");
    store.beginSession(call);
    StoredSegment mine = segment(1, QStringLiteral("good morning"), QStringLiteral("おはよう"));
    mine.direction = QStringLiteral("me");
    StoredSegment theirs = segment(1, QStringLiteral("こんにちは"), QStringLiteral("hello"));
    theirs.direction = QStringLiteral("them");
    theirs.startSeconds = 0.5; // said before mine (2.0 s)
    StoredSegment theirPartial = segment(0, QStringLiteral("and th"), QString());
    theirPartial.direction = QStringLiteral("them");
    theirPartial.flags = SegmentPartial;
    StoredSegment myPartial = theirPartial;
    myPartial.direction = QStringLiteral("me");
    for (const StoredSegment &s : {mine, theirs, theirPartial, myPartial})
      store.addSegment(call.uuid, s);
    store.addSegment(call.uuid, mine); // replaced, not added
    store.removeSegment(call.uuid, 0, QStringLiteral("them"));
    QVERIFY(store.flush().ok());
    auto r = reader(path("call.sqlite"));
    QVERIFY(r);
    const std::vector<StoredSegment> segs = r->segments(call.uuid).value();
    QCOMPARE(segs.size(), std::size_t(3));
    QVERIFY(segs[0] == myPartial); // 0.0 s
    QVERIFY(segs[1] == theirs);    // 0.5 s
    QVERIFY(segs[2] == mine);      // 2.0 s
    QCOMPARE(r->search(QStringLiteral("hello")).value().size(), std::size_t(1));
  }

  void writersOnManyThreads() {
    SessionStore store(m_threads, {path("threads.sqlite"), 50});
    QVERIFY(store.open().ok());
    constexpr int kThreads = 4, kEach = 500;
    for (int t = 0; t < kThreads; ++t)
      store.beginSession(session(QStringLiteral("thread-%1").arg(t)));
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back(m_threads.thread("writer", [&store, t] {
        for (int i = 1; i <= kEach; ++i)
          store.addSegment(QStringLiteral("thread-%1").arg(t), segment(i, QStringLiteral("t%1 s%2").arg(t).arg(i), QString()));
      }));
      threads.back()->start();
    }
    for (auto &th : threads)
      QVERIFY(th->wait(30000));
    QVERIFY(store.flush().ok());
    auto r = reader(path("threads.sqlite"));
    for (int t = 0; t < kThreads; ++t) {
      const std::vector<StoredSegment> segs = r->segments(QStringLiteral("thread-%1").arg(t)).value();
      QCOMPARE(int(segs.size()), kEach);
      QCOMPARE(segs.back().sourceText, QStringLiteral("t%1 s%2").arg(t).arg(kEach));
    }
  }

  // Nothing calls flush(): another connection sees the segment once the window has passed.
  void committedWithinTheWindow() {
    SessionStore store(m_threads, {path("window.sqlite"), 200});
    QVERIFY(store.open().ok());
    store.beginSession(session(QStringLiteral("s-window")));
    store.addSegment(QStringLiteral("s-window"), segment(1, QStringLiteral("durable"), QString()));
    auto r = reader(path("window.sqlite"));
    QVERIFY(r);
    QElapsedTimer timer;
    timer.start();
    while (r->segments(QStringLiteral("s-window")).value().empty() && timer.elapsed() < 5000)
      QTest::qWait(20);
    QCOMPARE(r->segments(QStringLiteral("s-window")).value().size(), std::size_t(1));
    QVERIFY2(timer.elapsed() < 200 + 1500, qPrintable(QString::number(timer.elapsed()))); // the window, a sync, a busy machine
  }

  void cleanCloseLosesNothing() {
    {
      SessionStore store(m_threads, {path("close.sqlite"), 60000}); // a window far longer than the test
      QVERIFY(store.open().ok());
      store.beginSession(session(QStringLiteral("s-close")));
      for (int i = 1; i <= 100; ++i)
        store.addSegment(QStringLiteral("s-close"), segment(i, QStringLiteral("line %1").arg(i), QString()));
      store.endSession(QStringLiteral("s-close"), SessionState::Cancelled, 1795000001000, QStringLiteral("stopped by a signal"));
    }
    auto r = reader(path("close.sqlite"));
    QCOMPARE(r->segments(QStringLiteral("s-close")).value().size(), std::size_t(100));
    const SessionSummary s = r->session(QStringLiteral("s-close")).value();
    QCOMPARE(s.info.state, SessionState::Cancelled);
    QCOMPARE(s.info.error, QStringLiteral("stopped by a signal"));
  }

  // Closed without waiting (the window changing its database): the writes accepted before are all
  // committed by the time `done` runs, later ones are dropped and counted, and destroying the store
  // then waits for nothing.
  void closeWithoutWaiting() {
    auto store = std::make_unique<SessionStore>(m_threads, SessionStore::Options{path("closethen.sqlite"), 60000});
    QVERIFY(store->open().ok());
    store->beginSession(session(QStringLiteral("s-then")));
    for (int i = 1; i <= 100; ++i)
      store->addSegment(QStringLiteral("s-then"), segment(i, QStringLiteral("line %1").arg(i), QString()));
    bool closed = false;
    store->closeThen(this, [&closed] { closed = true; });
    store->addSegment(QStringLiteral("s-then"), segment(101, QStringLiteral("too late"), QString()));
    QCOMPARE(store->droppedWrites(), quint64(1));
    QTRY_VERIFY_WITH_TIMEOUT(closed, 10000);
    QVERIFY(!m_threads.running().contains(QString::fromLatin1(threadnames::kStore)));
    QElapsedTimer clock;
    clock.start();
    store.reset();
    QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
    auto r = reader(path("closethen.sqlite"));
    QVERIFY(r);
    QCOMPARE(r->segments(QStringLiteral("s-then")).value().size(), std::size_t(100));
  }

  void searchListAndDelete() {
    SessionStore store(m_threads, {path("search.sqlite"), 1000});
    QVERIFY(store.open().ok());
    store.beginSession(session(QStringLiteral("older"), 1000));
    store.beginSession(session(QStringLiteral("newer"), 2000));
    store.addSegment(QStringLiteral("older"), segment(1, QStringLiteral("the weather is fine"), QStringLiteral("天気")));
    store.addSegment(QStringLiteral("newer"), segment(1, QStringLiteral("weathering the storm"), QString()));
    store.addSegment(QStringLiteral("newer"), segment(2, QStringLiteral("\"quotes\" AND NOT (syntax"), QString()));
    QVERIFY(store.flush().ok());
    auto r = reader(path("search.sqlite"));
    const std::vector<SessionSummary> list = r->sessions().value();
    QCOMPARE(list.size(), std::size_t(2));
    QCOMPARE(list[0].info.uuid, QStringLiteral("newer"));
    QCOMPARE(list[1].segments, 1);
    std::vector<SearchHit> hits = r->search(QStringLiteral("weather")).value();
    QCOMPARE(hits.size(), std::size_t(2));
    QCOMPARE(hits[0].session, QStringLiteral("newer"));
    // User text is never query syntax.
    Result<std::vector<SearchHit>> odd = r->search(QStringLiteral("\"quotes\" AND NOT (syntax"));
    QVERIFY2(odd.ok(), odd.ok() ? "" : qPrintable(odd.error().message));
    QCOMPARE(odd->size(), std::size_t(1));
    QVERIFY(r->deleteSession(QStringLiteral("newer")).value());
    QVERIFY(!r->deleteSession(QStringLiteral("newer")).value());
    hits = r->search(QStringLiteral("weather")).value();
    QCOMPARE(hits.size(), std::size_t(1));
    QVERIFY(r->segments(QStringLiteral("newer")).value().empty());
    QVERIFY(!r->session(QStringLiteral("newer")).ok());
  }

  // A database that refuses writes (here its size cap; a full disk alike): the writes stay pending,
  // the store says once that history is not being saved, and saves them all once there is room.
  void fullDatabaseKeepsWritesPending() {
    SessionStore store(m_threads, {path("full.sqlite"), 50, 200000, 512 * 1024});
    QVERIFY(store.open().ok());
    // Counted on this thread: the store emits on its own (a QSignalSpy would count there, racing).
    int failed = 0;
    int resumed = 0;
    connect(&store, &SessionStore::failed, this, [&failed] { ++failed; });
    connect(&store, &SessionStore::resumed, this, [&resumed] { ++resumed; });
    store.beginSession(session(QStringLiteral("filler")));
    store.beginSession(session(QStringLiteral("kept")));
    const QString big(2000, QLatin1Char('x'));
    for (int i = 1; i <= 20; ++i)
      store.addSegment(QStringLiteral("filler"), segment(i, big + QString::number(i), QString()));
    QVERIFY(store.flush().ok());
    int i = 1;
    Status s = Status::success();
    for (; i <= 400 && s; ++i) {
      store.addSegment(QStringLiteral("kept"), segment(i, big + QString::number(i), QString()));
      s = store.flush();
    }
    QVERIFY2(!s.ok(), "the cap was never reached");
    QVERIFY2(s.error().message.contains(QLatin1String("disk is full")), qPrintable(s.error().message));
    const int accepted = i - 1;
    QTRY_COMPARE(failed, 1);
    QVERIFY(!store.isSaving());
    store.addSegment(QStringLiteral("kept"), segment(accepted + 1, QStringLiteral("while full"), QString()));
    QTest::qWait(200); // retried, still full: said once
    QCOMPARE(failed, 1);

    auto r = reader(path("full.sqlite"));
    QVERIFY(r->deleteSession(QStringLiteral("filler")).value()); // room again
    QTRY_COMPARE(resumed, 1);
    QVERIFY(store.isSaving());
    QVERIFY(store.flush().ok());
    const std::vector<StoredSegment> kept = r->segments(QStringLiteral("kept")).value();
    QCOMPARE(int(kept.size()), accepted + 1); // every accepted write, none lost
    QCOMPARE(kept.back().sourceText, QStringLiteral("while full"));
    QCOMPARE(store.droppedWrites(), quint64(0));
  }

  // storage.retention_days: finished sessions past the age go when the store opens, with their
  // segments; a running one stays whatever its age.
  void retentionDeletesOldFinishedSessions() {
    const qint64 now = QDateTime::currentMSecsSinceEpoch(), day = 24LL * 3600 * 1000;
    {
      SessionStore store(m_threads, {path("retention.sqlite"), 1000});
      QVERIFY(store.open().ok());
      SessionInfo old = session(QStringLiteral("old"), now - 100 * day);
      old.state = SessionState::Finished;
      SessionInfo oldRunning = session(QStringLiteral("old-running"), now - 100 * day);
      oldRunning.pid = QCoreApplication::applicationPid(); // alive: not interrupted either
      oldRunning.host = hostNameForTest();
      SessionInfo recent = session(QStringLiteral("recent"), now - 2 * day);
      recent.state = SessionState::Finished;
      for (const SessionInfo &s : {old, oldRunning, recent})
        store.beginSession(s);
      store.addSegment(QStringLiteral("old"), segment(1, QStringLiteral("long ago"), QString()));
      QVERIFY(store.flush().ok());
    }
    SessionStore::Options options{path("retention.sqlite"), 1000};
    options.retentionDays = 30;
    SessionStore store(m_threads, options);
    QVERIFY(store.open().ok());
    QCOMPARE(store.recoveryNotes(), QStringList{QStringLiteral("1 session(s) older than 30 days were deleted (storage.retention_days)")});
    auto r = reader(path("retention.sqlite"));
    QStringList left;
    const std::vector<SessionSummary> sessions = r->sessions().value();
    for (const SessionSummary &s : sessions)
      left << s.info.uuid;
    QCOMPARE(left, (QStringList{QStringLiteral("recent"), QStringLiteral("old-running")}));
    QVERIFY(r->search(QStringLiteral("long")).value().empty());
  }

  void missingHistoryIsNamed() {
    Result<std::unique_ptr<HistoryReader>> r = HistoryReader::open(path("none.sqlite"));
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QLatin1String("none.sqlite")));
  }
};

QTEST_GUILESS_MAIN(TestSessionStore)
#include "tst_sessionstore.moc"
