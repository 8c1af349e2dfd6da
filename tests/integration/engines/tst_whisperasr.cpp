// WhisperAsr through the engine interface: loading, errors a person can act on, recognition of
// 16 kHz audio into timed pieces (the weights are random, so the words are not asserted).
#include "core/inference/engineregistry.h"
#include "core/inference/neural/neuralengines.h"
#include "core/inference/neural/whisperasr.h"
#include "tests/support/whisperfolder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <thread>

using namespace dragoman;

namespace {

AsrParams params(const QString &model, const QString &language = QStringLiteral("en")) {
  AsrParams p;
  p.engine = QStringLiteral("whisper");
  p.language = language;
  p.model = model;
  p.beamSize = 1;
  // A random-weight model writes until the cap: 448 tokens a window and every fallback
  // temperature took 14 s a transcription, and the test past its timeout on a loaded machine.
  p.maxTokens = 24;
  p.runtime.device = QStringLiteral("cpu");
  return p;
}

AudioBuffer tone(double seconds, int rate = 16000) {
  std::vector<float> s(std::size_t(seconds * rate));
  for (std::size_t i = 0; i < s.size(); ++i)
    s[i] = 0.3f * float(std::sin(2.0 * 3.14159265 * 440.0 * double(i) / rate));
  return AudioBuffer(std::move(s), rate);
}

} // namespace

class TestWhisperAsr : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  WhisperModels m_models;

