#pragma once
// Plays translated speech sentence by sentence: takes finished segments, resamples their speech to
// the output device's rate and feeds the playback ring as it drains. Reports when each segment
// starts to play.

#include "core/common/boundedqueue.h"
#include "core/common/types.h"

#include <atomic>
#include <functional>

namespace dragoman::audio {

class PlaybackStream;

class PlaybackWorker {
public:
  using Started = std::function<void(const SegmentResult &)>; // times.playbackStart is set

  PlaybackWorker(PlaybackStream &stream, Started onStarted, std::size_t queueCapacity = 64);

  // Queues a segment's speech; segments without speech are reported at once. Thread-safe.
  // Returns false once the worker has been stopped.
  bool enqueue(SegmentResult segment);

  // Runs on the calling thread until finish() (after everything queued has played) or cancel().
  void run();
  void finish(); // play what is queued, then end run()
  void cancel(); // drop what is queued and what is playing, end run()
  void skip();   // drop the segment that is playing now

  quint64 played() const { return m_played.load(); }

private:
  void play(SegmentResult segment);

  PlaybackStream &m_stream;
  Started m_onStarted;
  BoundedQueue<SegmentResult> m_queue;
  std::atomic_bool m_cancel{false};
  std::atomic_bool m_skip{false};
  std::atomic<quint64> m_played{0};
};

} // namespace dragoman::audio
