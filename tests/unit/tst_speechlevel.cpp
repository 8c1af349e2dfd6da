// The speech level of synthesised speech (core/inference/speechlevel): the level of a known tone,
// pauses that do not lower it, the gain to a target, the volume after it, the peak limit, silence
// left silent, and an engine's pieces levelled one by one.
#include "core/inference/speechlevel.h"

#include <QTest>

#include <cmath>
#include <numbers>

using namespace dragoman;

namespace {

std::vector<float> tone(double amplitude, int rate, double seconds, double hz = 220) {
  std::vector<float> out(static_cast<std::size_t>(rate * seconds));
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<float>(amplitude * std::sin(2 * std::numbers::pi * hz * double(i) / rate));
  return out;
}

float peakOf(const std::vector<float> &s) {
  float p = 0;
  for (float x : s)
    p = std::max(p, std::abs(x));
  return p;
}

// Speaks each word of the text as one sentence: a tone whose loudness is the word's length. A word
// with a '+' in it is spoken in two parts, the second twice as loud and three times as long,
// as a voice streams a sentence.
class WordTones final : public ISynthesizer {
public:
  QString name() const override { return QStringLiteral("tones"); }
  Result<AudioBuffer> synthesize(const QString &text, const AbortFlag &abort) override { return synthesizeStreaming(text, abort, {}); }
  Result<AudioBuffer> synthesizeStreaming(const QString &text, const AbortFlag &, const SpeechPiece &piece) override {
    std::vector<float> all;
    const auto say = [&](std::vector<float> t, bool continues) {
      all.insert(all.end(), t.begin(), t.end());
      if (piece)
        piece(AudioBuffer(std::move(t), 16000), continues);
    };
    for (const QString &w : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
      say(tone(0.02 * double(w.size()), 16000, 0.3), false);
      if (w.contains(QLatin1Char('+')))
        say(tone(0.04 * double(w.size()), 16000, 0.9), true);
    }
    return AudioBuffer(std::move(all), 16000);
  }
};

} // namespace