private Q_SLOTS:
  void registeredAndProbed() {
    EngineRegistry registry;
    registerNeuralEngines(registry);
    Result<EngineInfo> info = registry.info(Stage::Asr, QStringLiteral("whisper"));
    QVERIFY(info.ok());
    QVERIFY(info->available);
    QVERIFY(info->languages.contains(QStringLiteral("en")));
    QVERIFY(info->languages.contains(QStringLiteral("ja")));
    QVERIFY(info->languages.contains(QStringLiteral("auto")));
  }

  void recognisesIntoTimedPieces() {
    DRAGOMAN_REQUIRE_TINY_WHISPER(folder, m_dir);
    Result<std::unique_ptr<IAsrEngine>> engine = WhisperAsr::create(params(folder), m_models);
    QVERIFY2(engine.ok(), engine.ok() ? "" : qPrintable(engine.error().message));
    QCOMPARE((*engine)->name(), QStringLiteral("whisper"));
    // The memory monitor's view: the folder, the device, the weights (tiny random: 4+ MiB of float32).
    const EngineFootprint fp = (*engine)->footprint();
    QCOMPARE(fp.model, folder);
    QCOMPARE(fp.device, QStringLiteral("cpu"));
    QVERIFY2(fp.bytes > 4 * 1024 * 1024, qPrintable(QString::number(fp.bytes)));
    AbortFlag abort{false};
    Result<QList<TimedText>> pieces = (*engine)->transcribeTimed(tone(3.0), QString(), abort);
    QVERIFY2(pieces.ok(), pieces.ok() ? "" : qPrintable(pieces.error().message));
    for (const TimedText &p : *pieces) {
      QVERIFY(p.startSeconds >= 0.0);
      QVERIFY(p.endSeconds >= p.startSeconds);
      QVERIFY(p.endSeconds <= 30.0 + 1e-6);
      // Every decoded piece has tokens, so a confidence: exp of a mean log-probability.
      QVERIFY(p.confidence.has_value());
      QVERIFY2(*p.confidence > 0.0 && *p.confidence <= 1.0, qPrintable(QString::number(*p.confidence)));
    }
    Result<QString> text = (*engine)->transcribe(tone(1.0), abort);
    QVERIFY(text.ok());
    Result<Recognition> heard = (*engine)->recognise(tone(1.0), abort);
    QVERIFY(heard.ok());
    QVERIFY(heard->confidence.has_value());
    QVERIFY2(*heard->confidence > 0.0 && *heard->confidence <= 1.0, qPrintable(QString::number(*heard->confidence)));
    qInfo("tiny random whisper: %lld pieces, confidence %.4f, loop cut %d", qint64(pieces->size()), *heard->confidence,
          int(heard->loopCut));
  }

  // A call's two directions: one copy of the weights, two languages, used from two threads at
  // once with the same results as one after the other.
  void twoLanguagesShareOneModel() {
    DRAGOMAN_REQUIRE_TINY_WHISPER(folder, m_dir);
    WhisperModels models;
    Result<std::unique_ptr<IAsrEngine>> english = WhisperAsr::create(params(folder, QStringLiteral("en")), models);
    Result<std::unique_ptr<IAsrEngine>> spanish = WhisperAsr::create(params(folder, QStringLiteral("es")), models);
    QVERIFY(english.ok() && spanish.ok());
    QCOMPARE(models.loadedCount(), 1);
    AbortFlag abort{false};
    const AudioBuffer audio = tone(2.0);
    Result<QString> soloEn = (*english)->transcribe(audio, abort), soloEs = (*spanish)->transcribe(audio, abort);
    QVERIFY(soloEn.ok() && soloEs.ok());
    Result<QString> together = QString();
    std::thread other([&] { together = (*spanish)->transcribe(audio, abort); });
    Result<QString> mine = (*english)->transcribe(audio, abort);
    other.join();
    QVERIFY(mine.ok() && together.ok());
    QCOMPARE(*mine, *soloEn);
    QCOMPARE(*together, *soloEs);
    english->reset();
    QCOMPARE(models.loadedCount(), 1);
    spanish->reset();
    QCOMPARE(models.loadedCount(), 0); // unloaded with its last engine
  }

  void abortIsCancelled() {
    DRAGOMAN_REQUIRE_TINY_WHISPER(folder, m_dir);
    Result<std::unique_ptr<IAsrEngine>> engine = WhisperAsr::create(params(folder), m_models);
    QVERIFY(engine.ok());
    AbortFlag abort{true};
    Result<QString> text = (*engine)->transcribe(tone(2.0), abort);
    QVERIFY(!text.ok());
    QCOMPARE(text.error().kind, ErrorKind::Cancelled);
  }

  void wrongRateIsInputError() {
    DRAGOMAN_REQUIRE_TINY_WHISPER(folder, m_dir);
    Result<std::unique_ptr<IAsrEngine>> engine = WhisperAsr::create(params(folder), m_models);
    QVERIFY(engine.ok());
    AbortFlag abort{false};
    Result<QString> text = (*engine)->transcribe(tone(1.0, 44100), abort);
    QVERIFY(!text.ok());
    QCOMPARE(text.error().kind, ErrorKind::Input);
    QVERIFY(text.error().message.contains(QStringLiteral("16 kHz")));
  }

  void errorsNameTheProblem_data() {
    QTest::addColumn<QString>("what");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("no model set") << "unset" << int(ErrorKind::EngineUnavailable) << "set asr.model";
    QTest::newRow("missing folder") << "missing" << int(ErrorKind::EngineUnavailable) << "does not exist";
    QTest::newRow("unknown language") << "language" << int(ErrorKind::Unsupported) << "does not know the language 'xx'";
    QTest::newRow("truncated weights") << "truncated" << int(ErrorKind::Input) << "model.safetensors";
    QTest::newRow("no tokenizer") << "notokenizer" << int(ErrorKind::EngineUnavailable) << "";
  }
  void errorsNameTheProblem() {
    QFETCH(QString, what);
    QFETCH(int, kind);
    QFETCH(QString, message);
    DRAGOMAN_REQUIRE_TINY_WHISPER(folder, m_dir);
    QTemporaryDir broken;
    QString model = folder;
    QString language = QStringLiteral("en");
    if (what == QLatin1String("unset"))
      model.clear();
    else if (what == QLatin1String("missing"))
      model = broken.filePath(QStringLiteral("nowhere"));
    else if (what == QLatin1String("language"))
      language = QStringLiteral("xx");
    else {
      model = broken.path();
      QFile::link(folder + QStringLiteral("/config.json"), broken.filePath(QStringLiteral("config.json")));
      QFile::link(folder + QStringLiteral("/multilingual.tiktoken"), broken.filePath(QStringLiteral("multilingual.tiktoken")));
      if (what == QLatin1String("truncated")) {
        QFile in(folder + QStringLiteral("/model.safetensors"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QFile out(broken.filePath(QStringLiteral("model.safetensors")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(in.read(in.size() / 2));
      } else {
        QFile::remove(broken.filePath(QStringLiteral("multilingual.tiktoken")));
        QFile::link(folder + QStringLiteral("/model.safetensors"), broken.filePath(QStringLiteral("model.safetensors")));
      }
    }
    Result<std::unique_ptr<IAsrEngine>> engine = WhisperAsr::create(params(model, language), m_models);
    QVERIFY(!engine.ok());
    QCOMPARE(int(engine.error().kind), kind);
    QVERIFY2(engine.error().message.contains(message), qPrintable(engine.error().message));
  }
};

QTEST_GUILESS_MAIN(TestWhisperAsr)
#include "tst_whisperasr.moc"
