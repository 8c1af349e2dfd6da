#pragma once
// The capture worker: the thread between the PortAudio callback's ring and the pipeline.
// It drains the ring, resamples to 16 kHz, takes Dragoman's own speech out (the echo canceller, or
// the echo gate), measures the level and runs the live segmenter; finished segments go to
// `onSegment` with their capture times.

#include "core/audio/echogate.h"
#include "core/audio/livesegmenter.h"
#include "core/common/result.h"
#include "core/common/types.h"

#include <atomic>
#include <functional>
#include <memory>

namespace dragoman::audio {

class CaptureStream;
class PlaybackStream;

struct CaptureWorkerParams {
  LiveSegmenterParams segmenter;
  bool echoGate = true;
  // WebRTC's echo canceller against the speech played, instead of the gate: the person is heard
  // while Dragoman speaks. Where it cannot be made, the gate is used (echoProblem() says why).
  bool echoCancel = false;
  int echoTailMs = 300;
  // > 0: while speech goes on, also send the utterance so far (AudioSegment::partial) this often,
  // for streaming recognition. 0: finished segments only.
  int partialIntervalMs = 0;
};

class CaptureWorker {
public:
  using SegmentSink = std::function<void(AudioSegment)>;

  // `playback` may be null (nothing is spoken, nothing to gate). With echoCancel, the worker reads
  // the playback's reference (PlaybackStream::enableReference()).
  static Result<std::unique_ptr<CaptureWorker>> create(CaptureStream &capture, PlaybackStream *playback,
                                                       const CaptureWorkerParams &params, SegmentSink onSegment);
  ~CaptureWorker();

  // Runs on the calling thread until `stop` is set or the stream dies. After a stop it flushes the
  // open segment; when the stream dies (an error, or no audio for two seconds) it returns an error
  // and keeps its state, so that run() can go on after reattach() to a reopened stream.
  Status run(const std::atomic_bool &stop);
  // Asked every second while run() reads: an error message when the stream no longer records
  // what was opened (a PulseAudio source gone, its stream moved to the microphone), which ends
  // run() as a dead stream does. Set before run().
  void setDeviceCheck(std::function<QString()> check) { m_deviceCheck = std::move(check); }
  QString checkDevice() const { return m_deviceCheck ? m_deviceCheck() : QString(); } // the check, now
  // Continues on another (reopened) stream; the segment ids and stream positions go on.
  Status reattach(CaptureStream &capture);

  // Push-to-talk: while muted, captured audio is replaced by silence before the segmenter (the
  // level meter still shows the input). Thread-safe.
  void setMuted(bool muted) { m_muted.store(muted, std::memory_order_relaxed); }
  bool isMuted() const { return m_muted.load(std::memory_order_relaxed); }
  float level() const { return m_levelDb.load(std::memory_order_relaxed); } // dBFS of the last block
  quint64 framesProcessed() const { return m_frames.load(std::memory_order_relaxed); }
  quint64 gatedFrames() const { return m_gate.gatedFrames(); } // 16 kHz frames the echo gate silenced
  bool echoCancelling() const; // the echo canceller runs (not the gate)
  // Why echoCancel fell back to the gate (empty when it did not).
  QString echoProblem() const;
  // The echo canceller's echo return loss enhancement (dB, WebRTC's running average; 0 before any
  // echo), and its 10 ms frames that held some of our own speech. Any thread.
  float echoReturnLossEnhancementDb() const { return m_erleDb.load(std::memory_order_relaxed); }
  // Whether a segment is open (speech has begun and not yet ended). Any thread.
  bool speechOpen() const { return m_speechOpen.load(std::memory_order_relaxed); }
  quint64 echoFrames() const { return m_echoFrames.load(std::memory_order_relaxed); }
  // Device frames lost because the capture ring was full, over every stream this worker read.
  quint64 overruns() const { return m_overruns.load(std::memory_order_relaxed); }
  quint64 segments() const { return m_segments.load(std::memory_order_relaxed); }

private:
  CaptureWorker(CaptureStream &capture, PlaybackStream *playback, const CaptureWorkerParams &params,
                SegmentSink onSegment);
  Status makeCanceller();
  void cancelEcho(std::vector<float> &pcm, TimePoint &time, bool flush);
  void process(const float *samples, std::size_t n, TimePoint time);
  void emitAll(std::vector<AudioSegment> segments);
  void emitPartial();

  struct Impl;
  std::unique_ptr<Impl> d;
  std::function<QString()> m_deviceCheck;
  CaptureStream *m_capture;
  quint64 m_streamFrames = 0; // frames read from the current stream
  PlaybackStream *m_playback;
  EchoGate m_gate;
  SegmentSink m_onSegment;
  std::atomic<float> m_levelDb{-120.0f};
  std::atomic_bool m_muted{false};
  std::atomic<quint64> m_frames{0};
  std::atomic<quint64> m_segments{0};
  std::atomic<quint64> m_overruns{0};
  std::atomic<float> m_erleDb{0.0f};
  std::atomic_bool m_speechOpen{false};
  std::atomic<quint64> m_echoFrames{0};
  quint64 m_overrunsBefore = 0; // of the streams before the current one
};

} // namespace dragoman::audio
