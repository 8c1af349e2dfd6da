#pragma once
// Voice activity detection on 10 ms frames of 16 kHz audio.
//
// The decision is WebRTC's detector (Debian's webrtc-audio-processing 0.3) AND an energy test:
// the frame must be louder than an absolute floor (digital or gated silence is never speech) and
// stand a margin above a noise floor tracked from the recent past. WebRTC 0.3 alone declares any
// loud stationary noise to be speech (white or pink noise at -20 dBFS: 100% of frames at every
// aggressiveness), so a fan, hum or hiss bed would otherwise open a segment that never ends. The
// tracked floor is the minimum frame energy of the last few seconds, so it follows a noise bed
// within that time while speech, which keeps dipping to the floor between words, stays above it.

#include "core/common/result.h"

#include <cstddef>
#include <memory>

namespace dragoman::audio {

class VoiceActivityDetector {
public:
  static constexpr int kRate = 16000;
  static constexpr std::size_t kFrameSamples = 160; // 10 ms

  // aggressiveness 0 (keeps the most audio) .. 3 (keeps the least); floorDb: frames quieter than
  // this (dBFS, RMS) are never speech.
  static Result<std::unique_ptr<VoiceActivityDetector>> create(int aggressiveness, double floorDb = -55.0);
  ~VoiceActivityDetector();
  VoiceActivityDetector(const VoiceActivityDetector &) = delete;
  VoiceActivityDetector &operator=(const VoiceActivityDetector &) = delete;

  // Exactly kFrameSamples samples of 16 kHz mono audio in [-1, 1]; any other n is a programming
  // error (asserted) and returns false.
  bool isSpeech(const float *frame, std::size_t n);
  bool isSpeech(const float *frame) { return isSpeech(frame, kFrameSamples); }

  // Diagnostics of the last frame: its level, the tracked noise floor (dBFS) and WebRTC's own verdict.
  double lastLevelDb() const;
  double noiseFloorDb() const;
  bool lastWebRtcVoice() const;

private:
  struct Impl;
  explicit VoiceActivityDetector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> d;
};

} // namespace dragoman::audio
