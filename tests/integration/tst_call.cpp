// `dragoman call` on virtual devices: two inputs (my microphone, the call's audio) and two outputs
// (the call's microphone, my headphones), both directions at once in one process.
#include "tests/support/processrunner.h"
#include "tests/support/serveprocess.h"
#include "tests/support/streamclient.h"
#include "tests/support/testpaths.h"
#include "tests/support/virtualaudio.h"
#include "tests/support/whisperfolder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QSet>
#include <QThread>

#include <functional>

using namespace dragoman::test;

namespace {

struct CallRun {
  int exitCode = -1;
  QString err;
  QList<QJsonObject> captions;
  QMap<QString, QJsonObject> summaries; // "me", "them": the fields of "call direction ended"
  QString streams;                      // pactl's source outputs and sink inputs while it ran
};

double ms(const QJsonObject &caption, const char *key) {
  return caption.value(QStringLiteral("times_ms")).toObject().value(QLatin1String(key)).toDouble(-1.0);
}

int count(const QString &text, const QString &what) {
  int n = 0;
  for (qsizetype at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1))
    ++n;
  return n;
}

} // namespace

class TestCall : public QObject {
  Q_OBJECT
  VirtualAudio m_audio{QDir::tempPath() + QStringLiteral("/dragoman-pa-call")}; // its own daemon
  QTemporaryDir m_home, m_model;
  QProcessEnvironment m_env;
  QString m_speech, m_whisper;

  // Both directions recognise with the tiny random-weight Whisper (the offline tier recognises
  // English only), its output capped at a realistic 24 tokens a window (random weights otherwise
  // run to the limit and back off through every temperature), translate with apertium and speak
  // with espeak-ng.
  QStringList engines() const {
    return {QStringLiteral("--set"), QStringLiteral("asr.engine=whisper"), QStringLiteral("--set"),
            QStringLiteral("asr.model=") + m_whisper, QStringLiteral("--set"), QStringLiteral("asr.beam_size=1"),
            QStringLiteral("--set"), QStringLiteral("asr.commit_policy=segment"), QStringLiteral("--set"),
            QStringLiteral("asr.max_tokens=24"), QStringLiteral("--set"), QStringLiteral("inference.device=cpu")};
  }

  CallRun run(const QStringList &extra, double seconds, const std::function<void(CallRun &)> &whileRunning) {
    QTemporaryDir dir;
    const QString captions = dir.filePath(QStringLiteral("captions.jsonl"));
    QProcess p;
    p.setProcessEnvironment(m_env);
    p.start(dragomanBinary(), QStringList{QStringLiteral("--log-format"), QStringLiteral("json")} + engines() +
                                  QStringList{QStringLiteral("call"), QStringLiteral("--me"), QStringLiteral("en"),
                                              QStringLiteral("--them"), QStringLiteral("es"), QStringLiteral("--captions"),
                                              captions, QStringLiteral("--quiet"), QStringLiteral("--duration"),
                                              QString::number(seconds)} +
                                  extra);
    p.waitForStarted(10000);
    CallRun r;
    QString err = readStderrUntil(p, QStringLiteral("call: "));
    if (p.state() == QProcess::Running && whileRunning)
      whileRunning(r);
    p.waitForFinished(int(seconds * 1000) + 90000);
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.err = err + QString::fromUtf8(p.readAllStandardError());
    r.captions = readJsonLines(captions);
    for (const QJsonObject &fields : loggedFields(r.err, QStringLiteral("call direction ended")))
      r.summaries.insert(fields.value(QStringLiteral("direction")).toString(), fields);
    return r;
  }

  // The index of a source or sink by name, in `pactl list short sources|sinks`.
  QString indexOf(const QString &kind, const QString &name) const {
    for (const QString &line : m_audio.pactl({QStringLiteral("list"), QStringLiteral("short"), kind}).split(QLatin1Char('\n')))
      if (line.section(QLatin1Char('\t'), 1, 1) == name)
        return line.section(QLatin1Char('\t'), 0, 0);
    return {};
  }

