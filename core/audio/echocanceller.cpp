#include "core/audio/echocanceller.h"

#include <webrtc/common.h>
#include <webrtc/modules/audio_processing/include/audio_processing.h>

#include <algorithm>
#include <deque>

namespace dragoman::audio {

namespace {

// Far-end audio waiting for its capture frame is bounded: a playback tap that ran ahead by more
// than this (a stalled capture) loses its oldest audio rather than growing without end.
constexpr std::size_t kMaxFarEndWaiting = 2 * EchoCanceller::kRate;

} // namespace

struct EchoCanceller::Impl {
  std::unique_ptr<webrtc::AudioProcessing> apm;
  std::deque<float> farEnd;   // far end waiting for the capture frame it pairs with
  std::vector<float> nearEnd; // less than one capture frame, waiting for the rest
  std::vector<float> frame = std::vector<float>(kFrame);
  std::vector<float> farFrame = std::vector<float>(kFrame);
  Stats stats;
};

EchoCanceller::EchoCanceller() : d(std::make_unique<Impl>()) {}
EchoCanceller::~EchoCanceller() = default;

Result<std::unique_ptr<EchoCanceller>> EchoCanceller::create() {
  webrtc::Config config;
  config.Set<webrtc::ExtendedFilter>(new webrtc::ExtendedFilter(true)); // longer echo paths, steadier delay tracking
  config.Set<webrtc::DelayAgnostic>(new webrtc::DelayAgnostic(true));   // finds the delay itself
  std::unique_ptr<EchoCanceller> c(new EchoCanceller);
  c->d->apm.reset(webrtc::AudioProcessing::Create(config));
  if (!c->d->apm)
    return makeError(ErrorKind::Internal, QStringLiteral("the WebRTC audio processing module could not be created"));
  webrtc::AudioProcessing &apm = *c->d->apm;
  const webrtc::ProcessingConfig streams{{webrtc::StreamConfig(kRate, 1), webrtc::StreamConfig(kRate, 1),
                                          webrtc::StreamConfig(kRate, 1), webrtc::StreamConfig(kRate, 1)}};
  if (const int e = apm.Initialize(streams); e != webrtc::AudioProcessing::kNoError)
    return makeError(ErrorKind::Internal, QStringLiteral("WebRTC audio processing refused 16 kHz mono (error %1)").arg(e));
  webrtc::EchoCancellation *aec = apm.echo_cancellation();
  // Moderate suppression: high would take more of the person's words with the echo when both
  // speak at once, and the recogniser needs those words.
  if (aec->Enable(true) != 0 || aec->set_suppression_level(webrtc::EchoCancellation::kModerateSuppression) != 0 ||
      aec->enable_metrics(true) != 0 || aec->enable_delay_logging(true) != 0)
    return makeError(ErrorKind::Internal, QStringLiteral("the WebRTC echo canceller could not be configured"));
  if (apm.high_pass_filter()->Enable(true) != 0)
    return makeError(ErrorKind::Internal, QStringLiteral("the WebRTC high-pass filter could not be enabled"));
  return c;
}

void EchoCanceller::farEnd(const float *samples, std::size_t n) {
  d->farEnd.insert(d->farEnd.end(), samples, samples + n);
  if (d->farEnd.size() > kMaxFarEndWaiting)
    d->farEnd.erase(d->farEnd.begin(), d->farEnd.begin() + std::ptrdiff_t(d->farEnd.size() - kMaxFarEndWaiting));
}

void EchoCanceller::shiftFarEnd(long long samples) {
  if (samples > 0)
    d->farEnd.erase(d->farEnd.begin(), d->farEnd.begin() + std::ptrdiff_t(std::min(std::size_t(samples), d->farEnd.size())));
  else if (samples < 0)
    d->farEnd.insert(d->farEnd.begin(), std::size_t(-samples), 0.0f);
}

std::size_t EchoCanceller::farWaiting() const { return d->farEnd.size(); }

void EchoCanceller::process(const float *samples, std::size_t n, std::vector<float> &out) {
  std::size_t at = 0;
  // The frame begun by the last call.
  if (!d->nearEnd.empty()) {
    const std::size_t take = std::min(n, kFrame - d->nearEnd.size());
    d->nearEnd.insert(d->nearEnd.end(), samples, samples + take);
    at = take;
    if (d->nearEnd.size() < kFrame)
      return;
    std::copy(d->nearEnd.begin(), d->nearEnd.end(), d->frame.begin());
    d->nearEnd.clear();
    processFrame(d->frame.data());
    out.insert(out.end(), d->frame.begin(), d->frame.end());
  }
  for (; at + kFrame <= n; at += kFrame) {
    std::copy(samples + at, samples + at + kFrame, d->frame.begin());
    processFrame(d->frame.data());
    out.insert(out.end(), d->frame.begin(), d->frame.end());
  }
  d->nearEnd.assign(samples + at, samples + n);
}

void EchoCanceller::processFrame(float *frame) {
  // The next 10 ms of the far end goes with this capture frame (silence where none has come).
  const std::size_t have = std::min(kFrame, d->farEnd.size());
  std::copy(d->farEnd.begin(), d->farEnd.begin() + std::ptrdiff_t(have), d->farFrame.begin());
  std::fill(d->farFrame.begin() + std::ptrdiff_t(have), d->farFrame.end(), 0.0f);
  d->farEnd.erase(d->farEnd.begin(), d->farEnd.begin() + std::ptrdiff_t(have));
  webrtc::AudioProcessing &apm = *d->apm;
  const webrtc::StreamConfig mono(kRate, 1);
  const float *far[] = {d->farFrame.data()};
  float *farOut[] = {d->farFrame.data()};
  (void)apm.ProcessReverseStream(far, mono, mono, farOut);
  (void)apm.set_stream_delay_ms(0); // paired with the capture heard at the same moment
  const float *src[] = {frame};
  float *outFrame[] = {frame};
  if (apm.ProcessStream(src, mono, mono, outFrame) != webrtc::AudioProcessing::kNoError)
    return; // the frame goes on as captured
  ++d->stats.frames;
  if (apm.echo_cancellation()->stream_has_echo())
    ++d->stats.echoFrames;
}

EchoCanceller::Stats EchoCanceller::stats() const {
  Stats s = d->stats;
  webrtc::EchoCancellation::Metrics m{};
  if (d->apm->echo_cancellation()->GetMetrics(&m) == webrtc::AudioProcessing::kNoError)
    s.erleDb = m.echo_return_loss_enhancement.average;
  int median = -1;
  int spread = 0;
  if (d->apm->echo_cancellation()->GetDelayMetrics(&median, &spread) == webrtc::AudioProcessing::kNoError)
    s.delayMedianMs = median;
  return s;
}

} // namespace dragoman::audio
