#include "core/audio/playbackworker.h"

#include "core/audio/playbackstream.h"
#include "core/audio/resampler.h"

#include <chrono>
#include <thread>

namespace dragoman::audio {
namespace {
constexpr auto kPoll = std::chrono::milliseconds(10);
}

PlaybackWorker::PlaybackWorker(PlaybackStream &stream, Started onStarted, std::size_t queueCapacity)
    : m_stream(stream), m_onStarted(std::move(onStarted)), m_queue(queueCapacity) {}

bool PlaybackWorker::enqueue(SegmentResult segment) { return m_queue.push(std::move(segment)); }

void PlaybackWorker::run() {
  while (std::optional<SegmentResult> s = m_queue.pop()) {
    if (m_cancel.load())
      break;
    play(std::move(*s));
  }
  if (m_cancel.load()) {
    m_stream.clear();
    return;
  }
  while (m_stream.isPlaying() && !m_cancel.load()) // let the last sentence finish
    std::this_thread::sleep_for(kPoll);
}

void PlaybackWorker::finish() { m_queue.close(); }

void PlaybackWorker::cancel() {
  m_cancel = true;
  m_queue.cancel();
}

void PlaybackWorker::skip() { m_skip = true; }

void PlaybackWorker::play(SegmentResult segment) {
  m_skip = false;
  if (segment.speech.isEmpty()) {
    m_onStarted(segment);
    return;
  }
  Result<AudioBuffer> speech = resample(segment.speech, m_stream.sampleRate());
  if (!speech)
    return;
  const std::vector<float> &samples = speech->samples();
  std::size_t at = 0;
  bool reported = false;
  while (at < samples.size() && !m_cancel.load() && !m_skip.load()) {
    const std::size_t wrote = m_stream.write(samples.data() + at, samples.size() - at);
    if (wrote > 0 && !reported) {
      // It is heard once what is queued ahead of it has played.
      const double aheadSeconds = double(qint64(m_stream.queuedFrames()) - qint64(wrote)) / m_stream.sampleRate();
      segment.times.playbackStart =
          SteadyClock::now() +
          std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(std::max(0.0, aheadSeconds)));
      m_onStarted(segment);
      reported = true;
    }
    at += wrote;
    if (at < samples.size())
      std::this_thread::sleep_for(kPoll);
  }
  if (m_skip.load())
    m_stream.clear();
  m_played.fetch_add(1);
}

} // namespace dragoman::audio
