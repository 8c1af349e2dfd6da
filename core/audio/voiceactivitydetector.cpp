#include "core/audio/voiceactivitydetector.h"

#include <webrtc/modules/audio_processing/include/audio_processing.h>
#include <webrtc/modules/interface/module_common_types.h>

#include <algorithm>
#include <cmath>

namespace dragoman::audio {

struct VoiceActivityDetector::Impl {
  std::unique_ptr<webrtc::AudioProcessing> apm;
  webrtc::AudioFrame frame;
  double floorDb = -55.0;
};

Result<std::unique_ptr<VoiceActivityDetector>> VoiceActivityDetector::create(int aggressiveness, double floorDb) {
  if (aggressiveness < 0 || aggressiveness > 3)
    return makeError(ErrorKind::Config,
                     QStringLiteral("voice activity aggressiveness must be 0..3, got %1").arg(aggressiveness));
  auto impl = std::make_unique<Impl>();
  impl->floorDb = floorDb;
  impl->apm.reset(webrtc::AudioProcessing::Create());
  if (!impl->apm)
    return makeError(ErrorKind::Internal, QStringLiteral("the WebRTC audio processing module could not be created"));
  webrtc::VoiceDetection *vad = impl->apm->voice_detection();
  // WebRTC's "likelihood" is how readily a frame is declared voice: the high setting clips the
  // least speech and lets the most noise through. Aggressiveness runs the other way.
  static constexpr webrtc::VoiceDetection::Likelihood kLikelihood[] = {
      webrtc::VoiceDetection::kHighLikelihood, webrtc::VoiceDetection::kModerateLikelihood,
      webrtc::VoiceDetection::kLowLikelihood, webrtc::VoiceDetection::kVeryLowLikelihood};
  if (vad->Enable(true) != 0 || vad->set_likelihood(kLikelihood[aggressiveness]) != 0 || vad->set_frame_size_ms(10) != 0)
    return makeError(ErrorKind::Internal, QStringLiteral("the WebRTC voice detector could not be configured"));
  return std::unique_ptr<VoiceActivityDetector>(new VoiceActivityDetector(std::move(impl)));
}

VoiceActivityDetector::VoiceActivityDetector(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
VoiceActivityDetector::~VoiceActivityDetector() = default;

bool VoiceActivityDetector::isSpeech(const float *samples) {
  int16_t pcm[kFrameSamples];
  double energy = 0.0;
  for (std::size_t i = 0; i < kFrameSamples; ++i) {
    const float s = std::clamp(samples[i], -1.0f, 1.0f);
    energy += double(s) * s;
    pcm[i] = static_cast<int16_t>(std::lround(s * 32767.0f));
  }
  const double db = 10.0 * std::log10(std::max(energy / double(kFrameSamples), 1e-12));
  webrtc::AudioFrame &f = d->frame;
  f.UpdateFrame(0, 0, pcm, kFrameSamples, kRate, webrtc::AudioFrame::kNormalSpeech, webrtc::AudioFrame::kVadUnknown, 1);
  if (d->apm->ProcessStream(&f) != 0)
    return false;
  // The detector keeps adapting on quiet frames too, so it always sees the frame first.
  return db > d->floorDb && d->apm->voice_detection()->stream_has_voice();
}

} // namespace dragoman::audio
