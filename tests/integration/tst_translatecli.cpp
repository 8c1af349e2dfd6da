// `dragoman translate` end to end, as a subprocess with the real engines.
#include "core/audio/audiofile.h"
#include "tests/support/processrunner.h"
#include "tests/support/testpaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace dragoman;
using namespace dragoman::test;

namespace {

QString sample() { return sourceDir() + QStringLiteral("/resources/samples/hello_en.wav"); }

QJsonObject readJson(const QString &path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly))
    return {};
  return QJsonDocument::fromJson(f.readAll()).object();
}

double rms(const std::vector<float> &s) {
  double e = 0.0;
  for (float x : s)
    e += double(x) * x;
  return s.empty() ? 0.0 : std::sqrt(e / double(s.size()));
}

QStringList filesIn(const QString &dir) {
  return QDir(dir).entryList(QDir::Files | QDir::NoDotAndDotDot | QDir::Hidden);
}

} // namespace

class TestTranslateCli : public QObject {
  Q_OBJECT
  QTemporaryDir m_home;
  QProcessEnvironment m_env;

private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_home.isValid());
    m_env = isolatedEnvironment(m_home.path());
    QVERIFY2(QFile::exists(dragomanBinary()), qPrintable(dragomanBinary()));
  }

  void translatesTheDemoSample() {
    QTemporaryDir out;
    const QString wav = out.filePath(QStringLiteral("out.wav"));
    const QString json = out.filePath(QStringLiteral("out.json"));
    const QString srt = out.filePath(QStringLiteral("out.srt"));
    const ProcessResult r = runDragoman({QStringLiteral("translate"), sample(), QStringLiteral("--from"),
                                         QStringLiteral("en"), QStringLiteral("--to"), QStringLiteral("es"),
                                         QStringLiteral("--output"), wav, QStringLiteral("--json"), json,
                                         QStringLiteral("--srt"), srt},
                                        m_env);
    QVERIFY2(r.exitCode == 0 && !r.crashed, qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral(" en: ")) && r.out.contains(QStringLiteral(" es: ")), qPrintable(r.out));

    const QJsonObject doc = readJson(json);
    QCOMPARE(doc.value(QStringLiteral("source_language")).toString(), QStringLiteral("en"));
    QCOMPARE(doc.value(QStringLiteral("target_language")).toString(), QStringLiteral("es"));
    const QJsonArray segments = doc.value(QStringLiteral("segments")).toArray();
    QVERIFY(!segments.isEmpty());
    int translated = 0;
    double lastEnd = 0.0;
    for (const QJsonValue &v : segments) {
      const QJsonObject s = v.toObject();
      const double start = s.value(QStringLiteral("start")).toDouble(-1);
      const double end = s.value(QStringLiteral("end")).toDouble(-1);
      QVERIFY(start >= lastEnd - 1e-9 && end > start && end <= 10.0);
      lastEnd = end;
      QVERIFY(s.contains(QStringLiteral("source")) && s.contains(QStringLiteral("translation")));
      translated += s.value(QStringLiteral("translation")).toString().isEmpty() ? 0 : 1;
      const QJsonObject t = s.value(QStringLiteral("timings")).toObject();
      QVERIFY(t.value(QStringLiteral("asr_ms")).toDouble(-1) >= 0);
      QVERIFY(t.value(QStringLiteral("mt_ms")).toDouble(-1) >= 0);
      QVERIFY(t.value(QStringLiteral("tts_ms")).toDouble(-1) >= 0);
    }
    QVERIFY(translated > 0);

    audio::FileInfo info;
    Result<AudioBuffer> speech = audio::readAudioFile(wav, &info);
    QVERIFY(speech.ok());
    QCOMPARE(info.channels, 1);
    QVERIFY(speech->durationSeconds() > 1.0);
    QVERIFY(rms(speech->samples()) > 0.01);

    QFile srtFile(srt);
    QVERIFY(srtFile.open(QIODevice::ReadOnly));
    const QString subtitles = QString::fromUtf8(srtFile.readAll());
    static const QRegularExpression cue(
        QStringLiteral("^1\\n\\d\\d:\\d\\d:\\d\\d,\\d\\d\\d --> \\d\\d:\\d\\d:\\d\\d,\\d\\d\\d\\n.+\\n\\n"));
    QVERIFY2(cue.match(subtitles).hasMatch(), qPrintable(subtitles));
    QCOMPARE(filesIn(out.path()).size(), 3); // no temporary files left
  }

  // The neural tier in the pipeline: Marian (the random-weight fixture) as translation.engine; each
  // segment's translation is what `dragoman mt` gives for its text with the engine's length budget,
  // and the profile has the engine's spans.
  void translatesWithNeuralMt() {
    DRAGOMAN_REQUIRE_SHARED(config, "fixtures/marian-tiny-random/config.json");
    const QString model = QFileInfo(config).absolutePath();
    QTemporaryDir out;
    const QString json = out.filePath(QStringLiteral("neural.json"));
    const QString profile = out.filePath(QStringLiteral("neural-profile.csv"));
    const ProcessResult r = runDragoman({QStringLiteral("translate"), sample(), QStringLiteral("--from"), QStringLiteral("en"),
                                         QStringLiteral("--to"), QStringLiteral("de"), QStringLiteral("--json"), json, QStringLiteral("--quiet"),
                                         QStringLiteral("--profile"), profile, QStringLiteral("--set"), QStringLiteral("translation.engine=marian"),
                                         QStringLiteral("--set"), QStringLiteral("translation.model=") + model},
                                        m_env);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonArray segments = readJson(json).value(QStringLiteral("segments")).toArray();
    QVERIFY(!segments.isEmpty());
    int checked = 0;
    for (const QJsonValue &v : segments) {
      const QString source = v.toObject().value(QStringLiteral("source")).toString();
      if (source.trimmed().isEmpty())
        continue;
      const QStringList probe{QStringLiteral("mt"), QStringLiteral("--model"), model, QStringLiteral("--from"), QStringLiteral("en"),
                              QStringLiteral("--to"), QStringLiteral("de"), QStringLiteral("--json"), QStringLiteral("--text"), source.trimmed()};
      const ProcessResult ids = runDragoman(probe, m_env);
      QVERIFY2(ids.exitCode == 0, qPrintable(ids.err));
      const qsizetype tokens = QJsonDocument::fromJson(ids.out.toUtf8())
                                   .object()[QStringLiteral("translations")].toArray().at(0)[QStringLiteral("input_ids")].toArray().size();
      const int budget = std::min<int>(int((2 * tokens + 16 + 31) / 32 * 32), 512);
      const ProcessResult same = runDragoman(probe + QStringList{QStringLiteral("--max-new-tokens"), QString::number(budget)}, m_env);
      const QString expected = QJsonDocument::fromJson(same.out.toUtf8())
                                   .object()[QStringLiteral("translations")].toArray().at(0)[QStringLiteral("text")].toString();
      QCOMPARE(v.toObject().value(QStringLiteral("translation")).toString().trimmed(), expected);
      ++checked;
    }
    QVERIFY(checked > 0);
    QFile csv(profile);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray table = csv.readAll();
    for (const char *span : {"\r\nmt.encode,", "\r\nmt.decode.step,", "\r\nmt.batch,"})
      QVERIFY2(table.contains(span), span);
  }

  // translate end to end with a neural voice: a VITS folder and a Piper voice speak the
  // translation into the output file at the voice's rate, and time to first audio is profiled.
  void translatesWithANeuralVoice_data() {
    QTest::addColumn<QString>("voice");
    QTest::addColumn<int>("rate");
    QTest::newRow("vits folder") << QStringLiteral("fixtures/vits-tiny-random") << 16000;
    QTest::newRow("piper voice") << QStringLiteral("fixtures/piper-tiny-random/en_US-tiny_random-medium.onnx") << 22050;
  }
  void translatesWithANeuralVoice() {
    QFETCH(QString, voice);
    QFETCH(int, rate);
    const QString path = sharedFile(voice);
    if (path.isEmpty())
      QSKIP("shared fixtures not found: set DRAGOMAN_SHARED to the shared/ folder");
    QTemporaryDir out;
    const QString wav = out.filePath(QStringLiteral("neural.wav"));
    const QString profile = out.filePath(QStringLiteral("profile.csv"));
    const ProcessResult r = runDragoman({QStringLiteral("translate"), sample(), QStringLiteral("--output"), wav, QStringLiteral("--quiet"),
                                         QStringLiteral("--profile"), profile, QStringLiteral("--set"), QStringLiteral("tts.engine=vits"),
                                         QStringLiteral("--set"), QStringLiteral("tts.model=") + path},
                                        m_env);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    audio::FileInfo info;
    Result<AudioBuffer> speech = audio::readAudioFile(wav, &info);
    QVERIFY2(speech.ok(), qPrintable(speech.ok() ? QString() : speech.error().message));
    QCOMPARE(speech->sampleRate(), rate);
    QVERIFY(speech->durationSeconds() > 0.05);
    QVERIFY(rms(speech->samples()) > 0.001);
    QFile csv(profile);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray table = csv.readAll();
    for (const char *span : {"\r\ntts.first_audio,", "\r\ntts.synthesize,"})
      QVERIFY2(table.contains(span), span);
  }

  void translatesRealSpeech() {
    DRAGOMAN_REQUIRE_SHARED(jfk, "data/speech/jfk.flac");
    QTemporaryDir out;
    const QString json = out.filePath(QStringLiteral("jfk.json"));
    const QString profile = out.filePath(QStringLiteral("jfk-profile.csv"));
    const ProcessResult r = runDragoman({QStringLiteral("translate"), jfk, QStringLiteral("--json"), json,
                                         QStringLiteral("--quiet"), QStringLiteral("--log-format"), QStringLiteral("json"),
                                         QStringLiteral("--profile"), profile},
                                        m_env);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    // The run's profile: file reading on the main thread, each stage's work, as CSV by its name;
    // and kept as the last run's for `profile export`.
    QFile csv(profile);
    QVERIFY2(csv.open(QIODevice::ReadOnly), qPrintable(profile));
    const QByteArray table = csv.readAll();
    for (const char *section : {"\r\nio.read_audio,", "\r\nasr.recognise,", "\r\nmt.translate,", "\r\nsegment,"})
      QVERIFY2(table.contains(section), section);
    QVERIFY(QFile::exists(m_env.value(QStringLiteral("XDG_DATA_HOME")) + QStringLiteral("/dragoman/profiles/last.json")));
    const QJsonArray segments = readJson(json).value(QStringLiteral("segments")).toArray();
    QVERIFY(!segments.isEmpty());
    QStringList words;
    for (const QJsonValue &v : segments)
      words += v.toObject().value(QStringLiteral("source")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QVERIFY2(words.size() >= 5, qPrintable(words.join(QLatin1Char(' '))));
    // With --log-format json every stderr line is a JSON object.
    for (const QString &line : r.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
      QVERIFY2(QJsonDocument::fromJson(line.toUtf8()).isObject(), qPrintable(line));
  }

  void badInput_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("needle");
    const QString s = sample();
    const auto t = [](std::initializer_list<const char *> l) {
      QStringList out;
      for (const char *a : l)
        out << QString::fromUtf8(a);
      return out;
    };
    QTest::newRow("missing input") << t({"translate", "/nonexistent/in.wav"}) << QStringList() << 4 << "/nonexistent/in.wav does not exist";
    QTest::newRow("no input") << t({"translate"}) << QStringList() << 2 << "needs an INPUT";
    // translation.engine auto with no model installed: the error names the model and the command.
    QTest::newRow("unsupported pair") << (t({"translate"}) << s << t({"--to", "de"})) << QStringList() << 5
                                      << "dragoman models download opus-mt-en-de";
    QTest::newRow("unsupported apertium pair") << (t({"translate"}) << s << t({"--to", "de", "--mt-engine", "apertium"})) << QStringList() << 5
                                               << "no en→de pair";
    QTest::newRow("unknown engine") << (t({"translate"}) << s << t({"--mt-engine", "babelfish"})) << QStringList()
                                    << 3 << "translation.engine";
    QTest::newRow("config value out of range") << (t({"translate"}) << s << t({"--set", "tts.words_per_minute=1000"}))
                                               << QStringList() << 3 << "tts.words_per_minute";
    QTest::newRow("bad environment value") << (t({"translate"}) << s)
                                           << t({"DRAGOMAN_PIPELINE_QUEUE_CAPACITY=0"}) << 3
                                           << "DRAGOMAN_PIPELINE_QUEUE_CAPACITY";
    QTest::newRow("missing config file") << (t({"--config", "/nonexistent/dragoman.yaml", "translate"}) << s)
                                         << QStringList() << 3 << "/nonexistent/dragoman.yaml";
    QTest::newRow("output folder missing") << (t({"translate"}) << s << t({"--output", "/nonexistent/out.wav"}))
                                           << QStringList() << 6 << "/nonexistent";
    QTest::newRow("unknown command") << t({"transalte"}) << QStringList() << 2 << "unknown command";
  }
  void badInput() {
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, environment);
    QFETCH(int, exitCode);
    QFETCH(QString, needle);
    QProcessEnvironment env = m_env;
    for (const QString &kv : environment)
      env.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
    const ProcessResult r = runDragoman(arguments, env);
    QCOMPARE(r.exitCode, exitCode);
    // One error line that says what is wrong.
    const QStringList errors = r.err.split(QLatin1Char('\n')).filter(QStringLiteral("dragoman:"));
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().contains(needle), qPrintable(r.err));
  }

  void corruptAudioLeavesNoOutput() {
    QTemporaryDir dir;
    const QString input = dir.filePath(QStringLiteral("broken.flac"));
    QFile f(input);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray("fLaC") + QByteArray(4000, '\x5a'));
    f.close();
    const ProcessResult r = runDragoman({QStringLiteral("translate"), input, QStringLiteral("--output"),
                                         dir.filePath(QStringLiteral("o.wav")), QStringLiteral("--json"),
                                         dir.filePath(QStringLiteral("o.json"))},
                                        m_env);
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains(QStringLiteral("cannot decode")), qPrintable(r.err));
    QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("broken.flac")});
  }

  void signalStopsWithoutPartialOutput() {
    // A minute of speech: the sample ten times over.
    QTemporaryDir dir;
    Result<AudioBuffer> one = audio::readAudioFile(sample());
    QVERIFY(one.ok());
    std::vector<float> many;
    for (int i = 0; i < 10; ++i)
      many.insert(many.end(), one->samples().begin(), one->samples().end());
    const QString input = dir.filePath(QStringLiteral("long.wav"));
    QVERIFY(audio::writeWavFile(input, AudioBuffer(std::move(many), one->sampleRate())).ok());

    QProcess p;
    p.setProcessEnvironment(m_env);
    p.start(dragomanBinary(), {QStringLiteral("translate"), input, QStringLiteral("--output"),
                               dir.filePath(QStringLiteral("o.wav")), QStringLiteral("--json"),
                               dir.filePath(QStringLiteral("o.json"))});
    QVERIFY(p.waitForStarted());
    QString seen;
    QTRY_VERIFY_WITH_TIMEOUT((seen += QString::fromUtf8(p.readAllStandardOutput())).contains(QStringLiteral(" es: ")),
                             60000);
    p.terminate(); // SIGTERM
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 130);
    QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("interrupted")));
    QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("long.wav")});
  }

  void guiWithoutDisplayExplains() {
    const ProcessResult r = runDragoman({}, m_env);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QStringLiteral("no display")));
  }
};

QTEST_GUILESS_MAIN(TestTranslateCli)
#include "tst_translatecli.moc"
