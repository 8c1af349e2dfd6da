#include "core/audio/captureworker.h"

#include "core/audio/capturestream.h"
#include "core/audio/echocanceller.h"
#include "core/audio/playbackstream.h"
#include "core/audio/streamresampler.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <thread>

namespace dragoman::audio {
namespace {

constexpr int kRate = 16000;
constexpr auto kPoll = std::chrono::milliseconds(10);
constexpr auto kDeviceCheck = std::chrono::seconds(1);
constexpr auto kStall = std::chrono::seconds(2); // a started stream silent this long is lost
// The echo canceller's far end: paired this far ahead of the capture, within this much.
constexpr auto kFarLead = std::chrono::milliseconds(40);
constexpr long long kFarSlackMs = 20;
constexpr std::size_t kMaxHoldMs = 200; // a capture frame waits at most this long for its far end

float levelDb(const float *s, std::size_t n) {
  double e = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    e += double(s[i]) * s[i];
  return n ? float(10.0 * std::log10(std::max(e / double(n), 1e-12))) : -120.0f;
}

} // namespace

struct CaptureWorker::Impl {
  std::unique_ptr<StreamResampler> resampler;
  std::unique_ptr<LiveSegmenter> segmenter;
  std::vector<float> block;
  quint64 samples16k = 0; // 16 kHz samples handed to the segmenter so far
  CaptureWorkerParams params;
  quint64 partialSegment = 0;     // id of the open segment last sent as a partial
  std::size_t partialSamples = 0; // its length then
  GatedSpans gated; // what the echo gate silenced, for AudioSegment::echoGated
  // The echo canceller and the far end on its way to it (the playback's rate to 16 kHz).
  std::unique_ptr<EchoCanceller> canceller;
  std::unique_ptr<StreamResampler> farResampler;
  std::vector<float> farBlock;
  quint64 farFed = 0;  // far end given to the canceller, at 16 kHz
  QString echoProblem;
  quint64 framesSinceStats = 0;
  std::deque<float> held; // capture waiting for its far end
  TimePoint heldStart;    // when held[0] was heard
  std::vector<float> frameIn = std::vector<float>(EchoCanceller::kFrame);
};

Result<std::unique_ptr<CaptureWorker>> CaptureWorker::create(CaptureStream &capture, PlaybackStream *playback,
                                                             const CaptureWorkerParams &params, SegmentSink onSegment) {
  std::unique_ptr<CaptureWorker> w(new CaptureWorker(capture, playback, params, std::move(onSegment)));
  Result<std::unique_ptr<StreamResampler>> resampler = StreamResampler::create(capture.sampleRate(), kRate);
  if (!resampler)
    return resampler.error();
  w->d->resampler = std::move(resampler).value();
  w->d->params = params;
  Result<std::unique_ptr<LiveSegmenter>> segmenter = LiveSegmenter::create(params.segmenter);
  if (!segmenter)
    return segmenter.error();
  w->d->segmenter = std::move(segmenter).value();
  if (params.echoCancel && playback) {
    if (const Status made = w->makeCanceller(); !made) {
      w->d->echoProblem = made.error().message; // the gate instead
      w->d->canceller.reset();
    } else {
      w->m_gate.setEnabled(false);
      playback->enableReference();
    }
  }
  return w;
}

Status CaptureWorker::makeCanceller() {
  Result<std::unique_ptr<EchoCanceller>> canceller = EchoCanceller::create();
  if (!canceller)
    return canceller.error();
  Result<std::unique_ptr<StreamResampler>> far = StreamResampler::create(m_playback->sampleRate(), kRate);
  if (!far)
    return far.error();
  d->canceller = std::move(canceller).value();
  d->farResampler = std::move(far).value();
  d->farBlock.resize(std::size_t(m_playback->sampleRate()) / 50 + 1);
  return Status::success();
}

bool CaptureWorker::echoCancelling() const { return d->canceller != nullptr; }
QString CaptureWorker::echoProblem() const { return d->echoProblem; }

// The speech played so far goes to the canceller, then the capture is cleaned of it 10 ms at a
// time. A capture frame waits (up to kMaxHoldMs) for the far end heard kFarLead after it, since its
// echo may be in it: the devices report their latencies roughly (PulseAudio's echo came 10-20 ms
// before its reported time) and the playback's reference comes only its output latency ahead.
// `pcm` becomes the cleaned audio that is ready, and `time` the moment its first sample was heard.
// `flush` (at the end): none waits.
void CaptureWorker::cancelEcho(std::vector<float> &pcm, TimePoint &time, bool flush) {
  while (const std::size_t n = m_playback->readReference(d->farBlock.data(), d->farBlock.size())) {
    const std::vector<float> far = d->farResampler->process(d->farBlock.data(), n);
    d->canceller->farEnd(far.data(), far.size());
    d->farFed += far.size();
  }
  if (d->held.empty())
    d->heldStart = time;
  d->held.insert(d->held.end(), pcm.begin(), pcm.end());
  pcm.clear();
  time = d->heldStart;
  const int rate = m_playback->sampleRate();
  const auto frameLength = std::chrono::duration_cast<SteadyClock::duration>(std::chrono::milliseconds(10));
  while (d->held.size() >= EchoCanceller::kFrame) {
    const quint64 head16k = d->farFed - d->canceller->farWaiting();
    const std::optional<TimePoint> headHeard = m_playback->referenceHeardAt(head16k * quint64(rate) / quint64(kRate));
    const std::optional<TimePoint> newestHeard = m_playback->referenceHeardAt(d->farFed * quint64(rate) / quint64(kRate));
    const bool waitedEnough = flush || d->held.size() >= std::size_t(kRate) * kMaxHoldMs / 1000;
    if (headHeard && newestHeard) {
      if (*newestHeard < d->heldStart + kFarLead + frameLength && !waitedEnough)
        break; // its far end has not come yet
      // The far end's head at what was heard kFarLead after this frame; within kFarSlackMs it is
      // left alone (each shift costs the filter some adaptation).
      const double behind = std::chrono::duration<double>(d->heldStart + kFarLead - *headHeard).count();
      const auto shift = static_cast<long long>(std::llround(behind * kRate));
      if (std::llabs(shift) > kFarSlackMs * kRate / 1000)
        d->canceller->shiftFarEnd(shift);
    }
    std::copy_n(d->held.begin(), EchoCanceller::kFrame, d->frameIn.begin());
    d->held.erase(d->held.begin(), d->held.begin() + EchoCanceller::kFrame);
    d->heldStart += frameLength;
    d->canceller->process(d->frameIn.data(), EchoCanceller::kFrame, pcm);
  }
  d->framesSinceStats += pcm.size();
  if (d->framesSinceStats >= kRate) { // once a second: WebRTC's metrics are not free
    d->framesSinceStats = 0;
    const EchoCanceller::Stats stats = d->canceller->stats();
    m_erleDb.store(float(stats.erleDb), std::memory_order_relaxed);
    m_echoFrames.store(stats.echoFrames, std::memory_order_relaxed);
  }
}

CaptureWorker::CaptureWorker(CaptureStream &capture, PlaybackStream *playback, const CaptureWorkerParams &params,
                             SegmentSink onSegment)
    : d(std::make_unique<Impl>()), m_capture(&capture), m_playback(playback),
      m_gate(params.echoGate && playback != nullptr, std::chrono::milliseconds(params.echoTailMs)),
      m_onSegment(std::move(onSegment)) {
  d->block.resize(std::size_t(capture.sampleRate()) / 50 + 1); // up to 20 ms a read
}

CaptureWorker::~CaptureWorker() = default;

Status CaptureWorker::run(const std::atomic_bool &stop) {
  TimePoint lastAudio = SteadyClock::now();
  TimePoint lastCheck = lastAudio;
  while (!stop.load()) {
    if (m_deviceCheck && SteadyClock::now() - lastCheck > kDeviceCheck) {
      lastCheck = SteadyClock::now();
      if (const QString problem = m_deviceCheck(); !problem.isEmpty())
        return makeError(ErrorKind::Input, problem);
    }
    const std::size_t got = m_capture->read(d->block.data(), d->block.size());
    m_overruns.store(m_overrunsBefore + m_capture->overruns(), std::memory_order_relaxed);
    if (got == 0) {
      const bool stalled = m_capture->hasStarted() && SteadyClock::now() - lastAudio > kStall;
      if (!m_capture->isActive() || stalled)
        return makeError(ErrorKind::Input, QStringLiteral("the capture device %1 stopped delivering audio%2")
                                               .arg(m_capture->deviceName(),
                                                    stalled ? QStringLiteral(" (nothing for 2 s)") : QString()));
      std::this_thread::sleep_for(kPoll);
      continue;
    }
    lastAudio = SteadyClock::now();
    process(d->block.data(), got, lastAudio);
  }
  // Drain what the callback already captured, then end the open segment.
  while (const std::size_t got = m_capture->read(d->block.data(), d->block.size()))
    process(d->block.data(), got, SteadyClock::now());
  if (d->canceller && !d->held.empty()) { // what waited for its far end
    std::vector<float> rest;
    TimePoint restTime = d->heldStart;
    cancelEcho(rest, restTime, true);
    if (!rest.empty()) {
      emitAll(d->segmenter->push(rest.data(), rest.size(), restTime, double(d->samples16k) / kRate));
      d->samples16k += rest.size();
    }
  }
  std::vector<float> tail = d->resampler->flush();
  if (!tail.empty()) {
    const TimePoint now = SteadyClock::now();
    emitAll(d->segmenter->push(tail.data(), tail.size(), now, double(d->samples16k) / kRate));
    d->samples16k += tail.size();
  }
  emitAll(d->segmenter->flush());
  return Status::success();
}

Status CaptureWorker::reattach(CaptureStream &capture) {
  if (capture.sampleRate() != m_capture->sampleRate()) {
    Result<std::unique_ptr<StreamResampler>> resampler = StreamResampler::create(capture.sampleRate(), kRate);
    if (!resampler)
      return resampler.error();
    d->resampler = std::move(resampler).value();
    d->block.resize(std::size_t(capture.sampleRate()) / 50 + 1);
  }
  m_overrunsBefore += m_capture->overruns();
  m_overruns.store(m_overrunsBefore, std::memory_order_relaxed);
  m_capture = &capture;
  m_streamFrames = 0;
  return Status::success();
}

void CaptureWorker::process(const float *samples, std::size_t n, TimePoint readTime) {
  // The capture time of the block's first frame: from the stream's clock when it has one,
  // else about the block's own length before it was read.
  m_frames.fetch_add(n, std::memory_order_relaxed);
  const quint64 firstFrame = m_streamFrames;
  m_streamFrames += n;
  const TimePoint blockTime =
      m_capture->hasStarted()
          ? m_capture->frameTime(firstFrame)
          : readTime - std::chrono::duration_cast<SteadyClock::duration>(
                           std::chrono::duration<double>(double(n) / m_capture->sampleRate()));
  std::vector<float> pcm = d->resampler->process(samples, n);
  TimePoint pcmTime = blockTime;
  if (d->canceller && !pcm.empty())
    cancelEcho(pcm, pcmTime, false);
  if (pcm.empty())
    return;
  m_levelDb.store(levelDb(pcm.data(), pcm.size()), std::memory_order_relaxed);
  if (m_muted.load(std::memory_order_relaxed))
    std::fill(pcm.begin(), pcm.end(), 0.0f);
  else if (m_gate.process(pcm.data(), pcm.size(), m_playback && m_playback->isPlaying(), readTime))
    d->gated.add(d->samples16k, d->samples16k + pcm.size());
  emitAll(d->segmenter->push(pcm.data(), pcm.size(), pcmTime, double(d->samples16k) / kRate));
  d->samples16k += pcm.size();
  m_speechOpen.store(d->segmenter->pendingId().has_value(), std::memory_order_relaxed);
  emitPartial();
}

void CaptureWorker::emitPartial() {
  if (d->params.partialIntervalMs <= 0)
    return;
  const std::optional<quint64> open = d->segmenter->pendingId();
  if (!open) {
    d->partialSegment = 0;
    return;
  }
  if (*open != d->partialSegment) {
    d->partialSegment = *open;
    d->partialSamples = 0;
  }
  std::optional<AudioSegment> partial = d->segmenter->takePause();
  if (!partial) {
    // Every partialIntervalMs of audio in the open segment (counted in samples, not wall time).
    const std::size_t step = std::size_t(d->params.partialIntervalMs) * kRate / 1000;
    if (d->segmenter->pendingSamples() < d->partialSamples + step)
      return;
    partial = d->segmenter->pendingSegment();
  }
  d->partialSamples = partial->audio.size();
  partial->echoGated = d->gated.overlaps(partial->startSeconds, partial->endSeconds);
  m_onSegment(std::move(*partial));
}

void CaptureWorker::emitAll(std::vector<AudioSegment> segments) {
  for (AudioSegment &s : segments) {
    m_segments.fetch_add(1, std::memory_order_relaxed);
    s.echoGated = d->gated.overlaps(s.startSeconds, s.endSeconds);
    d->gated.forgetBefore(s.startSeconds);
    m_onSegment(std::move(s));
  }
}

} // namespace dragoman::audio
