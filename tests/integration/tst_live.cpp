// `dragoman live` on real (virtual) audio devices: PulseAudio null sinks reached through PortAudio.
#include "tests/support/processrunner.h"
#include "tests/support/testpaths.h"
#include "tests/support/virtualaudio.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cmath>
#include <functional>

using namespace dragoman::test;

namespace {

struct LiveRun {
  int exitCode = -1;
  bool played = false;
  QString err;
  QList<QJsonObject> captions;
  QJsonObject summary; // the fields of the "live session ended" log line
};

double ms(const QJsonObject &caption, const char *key) {
  return caption.value(QStringLiteral("times_ms")).toObject().value(QLatin1String(key)).toDouble(-1.0);
}

} // namespace

class TestLive : public QObject {
  Q_OBJECT
  VirtualAudio m_audio;
  QTemporaryDir m_home;
  QProcessEnvironment m_env;
  QString m_speech;
  int m_plainSegments = -1;

  LiveRun run(const QStringList &extra, bool playSpeech, double seconds, bool terminateEarly = false,
             const std::function<void()> &beforePlaying = {}) {
    QTemporaryDir dir;
    const QString captions = dir.filePath(QStringLiteral("captions.jsonl"));
    QProcess p;
    p.setProcessEnvironment(m_env);
    QStringList args{QStringLiteral("--log-format"), QStringLiteral("json"), QStringLiteral("live"),
                     QStringLiteral("--input-device"), m_audio.input(), QStringLiteral("--captions"), captions,
                     QStringLiteral("--quiet")};
    if (!terminateEarly)
      args << QStringLiteral("--duration") << QString::number(seconds);
    p.start(dragomanBinary(), args + extra);
    p.waitForStarted(10000);
    LiveRun r;
    // Audio is played only once the session says it is capturing.
    QString err = readStderrUntil(p, QStringLiteral("live: "));
    if (beforePlaying)
      beforePlaying();
    if (playSpeech && p.state() == QProcess::Running)
      r.played = m_audio.play(m_speech);
    if (terminateEarly)
      p.terminate();
    p.waitForFinished(int(seconds * 1000) + 90000);
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.err = err + QString::fromUtf8(p.readAllStandardError());
    r.captions = readJsonLines(captions);
    for (const QJsonObject &fields : loggedFields(r.err, QStringLiteral("live session ended")))
      r.summary = fields;
    return r;
  }

private Q_SLOTS:
  void initTestCase() {
    m_speech = sharedFile(QStringLiteral("data/speech/jfk.flac"));
    if (m_speech.isEmpty())
      QSKIP("shared file data/speech/jfk.flac not found: set DRAGOMAN_SHARED to the shared/ folder");
    DRAGOMAN_REQUIRE_VIRTUAL_AUDIO(m_audio);
    m_env = m_audio.environment(isolatedEnvironment(m_home.path()));
  }

  void cleanupTestCase() { m_audio.stop(); }

