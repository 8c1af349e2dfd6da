#include "core/audio/voiceactivitydetector.h"

#include <webrtc/modules/audio_processing/include/audio_processing.h>
#include <webrtc/modules/interface/module_common_types.h>

#include <QtGlobal>

#include <algorithm>
#include <array>
#include <cmath>

namespace dragoman::audio {
namespace {

// The noise floor is the minimum frame level over kBlocks blocks of kBlockFrames frames (3 s):
// a ring of block minima, so each frame costs O(kBlocks) and nothing grows.
constexpr std::size_t kBlockFrames = 30;
constexpr std::size_t kBlocks = 10;
// How far above the floor a frame must be, per aggressiveness, in dB.
constexpr std::array<double, 4> kMarginDb = {5.0, 6.0, 7.0, 9.0};
// The level is measured above 100 Hz (2nd-order Butterworth high-pass): rumble, hum and DC carry
// no speech, and their slow swings would otherwise make the floor useless.
constexpr double kHighPassHz = 100.0;

struct HighPass {
  double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
  double z1 = 0, z2 = 0;
  void design(double cutoff, double rate) {
    const double k = std::tan(M_PI * cutoff / rate);
    const double q = M_SQRT1_2;
    const double norm = 1.0 / (1.0 + k / q + k * k);
    b0 = norm;
    b1 = -2.0 * norm;
    b2 = norm;
    a1 = 2.0 * (k * k - 1.0) * norm;
    a2 = (1.0 - k / q + k * k) * norm;
  }
  double step(double x) { // transposed direct form II
    const double y = b0 * x + z1;
    z1 = b1 * x - a1 * y + z2;
    z2 = b2 * x - a2 * y;
    return y;
  }
};

} // namespace

struct VoiceActivityDetector::Impl {
  std::unique_ptr<webrtc::AudioProcessing> apm;
  webrtc::AudioFrame frame;
  HighPass highPass;
  double floorDb = -55.0;
  double marginDb = 6.0;
  std::array<double, kBlocks> blockMin{};
  std::size_t blocksFilled = 0;
  std::size_t blockAt = 0;      // ring index of the block being filled
  std::size_t blockFrames = 0;  // frames in the block being filled
  double lastDb = -120.0;
  double noiseDb = -120.0;
  bool webrtcVoice = false;

  void track(double db) {
    if (blockFrames == 0)
      blockMin[blockAt] = db;
    else
      blockMin[blockAt] = std::min(blockMin[blockAt], db);
    if (++blockFrames == kBlockFrames) {
      blockFrames = 0;
      blocksFilled = std::min(kBlocks, blocksFilled + 1);
      blockAt = (blockAt + 1) % kBlocks;
    }
    double floor = blockFrames > 0 ? blockMin[blockAt] : 1e9;
    for (std::size_t i = 0; i < blocksFilled; ++i)
      floor = std::min(floor, blockMin[(blockAt + kBlocks - 1 - i) % kBlocks]);
    noiseDb = floor;
  }
};

Result<std::unique_ptr<VoiceActivityDetector>> VoiceActivityDetector::create(int aggressiveness, double floorDb) {
  if (aggressiveness < 0 || aggressiveness > 3)
    return makeError(ErrorKind::Config,
                     QStringLiteral("voice activity aggressiveness must be 0..3, got %1").arg(aggressiveness));
  auto impl = std::make_unique<Impl>();
  impl->floorDb = floorDb;
  impl->marginDb = kMarginDb[static_cast<std::size_t>(aggressiveness)];
  impl->highPass.design(kHighPassHz, kRate);
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

bool VoiceActivityDetector::isSpeech(const float *samples, std::size_t n) {
  Q_ASSERT(n == kFrameSamples);
  if (n != kFrameSamples || samples == nullptr)
    return false;
  int16_t pcm[kFrameSamples];
  double energy = 0.0;
  for (std::size_t i = 0; i < kFrameSamples; ++i) {
    const float s = std::clamp(samples[i], -1.0f, 1.0f);
    const double h = d->highPass.step(s);
    energy += h * h;
    pcm[i] = static_cast<int16_t>(std::lround(s * 32767.0f));
  }
  const double db = 10.0 * std::log10(std::max(energy / double(kFrameSamples), 1e-12));
  d->lastDb = db;
  d->track(db);
  webrtc::AudioFrame &f = d->frame;
  f.UpdateFrame(0, 0, pcm, kFrameSamples, kRate, webrtc::AudioFrame::kNormalSpeech, webrtc::AudioFrame::kVadUnknown, 1);
  // The detector keeps adapting on quiet frames too, so it always sees the frame first.
  d->webrtcVoice = d->apm->ProcessStream(&f) == 0 && d->apm->voice_detection()->stream_has_voice();
  return d->webrtcVoice && db > d->floorDb && db > d->noiseDb + d->marginDb;
}

double VoiceActivityDetector::lastLevelDb() const { return d->lastDb; }
double VoiceActivityDetector::noiseFloorDb() const { return d->noiseDb; }
bool VoiceActivityDetector::lastWebRtcVoice() const { return d->webrtcVoice; }

} // namespace dragoman::audio
