// The desktop application's session with the real pipeline: the main window on a GuiSession, an
// audio file as the input and the offline engines. Start fills the transcript row by row, Stop ends
// the session in order, and the GUI thread keeps answering while the stages work. A call from the
// call page runs both directions on the virtual devices, and the embedded API streams both.
#include "core/common/threadhost.h"
#include "app/context/appcontext.h"
#include "app/gui/guisession.h"
#include "app/headless/apihost.h"
#include "core/server/server.h"
#include "core/storage/historyreader.h"
#include "core/common/types.h"
#include "tests/support/eventloopprobe.h"
#include "tests/support/streamclient.h"
#include "tests/support/virtualaudio.h"
#include "tests/support/testpaths.h"
#include "tests/support/whisperfolder.h"
#include "ui/call/callpage.h"
#include "ui/widgets/levelmeter.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/mainwindow/sessionpanel.h"
#include "ui/transcript/transcriptmodel.h"
#include "ui/widgets/bannerbar.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;
using namespace dragoman::ui;

using dragoman::test::EventLoopProbe;

class TestGuiSession : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the threads of what is tested come from here, as from the application's
  QTemporaryDir m_home;
  // This process's own daemon; its variables stay exported, so it stops only at the end (PortAudio
  // aborts in its ALSA device list when the PulseAudio server it was told of has gone).
  test::VirtualAudio m_audio{QStringLiteral("/tmp/dragoman-pa-gui-%1").arg(QCoreApplication::applicationPid())};

  cli::GlobalOptions global() const {
    cli::GlobalOptions g;
    g.overrides = {QStringLiteral("storage.database=") + m_home.filePath(QStringLiteral("history.sqlite"))};
    return g;
  }

