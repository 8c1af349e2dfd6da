// A VITS voice behind ISynthesizer (tts.engine vits), on the tiny random-weight fixture: a text cut
// into sentences, each spoken as the probe speaks it alone, joined with the pause; a sentence
// sounds the same each time; text the voice cannot say gives empty audio; cancelling between
// sentences; and the errors a person sees for a missing or unset voice.
#include "core/inference/engineregistry.h"
#include "core/inference/neural/neuralengines.h"
#include "core/inference/neural/vitssynthesizer.h"
#include "core/inference/torch/vits/synthesizer.h"
#include "tests/support/testpaths.h"

#include <QFileInfo>
#include <QTest>

using namespace dragoman;

namespace {

SynthParams params(const QString &folder) {
  SynthParams p;
  p.engine = QStringLiteral("vits");
  p.language = QStringLiteral("en");
  p.model = folder;
  p.runtime = RuntimeParams{QStringLiteral("cpu"), QStringLiteral("float32"), 0};
  return p;
}

const AbortFlag kNever{false};

} // namespace

class TestVitsSynthesizer : public QObject {
  Q_OBJECT
  QString m_voice;
  EngineRegistry m_registry;

private Q_SLOTS:
  void initTestCase() {
    registerNeuralEngines(m_registry);
    const QString config = test::sharedFile(QStringLiteral("fixtures/vits-tiny-random/config.json"));
    if (config.isEmpty())
      QSKIP("shared fixture vits-tiny-random not found: set DRAGOMAN_SHARED to the shared/ folder");
    m_voice = QFileInfo(config).absolutePath();
  }

  void sentencesAreSpokenOneByOne() {
    Result<std::unique_ptr<ISynthesizer>> engine = m_registry.createSynthesizer(params(m_voice));
    QVERIFY2(engine, qPrintable(engine ? QString() : engine.error().message));
    QCOMPARE((*engine)->name(), QStringLiteral("vits"));
    const Result<AudioBuffer> both = (*engine)->synthesize(QStringLiteral("Hello, world! How are you today?"), kNever);
    QVERIFY(both);
    QCOMPARE(both->sampleRate(), 16000);
    const auto voice = torchrt::vits::Synthesizer::load(m_voice.toStdString(), torchrt::RuntimeOptions{"cpu", "float32", 0});
    const std::vector<float> first = voice->speak("Hello, world!", {}).waveform;
    const std::vector<float> second = voice->speak("How are you today?", {}).waveform;
    QVERIFY(!first.empty() && !second.empty());
    const std::size_t pause = std::size_t(16000 * VitsSynthesizer::kPauseMs / 1000);
    QCOMPARE(both->size(), first.size() + pause + second.size());
    const std::vector<float> &s = both->samples();
    QVERIFY(std::equal(first.begin(), first.end(), s.begin()));
    QVERIFY(std::all_of(s.begin() + long(first.size()), s.begin() + long(first.size() + pause), [](float x) { return x == 0.0f; }));
    QVERIFY(std::equal(second.begin(), second.end(), s.begin() + long(first.size() + pause)));
    // The same text again: the same samples (the seed is fixed).
    const Result<AudioBuffer> again = (*engine)->synthesize(QStringLiteral("Hello, world! How are you today?"), kNever);
    QVERIFY(again && again->samples() == both->samples());
  }

  void unsayableTextIsSilent() {
    Result<std::unique_ptr<ISynthesizer>> engine = m_registry.createSynthesizer(params(m_voice));
    QVERIFY(engine);
    const Result<AudioBuffer> out = (*engine)->synthesize(QStringLiteral("!!! ???"), kNever);
    QVERIFY(out);
    QVERIFY(out->isEmpty());
    const Result<AudioBuffer> none = (*engine)->synthesize(QString(), kNever);
    QVERIFY(none && none->isEmpty());
  }

  void cancelStopsBeforeTheNextSentence() {
    Result<std::unique_ptr<ISynthesizer>> engine = m_registry.createSynthesizer(params(m_voice));
    QVERIFY(engine);
    const AbortFlag cancelled{true};
    const Result<AudioBuffer> out = (*engine)->synthesize(QStringLiteral("One. Two."), cancelled);
    QVERIFY(!out);
    QCOMPARE(out.error().kind, ErrorKind::Cancelled);
  }

  void missingVoiceIsNamed() {
    Result<std::unique_ptr<ISynthesizer>> unset = m_registry.createSynthesizer(params(QString()));
    QVERIFY(!unset);
    QVERIFY2(unset.error().message.contains(QStringLiteral("tts.model")), qPrintable(unset.error().message));
    const QString missing = QStringLiteral("/nonexistent/voice");
    Result<std::unique_ptr<ISynthesizer>> absent = m_registry.createSynthesizer(params(missing));
    QVERIFY(!absent);
    QCOMPARE(absent.error().kind, ErrorKind::EngineUnavailable);
    QVERIFY2(absent.error().message.contains(missing), qPrintable(absent.error().message));
  }
};

QTEST_GUILESS_MAIN(TestVitsSynthesizer)
#include "tst_vitssynthesizer.moc"
