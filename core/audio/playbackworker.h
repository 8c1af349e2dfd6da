#pragma once
// Plays translated speech sentence by sentence: takes finished segments, or the pieces of a
// segment's speech as synthesis makes them (streaming), resamples them to the output device's rate
// and feeds the playback ring as it drains. Reports when each segment starts to play.
//
// Catching up (setCatchUp): when a later segment's speech waits behind the one playing, what plays
// goes faster, at the same pitch (TimeStretcher), the more the longer that speech will wait, up to
// the rate given (a segment's own sentences queued behind each other are no reason to hurry), and
// at the full rate while the speaker is talking again (setMoreComing); the ring is then kept a
// third of a second ahead, so that the rate follows the queue as it changes.
//
// Keeping up (setMaxWait): a later segment's speech waits at most this long behind the one
// playing; then the rest of the segment playing is dropped (faded out over 20 ms), for a listener
// who reads every word in the captions and wants to hear what is said now.

#include "core/common/boundedqueue.h"
#include "core/common/types.h"

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

namespace dragoman::audio {

class PlaybackStream;

class PlaybackWorker {
public:
  using Started = std::function<void(const SegmentResult &)>; // times.playbackStart is set

  PlaybackWorker(PlaybackStream &stream, Started onStarted, std::size_t queueCapacity = 64);

  // Queues a segment's speech; segments without speech are reported at once. Thread-safe.
  // Returns false once the worker has been stopped.
  bool enqueue(SegmentResult segment);
  // Streaming: queues one piece of a segment's speech (it plays as soon as what is ahead of it
  // has), then the finished segment with enqueueStreamed(), whose speech is not played again; it
  // is reported with the time its first piece started to play. Thread-safe.
  bool enqueuePiece(const SynthAudio &piece);
  bool enqueueStreamed(SegmentResult segment);

  // Runs on the calling thread until finish() (after everything queued has played) or cancel().
  void run();
  void finish(); // play what is queued, then end run()
  void cancel(); // drop what is queued and what is playing, end run()
  void skip();   // drop the segment that is playing now
  // Silent: speech is dropped instead of played (what is playing stops), and each segment is
  // still reported, without a playback time. Any thread; takes effect at once.
  void setSilent(bool silent) { m_silent = silent; }
  bool isSilent() const { return m_silent.load(); }

  // The fastest catch-up rate (1: off, the default). Any thread.
  void setCatchUp(double maxRate) { m_catchUp = maxRate; }
  // Whether more speech is on its way (the speaker is talking again: a segment is open), so that
  // what plays catches up at the full rate before that speech is queued. Set before run().
  void setMoreComing(std::function<bool()> moreComing) { m_moreComing = std::move(moreComing); }
  // The longest a later segment's speech waits behind the one playing (0: as long as it takes, the
  // default). Any thread.
  void setMaxWait(double seconds) { m_maxWait = seconds; }
  // Segments whose speech was cut short to keep up.
  quint64 cutShort() const { return m_cutShort.load(); }

  quint64 played() const { return m_played.load(); }
  // The speech queued and not yet written to the output, in seconds (any thread): what a file's
  // feeder paces itself on, so that a long file does not pile up its whole speech here.
  double queuedSeconds() const { return double(m_queuedMs.load()) / 1000.0; }

private:
  struct Item {
    enum class Kind { Segment, Piece, Streamed } kind = Kind::Segment;
    SegmentResult segment; // Piece: segmentId and speech only
  };
  void play(Item item);
  // Writes samples as the ring drains; `heard` gets the time they will be heard as soon as the
  // first are written. Returns false when skipped, cut short (m_cut) or cancelled.
  bool write(const AudioBuffer &speech, const std::function<void(TimePoint)> &heard);
  // Catching up or keeping up: a chunk at a time, at the rate the queue calls for.
  void writeChunked(const std::vector<float> &samples, const std::function<void(TimePoint)> &heard, bool &reported);
  // The speech queued behind what is being written, in seconds: the rest of the playing segment
  // (`leftOfItem`, its item's speech not yet written, and its own pieces queued) and that of later
  // segments. One look at the queue per chunk.
  struct Behind {
    double restOfPlaying = 0, later = 0;
    // Catching up: how long the last speech queued of a later segment will wait to have played
    // (0 when only the playing segment's own pieces are queued).
    double lagSeconds() const;
  };
  Behind queuedBehind(double leftOfItem) const;
  // Keeping up: whether a later segment's speech has waited long enough that what plays is cut.
  bool waitedTooLong(const Behind &behind);
  // Writes as many as fit now; `heard` as in write(). Returns how many were written.
  std::size_t writeSome(const float *samples, std::size_t count, const std::function<void(TimePoint)> &heard, bool &reported);
  void count(quint64 segmentId, qint64 ms); // queued speech, in all and by segment

  PlaybackStream &m_stream;
  Started m_onStarted;
  BoundedQueue<Item> m_queue;
  std::map<quint64, TimePoint> m_pieceStarts; // streamed segments: when their first piece is heard (run()'s thread)
  std::optional<quint64> m_skippedStream;     // a streamed segment skipped: its later pieces are dropped
  std::atomic_bool m_cancel{false};
  std::atomic_bool m_skip{false};
  std::atomic_bool m_silent{false};
  std::atomic<quint64> m_played{0};
  std::atomic<qint64> m_queuedMs{0};
  std::atomic<double> m_catchUp{1.0};
  std::atomic<double> m_maxWait{0.0};
  std::function<bool()> m_moreComing;
  std::atomic<quint64> m_cutShort{0};
  bool m_cut = false;                            // the item playing was cut short (run()'s thread)
  std::optional<TimePoint> m_laterWaitsSince; // since when a later segment's speech waits (run()'s thread)
  struct Playing {
    quint64 segmentId = 0;
    qint64 ms = 0; // its part of the queued speech
  } m_playing;     // run()'s thread
  mutable std::mutex m_pendingMutex;
  std::map<quint64, qint64> m_pending; // queued speech by segment, ms
};

} // namespace dragoman::audio
