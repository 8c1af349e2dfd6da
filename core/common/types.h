#pragma once
// Immutable value types that travel between threads (DESIGN.md rule 5, habit 3).
// Audio payloads are shared, read-only buffers: copying a value never copies samples.

#include <QMetaType>
#include <QString>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace dragoman {

using SteadyClock = std::chrono::steady_clock;
using TimePoint = SteadyClock::time_point;

// Mono float samples in [-1, 1] at a known rate.
class AudioBuffer {
public:
  AudioBuffer() = default;
  AudioBuffer(std::vector<float> samples, int sampleRate)
      : m_samples(std::make_shared<const std::vector<float>>(std::move(samples))), m_sampleRate(sampleRate) {}

  const std::vector<float> &samples() const { return m_samples ? *m_samples : empty(); }
  int sampleRate() const { return m_sampleRate; }
  std::size_t size() const { return samples().size(); }
  bool isEmpty() const { return size() == 0; }
  double durationSeconds() const { return m_sampleRate > 0 ? double(size()) / m_sampleRate : 0.0; }

private:
  static const std::vector<float> &empty() {
    static const std::vector<float> e;
    return e;
  }
  std::shared_ptr<const std::vector<float>> m_samples;
  int m_sampleRate = 0;
};

// When each stage touched a segment. Unset points are default-constructed (epoch).
struct StageTimes {
  TimePoint captureStart{};
  TimePoint captureEnd{};
  TimePoint asrStart{};
  TimePoint asrDone{};
  TimePoint mtStart{};
  TimePoint mtDone{};
  TimePoint ttsStart{};
  TimePoint ttsDone{};
  TimePoint ttsFirstAudio{}; // the first piece of speech existed (streamed synthesis)
  TimePoint playbackStart{};
};

// A piece of speech cut from the input, 16 kHz mono.
struct AudioSegment {
  quint64 id = 0;
  double startSeconds = 0.0; // position in the input stream
  double endSeconds = 0.0;
  AudioBuffer audio;
  StageTimes times;
  // Live streaming: the utterance `id` so far, still growing (its final version follows with
  // partial false). Only sent when the ASR stage streams (PipelineOptions::streaming).
  bool partial = false;
  // A partial sent as the speech paused: its audio ends the post-roll after the last speech frame,
  // which is where the final version ends too if the silence lasts. Recognising it now, while the
  // segmenter waits to be sure the utterance is over, makes the final version's pass unnecessary.
  bool pause = false;
  // Some of its audio was silenced by the echo gate while our own speech played.
  bool echoGated = false;
};

struct Transcript {
  quint64 segmentId = 0;
  double startSeconds = 0.0;
  double endSeconds = 0.0;
  QString text;
  QString language;
  bool committed = true; // partial text (false) may still change; committed text never does
  StageTimes times;
};

struct Translation {
  quint64 segmentId = 0;
  double startSeconds = 0.0;
  double endSeconds = 0.0;
  QString sourceText;
  QString sourceLanguage;
  QString text;
  QString targetLanguage;
  StageTimes times;
  // Streaming: the translation of a sentence still being spoken (its stable prefix); the
  // sentence's own translation, with the same id, replaces it.
  bool provisional = false;
};

// One piece of a segment's speech, sent to playback as soon as it exists (a sentence with the pause
// before it); the segment's SegmentResult::speech later holds all its pieces in order.
struct SynthAudio {
  quint64 segmentId = 0;
  int piece = 0; // 0, 1, 2 … within the segment
  AudioBuffer audio;
};

// Everything known about one segment once it has left the last stage.
struct SegmentResult {
  quint64 segmentId = 0;
  double startSeconds = 0.0;
  double endSeconds = 0.0;
  QString sourceText;
  QString sourceLanguage;
  QString translation;
  QString targetLanguage;
  AudioBuffer speech;
  StageTimes times;
  QString error; // set when a stage failed; later stages then pass the segment on untouched
  // How sure the recogniser was, in (0, 1] (whisper: exp of the mean token log-probability);
  // unset when the engine does not say.
  std::optional<double> confidence;
  bool echoGated = false; // some of its audio was silenced by the echo gate
  bool loopCut = false;   // the recogniser cut a repetition loop out of its text
};

enum class Stage { Capture, Asr, Translation, Synthesis, Playback };
QString stageName(Stage stage);

struct PipelineError {
  Stage stage = Stage::Asr;
  quint64 segmentId = 0;
  QString message;
};

// What a loaded engine holds in memory, for the memory monitor; bytes 0: nothing worth naming
// (the system engines keep their data in shared libraries and files).
struct EngineFootprint {
  QString model;  // the model folder or name
  QString device; // "cpu", "cuda:0"
  qint64 bytes = 0;
};

// A stage's engine, created on the stage's thread.
struct EngineLoad {
  Stage stage = Stage::Asr;
  QString engine; // IAsrEngine::name() etc.
  EngineFootprint footprint;
  double loadMs = 0.0;
};

// Milliseconds between two stage times, or -1 when either is unset.
double millisBetween(TimePoint from, TimePoint to);

void registerMetaTypes();

} // namespace dragoman

Q_DECLARE_METATYPE(dragoman::AudioSegment)
Q_DECLARE_METATYPE(dragoman::Transcript)
Q_DECLARE_METATYPE(dragoman::Translation)
Q_DECLARE_METATYPE(dragoman::SynthAudio)
Q_DECLARE_METATYPE(dragoman::SegmentResult)
Q_DECLARE_METATYPE(dragoman::PipelineError)
Q_DECLARE_METATYPE(dragoman::EngineLoad)
