// The session runner on a real audio file with the offline engines (pocketsphinx, apertium,
// espeak-ng): every segment comes out and the history records the session; stop() mid-file ends in
// order with fewer segments; cancel() drops the rest and the history says so; a missing file is a
// quick error naming it.
#include "app/context/appcontext.h"
#include "app/context/sessionrunner.h"
#include "core/storage/historyreader.h"
#include "tests/support/testpaths.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;

class TestSessionRunner : public QObject {
  Q_OBJECT
  QTemporaryDir m_home;

  std::unique_ptr<AppContext> context() {
    cli::GlobalOptions global;
    global.overrides = {QStringLiteral("storage.database=") + m_home.filePath(QStringLiteral("history.sqlite")),
                        QStringLiteral("storage.flush_interval_ms=50")};
    Result<std::unique_ptr<AppContext>> made = AppContext::create(global);
    if (!made)
      qWarning("%s", qPrintable(made.error().message));
    return made ? std::move(made).value() : nullptr;
  }

  storage::SessionSummary session(const QString &uuid) {
    auto reader = storage::HistoryReader::open(m_home.filePath(QStringLiteral("history.sqlite")));
    if (!reader)
      return {};
    Result<storage::SessionSummary> s = (*reader)->session(uuid);
    return s ? *s : storage::SessionSummary{};
  }

private Q_SLOTS:
  void initTestCase() {
    qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
  }

  void translatesAWholeFile() {
    DRAGOMAN_REQUIRE_SHARED(clip, "data/speech/jfk.flac");
    std::unique_ptr<AppContext> c = context();
    QVERIFY(c);
    SessionRunner runner(*c, QStringLiteral("gui"));
    QSignalSpy finished(&runner, &SessionRunner::finished);
    QSignalSpy segments(&runner, &SessionRunner::segmentFinished);
    QSignalSpy delivered(&runner, &SessionRunner::segmentDelivered);
    QSignalSpy transcripts(&runner, &SessionRunner::transcriptReady);
    SessionSource source;
    source.kind = SessionSource::Kind::File;
    source.file = clip;
    source.speak = true;
    QVERIFY2(runner.start(source).ok(), "start failed");
    QVERIFY(runner.isRunning());
    QVERIFY2(runner.deviceDescription().contains(QLatin1String("jfk.flac")), qPrintable(runner.deviceDescription()));
    QVERIFY(!runner.start(source).ok()); // one at a time
    QVERIFY(finished.wait(120000));
    QVERIFY(!runner.isRunning());
    QVERIFY(finished.at(0).at(0).value<Status>().ok());
    QCOMPARE(finished.at(0).at(1).toBool(), false);
    QVERIFY2(segments.count() >= 3, qPrintable(QString::number(segments.count())));
    QCOMPARE(delivered.count(), segments.count());
    QCOMPARE(transcripts.count(), segments.count());
    for (const QList<QVariant> &s : segments) {
      const auto r = s.at(0).value<SegmentResult>();
      QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
      QVERIFY(!r.translation.isEmpty());
      QVERIFY(!r.speech.isEmpty());
    }
    QTRY_COMPARE_WITH_TIMEOUT(session(runner.sessionUuid()).info.state, storage::SessionState::Finished, 5000); // the store commits on its own thread
    QCOMPARE(session(runner.sessionUuid()).segments, qint64(segments.count()));
    QCOMPARE(session(runner.sessionUuid()).info.kind, QStringLiteral("gui"));
    QVERIFY(runner.historyProblem().isEmpty());
  }

