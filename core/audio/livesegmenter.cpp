#include "core/audio/livesegmenter.h"

#include "core/audio/voiceactivitydetector.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace dragoman::audio {
namespace {

constexpr std::size_t kFrame = VoiceActivityDetector::kFrameSamples;
constexpr int kFrameMs = 10;
constexpr int kRate = VoiceActivityDetector::kRate;

std::size_t frames(int ms) { return std::size_t(std::max(0, ms) / kFrameMs); }

TimePoint after(TimePoint t, std::size_t samples) {
  return t + std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(double(samples) / kRate));
}

} // namespace

Result<std::unique_ptr<LiveSegmenter>> LiveSegmenter::create(const LiveSegmenterParams &params) {
  if (params.maxSegmentSeconds <= 0.1 || params.overlapMs < 0 ||
      frames(params.overlapMs) * 2 >= std::size_t(params.maxSegmentSeconds * 100.0))
    return makeError(ErrorKind::Config, QStringLiteral("segment overlap (%1 ms) must be under half the longest "
                                                       "segment (%2 s)")
                                            .arg(params.overlapMs)
                                            .arg(params.maxSegmentSeconds));
  Result<std::unique_ptr<VoiceActivityDetector>> vad = VoiceActivityDetector::create(params.aggressiveness);
  if (!vad)
    return vad.error();
  std::unique_ptr<LiveSegmenter> s(new LiveSegmenter(params));
  s->m_vad = std::move(vad).value();
  return s;
}

LiveSegmenter::LiveSegmenter(const LiveSegmenterParams &params) : m_params(params) {}
LiveSegmenter::~LiveSegmenter() = default;

std::vector<AudioSegment> LiveSegmenter::push(const float *samples, std::size_t n, TimePoint time,
                                              double streamSeconds) {
  std::vector<AudioSegment> out;
  std::size_t at = 0;
  while (at < n) {
    if (m_partial.empty()) {
      m_partialTime = after(time, at);
      m_partialSeconds = streamSeconds + double(at) / kRate;
    }
    const std::size_t take = std::min(kFrame - m_partial.size(), n - at);
    m_partial.insert(m_partial.end(), samples + at, samples + at + take);
    at += take;
    if (m_partial.size() == kFrame) {
      Frame f{std::move(m_partial), m_partialTime, after(time, at - 1), m_partialSeconds, false};
      m_partial.clear();
      f.speech = m_vad->isSpeech(f.samples.data());
      onFrame(std::move(f), out);
    }
  }
  return out;
}

void LiveSegmenter::onFrame(Frame frame, std::vector<AudioSegment> &out) {
  (frame.speech ? m_speechFrames : m_silenceFrames)++;
  if (!m_inSpeech) {
    m_onsetRun = frame.speech ? m_onsetRun + 1 : 0;
    m_preRoll.push_back(std::move(frame));
    const std::size_t keep = frames(m_params.preRollMs) + frames(m_params.onsetMs) + 1;
    while (m_preRoll.size() > keep)
      m_preRoll.pop_front();
    if (m_onsetRun >= std::max<std::size_t>(1, frames(m_params.onsetMs))) {
      // At most the pre-roll before the first speech frame of the onset.
      while (m_preRoll.size() > frames(m_params.preRollMs) + m_onsetRun)
        m_preRoll.pop_front();
      m_inSpeech = true;
      m_segment.assign(std::make_move_iterator(m_preRoll.begin()), std::make_move_iterator(m_preRoll.end()));
      m_preRoll.clear();
      m_segmentSpeech = m_onsetRun;
      m_silenceRun = 0;
    }
    return;
  }
  m_silenceRun = frame.speech ? 0 : m_silenceRun + 1;
  m_segmentSpeech += frame.speech ? 1 : 0;
  m_segment.push_back(std::move(frame));
  const std::size_t postRoll = frames(m_params.postRollMs);
  if (m_silenceRun == std::max<std::size_t>(1, postRoll))
    m_pauseFrames = m_segment.size() - m_silenceRun + postRoll; // where close() would cut
  else if (m_silenceRun == 0)
    m_pauseFrames = 0; // speech again: the pause is moot
  if (m_silenceRun >= std::max<std::size_t>(1, frames(m_params.endSilenceMs))) {
    // Keep the post-roll after the last speech frame; what follows becomes the next pre-roll.
    const std::size_t lastSpeech = m_segment.size() - m_silenceRun;
    close(std::min(m_segment.size(), lastSpeech + frames(m_params.postRollMs)), out);
  } else if (m_segment.size() >= std::size_t(m_params.maxSegmentSeconds * 100.0)) {
    // Too long: cut here, and start the next segment a little earlier so no word is lost at the cut.
    const std::size_t overlap = frames(m_params.overlapMs);
    std::vector<Frame> carry(m_segment.end() - std::ptrdiff_t(overlap), m_segment.end());
    out.push_back(makeSegment(m_segment.size()));
    m_segment = std::move(carry);
    m_pauseFrames = 0;
    m_segmentSpeech = 0;
    for (const Frame &f : m_segment)
      m_segmentSpeech += f.speech ? 1 : 0;
  }
}

