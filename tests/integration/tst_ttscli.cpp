// `dragoman tts` as a subprocess on the tiny random-weight VITS fixture (a port of Hugging Face's
// modeling_vits.py and VitsTokenizer) and the Piper fixture (piper_train + piper-phonemize): the probe contract (--dump of ids, frames per id and the
// waveform, --json, --noise injecting the reference's Gaussian draws, --output as a WAV) for every
// case, with zero and with injected noise; and the errors for a missing voice, a Piper voice and a
// text the voice cannot say.
#include "core/audio/audiofile.h"
#include "core/inference/torch/runtime/safetensors.h"
#include "tests/support/processrunner.h"
#include "tests/support/testpaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>

using namespace dragoman::test;
using namespace dragoman::torchrt;

namespace {

template <typename T> std::vector<T> valuesOf(const TensorView *v) {
  std::vector<T> out(v ? std::size_t(v->numel()) : 0);
  if (v)
    std::memcpy(out.data(), v->data, v->bytes);
  return out;
}

std::vector<std::byte> bytesOf(const TensorView &v) {
  std::vector<std::byte> out(v.bytes);
  std::memcpy(out.data(), v.data, v.bytes);
  return out;
}

} // namespace

class TestTtsCli : public QObject {
  Q_OBJECT
  QTemporaryDir m_home;
  QProcessEnvironment m_env;
  QString m_voice;
  QJsonObject m_cases;
  std::shared_ptr<const SafetensorsFile> m_reference;

  QJsonObject run(const QStringList &args, int expectedExit = 0) {
    const ProcessResult r = runDragoman(QStringList{QStringLiteral("tts"), QStringLiteral("--voice"), m_voice} + args, m_env);
    if (r.exitCode != expectedExit)
      qWarning("dragoman tts %s: exit %d: %s", qPrintable(args.join(QLatin1Char(' '))), r.exitCode, qPrintable(r.err));
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
  }

  // The cases with (or without) injected noise, in cases.json's order.
  QList<QJsonObject> casesWith(bool noise) const {
    QList<QJsonObject> out;
    for (const QJsonValue &c : m_cases.value(QStringLiteral("cases")).toArray())
      if (c.toObject().value(QStringLiteral("noise")).toBool() == noise)
        out << c.toObject();
    return out;
  }

  // Every case of the list in one process; the dump and the JSON against the reference.
  void checkCases(const QList<QJsonObject> &cases, const QStringList &options) {
    QTemporaryDir dir;
    const QString dump = dir.filePath(QStringLiteral("dump.safetensors"));
    QStringList args = options + QStringList{QStringLiteral("--dump"), dump, QStringLiteral("--json")};
    for (const QJsonObject &c : cases)
      args << QStringLiteral("--text") << c.value(QStringLiteral("text")).toString();
    const QJsonArray sentences = run(args).value(QStringLiteral("sentences")).toArray();
    QCOMPARE(sentences.size(), cases.size());
    const std::shared_ptr<const SafetensorsFile> got = SafetensorsFile::open(dump.toStdString());
    for (qsizetype k = 0; k < cases.size(); ++k) {
      const std::string name = cases[k].value(QStringLiteral("name")).toString().toStdString(), key = std::to_string(k);
      QCOMPARE(sentences[k][QStringLiteral("text")].toString(), cases[k].value(QStringLiteral("normalized")).toString());
      QCOMPARE(valuesOf<std::int64_t>(got->find(key + ".input_ids")), valuesOf<std::int64_t>(m_reference->find(name + ".input_ids")));
      QCOMPARE(valuesOf<std::int64_t>(got->find(key + ".durations")), valuesOf<std::int64_t>(m_reference->find(name + ".durations_int")));
      const std::vector<float> wave = valuesOf<float>(got->find(key + ".waveform"));
      const std::vector<float> want = valuesOf<float>(m_reference->find(name + ".waveform"));
      QCOMPARE(wave.size(), want.size());
      QCOMPARE(qint64(wave.size()), cases[k].value(QStringLiteral("samples")).toInteger());
      QCOMPARE(sentences[k][QStringLiteral("samples")].toInteger(), qint64(wave.size()));
      double diff = 0;
      for (std::size_t i = 0; i < wave.size(); ++i)
        diff = std::max(diff, double(std::fabs(wave[i] - want[i])));
      QVERIFY2(diff < 1e-3, qPrintable(QStringLiteral("%1: waveform differs by %2").arg(QString::fromStdString(name)).arg(diff)));
    }
  }

private Q_SLOTS:
  void initTestCase() {
    const QString cases = sharedFile(QStringLiteral("fixtures/vits-tiny-random/cases.json"));
    if (cases.isEmpty())
      QSKIP("shared fixture vits-tiny-random not found: set DRAGOMAN_SHARED to the shared/ folder");
    m_voice = QFileInfo(cases).absolutePath();
    QFile f(cases);
    QVERIFY(f.open(QIODevice::ReadOnly));
    m_cases = QJsonDocument::fromJson(f.readAll()).object();
    m_reference = SafetensorsFile::open((m_voice + QStringLiteral("/cases.safetensors")).toStdString());
    m_env = isolatedEnvironment(m_home.path());
  }

