// The session runner on a real audio file with the offline engines (pocketsphinx, apertium,
// espeak-ng): every segment comes out and the history records the session; stop() mid-file ends in
// order with fewer segments; cancel() drops the rest and the history says so; a missing file is a
// quick error naming it.
#include "app/context/appcontext.h"
#include "app/context/sessionrunner.h"
#include "core/storage/historyreader.h"
#include "tests/support/eventloopprobe.h"
#include "tests/support/testpaths.h"
#include "tests/support/virtualaudio.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;
using dragoman::test::EventLoopProbe;

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

  // A file that should play its speech (the window's) on an output that cannot be opened is still
  // translated, its speech made; the description says why nothing is heard.
  void aFileWithoutItsOutputIsStillTranslated() {
    DRAGOMAN_REQUIRE_SHARED(clip, "data/speech/jfk.flac");
    cli::GlobalOptions global;
    global.overrides = {QStringLiteral("storage.database=") + m_home.filePath(QStringLiteral("history.sqlite")),
                        QStringLiteral("audio.output_device=no-such-speakers")};
    Result<std::unique_ptr<AppContext>> c = AppContext::create(global);
    QVERIFY(c.ok());
    SessionRunner runner(**c, QStringLiteral("gui"));
    QSignalSpy started(&runner, &SessionRunner::started);
    QSignalSpy finished(&runner, &SessionRunner::finished);
    QSignalSpy segments(&runner, &SessionRunner::segmentFinished);
    SessionSource source;
    source.kind = SessionSource::Kind::File;
    source.file = clip;
    source.speak = true;
    source.play = true;
    QVERIFY(runner.startInBackground(source).ok());
    QVERIFY(finished.wait(120000));
    QVERIFY(finished.at(0).at(0).value<Status>().ok());
    QCOMPARE(started.count(), 1);
    const QString description = started.at(0).at(0).toString();
    QVERIFY2(description.contains(QLatin1String("not speaking aloud")) && description.contains(QLatin1String("no-such-speakers")),
             qPrintable(description));
    QVERIFY(segments.count() >= 3);
    QVERIFY(!segments.at(0).at(0).value<SegmentResult>().speech.isEmpty());
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
    if (!(*c)->engines().names(Stage::Asr).contains(QStringLiteral("whisper")))
      QSKIP("built without the neural engines (DRAGOMAN_NEURAL_ENGINES off: the ThreadSanitizer build)");
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

  // Stop from the devices with speech still queued (slow speech, rate 0.5): the remaining speech
  // plays out on the playback thread while this (the GUI's) thread keeps answering, and finished()
  // comes once the last sentence was handed to the output. Before, the end of a session joined the
  // playback thread here and the event loop stood still for as long as the speech lasted.
  void stopWithQueuedSpeechKeepsTheLoopAnswering() {
    DRAGOMAN_REQUIRE_SHARED(clip, "data/speech/jfk.flac");
    test::VirtualAudio audio(QStringLiteral("/tmp/dragoman-pa-runner-%1").arg(QCoreApplication::applicationPid()));
    const auto stopAudio = qScopeGuard([&audio] { audio.stop(); }); // the daemon is this test's alone
    DRAGOMAN_REQUIRE_VIRTUAL_AUDIO(audio);
    audio.exportToThisProcess();
    cli::GlobalOptions global;
    global.overrides = {QStringLiteral("storage.database=") + m_home.filePath(QStringLiteral("history.sqlite")),
                        QStringLiteral("audio.input_device=") + audio.input(), QStringLiteral("audio.output_device=") + audio.output(),
                        QStringLiteral("tts.engine=espeak-ng"), QStringLiteral("tts.rate=0.5")};
    Result<std::unique_ptr<AppContext>> c = AppContext::create(global);
    QVERIFY2(c.ok(), c ? "" : qPrintable(c.error().message));
    SessionRunner runner(**c, QStringLiteral("live"));
    QSignalSpy finished(&runner, &SessionRunner::finished);
    QSignalSpy segments(&runner, &SessionRunner::segmentFinished);
    QSignalSpy delivered(&runner, &SessionRunner::segmentDelivered);
    SessionSource source;
    source.kind = SessionSource::Kind::Devices;
    source.speak = true;
    QVERIFY2(runner.start(source).ok(), "start failed");
    QVERIFY(audio.playAsync(clip));
    QVERIFY(segments.wait(60000));
    // What is queued for the output now: the speech of every finished segment not yet delivered.
    // Until a later sentence waits behind the one playing (jfk.flac gives 2 to 4 segments).
    const auto queuedSpeech = [&] {
      double seconds = 0.0;
      for (qsizetype i = delivered.count(); i < segments.count(); ++i)
        seconds += segments.at(i).at(0).value<SegmentResult>().speech.durationSeconds();
      return seconds;
    };
    (void)QTest::qWaitFor([&] { return queuedSpeech() > 1.0; }, 30000);
    const double queued = queuedSpeech();
    EventLoopProbe probe;
    QElapsedTimer clock;
    clock.start();
    runner.stop();
    QVERIFY(finished.wait(120000));
    const double endedAfter = double(clock.elapsed()) / 1000.0;
    qInfo("stop with %.1f s of speech queued: finished after %.1f s; event loop %zu ticks, p99 %.1f ms, longest %.1f ms",
          queued, endedAfter, probe.ticks(), probe.percentileMs(0.99), probe.maxGapMs());
    QVERIFY2(queued > 1.0, qPrintable(QStringLiteral("only %1 s of speech was queued").arg(queued)));
    QCOMPARE(delivered.count(), segments.count()); // every segment's speech was played, then finished()
    QVERIFY2(endedAfter > 0.5 * queued, qPrintable(QStringLiteral("%1 s").arg(endedAfter)));
    QVERIFY(finished.at(0).at(0).value<Status>().ok());
    // A loaded CI machine's margin (ThreadSanitizer's build runs several times slower): a blocked
    // loop would show the queued speech's length here.
#if defined(__SANITIZE_THREAD__)
    const double bound = 2000.0;
#else
    const double bound = 500.0;
#endif
    QVERIFY2(probe.maxGapMs() < bound, qPrintable(QStringLiteral("%1 ms").arg(probe.maxGapMs())));
    audio.waitPlayed(30000);
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
