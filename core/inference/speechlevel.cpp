#include "core/inference/speechlevel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dragoman {

namespace {

constexpr double kFloorDb = -60.0;   // frames below it are silence
constexpr double kRelativeDb = 20.0; // frames this far below the loud ones are pauses
constexpr double kMaxGainDb = 30.0;
constexpr double kPeakLimit = 0.944; // -0.5 dBFS

double toDb(double power) { return power > 0 ? 10.0 * std::log10(power) : -std::numeric_limits<double>::infinity(); }

} // namespace

double speechLevelDb(const std::vector<float> &samples, int sampleRate) {
  const std::size_t frame = std::max<std::size_t>(1, static_cast<std::size_t>(sampleRate) / 50);
  std::vector<double> powers;
  for (std::size_t at = 0; at < samples.size(); at += frame) {
    const std::size_t end = std::min(samples.size(), at + frame);
    double sum = 0;
    for (std::size_t i = at; i < end; ++i)
      sum += double(samples[i]) * samples[i];
    powers.push_back(sum / double(end - at));
  }
  // Absolute gate, then relative to the mean of what passed it (as loudness meters gate).
  auto meanAbove = [&](double gateDb) {
    double sum = 0;
    std::size_t n = 0;
    for (double p : powers)
      if (toDb(p) > gateDb) {
        sum += p;
        ++n;
      }
    return n == 0 ? 0.0 : sum / double(n);
  };
  const double ungated = meanAbove(kFloorDb);
  if (ungated <= 0)
    return -std::numeric_limits<double>::infinity();
  return toDb(meanAbove(std::max(kFloorDb, toDb(ungated) - kRelativeDb)));
}

double peakSafeGain(const std::vector<float> &samples, double gain) {
  float peak = 0;
  for (float s : samples)
    peak = std::max(peak, std::abs(s));
  return peak > 0 && peak * gain > kPeakLimit ? kPeakLimit / peak : gain;
}

double speechLevelGain(const std::vector<float> &samples, int sampleRate, const SpeechLevel &level) {
  double gainDb = 0;
  if (level.targetDb < 0) {
    const double measured = speechLevelDb(samples, sampleRate);
    if (std::isfinite(measured))
      gainDb = std::clamp(level.targetDb - measured, -kMaxGainDb, kMaxGainDb);
  }
  return peakSafeGain(samples, std::pow(10.0, gainDb / 20.0) * std::max(0.0, level.volume));
}

void applySpeechLevel(std::vector<float> &samples, int sampleRate, const SpeechLevel &level) {
  const double gain = speechLevelGain(samples, sampleRate, level);
  if (gain == 1.0)
    return;
  for (float &s : samples)
    s = static_cast<float>(s * gain);
}

namespace {

class LevelledSynthesizer final : public ISynthesizer {
public:
  LevelledSynthesizer(std::unique_ptr<ISynthesizer> engine, const SpeechLevel &level)
      : m_engine(std::move(engine)), m_level(level) {}
  QString name() const override { return m_engine->name(); }
  EngineFootprint footprint() const override { return m_engine->footprint(); }
  Result<AudioBuffer> synthesize(const QString &text, const AbortFlag &abort) override {
    return synthesizeStreaming(text, abort, {});
  }
  // Streaming, a sentence's gain is set by its first piece and kept for the pieces that go on
  // with it (only lowered where one would clip), so that its level does not move within it; not
  // streaming, each sentence is levelled whole.
  Result<AudioBuffer> synthesizeStreaming(const QString &text, const AbortFlag &abort, const SpeechPiece &piece) override {
    std::vector<float> all, sentence;
    int rate = 0;
    double gain = 1.0;
    const auto levelSentence = [&] {
      applySpeechLevel(sentence, rate, m_level);
      all.insert(all.end(), sentence.begin(), sentence.end());
      sentence.clear();
    };
    Result<AudioBuffer> whole = m_engine->synthesizeStreaming(text, abort, [&](const AudioBuffer &raw, bool continues) {
      rate = raw.sampleRate();
      if (!piece) {
        if (!continues)
          levelSentence();
        sentence.insert(sentence.end(), raw.samples().begin(), raw.samples().end());
        return;
      }
      std::vector<float> samples = raw.samples();
      gain = continues ? std::min(gain, peakSafeGain(samples, gain)) : speechLevelGain(samples, rate, m_level);
      for (float &s : samples)
        s = static_cast<float>(s * gain);
      all.insert(all.end(), samples.begin(), samples.end());
      piece(AudioBuffer(std::move(samples), rate), continues);
    });
    if (!whole)
      return whole;
    if (rate == 0) // no piece: silence or an empty text
      return whole;
    levelSentence();
    return AudioBuffer(std::move(all), rate);
  }

private:
  std::unique_ptr<ISynthesizer> m_engine;
  SpeechLevel m_level;
};

} // namespace

std::unique_ptr<ISynthesizer> levelled(std::unique_ptr<ISynthesizer> engine, const SpeechLevel &level) {
  if (level.targetDb >= 0 && level.volume == 1.0)
    return engine;
  return std::make_unique<LevelledSynthesizer>(std::move(engine), level);
}

} // namespace dragoman