private Q_SLOTS:
  void initTestCase() {
    qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
  }

  void cleanupTestCase() { m_audio.stop(); }

  void requestBecomesOverrides() {
    SessionRequest r;
    r.sourceLanguage = QStringLiteral("auto");
    r.targetLanguage = QStringLiteral("fr");
    r.asrEngine = QStringLiteral("whisper");
    r.asrModel = QStringLiteral("/m/whisper-base");
    r.inputDevice = QStringLiteral("pulse:vmic");
    const QStringList o = gui::GuiSession::overridesFor(r, QStringLiteral("pulse:dragoman_sink"));
    QVERIFY(o.contains(QStringLiteral("asr.language=auto")));
    QVERIFY(!o.join(QLatin1Char(' ')).contains(QLatin1String("translation.source_language"))); // kept from the configuration
    QVERIFY(o.contains(QStringLiteral("translation.target_language=fr")));
    QVERIFY(o.contains(QStringLiteral("asr.model=/m/whisper-base")));
    QVERIFY(o.contains(QStringLiteral("audio.input_device=pulse:vmic")));
    QVERIFY(o.contains(QStringLiteral("audio.output_device=pulse:dragoman_sink")));
    r.ttsVoice = QStringLiteral("piper-fr_FR-siwis-medium"); // an installed voice: auto finds it
    QStringList v = gui::GuiSession::overridesFor(r, {});
    QVERIFY(v.indexOf(QStringLiteral("tts.engine=auto")) >= 0 && v.contains(QStringLiteral("tts.voice=piper-fr_FR-siwis-medium")));
    r.ttsVoice = QStringLiteral("espeak-ng");
    v = gui::GuiSession::overridesFor(r, {});
    QVERIFY(v.contains(QStringLiteral("tts.engine=espeak-ng")) && v.contains(QStringLiteral("tts.voice=")));
    r.ttsVoice.clear();
    r.inputFile = QStringLiteral("/tmp/talk.flac");
    QVERIFY(!gui::GuiSession::overridesFor(r, {}).join(QLatin1Char(' ')).contains(QLatin1String("audio.input_device")));

    // A call: the panel's recogniser, or the configuration's when it names none.
    CallRequest call;
    QVERIFY(gui::GuiSession::callOverridesFor(call).isEmpty());
    call.asrEngine = QStringLiteral("whisper");
    call.asrModel = QStringLiteral("/m/whisper-tiny");
    QCOMPARE(gui::GuiSession::callOverridesFor(call),
             (QStringList{QStringLiteral("asr.engine=whisper"), QStringLiteral("asr.model=/m/whisper-tiny")}));
  }

  // On a fresh machine the target language's voices are espeak-ng's; previewing it plays a sample
  // (on the virtual PulseAudio sink where there is one).
  void voicesOfAFreshMachine() {
    gui::GuiSession session(global());
    QSignalSpy listed(&session, &SessionControl::voicesListed);
    session.listVoices(QStringLiteral("es"));
    QVERIFY(listed.wait(20000));
    QCOMPARE(listed.at(0).at(0).toString(), QStringLiteral("es"));
    const auto voices = listed.at(0).at(1).value<QList<VoiceChoice>>();
    QCOMPARE(voices.size(), 1);
    QCOMPARE(voices.first().id, QStringLiteral("espeak-ng"));
    test::VirtualAudio &audio = m_audio;
    if (!audio.start())
      QSKIP(qPrintable(QStringLiteral("virtual audio unavailable: ") + audio.error()));
    audio.exportToThisProcess();
    QSignalSpy previewed(&session, &SessionControl::previewFinished);
    session.previewVoice(QStringLiteral("es"), QStringLiteral("espeak-ng"), audio.output());
    QVERIFY(previewed.wait(30000));
    QVERIFY2(previewed.at(0).at(0).toString().isEmpty(), qPrintable(previewed.at(0).at(0).toString()));
    session.previewVoice(QStringLiteral("es"), QStringLiteral("espeak-ng"), QStringLiteral("pulse:no_such_sink"));
    QVERIFY(previewed.wait(30000));
    QVERIFY2(previewed.at(1).at(0).toString().contains(QStringLiteral("no_such_sink")), qPrintable(previewed.at(1).at(0).toString()));
  }

  void startAndStopWithTheRealPipeline() {
    DRAGOMAN_REQUIRE_SHARED(clip, "data/speech/jfk.flac");
    gui::GuiSession session(global());
    MainWindow w(m_threads, &session);
    SessionRequest r;
    r.sourceLanguage = QStringLiteral("en");
    r.targetLanguage = QStringLiteral("es");
    r.asrEngine = QStringLiteral("pocketsphinx");
    r.translationEngine = QStringLiteral("apertium");
    r.ttsEngine = QStringLiteral("espeak-ng");
    w.setRequest(r);
    w.sessionPanel()->setInputFile(clip);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy finished(&session, &SessionControl::finished);
    QSignalSpy started(&session, &SessionControl::started);

    // A whole file, as fast as the stages go, while the event loop is watched.
    session.setRealTimeFiles(false);
    EventLoopProbe probe;
    auto *start = w.findChild<QPushButton *>(QStringLiteral("startStop"));
    start->click();
    QVERIFY2(w.isRunning(), qPrintable(w.banners()->text(QStringLiteral("session"))));
    QVERIFY(started.count() == 1 || started.wait(30000)); // once the file and models were looked at, off this thread
    QVERIFY2(started.at(0).at(0).toString().contains(QLatin1String("jfk.flac")), qPrintable(started.at(0).at(0).toString()));
    QVERIFY(finished.wait(120000));
    QVERIFY(!w.isRunning());
    QVERIFY(finished.at(0).at(0).value<Status>().ok());
    TranscriptModel *m = w.transcriptModel();
    QVERIFY2(m->rowCount() >= 3, qPrintable(QString::number(m->rowCount())));
    for (int row = 0; row < m->rowCount(); ++row) {
      QVERIFY(!m->index(row, TranscriptModel::SourceColumn).data().toString().isEmpty());
      QVERIFY(!m->index(row, TranscriptModel::TranslationColumn).data().toString().isEmpty());
      QVERIFY(!m->index(row, 0).data(TranscriptModel::ProvisionalRole).toBool());
    }
    qInfo("GUI thread while the pipeline ran: %zu ticks, p50 %.1f ms, p99 %.1f ms, longest %.1f ms between 10 ms ticks",
          probe.ticks(), probe.percentileMs(0.5), probe.percentileMs(0.99), probe.maxGapMs());
    QVERIFY(probe.ticks() > 20);
    QVERIFY2(probe.maxGapMs() < 1000.0, qPrintable(QString::number(probe.maxGapMs())));
    QVERIFY2(probe.percentileMs(0.99) < 250.0, qPrintable(QString::number(probe.percentileMs(0.99))));
    const int whole = m->rowCount();
    QVERIFY(!session.historyStore()); // none opened up front: the session opened its own

    // At the pace of speech, Stop after the first row ends the session with fewer rows.
    session.setRealTimeFiles(true);
    start->click();
    QVERIFY(w.isRunning());
    QCOMPARE(m->rowCount(), 0); // a new session starts a new transcript
    QTRY_VERIFY_WITH_TIMEOUT(m->rowCount() >= 1, 60000);
    start->click();
    QVERIFY(finished.wait(60000));
    QVERIFY(!w.isRunning());
    QVERIFY2(m->rowCount() < whole, qPrintable(QStringLiteral("%1 of %2").arg(m->rowCount()).arg(whole)));
  }

  // The store opened at start-up serves every session: both are in it.
  void oneHistoryStoreForAllSessions() {
    DRAGOMAN_REQUIRE_SHARED(clip, "data/speech/jfk.flac");
    cli::GlobalOptions g = global();
    g.overrides << QStringLiteral("storage.database=") + m_home.filePath(QStringLiteral("shared.sqlite"));
    Result<std::unique_ptr<AppContext>> context = AppContext::create(g);
    QVERIFY(context.ok());
    gui::GuiSession session(g);
    session.openHistory(**context); // returns at once: the store opens on its own thread
    QTRY_VERIFY_WITH_TIMEOUT(session.historyStore(), 10000);
    storage::SessionStore *store = session.historyStore();
    session.setRealTimeFiles(false);
    QSignalSpy finished(&session, &SessionControl::finished);
    SessionRequest r;
    r.inputFile = clip;
    r.speak = false;
    for (int i = 0; i < 2; ++i) {
      QVERIFY(session.start(r).ok());
      QVERIFY(finished.wait(120000));
      QCOMPARE(session.historyStore(), store);
    }
    auto reader = storage::HistoryReader::open(m_home.filePath(QStringLiteral("shared.sqlite")));
    QVERIFY(reader.ok());
    Result<std::vector<storage::SessionSummary>> sessions = (*reader)->sessions();
    QVERIFY(sessions.ok());
    QCOMPARE(int(sessions->size()), 2);
    for (const storage::SessionSummary &s : *sessions)
      QCOMPARE(s.info.state, storage::SessionState::Finished);
  }

  // The call page on the real CallSession: my microphone and the call's audio both hear speech,
  // each side's transcript fills with its own segments, the meters move, a muted side translates
  // nothing, the window stays responsive, End call ends it and the history keeps one call session
  // with both directions. Both directions recognise with the tiny random-weight Whisper (the
  // offline tier recognises English only), capped at 24 tokens a window.
  void callFromTheCallPage() {
    DRAGOMAN_REQUIRE_SHARED(clip, "data/speech/jfk.flac");
    QTemporaryDir modelDir;
    DRAGOMAN_REQUIRE_TINY_WHISPER(whisper, modelDir);
    if (!m_audio.start())
      QSKIP(qPrintable(QStringLiteral("virtual audio unavailable: ") + m_audio.error()));
    m_audio.exportToThisProcess();
    cli::GlobalOptions g = global();
    const QString database = m_home.filePath(QStringLiteral("call.sqlite"));
    g.overrides << QStringLiteral("storage.database=") + database << QStringLiteral("asr.engine=whisper")
                << QStringLiteral("asr.model=") + whisper << QStringLiteral("asr.beam_size=1")
                << QStringLiteral("asr.commit_policy=segment") << QStringLiteral("asr.max_tokens=24")
                << QStringLiteral("inference.device=cpu");
    gui::GuiSession session(g);
    // The embedded API (server.enabled), as the application sets it up: it reports the window's call.
    cli::GlobalOptions served = g;
    served.overrides << QStringLiteral("server.port=0");
    Result<std::unique_ptr<AppContext>> apiContext = AppContext::create(served, {});
    QVERIFY2(apiContext.ok(), qPrintable(apiContext.ok() ? QString() : apiContext.error().message));
    headless::ApiHost api(**apiContext);
    QVERIFY(api.start().ok());
    session.setCallObserver([&api](CallSession *call) { api.attachCall(call); });
    test::StreamClient client;
    QVERIFY(client.connectTo(QUrl(QStringLiteral("ws://%1/api/v1/stream").arg(api.server().address()))));
    MainWindow w(m_threads, &session);
    CallPage *page = w.callPage();
    CallRequest r;
    r.myLanguage = QStringLiteral("en");
    r.theirLanguage = QStringLiteral("es");
    r.microphone = QStringLiteral("pulse:") + m_audio.input();
    r.callAudio = QStringLiteral("pulse:") + test::VirtualAudio::callInput();
    r.toCall = m_audio.output();
    r.speakToMe = true;
    r.toMe = QStringLiteral("pulse:") + test::VirtualAudio::headphones();
    page->setRequest(r);
    w.pages()->setCurrentWidget(page);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy started(&session, &SessionControl::callStarted);
    QSignalSpy finished(&session, &SessionControl::callFinished);
    page->findChild<QPushButton *>(QStringLiteral("startCall"))->click();
    QVERIFY2(page->isRunning(), qPrintable(w.banners()->text(QStringLiteral("call"))));
    QVERIFY(!w.sessionPanel()->isEnabled()); // no one-way session during a call
    QVERIFY2(started.wait(60000), qPrintable(page->sideStatus(TheirSide) + page->sideStatus(MySide)));
    QElapsedTimer callClock; // my input's stream starts about now
    callClock.start();
    QVERIFY(started.at(0).at(0).toString().contains(QLatin1String("them:")));

    EventLoopProbe probe;
    std::array<float, 2> loudest{-120.0f, -120.0f};
    QTimer meters;
    connect(&meters, &QTimer::timeout, this, [&] {
      for (CallSide side : {MySide, TheirSide})
        loudest[side] = std::max(loudest[side], page->meter(side)->levelDb());
    });
    meters.start(50);
    // The players are waited for with the event loop running, as the window's would be.
    const auto played = [this] { return QTest::qWaitFor([this] { return m_audio.waitPlayed(1); }, 60000); };
    QVERIFY(m_audio.playAsync(clip));
    QVERIFY(m_audio.playAsync(clip, test::VirtualAudio::callFeed()));
    QVERIFY2(played(), qPrintable(m_audio.error()));
    TranscriptModel *mine = page->transcript(MySide), *theirs = page->transcript(TheirSide);
    QTRY_VERIFY_WITH_TIMEOUT(mine->committedRows() >= 1 && theirs->committedRows() >= 1, 90000);
    QVERIFY2(loudest[MySide] > -40.0f && loudest[TheirSide] > -40.0f,
             qPrintable(QStringLiteral("%1 %2").arg(loudest[MySide]).arg(loudest[TheirSide])));
    qInfo("GUI thread during the call: %zu ticks, p99 %.1f ms, longest %.1f ms", probe.ticks(), probe.percentileMs(0.99),
          probe.maxGapMs());
    QVERIFY2(probe.maxGapMs() < 1000.0, qPrintable(QString::number(probe.maxGapMs())));

    // Muted, my microphone's speech translates to nothing; the call goes on. (What was heard before
    // the mute may still come out, under load later than the clip's end: no row may start after it.)
    for (int rows = -1, waited = 0; rows != mine->committedRows() && waited < 60; waited += 4) {
      rows = mine->committedRows();
      QTest::qWait(4000);
    }
    const double mutedAt = callClock.elapsed() / 1000.0; // about where my input's stream is now
    const int myRows = mine->committedRows();
    page->muteToggle(MySide)->click();
    QVERIFY(m_audio.playAsync(clip));
    QVERIFY2(played(), qPrintable(m_audio.error()));
    QTest::qWait(4000);
    for (int row = myRows; row < mine->committedRows(); ++row) {
      const double start = mine->index(row, 0).data(TranscriptModel::StartSecondsRole).toDouble();
      QVERIFY2(start < mutedAt + 1.0, qPrintable(QStringLiteral("a row from %1 s, muted at %2 s").arg(start).arg(mutedAt)));
    }
    QCOMPARE(page->meter(MySide)->levelDb(), -120.0f);

    page->findChild<QPushButton *>(QStringLiteral("startCall"))->click(); // End call
    QVERIFY(finished.wait(60000));
    const Status ended = finished.at(0).at(0).value<Status>();
    QVERIFY2(ended.ok(), qPrintable(ended.ok() ? QString() : ended.error().message));
    QVERIFY(!page->isRunning());
    QVERIFY(w.sessionPanel()->isEnabled());

    // The store writes on its own thread: the end of the session lands shortly after.
    auto reader = storage::HistoryReader::open(database);
    QVERIFY(reader.ok());
    Result<std::vector<storage::SessionSummary>> sessions = (*reader)->sessions();
    QTRY_VERIFY_WITH_TIMEOUT((sessions = (*reader)->sessions()).ok() && sessions->size() == 1 &&
                                 sessions->front().info.state == storage::SessionState::Finished,
                             10000);
    QCOMPARE(sessions->front().info.kind, QStringLiteral("call"));
    Result<std::vector<storage::StoredSegment>> segments = (*reader)->segments(sessions->front().info.uuid);
    QVERIFY(segments.ok());
    QMap<QString, int> byDirection;
    for (const storage::StoredSegment &s : *segments)
      ++byDirection[s.direction];
    QCOMPARE(byDirection.value(QStringLiteral("me")), mine->committedRows());
    QCOMPARE(byDirection.value(QStringLiteral("them")), theirs->committedRows());

    // The API streamed every committed caption of both sides, each with its direction.
    const auto streamed = [&client](const QString &direction) {
      int n = 0;
      for (const QJsonObject &m : client.messages)
        n += m.value(QStringLiteral("type")).toString() == QLatin1String("transcript") &&
             m.value(QStringLiteral("direction")).toString() == direction;
      return n;
    };
    QTRY_COMPARE_WITH_TIMEOUT(streamed(QStringLiteral("me")), mine->committedRows(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(streamed(QStringLiteral("them")), theirs->committedRows(), 5000);
  }

  void badEngineIsABanner() {
    gui::GuiSession session(global());
    MainWindow w(m_threads, &session);
    SessionRequest r;
    r.asrEngine = QStringLiteral("no-such-engine");
    r.inputFile = QStringLiteral("/nowhere.flac");
    w.setRequest(r);
    w.sessionPanel()->setInputFile(QStringLiteral("/nowhere.flac"));
    w.startSession();
    QVERIFY(!w.isRunning());
    const QString text = w.banners()->text(QStringLiteral("session"));
    QVERIFY2(text.contains(QLatin1String("no-such-engine")), qPrintable(text));
  }
};

QTEST_MAIN(TestGuiSession)
#include "tst_guisession.moc"
