// A VITS voice behind ISynthesizer (tts.engine vits), on the tiny random-weight fixture: a text cut
// into sentences, each spoken as the probe speaks it alone, joined with the pause; a sentence
// sounds the same each time; text the voice cannot say gives empty audio; cancelling between
// sentences; and the errors a person sees for a missing or unset voice.
#include "core/inference/engineregistry.h"
#include "core/inference/neural/neuralengines.h"
#include "core/inference/neural/vitssynthesizer.h"
#include "core/inference/speechlevel.h"
#include "core/inference/torch/vits/synthesizer.h"
#include "tests/support/testpaths.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace dragoman;

namespace {

SynthParams params(const QString &folder) {
  SynthParams p;
  p.engine = QStringLiteral("vits");
  p.language = QStringLiteral("en");
  p.model = folder;
  p.runtime = RuntimeParams{QStringLiteral("cpu"), QStringLiteral("float32"), 0};
  p.levelDb = 0; // the voice's own samples, to compare with the probe's
  return p;
}

const AbortFlag kNever{false};

std::vector<long long> idsOf(const QJsonValue &v) {
  std::vector<long long> out;
  for (const QJsonValue &x : v.toArray())
    out.push_back(x.toInteger());
  return out;
}

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
    const std::size_t pause = std::size_t(16000 * params(m_voice).pauseMs / 1000);
    QCOMPARE(both->size(), first.size() + pause + second.size());
    const std::vector<float> &s = both->samples();
    QVERIFY(std::equal(first.begin(), first.end(), s.begin()));
    QVERIFY(std::all_of(s.begin() + long(first.size()), s.begin() + long(first.size() + pause), [](float x) { return x == 0.0f; }));
    QVERIFY(std::equal(second.begin(), second.end(), s.begin() + long(first.size() + pause)));
    // The same text again: the same samples (the seed is fixed).
    const Result<AudioBuffer> again = (*engine)->synthesize(QStringLiteral("Hello, world! How are you today?"), kNever);
    QVERIFY(again && again->samples() == both->samples());
  }

  // A Piper voice (NAME.onnx): each sentence is phonemised as piper does it and spoken from the
  // phoneme ids of the reference run (piper-tiny-random's model_cases).
  void piperVoiceSpeaksPhonemisedSentences() {
    const QString onnx = test::sharedFile(QStringLiteral("fixtures/piper-tiny-random/en_US-tiny_random-medium.onnx"));
    if (onnx.isEmpty())
      QSKIP("shared fixture piper-tiny-random not found: set DRAGOMAN_SHARED to the shared/ folder");
    QFile f(test::sharedFile(QStringLiteral("fixtures/piper-tiny-random/cases.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject cases = QJsonDocument::fromJson(f.readAll()).object();
    const int hop = cases.value(QStringLiteral("hop_length")).toInt();
    QJsonObject first, second;
    for (const QJsonValue &v : cases.value(QStringLiteral("model_cases")).toArray()) {
      const QJsonObject c = v.toObject();
      if (c.value(QStringLiteral("name")).toString() == QStringLiteral("s0"))
        first = c;
      if (c.value(QStringLiteral("name")).toString() == QStringLiteral("s1"))
        second = c;
    }
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    const QString text = first.value(QStringLiteral("text")).toString();
    QCOMPARE(second.value(QStringLiteral("text")).toString(), text);

    Result<std::unique_ptr<ISynthesizer>> engine = m_registry.createSynthesizer(params(onnx));
    QVERIFY2(engine, qPrintable(engine ? QString() : engine.error().message));
    const Result<AudioBuffer> both = (*engine)->synthesize(text, kNever);
    QVERIFY2(both, qPrintable(both ? QString() : both.error().message));

    const auto voice = torchrt::vits::Synthesizer::load(onnx.toStdString(), torchrt::RuntimeOptions{"cpu", "float32", 0});
    QCOMPARE(voice->report().format, std::string("piper"));
    QVERIFY(!voice->report().phonemeIdMap.empty());
    const int rate = voice->report().sampleRate;
    QCOMPARE(both->sampleRate(), rate);
    const std::vector<float> a = voice->speakIds(idsOf(first.value(QStringLiteral("ids"))), {}).waveform;
    const std::vector<float> b = voice->speakIds(idsOf(second.value(QStringLiteral("ids"))), {}).waveform;
    QVERIFY(!a.empty() && !b.empty());
    const std::size_t pause = std::size_t(rate) * std::size_t(params(onnx).pauseMs) / 1000;
    QCOMPARE(both->size(), a.size() + pause + b.size());
    const std::vector<float> &s = both->samples();
    QVERIFY(std::equal(a.begin(), a.end(), s.begin()));
    QVERIFY(std::equal(b.begin(), b.end(), s.begin() + long(a.size() + pause)));

    // Without noise the durations are the reference's: samples = sum(durations) × hop.
    for (const QJsonObject &c : {first, second}) {
      const QJsonArray scales = c.value(QStringLiteral("scales")).toArray();
      torchrt::vits::SpeechOptions quiet;
      quiet.noiseScale = scales[0].toDouble();
      quiet.lengthScale = scales[1].toDouble();
      quiet.noiseScaleDuration = scales[2].toDouble();
      const torchrt::vits::Utterance u = voice->speakIds(idsOf(c.value(QStringLiteral("ids"))), quiet);
      long long frames = 0;
      for (const QJsonValue &d : c.value(QStringLiteral("durations")).toArray())
        frames += d.toInteger();
      QCOMPARE(static_cast<long long>(u.waveform.size()), frames * hop);
      QCOMPARE(static_cast<long long>(u.waveform.size()), c.value(QStringLiteral("samples")).toInteger());
    }
  }

  // tts.seed: another seed, other draws (the voice's noise scales are not zero); the same seed, the
  // same samples.
  void seedPicksTheDraws() {
    SynthParams p = params(m_voice);
    p.seed = 7;
    Result<std::unique_ptr<ISynthesizer>> seven = m_registry.createSynthesizer(p);
    Result<std::unique_ptr<ISynthesizer>> zero = m_registry.createSynthesizer(params(m_voice));
    QVERIFY(seven && zero);
    const QString text = QStringLiteral("Hello, world!");
    const Result<AudioBuffer> a = (*seven)->synthesize(text, kNever), b = (*zero)->synthesize(text, kNever);
    const Result<AudioBuffer> again = (*seven)->synthesize(text, kNever);
    QVERIFY(a && b && again);
    QVERIFY(a->samples() != b->samples());
    QVERIFY(a->samples() == again->samples());
  }

  // Streaming: each sentence is handed on as soon as it is spoken, the pause (tts.pause_ms) before
  // every one but the first, and the pieces make up the whole.
  void sentencesStreamInOrder() {
    SynthParams p = params(m_voice);
    p.pauseMs = 100;
    Result<std::unique_ptr<ISynthesizer>> engine = m_registry.createSynthesizer(p);
    QVERIFY(engine);
    std::vector<AudioBuffer> pieces;
    const Result<AudioBuffer> whole = (*engine)->synthesizeStreaming(
        QStringLiteral("Hello, world! How are you today? Fine."), kNever, [&](const AudioBuffer &a, bool) { pieces.push_back(a); });
    QVERIFY(whole);
    QCOMPARE(pieces.size(), std::size_t(3));
    const auto voice = torchrt::vits::Synthesizer::load(m_voice.toStdString(), torchrt::RuntimeOptions{"cpu", "float32", 0});
    QVERIFY(pieces[0].samples() == voice->speak("Hello, world!", {}).waveform);
    const std::vector<float> second = voice->speak("How are you today?", {}).waveform;
    QCOMPARE(pieces[1].size(), 1600 + second.size());
    QVERIFY(std::equal(second.begin(), second.end(), pieces[1].samples().begin() + 1600));
    std::vector<float> joined;
    for (const AudioBuffer &a : pieces)
      joined.insert(joined.end(), a.samples().begin(), a.samples().end());
    QVERIFY(joined == whole->samples());
  }

  // A sentence longer than two first pieces (0.3 s) streams in parts, each but the first going on
  // with the sentence; they join into what the whole decoder makes of it.
  void aLongSentenceStreamsInParts() {
    Result<std::unique_ptr<ISynthesizer>> engine = m_registry.createSynthesizer(params(m_voice));
    QVERIFY(engine);
    const QString text = QStringLiteral("the quick brown fox jumps over the lazy dog and runs far away into the woods");
    std::vector<AudioBuffer> pieces;
    std::vector<bool> continues;
    const Result<AudioBuffer> whole = (*engine)->synthesizeStreaming(text, kNever, [&](const AudioBuffer &a, bool c) {
      pieces.push_back(a);
      continues.push_back(c);
    });
    QVERIFY(whole);
    const auto voice = torchrt::vits::Synthesizer::load(m_voice.toStdString(), torchrt::RuntimeOptions{"cpu", "float32", 0});
    const std::vector<float> reference = voice->speak(text.toStdString(), {}).waveform;
    QVERIFY2(reference.size() > 16000 * 0.6, qPrintable(QString::number(reference.size())));
    QVERIFY2(pieces.size() >= 2, qPrintable(QString::number(pieces.size())));
    QVERIFY(!continues.front());
    QVERIFY(std::all_of(continues.begin() + 1, continues.end(), [](bool c) { return c; }));
    QVERIFY(std::abs(double(pieces.front().size()) - 0.3 * 16000) < 0.01 * 16000);
    std::vector<float> joined;
    for (const AudioBuffer &a : pieces)
      joined.insert(joined.end(), a.samples().begin(), a.samples().end());
    QVERIFY(joined == whole->samples());
    QCOMPARE(joined.size(), reference.size());
    float worst = 0;
    for (std::size_t i = 0; i < joined.size(); ++i)
      worst = std::max(worst, std::abs(joined[i] - reference[i]));
    QVERIFY2(worst < 1e-5f, qPrintable(QString::number(worst)));
    // Not streamed, the sentence is made whole.
    const Result<AudioBuffer> plain = (*engine)->synthesize(text, kNever);
    QVERIFY(plain && plain->samples() == reference);
  }

  // tts.rate divides the length scale: twice as fast, about half the frames.
  void rateChangesTheLength() {
    SynthParams fast = params(m_voice);
    fast.rate = 2.0;
    Result<std::unique_ptr<ISynthesizer>> normal = m_registry.createSynthesizer(params(m_voice));
    Result<std::unique_ptr<ISynthesizer>> quick = m_registry.createSynthesizer(fast);
    QVERIFY(normal && quick);
    const QString text = QStringLiteral("A somewhat longer sentence to speak quickly");
    const Result<AudioBuffer> a = (*normal)->synthesize(text, kNever), b = (*quick)->synthesize(text, kNever);
    QVERIFY(a && b && !a->isEmpty() && !b->isEmpty());
    QVERIFY2(double(b->size()) < 0.75 * double(a->size()), qPrintable(QStringLiteral("%1 vs %2").arg(b->size()).arg(a->size())));
  }

  // tts.level_db: every sentence at the same speech level (or held below clipping), whatever the
  // voice's own level; tts.volume scales after it.
  void sentencesAreLevelled() {
    SynthParams p = params(m_voice);
    p.levelDb = -26;
    Result<std::unique_ptr<ISynthesizer>> engine = m_registry.createSynthesizer(p);
    QVERIFY(engine);
    std::vector<AudioBuffer> pieces;
    const Result<AudioBuffer> whole = (*engine)->synthesizeStreaming(QStringLiteral("Hello, world! How are you today?"), kNever,
                                                                     [&](const AudioBuffer &a, bool) { pieces.push_back(a); });
    QVERIFY(whole && pieces.size() == 2);
    for (const AudioBuffer &a : pieces) {
      float peak = 0;
      for (float x : a.samples())
        peak = std::max(peak, std::abs(x));
      const double level = speechLevelDb(a.samples(), a.sampleRate());
      QVERIFY2(std::abs(level + 26) < 0.2 || peak > 0.94f, qPrintable(QStringLiteral("level %1 dBFS, peak %2").arg(level).arg(peak)));
      QVERIFY(peak <= 0.945f);
    }
    p.volume = 0.5;
    Result<std::unique_ptr<ISynthesizer>> quieter = m_registry.createSynthesizer(p);
    QVERIFY(quieter);
    const Result<AudioBuffer> half = (*quieter)->synthesize(QStringLiteral("Hello, world! How are you today?"), kNever);
    QVERIFY(half && half->size() == whole->size());
    const double drop = speechLevelDb(whole->samples(), 16000) - speechLevelDb(half->samples(), 16000);
    QVERIFY2(std::abs(drop - 6.02) < 0.1, qPrintable(QString::number(drop)));
  }

  void speakerBeyondTheVoiceIsRefused() {
    SynthParams p = params(m_voice);
    p.speaker = 1;
    Result<std::unique_ptr<ISynthesizer>> engine = m_registry.createSynthesizer(p);
    QVERIFY(!engine);
    QVERIFY2(engine.error().message.contains(QStringLiteral("tts.speaker")), qPrintable(engine.error().message));
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
