#pragma once
// Voice activity detection on 10 ms frames of 16 kHz audio: WebRTC's detector (from Debian's
// webrtc-audio-processing), with an energy floor so that digital or gated silence is never speech.

#include "core/common/result.h"

#include <cstddef>
#include <memory>

namespace dragoman::audio {

class VoiceActivityDetector {
public:
  static constexpr int kRate = 16000;
  static constexpr std::size_t kFrameSamples = 160; // 10 ms

  // aggressiveness 0 (keeps the most audio) .. 3 (keeps the least).
  static Result<std::unique_ptr<VoiceActivityDetector>> create(int aggressiveness, double floorDb = -55.0);
  ~VoiceActivityDetector();
  VoiceActivityDetector(const VoiceActivityDetector &) = delete;
  VoiceActivityDetector &operator=(const VoiceActivityDetector &) = delete;

  // Exactly kFrameSamples samples of 16 kHz mono audio in [-1, 1].
  bool isSpeech(const float *frame);

private:
  struct Impl;
  explicit VoiceActivityDetector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> d;
};

} // namespace dragoman::audio
