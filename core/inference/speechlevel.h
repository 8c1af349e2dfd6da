#pragma once
// The level of synthesised speech: each sentence is brought to one speech level, so that sentences
// and voices sound equally loud, then scaled by the volume, and kept below clipping. A sentence
// streamed in parts takes the gain of its first part.
// Every engine's output goes through it (EngineRegistry::createSynthesizer).

#include "core/common/types.h"
#include "core/inference/engines.h"

#include <memory>
#include <vector>

namespace dragoman {

struct SpeechLevel {
  double targetDb = -20; // the speech level in dBFS; 0 leaves the level as it is
  double volume = 1.0;   // gain after levelling
};

// The level of speech in dBFS: the RMS of the 20 ms frames that are not silence (frames more than
// 20 dB below the loudest frames, or below -60 dBFS, do not count: pauses do not lower it).
// -inf for silence.
double speechLevelDb(const std::vector<float> &samples, int sampleRate);

// Brings samples to `level` in place: the gain that moves speechLevelDb to the target (at most
// ±30 dB), times the volume, lowered where the peak would pass -0.5 dBFS. Silence stays silence.
void applySpeechLevel(std::vector<float> &samples, int sampleRate, const SpeechLevel &level);
// The gain applySpeechLevel applies.
double speechLevelGain(const std::vector<float> &samples, int sampleRate, const SpeechLevel &level);
// `gain`, lowered where the samples' peak times it would pass -0.5 dBFS.
double peakSafeGain(const std::vector<float> &samples, double gain);

// An engine whose every piece of speech goes through applySpeechLevel.
std::unique_ptr<ISynthesizer> levelled(std::unique_ptr<ISynthesizer> engine, const SpeechLevel &level);

} // namespace dragoman