void LiveSegmenter::close(std::size_t keepFrames, std::vector<AudioSegment> &out) {
  if (m_segmentSpeech >= std::max<std::size_t>(1, frames(m_params.minSpeechMs)))
    out.push_back(makeSegment(keepFrames));
  // The frames after the cut are the next segment's pre-roll.
  m_preRoll.clear();
  for (std::size_t i = keepFrames; i < m_segment.size(); ++i)
    m_preRoll.push_back(std::move(m_segment[i]));
  const std::size_t keep = frames(m_params.preRollMs);
  while (m_preRoll.size() > keep)
    m_preRoll.pop_front();
  m_segment.clear();
  m_pauseFrames = 0;
  m_inSpeech = false;
  m_onsetRun = 0;
  m_silenceRun = 0;
  m_segmentSpeech = 0;
}

AudioSegment LiveSegmenter::makeSegment(std::size_t count) {
  AudioSegment s = segmentOf(count);
  s.id = m_nextId++;
  return s;
}

AudioSegment LiveSegmenter::segmentOf(std::size_t count) const {
  AudioSegment s;
  std::vector<float> samples;
  samples.reserve(count * kFrame);
  for (std::size_t i = 0; i < count; ++i)
    samples.insert(samples.end(), m_segment[i].samples.begin(), m_segment[i].samples.end());
  s.startSeconds = m_segment.front().streamSeconds;
  s.endSeconds = m_segment[count - 1].streamSeconds + double(kFrame) / kRate;
  s.times.captureStart = m_segment.front().time;
  s.times.captureEnd = m_segment[count - 1].lastTime;
  s.audio = AudioBuffer(std::move(samples), kRate);
  return s;
}

std::vector<AudioSegment> LiveSegmenter::flush() {
  std::vector<AudioSegment> out;
  if (m_inSpeech && !m_segment.empty()) {
    const std::size_t lastSpeech = m_segment.size() - m_silenceRun;
    close(std::min(m_segment.size(), lastSpeech + frames(m_params.postRollMs)), out);
  }
  m_partial.clear();
  m_preRoll.clear();
  return out;
}

AudioBuffer LiveSegmenter::pendingAudio() const {
  std::vector<float> samples;
  for (const Frame &f : m_segment)
    samples.insert(samples.end(), f.samples.begin(), f.samples.end());
  return AudioBuffer(std::move(samples), kRate);
}

std::optional<AudioSegment> LiveSegmenter::pendingSegment() const {
  if (!pendingId())
    return std::nullopt;
  AudioSegment s = segmentOf(m_segment.size());
  s.id = m_nextId;
  s.partial = true;
  return s;
}

std::optional<quint64> LiveSegmenter::pendingId() const {
  if (!m_inSpeech || m_segment.empty())
    return std::nullopt;
  return m_nextId;
}

std::size_t LiveSegmenter::pendingSamples() const { return m_segment.size() * kFrame; }

std::optional<AudioSegment> LiveSegmenter::takePause() {
  const std::size_t count = std::exchange(m_pauseFrames, 0);
  if (!m_inSpeech || count == 0 || count > m_segment.size())
    return std::nullopt;
  AudioSegment s = segmentOf(count);
  s.id = m_nextId;
  s.partial = true;
  s.pause = true;
  return s;
}

} // namespace dragoman::audio