  // How many streams of `kind` ("source-outputs", "sink-inputs") are connected to device `index`.
  int streamsOn(const QString &kind, const QString &index) const {
    int n = 0;
    for (const QString &line : m_audio.pactl({QStringLiteral("list"), QStringLiteral("short"), kind}).split(QLatin1Char('\n')))
      if (!line.isEmpty() && line.section(QLatin1Char('\t'), 1, 1) == index)
        ++n;
    return n;
  }

private Q_SLOTS:
  void initTestCase() {
    m_speech = sharedFile(QStringLiteral("data/speech/jfk.flac"));
    if (m_speech.isEmpty())
      QSKIP("shared file data/speech/jfk.flac not found: set DRAGOMAN_SHARED to the shared/ folder");
    m_whisper = makeTinyWhisperFolder(m_model);
    if (m_whisper.isEmpty())
      QSKIP("shared fixture whisper-tiny-random not found: set DRAGOMAN_SHARED to the shared/ folder");
    DRAGOMAN_REQUIRE_VIRTUAL_AUDIO(m_audio);
    m_env = m_audio.environment(isolatedEnvironment(m_home.path()));
  }

  void cleanupTestCase() { m_audio.stop(); }

  // Both sides talk at once: each direction hears only its own input (two PulseAudio sources named
  // pulse:NAME in one process), speaks only into its own output, and one Whisper serves both.
  void bothDirectionsAtOnce() {
    const CallRun r = run({QStringLiteral("--mic"), QStringLiteral("pulse:dragoman_in"), QStringLiteral("--call-audio"),
                           QStringLiteral("pulse:") + VirtualAudio::callInput(), QStringLiteral("--to-call"),
                           QStringLiteral("dragoman_out"), QStringLiteral("--to-me"),
                           QStringLiteral("pulse:") + VirtualAudio::headphones()},
                          35.0, [this](CallRun &r) {
                            for (const char *source : {"dragoman_in", "dragoman_call_in"})
                              r.streams += QStringLiteral("%1 %2\n").arg(QLatin1String(source)).arg(
                                  streamsOn(QStringLiteral("source-outputs"), indexOf(QStringLiteral("sources"), QLatin1String(source))));
                            QVERIFY(m_audio.playAsync(m_speech));
                            QVERIFY(m_audio.playAsync(m_speech, VirtualAudio::callFeed()));
                            QVERIFY2(m_audio.waitPlayed(60000), qPrintable(m_audio.error()));
                          });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err.right(3000)));
    // One capture stream on each source: the microphone's and the call's did not get mixed up.
    QCOMPARE(r.streams, QStringLiteral("dragoman_in 1\ndragoman_call_in 1\n"));
    QCOMPARE(count(r.err, QStringLiteral("whisper: loaded ")), 1);
    QCOMPARE(count(r.err, QStringLiteral("already loaded, shared")), 1);

    QMap<QString, int> segments, spoken;
    for (const QJsonObject &c : r.captions) {
      const QString direction = c.value(QStringLiteral("direction")).toString();
      const QByteArray shown = QJsonDocument(c).toJson(QJsonDocument::Compact);
      QVERIFY2(direction == QLatin1String("me") || direction == QLatin1String("them"), shown.constData());
      const bool mine = direction == QLatin1String("me");
      QCOMPARE(c.value(QStringLiteral("source_language")).toString(), mine ? QStringLiteral("en") : QStringLiteral("es"));
      QCOMPARE(c.value(QStringLiteral("target_language")).toString(), mine ? QStringLiteral("es") : QStringLiteral("en"));
      QVERIFY2(c.value(QStringLiteral("error")).toString().isEmpty(), shown.constData());
      ++segments[direction];
      if (ms(c, "playback_start") > 0)
        ++spoken[direction];
    }
    qInfo("call: me %d segments (%d spoken into the call), them %d (%d spoken to me)", segments.value(QStringLiteral("me")),
          spoken.value(QStringLiteral("me")), segments.value(QStringLiteral("them")), spoken.value(QStringLiteral("them")));
    for (const QString &d : {QStringLiteral("me"), QStringLiteral("them")}) {
      QVERIFY2(segments.value(d) >= 1, qPrintable(d + QLatin1Char('\n') + r.err.right(3000)));
      QVERIFY2(spoken.value(d) >= 1, qPrintable(d));
      QVERIFY2(r.summaries.contains(d), qPrintable(r.err.right(2000)));
      QCOMPARE(r.summaries.value(d).value(QStringLiteral("segments")).toInt(), segments.value(d));
      QCOMPARE(r.summaries.value(d).value(QStringLiteral("overruns")).toInt(-1), 0);
    }

    // The history keeps the call as one session, each segment with its direction.
    const ProcessResult list = runDragoman({QStringLiteral("history"), QStringLiteral("list"), QStringLiteral("--json")}, m_env);
    QCOMPARE(list.exitCode, 0);
    const QJsonArray sessions = QJsonDocument::fromJson(list.out.toUtf8()).array();
    QCOMPARE(sessions.size(), 1);
    const QJsonObject call = sessions[0].toObject();
    QCOMPARE(call.value(QStringLiteral("kind")).toString(), QStringLiteral("call"));
    QCOMPARE(call.value(QStringLiteral("state")).toString(), QStringLiteral("finished"));
    QCOMPARE(call.value(QStringLiteral("segments")).toInt(), int(r.captions.size()));
    const ProcessResult shown = runDragoman({QStringLiteral("history"), QStringLiteral("show"),
                                             call.value(QStringLiteral("uuid")).toString(), QStringLiteral("--json")},
                                            m_env);
    QCOMPARE(shown.exitCode, 0);
    QMap<QString, int> stored;
    for (const QJsonValue &v : QJsonDocument::fromJson(shown.out.toUtf8()).object().value(QStringLiteral("segments")).toArray())
      ++stored[v.toObject().value(QStringLiteral("direction")).toString()];
    QCOMPARE(stored, segments);
  }

  // On speakers, their words spoken to me reach my microphone: my direction's echo gate follows
  // that playback, so my side never translates them back into the call. (Their speech is played
  // into my microphone's feed here, as a speaker next to it would.)
  void myMicrophoneIgnoresWhatIsSpokenToMe() {
    const CallRun r = run({QStringLiteral("--mic"), m_audio.input(), QStringLiteral("--call-audio"), VirtualAudio::callInput(),
                           QStringLiteral("--to-call"), m_audio.output(), QStringLiteral("--to-me"),
                           QStringLiteral("pulse:dragoman_mic_feed")},
                          30.0, [this](CallRun &) {
                            QVERIFY(m_audio.playAsync(m_speech, VirtualAudio::callFeed()));
                            QVERIFY2(m_audio.waitPlayed(60000), qPrintable(m_audio.error()));
                          });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err.right(3000)));
    int mine = 0, spokenToMe = 0;
    QByteArray myCaptions;
    for (const QJsonObject &c : r.captions) {
      if (c.value(QStringLiteral("direction")).toString() == QLatin1String("me")) {
        ++mine;
        myCaptions += QJsonDocument(c).toJson(QJsonDocument::Compact) + '\n';
      } else if (ms(c, "playback_start") > 0) {
        ++spokenToMe;
      }
    }
    QVERIFY2(spokenToMe >= 1, qPrintable(r.err.right(2000)));
    QVERIFY2(r.summaries.value(QStringLiteral("me")).value(QStringLiteral("gated_frames")).toDouble() > 0,
             qPrintable(r.err.right(2000)));
    QVERIFY2(mine == 0, myCaptions.constData());
  }

  // call --serve: the WebSocket stream carries both directions' captions, each message with its
  // direction; the status lists the call; /api/v1/live/stop ends both directions.
  void serveStreamsBothDirections() {
    ServeProcess serve;
    QVERIFY2(serve.start(engines() + QStringList{QStringLiteral("call"), QStringLiteral("--me"), QStringLiteral("en"),
                                                 QStringLiteral("--them"), QStringLiteral("es"), QStringLiteral("--mic"),
                                                 m_audio.input(), QStringLiteral("--call-audio"), VirtualAudio::callInput(),
                                                 QStringLiteral("--to-call"), m_audio.output(), QStringLiteral("--no-speak"),
                                                 QStringLiteral("--quiet"), QStringLiteral("--serve"), QStringLiteral("--port"),
                                                 QStringLiteral("0")},
                         m_env),
             qPrintable(serve.error()));
    StreamClient client;
    QUrl stream = serve.url(QStringLiteral("/api/v1/stream"));
    stream.setScheme(QStringLiteral("ws"));
    QVERIFY2(client.connectTo(stream), qPrintable(client.socket.errorString() + serve.standardError()));
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("hello")) == 1, 5000);
    const QJsonObject live = client.messages.first().value(QStringLiteral("live")).toObject();
    QCOMPARE(live.value(QStringLiteral("controlled_by")).toString(), QStringLiteral("call"));
    const QJsonObject callStatus = live.value(QStringLiteral("call")).toObject();
    QCOMPARE(callStatus.value(QStringLiteral("them")).toObject().value(QStringLiteral("source_language")).toString(), QStringLiteral("es"));
    QVERIFY(callStatus.value(QStringLiteral("me")).toObject().value(QStringLiteral("running")).toBool());

    QVERIFY(m_audio.playAsync(m_speech));
    QVERIFY(m_audio.playAsync(m_speech, VirtualAudio::callFeed()));
    QVERIFY2(m_audio.waitPlayed(60000), qPrintable(m_audio.error()));
    const auto both = [&client](const char *type) {
      QSet<QString> seen;
      for (const QJsonObject &m : client.messages)
        if (m.value(QStringLiteral("type")).toString() == QLatin1String(type))
          seen.insert(m.value(QStringLiteral("direction")).toString());
      return seen;
    };
    QTRY_VERIFY_WITH_TIMEOUT(both("timing").size() == 2, 60000);
    const HttpResult stopped = httpRequest("POST", serve.url(QStringLiteral("/api/v1/live/stop")));
    QVERIFY2(stopped.status == 200, qPrintable(QString::fromUtf8(stopped.body) + serve.standardError().right(2000)));
    for (const char *type : {"transcript", "translation", "timing"})
      QCOMPARE(both(type), (QSet<QString>{QStringLiteral("me"), QStringLiteral("them")}));
    // Every caption message says whose speech it was.
    for (const QJsonObject &m : client.messages)
      if (m.value(QStringLiteral("type")).toString() != QLatin1String("hello") &&
          m.value(QStringLiteral("type")).toString() != QLatin1String("state"))
        QVERIFY2(m.contains(QStringLiteral("direction")), QJsonDocument(m).toJson(QJsonDocument::Compact).constData());
    // The call has ended, so the command does: it answers what is open and exits 0.
    QCOMPARE(serve.waitForExit(60000), 0);
  }

  // `serve`: POST /api/v1/live/start with a call runs both directions; a malformed call is a 400,
  // a second start a 409; /api/v1/live/stop ends the call, and the next start may be a session.
  void serveStartsACall() {
    ServeProcess serve;
    QVERIFY2(serve.start(engines() + QStringList{QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")}, m_env),
             qPrintable(serve.error()));
    const auto start = [&serve](const QByteArray &body) {
      return httpRequest("POST", serve.url(QStringLiteral("/api/v1/live/start")), body, {{"Content-Type", "application/json"}});
    };
    for (const QByteArray &bad : {QByteArrayLiteral(R"({"call": "en-es"})"), QByteArrayLiteral(R"({"call": {"me": "en"}})"),
                                  QByteArrayLiteral(R"({"call": {"me": "en", "them": "en", "call_audio": "x", "to_call": "y"}})"),
                                  QByteArrayLiteral(R"({"call": {"me": "en", "them": "es", "colour": "red"}})"),
                                  QByteArrayLiteral(R"({"call": {"me": "en", "them": "es", "to_call": "y"}})")}) {
      const HttpResult refused = start(bad);
      QVERIFY2(refused.status == 400, qPrintable(QString::fromUtf8(bad + " → " + refused.body)));
    }
    StreamClient client;
    QUrl stream = serve.url(QStringLiteral("/api/v1/stream"));
    stream.setScheme(QStringLiteral("ws"));
    QVERIFY2(client.connectTo(stream), qPrintable(client.socket.errorString() + serve.standardError()));
    const QByteArray call = QStringLiteral(R"({"speak": false, "call": {"me": "en", "them": "es", "mic": "%1", "call_audio": "%2"}})")
                                .arg(m_audio.input(), VirtualAudio::callInput())
                                .toUtf8();
    const HttpResult started = start(call);
    QVERIFY2(started.status == 202, qPrintable(QString::fromUtf8(started.body) + serve.standardError().right(2000)));
    const QString uuid = started.json().value(QStringLiteral("session_uuid")).toString();
    QVERIFY(!uuid.isEmpty());
    QCOMPARE(started.json().value(QStringLiteral("call")).toObject().value(QStringLiteral("them")).toObject()
                 .value(QStringLiteral("source_language")).toString(),
             QStringLiteral("es"));
    QCOMPARE(start(call).status, 409);
    QCOMPARE(start("{}").status, 409);
    const QJsonObject live = httpRequest("GET", serve.url(QStringLiteral("/api/v1/status"))).json().value(QStringLiteral("live")).toObject();
    QCOMPARE(live.value(QStringLiteral("controlled_by")).toString(), QStringLiteral("api"));
    QVERIFY(live.value(QStringLiteral("call")).toObject().value(QStringLiteral("me")).toObject().value(QStringLiteral("running")).toBool());

    QVERIFY(m_audio.playAsync(m_speech));
    QVERIFY(m_audio.playAsync(m_speech, VirtualAudio::callFeed()));
    QVERIFY2(m_audio.waitPlayed(60000), qPrintable(m_audio.error()));
    QSet<QString> timed;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                               for (const QJsonObject &m : client.messages)
                                 if (m.value(QStringLiteral("type")).toString() == QLatin1String("timing"))
                                   timed.insert(m.value(QStringLiteral("direction")).toString());
                               return timed.size() == 2;
                             }()),
                             60000);
    const HttpResult stopped = httpRequest("POST", serve.url(QStringLiteral("/api/v1/live/stop")));
    QVERIFY2(stopped.status == 200, qPrintable(QString::fromUtf8(stopped.body)));
    QCOMPARE(stopped.json().value(QStringLiteral("session_uuid")).toString(), uuid);
    const HttpResult session = httpRequest("GET", serve.url(QStringLiteral("/api/v1/sessions/") + uuid));
    QVERIFY2(session.status == 200, qPrintable(QString::fromUtf8(session.body)));
    QSet<QString> stored; // one session holds both directions' segments
    for (const QJsonValue &v : session.json().value(QStringLiteral("segments")).toArray())
      stored.insert(v.toObject().value(QStringLiteral("direction")).toString());
    QCOMPARE(stored, (QSet<QString>{QStringLiteral("me"), QStringLiteral("them")}));
    // The call is over: a one-way session may start, and is controlled by the API again.
    const HttpResult again = start(R"({"speak": false})");
    QVERIFY2(again.status == 202, qPrintable(QString::fromUtf8(again.body)));
    QVERIFY(httpRequest("GET", serve.url(QStringLiteral("/api/v1/status"))).json().value(QStringLiteral("live")).toObject()
                .value(QStringLiteral("call")).isNull());
    QCOMPARE(httpRequest("POST", serve.url(QStringLiteral("/api/v1/live/stop"))).status, 200);
    serve.terminate();
    QCOMPARE(serve.waitForExit(60000), 0);
  }

  // bench call: speech played into both inputs, the waits of each direction reported.
  void benchReportsBothDirections() {
    const ProcessResult r = runDragoman(
        engines() + QStringList{QStringLiteral("bench"), QStringLiteral("call"), QStringLiteral("--speech"), m_speech,
                                QStringLiteral("--mic-feed"), QStringLiteral("pulse:dragoman_mic_feed"),
                                QStringLiteral("--call-feed"), QStringLiteral("pulse:") + VirtualAudio::callFeed(),
                                QStringLiteral("--me"), QStringLiteral("en"), QStringLiteral("--them"), QStringLiteral("es"),
                                QStringLiteral("--mic"), m_audio.input(), QStringLiteral("--call-audio"),
                                VirtualAudio::callInput(), QStringLiteral("--to-call"), m_audio.output(),
                                QStringLiteral("--to-me"), VirtualAudio::headphones(), QStringLiteral("--repeats"),
                                QStringLiteral("1"), QStringLiteral("--gap"), QStringLiteral("1"), QStringLiteral("--json")},
        m_env, 120000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err.right(3000)));
    const QJsonObject out = QJsonDocument::fromJson(r.out.toUtf8()).object();
    for (const char *d : {"me", "them"}) {
      const QJsonObject dir = out.value(QLatin1String(d)).toObject();
      QVERIFY2(dir.value(QStringLiteral("segments")).toInt() >= 1, qPrintable(r.out));
      QCOMPARE(dir.value(QStringLiteral("failed")).toInt(-1), 0);
      for (const char *wait : {"end_to_committed_caption", "end_to_translated_caption", "end_to_first_translated_audio"}) {
        const QJsonObject s = dir.value(QLatin1String(wait)).toObject();
        QVERIFY2(s.value(QStringLiteral("n")).toInt() >= 1, qPrintable(QStringLiteral("%1 %2: %3").arg(QLatin1String(d), QLatin1String(wait), r.out)));
        // The segmenter waits for silence before a segment ends: nothing comes before that.
        QVERIFY2(s.value(QStringLiteral("p50_ms")).toDouble() > 0.0, qPrintable(r.out));
        QVERIFY(s.value(QStringLiteral("max_ms")).toDouble() >= s.value(QStringLiteral("p50_ms")).toDouble());
      }
      QCOMPARE(dir.value(QStringLiteral("languages")).toString(),
               QLatin1String(d) == QLatin1String("me") ? QStringLiteral("en→es") : QStringLiteral("es→en"));
    }
  }

  void usageErrorsAreNamed_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no call audio") << QStringList{QStringLiteral("--to-call"), QStringLiteral("dragoman_out")}
                                   << "--call-audio";
    QTest::newRow("no call output") << QStringList{QStringLiteral("--call-audio"), VirtualAudio::callInput()} << "--to-call";
    QTest::newRow("one language") << QStringList{QStringLiteral("--call-audio"), VirtualAudio::callInput(),
                                                 QStringLiteral("--to-call"), QStringLiteral("dragoman_out"),
                                                 QStringLiteral("--them"), QStringLiteral("en")}
                                  << "two languages";
  }
  void usageErrorsAreNamed() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const ProcessResult r = runDragoman(QStringList{QStringLiteral("call"), QStringLiteral("--me"), QStringLiteral("en")} + args,
                                        m_env);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
  }

  // The call app's audio is not there: the error says which direction and which device, and the
  // microphone's direction, already open, is closed again.
  void missingCallDeviceIsNamed() {
    const ProcessResult r = runDragoman(engines() + QStringList{QStringLiteral("call"), QStringLiteral("--me"),
                                                               QStringLiteral("en"), QStringLiteral("--them"),
                                                               QStringLiteral("es"), QStringLiteral("--mic"),
                                                               m_audio.input(), QStringLiteral("--call-audio"),
                                                               QStringLiteral("no-such-call-app"), QStringLiteral("--to-call"),
                                                               m_audio.output(), QStringLiteral("--duration"),
                                                               QStringLiteral("5")},
                                        m_env);
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains(QStringLiteral("them direction")) && r.err.contains(QStringLiteral("no-such-call-app")),
             qPrintable(r.err));
    // The history says how the call ended, and why.
    const ProcessResult list = runDragoman({QStringLiteral("history"), QStringLiteral("list"), QStringLiteral("--json")}, m_env);
    const QJsonObject newest = QJsonDocument::fromJson(list.out.toUtf8()).array().at(0).toObject();
    QCOMPARE(newest.value(QStringLiteral("kind")).toString(), QStringLiteral("call"));
    QCOMPARE(newest.value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
  }

  // The virtual microphone the call app records is gone (a restarted sound server forgets it):
  // the call makes it again, says so, and speaks into it.
  void virtualMicrophoneIsMadeAgain() {
    QVERIFY(!m_audio.pactl({QStringLiteral("list"), QStringLiteral("short"), QStringLiteral("sinks")})
                 .contains(QStringLiteral("dragoman_sink")));
    const CallRun r = run({QStringLiteral("--mic"), m_audio.input(), QStringLiteral("--call-audio"), VirtualAudio::callInput(),
                           QStringLiteral("--to-call"), QStringLiteral("pulse:dragoman_sink")},
                          20.0, [this](CallRun &) { QVERIFY(m_audio.play(m_speech)); });
    const QString sinks = m_audio.pactl({QStringLiteral("list"), QStringLiteral("short"), QStringLiteral("sinks")});
    const QString sources = m_audio.pactl({QStringLiteral("list"), QStringLiteral("short"), QStringLiteral("sources")});
    const ProcessResult removed = runDragoman({QStringLiteral("audio"), QStringLiteral("remove-virtual-mic")}, m_env);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err.right(3000)));
    QVERIFY2(r.err.contains(QStringLiteral("has been made again")), qPrintable(r.err.right(3000)));
    QVERIFY(sinks.contains(QStringLiteral("dragoman_sink")));
    QVERIFY(sources.contains(QStringLiteral("dragoman_mic")));
    int spoken = 0;
    for (const QJsonObject &c : r.captions)
      spoken += c.value(QStringLiteral("direction")).toString() == QLatin1String("me") && ms(c, "playback_start") > 0;
    QVERIFY2(spoken >= 1, qPrintable(r.err.right(3000)));
    QCOMPARE(removed.exitCode, 0);
  }

  // The call's audio source goes away mid-call: PulseAudio moves the recording to the default
  // source (my microphone); that direction notices, says so and keeps trying to reopen the source
  // by name, so it never captions my own voice as theirs; mine goes on captioning. Runs last: it
  // removes a virtual device.
  void lostCallDeviceKeepsMyDirection() {
    const CallRun r = run({QStringLiteral("--mic"), m_audio.input(), QStringLiteral("--call-audio"),
                           QStringLiteral("pulse:") + VirtualAudio::callInput(),
                           QStringLiteral("--to-call"), m_audio.output(), QStringLiteral("--no-speak")},
                          25.0, [this](CallRun &) {
                            for (const QString &line : m_audio.pactl({QStringLiteral("list"), QStringLiteral("short"),
                                                                      QStringLiteral("modules")})
                                                           .split(QLatin1Char('\n')))
                              if (line.contains(QStringLiteral("source_name=") + VirtualAudio::callInput()))
                                m_audio.pactl({QStringLiteral("unload-module"), line.section(QLatin1Char('\t'), 0, 0)});
                            QThread::msleep(2500); // the check runs every second
                            QVERIFY(m_audio.play(m_speech));
                          });
    m_audio.stop(); // the next start brings the removed source back
    QVERIFY2(r.exitCode == 0, qPrintable(r.err.right(3000)));
    QVERIFY2(r.err.contains(QStringLiteral("a device of the call was lost")) && r.err.contains(QStringLiteral("\"them\"")),
             qPrintable(r.err.right(3000)));
    QVERIFY2(r.err.contains(QStringLiteral("is gone (its recording was moved")), qPrintable(r.err.right(3000)));
    int mine = 0, theirs = 0;
    QByteArray theirCaptions;
    for (const QJsonObject &c : r.captions) {
      const bool me = c.value(QStringLiteral("direction")).toString() == QLatin1String("me");
      (me ? mine : theirs) += 1;
      if (!me)
        theirCaptions += QJsonDocument(c).toJson(QJsonDocument::Compact) + '\n';
    }
    QVERIFY2(mine >= 1, qPrintable(r.err.right(3000)));
    // Nothing was played into the call's audio: whatever their direction heard would be my voice,
    // moved there. (I spoke 2.5 s after it went; the check runs every second.)
    QVERIFY2(theirs == 0, (theirCaptions + r.err.toUtf8().right(5000)).constData());
  }
};

QTEST_GUILESS_MAIN(TestCall)
#include "tst_call.moc"
