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

namespace {
qint64 milliseconds(const AudioBuffer &speech) { return qint64(speech.durationSeconds() * 1000.0); }
} // namespace

bool PlaybackWorker::enqueue(SegmentResult segment) {
  const qint64 ms = milliseconds(segment.speech);
  m_queuedMs.fetch_add(ms);
  if (m_queue.push(Item{Item::Kind::Segment, std::move(segment)}))
    return true;
  m_queuedMs.fetch_sub(ms);
  return false;
}

bool PlaybackWorker::enqueuePiece(const SynthAudio &piece) {
  Item item{Item::Kind::Piece, {}};
  item.segment.segmentId = piece.segmentId;
  item.segment.speech = piece.audio;
  const qint64 ms = milliseconds(piece.audio);
  m_queuedMs.fetch_add(ms);
  if (m_queue.push(std::move(item)))
    return true;
  m_queuedMs.fetch_sub(ms);
  return false;
}

bool PlaybackWorker::enqueueStreamed(SegmentResult segment) {
  return m_queue.push(Item{Item::Kind::Streamed, std::move(segment)});
}

void PlaybackWorker::run() {
  while (std::optional<Item> s = m_queue.pop()) {
    if (m_cancel.load())
      break;
    const qint64 ms = s->kind == Item::Kind::Streamed ? 0 : milliseconds(s->segment.speech);
    play(std::move(*s));
    m_queuedMs.fetch_sub(ms);
  }
  if (m_cancel.load()) {
    m_queuedMs = 0; // dropped
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

void PlaybackWorker::play(Item item) {
  SegmentResult &segment = item.segment;
  m_skip = false;
  switch (item.kind) {
  case Item::Kind::Piece: {
    if (m_skippedStream == segment.segmentId || m_silent.load())
      return;
    const quint64 id = segment.segmentId;
    if (!write(segment.speech, [&](TimePoint t) { m_pieceStarts.try_emplace(id, t); }) && m_skip.load())
      m_skippedStream = id;
    return;
  }
  case Item::Kind::Streamed: {
    // Its pieces have played (or were skipped): reported with the time the first was heard.
    if (const auto it = m_pieceStarts.find(segment.segmentId); it != m_pieceStarts.end()) {
      segment.times.playbackStart = it->second;
      m_pieceStarts.erase(it);
    }
    if (m_skippedStream == segment.segmentId)
      m_skippedStream.reset();
    m_onStarted(segment);
    m_played.fetch_add(1);
    return;
  }
  case Item::Kind::Segment: break;
  }
  if (segment.speech.isEmpty() || m_silent.load()) {
    m_onStarted(segment);
    return;
  }
  bool reported = false;
  write(segment.speech, [&](TimePoint t) {
    segment.times.playbackStart = t;
    reported = true;
    m_onStarted(segment);
  });
  if (!reported && m_silent.load()) // silenced before a sample was written
    m_onStarted(segment);
  m_played.fetch_add(1);
}

bool PlaybackWorker::write(const AudioBuffer &audio, const std::function<void(TimePoint)> &heard) {
  Result<AudioBuffer> speech = resample(audio, m_stream.sampleRate());
  if (!speech)
    return true;
  const std::vector<float> &samples = speech->samples();
  std::size_t at = 0;
  bool reported = false;
  while (at < samples.size() && !m_cancel.load() && !m_skip.load() && !m_silent.load()) {
    const std::size_t wrote = m_stream.write(samples.data() + at, samples.size() - at);
    if (wrote > 0 && !reported) {
      // It is heard once what is queued ahead of it has played.
      const double aheadSeconds = double(qint64(m_stream.queuedFrames()) - qint64(wrote)) / m_stream.sampleRate();
      heard(SteadyClock::now() +
            std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(std::max(0.0, aheadSeconds))));
      reported = true;
    }
    at += wrote;
    if (at < samples.size())
      std::this_thread::sleep_for(kPoll);
  }
  if (m_skip.load() || m_silent.load()) {
    m_stream.clear();
    return false;
  }
  return !m_cancel.load();
}

} // namespace dragoman::audio
