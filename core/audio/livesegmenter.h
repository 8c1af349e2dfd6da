#pragma once
// Streaming speech segmentation for live capture: 16 kHz audio pushed in chunks of any size comes
// out as speech segments, each with its position in the stream and the capture times of its first
// and last sample. Voice activity comes from VoiceActivityDetector on 10 ms frames.

#include "core/common/result.h"
#include "core/common/types.h"

#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace dragoman::audio {

class VoiceActivityDetector;

struct LiveSegmenterParams {
  int aggressiveness = 2;         // VAD 0..3
  int minSpeechMs = 250;          // shorter bursts are dropped
  int endSilenceMs = 600;         // this much non-speech ends a segment
  double maxSegmentSeconds = 15;  // longer speech is cut here...
  int overlapMs = 500;            // ...and the next segment starts this much earlier
  int preRollMs = 300;            // audio kept before the first speech frame
  int postRollMs = 200;           // audio kept after the last speech frame
  int onsetMs = 30;               // this much consecutive speech starts a segment
};

class LiveSegmenter {
public:
  static Result<std::unique_ptr<LiveSegmenter>> create(const LiveSegmenterParams &params);
  ~LiveSegmenter();

  // Samples (16 kHz mono) whose first one was captured at `time` and sits at `streamSeconds` in the
  // stream. Returns the segments this push completed.
  std::vector<AudioSegment> push(const float *samples, std::size_t n, TimePoint time, double streamSeconds);
  // End of input: the open segment, if it holds enough speech.
  std::vector<AudioSegment> flush();

  bool inSpeech() const { return m_inSpeech; }
  AudioBuffer pendingAudio() const; // the segment in progress, may be empty
  // The segment in progress as a partial AudioSegment (the id its final version will carry);
  // nullopt while no speech is open.
  std::optional<AudioSegment> pendingSegment() const;
  // The open segment's id and length so far, without copying its audio.
  std::optional<quint64> pendingId() const;
  std::size_t pendingSamples() const;
  // Once per pause in the open segment, when the silence after its last speech frame reaches the
  // post-roll: the segment up to there as a partial with `pause` set (its final version, if the
  // silence lasts, ends at the same sample). nullopt otherwise. Taking it clears it.
  std::optional<AudioSegment> takePause();
  quint64 speechFrames() const { return m_speechFrames; }
  quint64 silenceFrames() const { return m_silenceFrames; }

private:
  struct Frame {
    std::vector<float> samples;
    TimePoint time;      // capture time of its first sample
    TimePoint lastTime;  // capture time of its last sample (it may have come in a later push)
    double streamSeconds; // position of its first sample
    bool speech;
  };
  explicit LiveSegmenter(const LiveSegmenterParams &params);
  void onFrame(Frame frame, std::vector<AudioSegment> &out);
  void close(std::size_t keepFrames, std::vector<AudioSegment> &out);
  AudioSegment makeSegment(std::size_t frames);
  AudioSegment segmentOf(std::size_t frames) const; // the first `frames` of the open segment, no id

  LiveSegmenterParams m_params;
  std::unique_ptr<VoiceActivityDetector> m_vad;
  std::vector<float> m_partial; // samples waiting for a whole frame
  TimePoint m_partialTime{};
  double m_partialSeconds = 0.0;
  std::deque<Frame> m_preRoll;  // recent frames while idle
  std::vector<Frame> m_segment; // frames of the open segment
  bool m_inSpeech = false;
  std::size_t m_onsetRun = 0;      // consecutive speech frames while idle
  std::size_t m_silenceRun = 0;    // consecutive non-speech frames while in speech
  std::size_t m_segmentSpeech = 0; // speech frames in the open segment
  std::size_t m_pauseFrames = 0;   // > 0: a pause to hand out, the open segment's frames up to it
  quint64 m_nextId = 1;
  quint64 m_speechFrames = 0;
  quint64 m_silenceFrames = 0;
};

} // namespace dragoman::audio