  // Also the telemetry of the run: --stats lines while it runs, the summary naming bottlenecks at
  // the end, and --profile writing a Chrome trace with the stage threads and segment tracks.
  void capturesRealSpeechIntoCaptions() {
    const QString profile = m_home.filePath(QStringLiteral("live.trace.json"));
    const LiveRun r = run({QStringLiteral("--no-speak"), QStringLiteral("--stats"), QStringLiteral("--profile"), profile,
                           QStringLiteral("--set"), QStringLiteral("profiling.stats_interval_s=2")},
                          true, 25.0);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    int statsLines = 0;
    for (const QString &line : r.err.split(QLatin1Char('\n')))
      if (line.startsWith(QLatin1String("stats  asr ")) && line.contains(QLatin1String(" | mt ")) &&
          line.contains(QLatin1String(" | rss ")))
        ++statsLines;
    QVERIFY2(statsLines >= 5, qPrintable(r.err));
    QVERIFY2(r.err.contains(QLatin1String("\nrun: ")) && r.err.contains(QLatin1String("\nbottlenecks:")), qPrintable(r.err));
    QFile trace(profile);
    QVERIFY2(trace.open(QIODevice::ReadOnly), qPrintable(profile));
    const QJsonArray events = QJsonDocument::fromJson(trace.readAll()).object().value(QStringLiteral("traceEvents")).toArray();
    QSet<QString> names;
    for (const QJsonValue &e : events)
      names.insert(e.toObject().value(QStringLiteral("name")).toString());
    for (const char *n : {"asr.recognise", "mt.translate", "asr.queue_wait", "segment", "segment.asr", "thread_name"})
      QVERIFY2(names.contains(QString::fromLatin1(n)), n);
    QVERIFY2(r.played, qPrintable(m_audio.error()));
    QVERIFY2(r.captions.size() >= 2, qPrintable(r.err));
    QCOMPARE(r.summary.value(QStringLiteral("segments")).toInt(), r.captions.size());
    QCOMPARE(r.summary.value(QStringLiteral("overruns")).toInt(-1), 0);
    QStringList words;
    double lastStart = -1.0;
    for (const QJsonObject &c : r.captions) {
      const double start = c.value(QStringLiteral("start")).toDouble(-1), end = c.value(QStringLiteral("end")).toDouble(-1);
      QVERIFY(start >= 0.0 && end > start && end - start <= 20.5);
      QVERIFY(start > lastStart);
      lastStart = start;
      const QByteArray shown = QJsonDocument(c).toJson(QJsonDocument::Compact);
      QVERIFY2(ms(c, "capture_start") >= 0.0, shown.constData());
      QVERIFY(ms(c, "capture_start") < ms(c, "capture_end"));
      QVERIFY(ms(c, "capture_end") <= ms(c, "asr_start") + 1.0);
      QVERIFY(ms(c, "asr_start") <= ms(c, "asr_done"));
      QVERIFY(ms(c, "asr_done") <= ms(c, "mt_done"));
      // Stream positions and capture clock agree to within a second.
      QVERIFY(std::abs((ms(c, "capture_end") - ms(c, "capture_start")) / 1000.0 - (end - start)) < 1.0);
      words += c.value(QStringLiteral("source")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }
    QVERIFY2(words.size() >= 8, qPrintable(words.join(QLatin1Char(' '))));
    m_plainSegments = int(r.captions.size());
  }

  void echoGateKeepsOwnSpeechOut() {
    if (m_plainSegments < 0)
      QSKIP("needs capturesRealSpeechIntoCaptions");
    // Speak the translation into the very sink the microphone hears: without a gate Dragoman
    // would recognise its own Spanish.
    const QStringList speakIntoMic{QStringLiteral("--output-device"), QStringLiteral("pulse:dragoman_mic_feed")};
    const LiveRun gated = run(speakIntoMic + QStringList{QStringLiteral("--stats")}, true, 40.0);
    QVERIFY2(gated.exitCode == 0, qPrintable(gated.err));
    QVERIFY(gated.summary.value(QStringLiteral("gated_frames")).toDouble() > 16000.0);
    // The run summary counts the same frames (at 16 kHz) as time the gate silenced.
    const QRegularExpression silenced(QStringLiteral("capture: \\d+ frames lost to overruns, ([0-9.]+) s silenced by the echo gate"));
    const QRegularExpressionMatch m = silenced.match(gated.err);
    QVERIFY2(m.hasMatch(), qPrintable(gated.err));
    QVERIFY(std::abs(m.captured(1).toDouble() - gated.summary.value(QStringLiteral("gated_frames")).toDouble() / 16000.0) < 0.11);
    QVERIFY2(gated.captions.size() <= m_plainSegments + 1,
             qPrintable(QStringLiteral("%1 segments with the gate, %2 without speaking").arg(gated.captions.size()).arg(m_plainSegments)));
    int played = 0;
    for (const QJsonObject &c : gated.captions)
      played += ms(c, "playback_start") >= ms(c, "tts_done") - 1.0 && ms(c, "playback_start") > 0 ? 1 : 0;
    QVERIFY(played >= 1);
    // The segments whose audio the gate silenced say so; without the gate none can.
    int markedGated = 0;
    for (const QJsonObject &c : gated.captions)
      markedGated += c.value(QStringLiteral("echo_gated")).toBool() ? 1 : 0;

    qInfo("echo gate on: %lld segments (%d marked echo-gated), %.0f gated frames; without speaking: %d segments",
          qint64(gated.captions.size()), markedGated, gated.summary.value(QStringLiteral("gated_frames")).toDouble(), m_plainSegments);
    // Whether a segment overlaps the gate depends on how speech and playback fall in time, so
    // this run only reports it; GatedSpans' test pins the rule, and without the gate none is marked.
    const LiveRun open = run(speakIntoMic + QStringList{QStringLiteral("--set"), QStringLiteral("audio.echo_gate=off")}, true, 40.0);
    QVERIFY2(open.exitCode == 0, qPrintable(open.err));
    QCOMPARE(open.summary.value(QStringLiteral("gated_frames")).toDouble(-1), 0.0);
    for (const QJsonObject &c : open.captions)
      QVERIFY(!c.contains(QStringLiteral("echo_gated")));
    qInfo("echo gate off: %lld segments", qint64(open.captions.size()));
    QVERIFY2(open.captions.size() > gated.captions.size(),
             qPrintable(QStringLiteral("%1 segments without the gate, %2 with it").arg(open.captions.size()).arg(gated.captions.size())));
  }

  // audio.echo_gate=aec: the translation is spoken into the sink the microphone hears, and the
  // echo canceller takes it out instead of muting the microphone: nothing is gated, our speech is
  // found in the capture, and jfk's words are still recognised. Whether our own Spanish comes back
  // as segments is printed, not asserted: on these virtual devices the far end and its echo are
  // not yet kept aligned in every run (in some the canceller never converges).
  void echoCancellerKeepsOwnSpeechOut() {
    if (m_plainSegments < 0)
      QSKIP("needs capturesRealSpeechIntoCaptions");
    const LiveRun r = run({QStringLiteral("--output-device"), QStringLiteral("pulse:dragoman_mic_feed"), QStringLiteral("--set"),
                           QStringLiteral("audio.echo_gate=aec")},
                          true, 40.0);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.summary.value(QStringLiteral("echo_cancelling")).toBool(), qPrintable(r.err));
    QCOMPARE(r.summary.value(QStringLiteral("gated_frames")).toDouble(-1), 0.0); // no gate: the person is heard throughout
    QStringList words;
    int played = 0;
    for (const QJsonObject &c : r.captions) {
      words += c.value(QStringLiteral("source")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
      played += ms(c, "playback_start") > 0 ? 1 : 0;
      QVERIFY(!c.contains(QStringLiteral("echo_gated")));
    }
    const double echoFrames = r.summary.value(QStringLiteral("echo_frames")).toDouble();
    const double erle = r.summary.value(QStringLiteral("erle_db")).toDouble();
    qInfo("echo canceller: %lld segments (%d spoken), %.0f frames with our echo, ERLE %.1f dB; without speaking: %d "
          "segments; words: %s",
          qint64(r.captions.size()), played, echoFrames, erle, m_plainSegments, qPrintable(words.join(QLatin1Char(' '))));
    QVERIFY(played >= 1);
    QVERIFY2(echoFrames > 50.0, qPrintable(r.err)); // it heard our speech (half a second at least)
    QVERIFY2(words.size() >= 8, qPrintable(words.join(QLatin1Char(' '))));
  }

  // live with a neural voice (tts.engine vits): each caption's speech starts playing once its first
  // sentence exists, before the whole translation is spoken.
  void speaksWithANeuralVoice() {
    const QString voice = sharedFile(QStringLiteral("fixtures/vits-tiny-random/config.json"));
    if (voice.isEmpty())
      QSKIP("shared fixture vits-tiny-random not found");
    const LiveRun r = run({QStringLiteral("--set"), QStringLiteral("tts.engine=vits"), QStringLiteral("--set"),
                           QStringLiteral("tts.model=") + QFileInfo(voice).absolutePath()},
                          true, 30.0);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    int spoken = 0;
    for (const QJsonObject &c : r.captions) {
      if (ms(c, "tts_first_audio") < 0)
        continue;
      ++spoken;
      QVERIFY(ms(c, "tts_start") <= ms(c, "tts_first_audio") && ms(c, "tts_first_audio") <= ms(c, "tts_done"));
      if (ms(c, "playback_start") > 0)
        QVERIFY2(ms(c, "playback_start") >= ms(c, "tts_first_audio") - 1.0, qPrintable(QJsonDocument(c).toJson()));
    }
    QVERIFY2(spoken >= 2, qPrintable(r.err.right(1500)));
  }

  void sigtermFlushesWhatWasCaptured() {
    const LiveRun r = run({QStringLiteral("--no-speak")}, true, 0.0, true);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(!r.captions.isEmpty(), qPrintable(r.err));
    QVERIFY(!r.summary.isEmpty());
  }

  void reopensALostDevice() {
    // The sound server goes away under a running session and comes back: capture resumes.
    const LiveRun r = run({QStringLiteral("--no-speak")}, true, 30.0, false, [this] {
      m_audio.stop();
      QThread::sleep(3);
      QVERIFY(m_audio.start());
      QThread::sleep(2);
    });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.summary.value(QStringLiteral("reopened")).toInt() >= 1, qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("capture device lost")), qPrintable(r.err));
    QVERIFY2(!r.captions.isEmpty(), qPrintable(r.err));
  }

  void missingDeviceIsNamed() {
    const ProcessResult r = runDragoman({QStringLiteral("live"), QStringLiteral("--input-device"),
                                         QStringLiteral("no-such-microphone"), QStringLiteral("--no-speak"),
                                         QStringLiteral("--duration"), QStringLiteral("1")},
                                        m_env);
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains(QStringLiteral("no-such-microphone")), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestLive)
#include "tst_live.moc"