  // Stop releases nothing more: the file is read at the pace of speech, so stopping after the first
  // segment leaves the rest unread; what was submitted still finishes.
  void stopEndsInOrder() {
    DRAGOMAN_REQUIRE_SHARED(clip, "data/speech/jfk.flac");
    std::unique_ptr<AppContext> c = context();
    QVERIFY(c);
    SessionRunner runner(*c, QStringLiteral("gui"));
    QSignalSpy finished(&runner, &SessionRunner::finished);
    QSignalSpy segments(&runner, &SessionRunner::segmentFinished);
    SessionSource source;
    source.kind = SessionSource::Kind::File;
    source.file = clip;
    source.realTime = true;
    source.speak = false;
    QVERIFY(runner.start(source).ok());
    QVERIFY(segments.wait(60000));
    runner.stop();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(0).at(1).toBool(), false);
    QVERIFY2(segments.count() < int(runner.counters().segments), qPrintable(QString::number(segments.count())));
    QTRY_COMPARE_WITH_TIMEOUT(session(runner.sessionUuid()).info.state, storage::SessionState::Finished, 5000);

    // The same runner starts again, a fresh session.
    const QString first = runner.sessionUuid();
    QVERIFY(runner.start(source).ok());
    QVERIFY(runner.sessionUuid() != first);
    runner.cancel();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(1).at(1).toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(session(runner.sessionUuid()).info.state, storage::SessionState::Cancelled, 5000);
  }

  // A file that is not audio: start() only looks at it (decoding is the feeder's work), so the
  // session starts and then ends with the decoder's error, recorded as failed.
  void corruptFileEndsTheSession() {
    std::unique_ptr<AppContext> c = context();
    QVERIFY(c);
    const QString garbage = m_home.filePath(QStringLiteral("garbage.wav"));
    QFile f(garbage);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(4096, 'x'));
    f.close();
    SessionRunner runner(*c, QStringLiteral("gui"));
    QSignalSpy finished(&runner, &SessionRunner::finished);
    SessionSource source;
    source.kind = SessionSource::Kind::File;
    source.file = garbage;
    QVERIFY(runner.start(source).ok());
    QVERIFY(finished.wait(30000));
    const Status s = finished.at(0).at(0).value<Status>();
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.contains(QLatin1String("garbage.wav")), qPrintable(s.error().message));
    QTRY_COMPARE_WITH_TIMEOUT(session(runner.sessionUuid()).info.state, storage::SessionState::Failed, 5000);
  }

  // An engine that cannot be created (a model folder that is not there) ends the session with its
  // error; start() itself returned at once, without waiting for the engines.
  void engineThatCannotLoadEndsTheSession() {
    DRAGOMAN_REQUIRE_SHARED(clip, "data/speech/jfk.flac");
    cli::GlobalOptions global;
    global.overrides = {QStringLiteral("storage.database=") + m_home.filePath(QStringLiteral("history.sqlite")),
                        QStringLiteral("asr.engine=whisper"), QStringLiteral("asr.model=") + m_home.filePath(QStringLiteral("empty-model"))};
    QVERIFY(QDir().mkpath(m_home.filePath(QStringLiteral("empty-model"))));
    Result<std::unique_ptr<AppContext>> c = AppContext::create(global);
    QVERIFY(c.ok());
    SessionRunner runner(**c, QStringLiteral("gui"));
    QSignalSpy finished(&runner, &SessionRunner::finished);
    SessionSource source;
    source.kind = SessionSource::Kind::File;
    source.file = clip;
    source.speak = false;
    QVERIFY(runner.start(source).ok());
    QVERIFY(finished.wait(60000));
    const Status s = finished.at(0).at(0).value<Status>();
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.contains(QLatin1String("empty-model")), qPrintable(s.error().message));
    QTRY_COMPARE_WITH_TIMEOUT(session(runner.sessionUuid()).info.state, storage::SessionState::Failed, 5000);
  }

  void missingFileIsNamed() {
    std::unique_ptr<AppContext> c = context();
    QVERIFY(c);
    SessionRunner runner(*c, QStringLiteral("gui"));
    SessionSource source;
    source.kind = SessionSource::Kind::File;
    source.file = m_home.filePath(QStringLiteral("nowhere.wav"));
    const Status s = runner.start(source);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.contains(QLatin1String("nowhere.wav")), qPrintable(s.error().message));
    QVERIFY(!runner.isRunning());
  }
};

QTEST_GUILESS_MAIN(TestSessionRunner)
#include "tst_sessionrunner.moc"