  // Zero noise: the deterministic path.
  void zeroNoiseMatchesReference() {
    checkCases(casesWith(false), {QStringLiteral("--noise-scale"), QStringLiteral("0"), QStringLiteral("--noise-scale-duration"), QStringLiteral("0")});
  }

  // The reference's draws through --noise, at the voice's own noise scales (cases.json's settings).
  void injectedNoiseMatchesReference() {
    const QList<QJsonObject> cases = casesWith(true);
    QTemporaryDir dir;
    const QString noise = dir.filePath(QStringLiteral("noise.safetensors"));
    std::vector<TensorData> tensors;
    for (qsizetype k = 0; k < cases.size(); ++k)
      for (const char *part : {"noise_duration", "noise_prior"}) {
        const std::string from = cases[k].value(QStringLiteral("name")).toString().toStdString() + "." + part;
        const TensorView *v = m_reference->find(from);
        QVERIFY2(v, from.c_str());
        tensors.push_back({std::to_string(k) + "." + part, DType::F32, v->shape, bytesOf(*v)});
      }
    writeSafetensors(noise.toStdString(), tensors, {});
    checkCases(cases, {QStringLiteral("--noise"), noise});
  }

  // A Piper voice: the three texts of piper-tiny-random split into two sentences each, as
  // piper-phonemize splits them; utterance K is the fixture's sK (zero noise), then sK.noise with
  // the reference's draws at the voice's own scales.
  void piperMatchesReference() {
    const QString cases = sharedFile(QStringLiteral("fixtures/piper-tiny-random/cases.json"));
    if (cases.isEmpty())
      QSKIP("shared fixture piper-tiny-random not found");
    const QString dir = QFileInfo(cases).absolutePath();
    const QString voice = dir + QStringLiteral("/en_US-tiny_random-medium.onnx");
    const auto reference = SafetensorsFile::open((dir + QStringLiteral("/cases.safetensors")).toStdString());
    const QStringList texts{QStringLiteral("Hello world. How are you today?"), QStringLiteral("Wait, what: 3 apples; 12 pears! OK"),
                            QStringLiteral("It is 3.5 degrees outside. Really?")};
    QTemporaryDir tmp;
    const QString noise = tmp.filePath(QStringLiteral("noise.safetensors"));
    std::vector<TensorData> draws;
    for (int k = 0; k < 6; ++k)
      for (const char *part : {"noise_duration", "noise_prior"}) {
        const TensorView *v = reference->find("s" + std::to_string(k) + ".noise." + part);
        QVERIFY(v);
        draws.push_back({std::to_string(k) + "." + part, DType::F32, v->shape, bytesOf(*v)});
      }
    writeSafetensors(noise.toStdString(), draws, {});
    for (const bool withNoise : {false, true}) {
      const QString dump = tmp.filePath(withNoise ? QStringLiteral("noise-dump.safetensors") : QStringLiteral("dump.safetensors"));
      QStringList args{QStringLiteral("tts"), QStringLiteral("--voice"), voice, QStringLiteral("--dump"), dump, QStringLiteral("--json")};
      args << (withNoise ? QStringList{QStringLiteral("--noise"), noise}
                         : QStringList{QStringLiteral("--noise-scale"), QStringLiteral("0"), QStringLiteral("--noise-scale-duration"), QStringLiteral("0")});
      for (const QString &t : texts)
        args << QStringLiteral("--text") << t;
      const ProcessResult r = runDragoman(args, m_env);
      QVERIFY2(r.exitCode == 0, qPrintable(r.err));
      QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("sentences")).toArray().size(), 6);
      const auto got = SafetensorsFile::open(dump.toStdString());
      for (int k = 0; k < 6; ++k) {
        const std::string name = "s" + std::to_string(k) + (withNoise ? ".noise" : ""), key = std::to_string(k);
        QCOMPARE(valuesOf<std::int64_t>(got->find(key + ".input_ids")), valuesOf<std::int64_t>(reference->find(name + ".input")));
        QCOMPARE(valuesOf<std::int64_t>(got->find(key + ".durations")), valuesOf<std::int64_t>(reference->find(name + ".durations_int")));
        const std::vector<float> wave = valuesOf<float>(got->find(key + ".waveform")), want = valuesOf<float>(reference->find(name + ".waveform"));
        QCOMPARE(wave.size(), want.size());
        double diff = 0;
        for (std::size_t i = 0; i < wave.size(); ++i)
          diff = std::max(diff, double(std::fabs(wave[i] - want[i])));
        QVERIFY2(diff < 1e-3, qPrintable(QStringLiteral("%1: waveform differs by %2").arg(QString::fromStdString(name)).arg(diff)));
      }
    }
  }

  void writesWav() {
    QTemporaryDir dir;
    const QString wav = dir.filePath(QStringLiteral("hello.wav"));
    const QJsonObject out = run({QStringLiteral("--text"), QStringLiteral("Hello, world!"), QStringLiteral("--output"), wav, QStringLiteral("--json")});
    QCOMPARE(out.value(QStringLiteral("sample_rate")).toInt(), m_cases.value(QStringLiteral("sampling_rate")).toInt());
    const qint64 samples = out.value(QStringLiteral("sentences")).toArray().at(0)[QStringLiteral("samples")].toInteger();
    QVERIFY(samples > 0);
    QFile f(wav);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray head = f.read(12);
    QVERIFY(head.startsWith("RIFF") && head.mid(8, 4) == "WAVE");
    QCOMPARE(f.size(), 44 + 2 * samples);
  }

  // A text with nothing the voice can say: a warning and no audio, not a failure.
  void unsayableTextGivesNoAudio() {
    const ProcessResult r = runDragoman({QStringLiteral("tts"), QStringLiteral("--voice"), m_voice, QStringLiteral("--text"),
                                         QStringLiteral("!!! ???"), QStringLiteral("--json")},
                                        m_env);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains(QStringLiteral("warning")), qPrintable(r.err));
    const QJsonArray s = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("sentences")).toArray();
    QCOMPARE(s.size(), 1);
    QCOMPARE(s.at(0)[QStringLiteral("samples")].toInteger(), 0);
  }

  void badVoicesAreNamed() {
    const QString missing = m_home.filePath(QStringLiteral("no-such-voice"));
    // A missing voice is an engine that is not available here, as a missing translation model is.
    ProcessResult r = runDragoman({QStringLiteral("tts"), QStringLiteral("--voice"), missing, QStringLiteral("--text"), QStringLiteral("hi")}, m_env);
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.contains(missing), qPrintable(r.err));
    const QString onnx = m_home.filePath(QStringLiteral("voice.onnx"));
    r = runDragoman({QStringLiteral("tts"), QStringLiteral("--voice"), onnx, QStringLiteral("--text"), QStringLiteral("hi")}, m_env);
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.contains(QStringLiteral("Piper")), qPrintable(r.err));
    r = runDragoman({QStringLiteral("tts"), QStringLiteral("--voice"), m_voice, QStringLiteral("--text"), QStringLiteral("hi"),
                     QStringLiteral("--length-scale"), QStringLiteral("0")},
                    m_env);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("--length-scale")), qPrintable(r.err));
  }

  // --speaker on a one-speaker voice is refused naming the range; a long text without sentence
  // ends beyond what the voice reads at once is spoken in sentences, with a warning.
  void speakersAndLongTexts() {
    ProcessResult r = runDragoman({QStringLiteral("tts"), QStringLiteral("--voice"), m_voice, QStringLiteral("--text"), QStringLiteral("hi"),
                                   QStringLiteral("--speaker"), QStringLiteral("1")},
                                  m_env);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("1 speaker(s)")), qPrintable(r.err));
    QString text;
    for (int i = 0; i < 300; ++i)
      text += QStringLiteral("This is sentence number %1 of a long text. ").arg(i);
    const QString wav = m_home.filePath(QStringLiteral("long.wav"));
    r = runDragoman({QStringLiteral("tts"), QStringLiteral("--voice"), m_voice, QStringLiteral("--text"), text, QStringLiteral("--output"), wav,
                     QStringLiteral("--json")},
                    m_env);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("spoken as 300 sentences")), qPrintable(r.err));
    const QJsonArray sentences = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("sentences")).toArray();
    QCOMPARE(sentences.size(), 300);
    double samples = 0;
    for (const QJsonValue &v : sentences)
      samples += v.toObject().value(QStringLiteral("samples")).toDouble();
    dragoman::audio::FileInfo info;
    const dragoman::Result<dragoman::AudioBuffer> speech = dragoman::audio::readAudioFile(wav, &info);
    QVERIFY(speech.ok());
    QCOMPARE(double(speech->size()), samples);
  }

  // dragoman bench tts on a Piper voice and on random weights: every figure present and sane.
  void benchRuns() {
    const QString piper = sharedFile(QStringLiteral("fixtures/piper-tiny-random/en_US-tiny_random-medium.onnx"));
    if (piper.isEmpty())
      QSKIP("shared fixture piper-tiny-random not found");
    for (const QStringList &source : {QStringList{QStringLiteral("--voice"), piper}, QStringList{QStringLiteral("--size"), QStringLiteral("piper-x-low")}}) {
      const ProcessResult r = runDragoman(QStringList{QStringLiteral("bench"), QStringLiteral("tts"), QStringLiteral("--runs"), QStringLiteral("1"),
                                                      QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--json")} + source,
                                          m_env);
      QVERIFY2(r.exitCode == 0, qPrintable(r.err));
      const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
      const QJsonArray sentences = j.value(QStringLiteral("sentences")).toArray();
      QCOMPARE(sentences.size(), 3);
      for (const QJsonValue &v : sentences) {
        const QJsonObject s = v.toObject();
        QVERIFY(s.value(QStringLiteral("samples")).toDouble() > 0);
        QVERIFY(s.value(QStringLiteral("rtf")).toDouble() > 0);
        QCOMPARE(s.value(QStringLiteral("input_ids")).toArray().size(), s.value(QStringLiteral("ids")).toInt());
      }
      QVERIFY(j.value(QStringLiteral("first_audio_ms")).toObject().value(QStringLiteral("median")).toDouble() > 0);
      QVERIFY(j.value(QStringLiteral("peak_rss_mib")).toDouble() > 10);
    }
    const ProcessResult bad = runDragoman({QStringLiteral("bench"), QStringLiteral("tts"), QStringLiteral("--size"), QStringLiteral("huge")}, m_env);
    QVERIFY(bad.exitCode != 0);
    QVERIFY2(bad.err.contains(QStringLiteral("piper-medium")), qPrintable(bad.err));
  }

  // bench make-model --kind tts: a random voice of a known size as a Hugging Face VITS folder,
  // which `dragoman tts` (and so a live session or a call) speaks with: without the duration
  // predictor's noise, every character and the blanks between them 3 frames of 256 samples each.
  void randomVoiceFolderSpeaks() {
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("voice"));
    const ProcessResult made = runDragoman({QStringLiteral("bench"), QStringLiteral("make-model"), QStringLiteral("--kind"),
                                            QStringLiteral("tts"), QStringLiteral("--size"), QStringLiteral("piper-x-low"),
                                            QStringLiteral("--out"), folder},
                                           m_env);
    QVERIFY2(made.exitCode == 0, qPrintable(made.err));
    for (const char *file : {"config.json", "model.safetensors", "vocab.json", "tokenizer_config.json"})
      QVERIFY2(QFileInfo::exists(QDir(folder).filePath(QLatin1String(file))), file);
    const ProcessResult r = runDragoman({QStringLiteral("tts"), QStringLiteral("--voice"), folder, QStringLiteral("--text"),
                                         QStringLiteral("Hola, buenos días."), QStringLiteral("--noise-scale-duration"),
                                         QStringLiteral("0"), QStringLiteral("--json")},
                                        m_env);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject out = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(out.value(QStringLiteral("sample_rate")).toInt(), 16000);
    const qint64 samples = out.value(QStringLiteral("sentences")).toArray().at(0)[QStringLiteral("samples")].toInteger();
    const qint64 ids = 2 * qint64(QStringLiteral("hola, buenos días.").size()) + 1; // blanks around every character
    QCOMPARE(samples, ids * 3 * 256);
    const ProcessResult bad = runDragoman({QStringLiteral("bench"), QStringLiteral("make-model"), QStringLiteral("--kind"),
                                           QStringLiteral("tts"), QStringLiteral("--size"), QStringLiteral("huge"),
                                           QStringLiteral("--out"), folder},
                                          m_env);
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(QStringLiteral("piper-medium")), qPrintable(bad.err));
  }
};

QTEST_GUILESS_MAIN(TestTtsCli)
#include "tst_ttscli.moc"
