#include "core/audio/playbackworker.h"

#include "core/audio/playbackstream.h"
#include "core/audio/resampler.h"
#include "core/audio/timestretch.h"

#include <chrono>
#include <thread>

namespace dragoman::audio {
namespace {
constexpr auto kPoll = std::chrono::milliseconds(10);
constexpr double kCatchUpAheadSeconds = 0.33; // catching up: how far the ring is kept ahead
constexpr double kCatchUpChunkSeconds = 0.05; // catching up: the rate is chosen this often
constexpr double kCutFadeSeconds = 0.02;      // keeping up: the fade at a cut
constexpr double kMoreComingLag = 2.5;        // catching up while more speech is on its way: the full rate
} // namespace

PlaybackWorker::PlaybackWorker(PlaybackStream &stream, Started onStarted, std::size_t queueCapacity)
    : m_stream(stream), m_onStarted(std::move(onStarted)), m_queue(queueCapacity) {}

namespace {
qint64 milliseconds(const AudioBuffer &speech) { return qint64(speech.durationSeconds() * 1000.0); }
} // namespace

void PlaybackWorker::count(quint64 segmentId, qint64 ms) {
  m_queuedMs.fetch_add(ms);
  const std::lock_guard<std::mutex> lock(m_pendingMutex);
  if ((m_pending[segmentId] += ms) <= 0)
    m_pending.erase(segmentId);
}

bool PlaybackWorker::enqueue(SegmentResult segment) {
  const qint64 ms = milliseconds(segment.speech);
  const quint64 id = segment.segmentId;
  count(id, ms);
  if (m_queue.push(Item{Item::Kind::Segment, std::move(segment)}))
    return true;
  count(id, -ms);
  return false;
}

bool PlaybackWorker::enqueuePiece(const SynthAudio &piece) {
  Item item{Item::Kind::Piece, {}};
  item.segment.segmentId = piece.segmentId;
  item.segment.speech = piece.audio;
  const qint64 ms = milliseconds(piece.audio);
  count(piece.segmentId, ms);
  if (m_queue.push(std::move(item)))
    return true;
  count(piece.segmentId, -ms);
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
    const quint64 id = s->segment.segmentId;
    if (id != m_playing.segmentId)
      m_laterWaitsSince.reset();
    m_playing = {id, ms};
    play(std::move(*s));
    count(id, -ms);
  }
  if (m_cancel.load()) {
    m_queuedMs = 0; // dropped
    const std::lock_guard<std::mutex> lock(m_pendingMutex);
    m_pending.clear();
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
    if (!write(segment.speech, [&](TimePoint t) { m_pieceStarts.try_emplace(id, t); }) && (m_skip.load() || m_cut))
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

PlaybackWorker::Behind PlaybackWorker::queuedBehind(double leftOfItem) const {
  qint64 sameMs = 0, laterMs = 0;
  {
    const std::lock_guard<std::mutex> lock(m_pendingMutex);
    for (const auto &[id, ms] : m_pending)
      (id == m_playing.segmentId ? sameMs : laterMs) += ms;
  }
  return Behind{leftOfItem + double(std::max<qint64>(0, sameMs - m_playing.ms)) / 1000.0, double(laterMs) / 1000.0};
}

double PlaybackWorker::Behind::lagSeconds() const {
  // The wait of the last words queued: the rest of this segment, then everything after it.
  return later > 0 ? restOfPlaying + later : 0.0; // 0: no one else's words wait
}

std::size_t PlaybackWorker::writeSome(const float *samples, std::size_t count, const std::function<void(TimePoint)> &heard,
                                      bool &reported) {
  const std::size_t wrote = m_stream.write(samples, count);
  if (wrote > 0 && !reported) {
    // It is heard once what is queued ahead of it has played.
    const double aheadSeconds = double(qint64(m_stream.queuedFrames()) - qint64(wrote)) / m_stream.sampleRate();
    heard(SteadyClock::now() +
          std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(std::max(0.0, aheadSeconds))));
    reported = true;
  }
  return wrote;
}

bool PlaybackWorker::waitedTooLong(const Behind &behind) {
  const double maxWait = m_maxWait.load();
  if (!(maxWait > 0))
    return false;
  if (!(behind.later > 0)) {
    m_laterWaitsSince.reset();
    return false;
  }
  const TimePoint now = SteadyClock::now();
  if (!m_laterWaitsSince)
    m_laterWaitsSince = now;
  // What is in the ring and the rest of this segment's speech still play before the later speech.
  const double ring = double(m_stream.queuedFrames()) / m_stream.sampleRate();
  const double rest = behind.restOfPlaying;
  const double waited = std::chrono::duration<double>(now - *m_laterWaitsSince).count();
  if (waited + ring + rest <= maxWait)
    return false; // it ends in time
  // Cut now if by the next look (a chunk later, give or take a poll) the fade, after what the ring
  // holds, would end past the wait.
  const double nextLook = kCatchUpChunkSeconds + 2 * std::chrono::duration<double>(kPoll).count();
  return waited + ring + kCutFadeSeconds + nextLook >= maxWait;
}

void PlaybackWorker::writeChunked(const std::vector<float> &samples, const std::function<void(TimePoint)> &heard, bool &reported) {
  const auto going = [this] { return !m_cancel.load() && !m_skip.load() && !m_silent.load(); };
  TimeStretcher stretcher(samples, m_stream.sampleRate());
  const auto ahead = std::size_t(kCatchUpAheadSeconds * m_stream.sampleRate());
  const auto chunkFrames = std::size_t(kCatchUpChunkSeconds * m_stream.sampleRate());
  std::vector<float> chunk;
  std::size_t at = 0;
  while (going()) {
    if (at == chunk.size()) {
      if (stretcher.done() || m_cut)
        break;
      if (m_stream.queuedFrames() >= ahead) {
        std::this_thread::sleep_for(kPoll);
        continue;
      }
      chunk.clear();
      at = 0;
      const Behind behind = queuedBehind(double(stretcher.remainingInput()) / m_stream.sampleRate());
      // The speaker talking again: their words will queue behind these.
      const double lag = m_moreComing && m_moreComing() ? std::max(behind.lagSeconds(), kMoreComingLag) : behind.lagSeconds();
      const double rate = catchUpRate(lag, m_catchUp.load());
      if (waitedTooLong(behind)) {
        // The last of it, faded out.
        const auto fade = std::max<std::size_t>(1, std::size_t(kCutFadeSeconds * m_stream.sampleRate()));
        stretcher.next(chunk, fade, rate);
        for (std::size_t i = 0; i < chunk.size(); ++i)
          chunk[i] *= float(chunk.size() - i) / float(chunk.size() + 1);
        m_cut = true;
        m_cutShort.fetch_add(1);
        continue;
      }
      stretcher.next(chunk, chunkFrames, rate);
      continue;
    }
    at += writeSome(chunk.data() + at, chunk.size() - at, heard, reported);
    if (at < chunk.size())
      std::this_thread::sleep_for(kPoll);
  }
}

bool PlaybackWorker::write(const AudioBuffer &audio, const std::function<void(TimePoint)> &heard) {
  m_cut = false;
  Result<AudioBuffer> speech = resample(audio, m_stream.sampleRate());
  if (!speech)
    return true;
  const std::vector<float> &samples = speech->samples();
  bool reported = false;
  if (m_catchUp.load() <= 1.0 && !(m_maxWait.load() > 0)) {
    // As it is: as much as the ring takes, as it drains.
    const auto going = [this] { return !m_cancel.load() && !m_skip.load() && !m_silent.load(); };
    std::size_t at = 0;
    while (at < samples.size() && going()) {
      at += writeSome(samples.data() + at, samples.size() - at, heard, reported);
      if (at < samples.size())
        std::this_thread::sleep_for(kPoll);
    }
  } else {
    writeChunked(samples, heard, reported);
  }
  if (m_skip.load() || m_silent.load()) {
    m_stream.clear();
    return false;
  }
  return !m_cancel.load() && !m_cut;
}

} // namespace dragoman::audio
