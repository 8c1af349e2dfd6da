// Session store throughput and history query latency with 100k segments (label bench; numbers in
// docs/BENCHMARKS.md). Writes go through the real SessionStore (its thread, batching, full sync);
// queries through HistoryReader on its own connection. Asserts counts, prints times.
#include "core/common/threadhost.h"
#include "core/storage/historyreader.h"
#include "core/storage/sessionstore.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace dragoman;
using namespace dragoman::storage;

namespace {

constexpr int kSessions = 100;
constexpr int kPerSession = 1000; // 100k segments in all

const QStringList kWords{QStringLiteral("weather"), QStringLiteral("meeting"), QStringLiteral("budget"), QStringLiteral("release"),
                         QStringLiteral("customer"), QStringLiteral("schedule"), QStringLiteral("latency"), QStringLiteral("model")};

StoredSegment segment(int session, int i) {
  StoredSegment s;
  s.segment = i;
  s.startSeconds = i * 3.0;
  s.endSeconds = i * 3.0 + 2.5;
  s.sourceText = QStringLiteral("segment %1 of session %2 talks about the %3 and the %4")
                     .arg(i)
                     .arg(session)
                     .arg(kWords[(i + session) % kWords.size()], kWords[(i * 7) % kWords.size()]);
  s.translation = QStringLiteral("le segment %1 parle de %2").arg(i).arg(kWords[i % kWords.size()]);
  s.sourceLanguage = QStringLiteral("en");
  s.targetLanguage = QStringLiteral("fr");
  s.times.asrDone = i * 3000.0 + 2900.0;
  s.times.mtDone = i * 3000.0 + 3100.0;
  return s;
}

template <typename F> double medianMs(int reps, F f) {
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    QElapsedTimer timer;
    timer.start();
    f();
    t.push_back(double(timer.nsecsElapsed()) / 1e6);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

} // namespace

class BenchStorage : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the threads of what is tested come from here, as from the application's
private Q_SLOTS:
  void hundredThousandSegments() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    QElapsedTimer timer;
    {
      SessionStore store(m_threads, {path, 1000});
      QVERIFY(store.open().ok());
      timer.start();
      for (int s = 0; s < kSessions; ++s) {
        SessionInfo info;
        info.uuid = QStringLiteral("session-%1").arg(s);
        info.kind = QStringLiteral("live");
        info.startedMs = 1795000000000 + qint64(s) * 3600000;
        info.sourceLanguage = QStringLiteral("en");
        info.targetLanguage = QStringLiteral("fr");
        store.beginSession(info);
        for (int i = 1; i <= kPerSession; ++i)
          store.addSegment(info.uuid, segment(s, i));
        store.endSession(info.uuid, SessionState::Finished, info.startedMs + 3000000);
      }
      const double queuedMs = double(timer.nsecsElapsed()) / 1e6;
      QVERIFY(store.flush().ok());
      const double totalMs = double(timer.nsecsElapsed()) / 1e6;
      qInfo("insert: %d segments queued in %.0f ms, committed in %.0f ms: %.0f segments/s", kSessions * kPerSession, queuedMs,
            totalMs, kSessions * kPerSession / (totalMs / 1000.0));
    }
    qInfo("database: %.1f MiB", double(QFileInfo(path).size()) / (1 << 20));

    Result<std::unique_ptr<HistoryReader>> opened = HistoryReader::open(path);
    QVERIFY(opened.ok());
    HistoryReader &r = **opened;
    std::size_t n = 0;
    qInfo("history list (50 newest, with counts): %.2f ms", medianMs(9, [&] { n = r.sessions(50).value().size(); }));
    QCOMPARE(n, std::size_t(50));
    qInfo("show one session (1000 segments): %.2f ms", medianMs(9, [&] { n = r.segments(QStringLiteral("session-42")).value().size(); }));
    QCOMPARE(n, std::size_t(kPerSession));
    qInfo("session by id prefix: %.2f ms", medianMs(9, [&] { n = r.session(QStringLiteral("session-7")).ok() ? 1 : 0; }));
    qInfo("search one word (100 hits of ~25k): %.2f ms", medianMs(9, [&] { n = r.search(QStringLiteral("budget")).value().size(); }));
    QCOMPARE(n, std::size_t(100));
    qInfo("search a rare phrase: %.2f ms",
          medianMs(9, [&] { n = r.search(QStringLiteral("segment 999 of session 42")).value().size(); }));
    QVERIFY(n >= 1);
    qInfo("delete a session (1000 segments and their index): %.2f ms",
          medianMs(1, [&] { n = r.deleteSession(QStringLiteral("session-3")).value() ? 1 : 0; }));
    QCOMPARE(n, std::size_t(1));
  }
};

QTEST_GUILESS_MAIN(BenchStorage)
#include "bench_storage.moc"