class TestSpeechLevel : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void levelOfATone() {
    const std::vector<float> t = tone(0.5, 16000, 1.0);
    QVERIFY(std::abs(speechLevelDb(t, 16000) - 20 * std::log10(0.5 / std::sqrt(2.0))) < 0.05);
  }

  void pausesDoNotLowerTheLevel() {
    std::vector<float> t = tone(0.1, 22050, 0.5);
    const double alone = speechLevelDb(t, 22050);
    std::vector<float> padded(22050, 0.0f); // a second of silence, then the tone, then faint noise
    padded.insert(padded.end(), t.begin(), t.end());
    const std::vector<float> faint = tone(0.001, 22050, 0.5, 50);
    padded.insert(padded.end(), faint.begin(), faint.end());
    QVERIFY(std::abs(speechLevelDb(padded, 22050) - alone) < 0.1);
    QVERIFY(std::isinf(speechLevelDb(std::vector<float>(1000, 0.0f), 16000)));
    QVERIFY(std::isinf(speechLevelDb({}, 16000)));
  }

  void gainToTheTargetThenVolume() {
    std::vector<float> t = tone(0.01, 16000, 0.5);
    applySpeechLevel(t, 16000, SpeechLevel{-20, 1.0});
    QVERIFY(std::abs(speechLevelDb(t, 16000) + 20) < 0.05);
    std::vector<float> u = tone(0.01, 16000, 0.5);
    applySpeechLevel(u, 16000, SpeechLevel{-20, 0.5});
    QVERIFY(std::abs(speechLevelDb(u, 16000) + 20 + 6.02) < 0.05);
    std::vector<float> v = tone(0.3, 16000, 0.5);
    applySpeechLevel(v, 16000, SpeechLevel{0, 0.5}); // level off: the volume alone
    QVERIFY(std::abs(peakOf(v) - 0.15f) < 1e-3f);
  }

  void peaksStayBelowClipping() {
    std::vector<float> t = tone(0.2, 16000, 0.5);
    t[100] = 0.9f; // one click: the gain to -3 dBFS would clip it
    applySpeechLevel(t, 16000, SpeechLevel{-3, 1.0});
    QVERIFY(peakOf(t) <= 0.9441f);
    QVERIFY(peakOf(t) > 0.94f);
  }

  void silenceStaysSilent() {
    std::vector<float> s(8000, 0.0f);
    applySpeechLevel(s, 16000, SpeechLevel{-20, 2.0});
    QCOMPARE(peakOf(s), 0.0f);
  }

  void eachPieceIsLevelled() {
    std::unique_ptr<ISynthesizer> engine = levelled(std::make_unique<WordTones>(), SpeechLevel{-18, 1.0});
    QCOMPARE(engine->name(), QStringLiteral("tones"));
    std::vector<AudioBuffer> pieces;
    const AbortFlag never{false};
    const Result<AudioBuffer> whole =
        engine->synthesizeStreaming(QStringLiteral("a quite loudest"), never, [&](const AudioBuffer &a, bool) { pieces.push_back(a); });
    QVERIFY(whole);
    QCOMPARE(pieces.size(), std::size_t(3));
    std::vector<float> joined;
    for (const AudioBuffer &p : pieces) {
      QVERIFY(std::abs(speechLevelDb(p.samples(), 16000) + 18) < 0.05);
      joined.insert(joined.end(), p.samples().begin(), p.samples().end());
    }
    QVERIFY(joined == whole->samples());
    // Off and at unit volume: the engine itself, unchanged.
    std::unique_ptr<ISynthesizer> plain = std::make_unique<WordTones>();
    ISynthesizer *raw = plain.get();
    QCOMPARE(levelled(std::move(plain), SpeechLevel{0, 1.0}).get(), raw);
  }

  // A sentence streamed in parts keeps its first part's gain (its level does not jump within it);
  // spoken whole, it is levelled whole.
  void aSentenceInPartsKeepsOneGain() {
    std::unique_ptr<ISynthesizer> engine = levelled(std::make_unique<WordTones>(), SpeechLevel{-24, 1.0});
    const AbortFlag never{false};
    std::vector<AudioBuffer> pieces;
    std::vector<bool> continues;
    const Result<AudioBuffer> streamed = engine->synthesizeStreaming(QStringLiteral("so+ on"), never, [&](const AudioBuffer &a, bool c) {
      pieces.push_back(a);
      continues.push_back(c);
    });
    QVERIFY(streamed);
    QCOMPARE(pieces.size(), std::size_t(3));
    QCOMPARE(continues, (std::vector<bool>{false, true, false}));
    const double first = speechLevelDb(pieces[0].samples(), 16000), second = speechLevelDb(pieces[1].samples(), 16000);
    QVERIFY2(std::abs(first + 24) < 0.05, qPrintable(QString::number(first)));
    // The engine made the second part twice as loud: so it stays, 6 dB above the first.
    QVERIFY2(std::abs(second - first - 20 * std::log10(2.0)) < 0.05, qPrintable(QString::number(second - first)));
    QVERIFY(std::abs(speechLevelDb(pieces[2].samples(), 16000) + 24) < 0.05);
    // A part that would clip at the sentence's gain lowers it from there on, not before.
    std::unique_ptr<ISynthesizer> loud = levelled(std::make_unique<WordTones>(), SpeechLevel{-9, 1.0});
    pieces.clear();
    QVERIFY(loud->synthesizeStreaming(QStringLiteral("so+"), never, [&](const AudioBuffer &a, bool) { pieces.push_back(a); }));
    QCOMPARE(pieces.size(), std::size_t(2));
    QVERIFY(std::abs(speechLevelDb(pieces[0].samples(), 16000) + 9) < 0.05);
    QVERIFY(peakOf(pieces[1].samples()) <= 0.9441f);
    QVERIFY(peakOf(pieces[1].samples()) > 0.94f);
    // Not streamed: the sentence levelled as one.
    const Result<AudioBuffer> whole = engine->synthesize(QStringLiteral("so+"), never);
    QVERIFY(whole);
    QVERIFY(std::abs(speechLevelDb(whole->samples(), 16000) + 24) < 0.05);
  }
};

QTEST_GUILESS_MAIN(TestSpeechLevel)
#include "tst_speechlevel.moc"
