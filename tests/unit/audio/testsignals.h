#pragma once
// Signals made by the tests themselves: seeded white and pink noise at a given RMS level, and
// jfk.flac from the shared data folder at 16 kHz (empty when the shared folder is absent).

#include "core/audio/audiofile.h"
#include "core/audio/resampler.h"
#include "tests/support/testpaths.h"

#include <cmath>
#include <random>
#include <vector>

namespace dragoman::test {

constexpr int kRate16k = 16000;

inline std::vector<float> scaledTo(std::vector<double> x, double rmsDb) {
  double energy = 0.0;
  for (double v : x)
    energy += v * v;
  const double gain = x.empty() ? 0.0 : std::pow(10.0, rmsDb / 20.0) / std::sqrt(energy / double(x.size()));
  std::vector<float> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i)
    out[i] = static_cast<float>(x[i] * gain);
  return out;
}

inline std::vector<float> whiteNoise(double seconds, double rmsDb, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> n(0.0, 1.0);
  std::vector<double> x(static_cast<std::size_t>(seconds * kRate16k));
  for (double &v : x)
    v = n(rng);
  return scaledTo(std::move(x), rmsDb);
}

// Paul Kellet's pink noise filter over white noise (-3 dB per octave).
inline std::vector<float> pinkNoise(double seconds, double rmsDb, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> n(0.0, 1.0);
  std::vector<double> x(static_cast<std::size_t>(seconds * kRate16k));
  double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
  for (double &v : x) {
    const double w = n(rng);
    b0 = 0.99886 * b0 + w * 0.0555179;
    b1 = 0.99332 * b1 + w * 0.0750759;
    b2 = 0.96900 * b2 + w * 0.1538520;
    b3 = 0.86650 * b3 + w * 0.3104856;
    b4 = 0.55000 * b4 + w * 0.5329522;
    b5 = -0.7616 * b5 - w * 0.0168980;
    v = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
    b6 = w * 0.115926;
  }
  return scaledTo(std::move(x), rmsDb);
}

inline std::vector<float> noise(bool pink, double seconds, double rmsDb, unsigned seed) {
  return pink ? pinkNoise(seconds, rmsDb, seed) : whiteNoise(seconds, rmsDb, seed);
}

inline std::vector<float> jfk16k() {
  const QString path = sharedFile(QStringLiteral("data/speech/jfk.flac"));
  if (path.isEmpty())
    return {};
  Result<AudioBuffer> audio = audio::readAudioFile(path);
  if (!audio)
    return {};
  Result<AudioBuffer> pcm = audio::resample(*audio, kRate16k);
  return pcm ? pcm->samples() : std::vector<float>{};
}

} // namespace dragoman::test
