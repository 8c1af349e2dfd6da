#pragma once
// What the pipeline's stage threads pass between them and how each names its work: the jobs on
// the queues, a stage's requests between jobs, the ASR thread's streaming state, the profiler's
// section names. Internal to core/pipeline (pipelinecontroller.cpp).
#include "core/pipeline/pipelinecontroller.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

namespace dragoman::pipelinestage {

// What travels between the stage threads. Once a stage fails, the later stages pass the job on
// untouched so that every submitted segment comes out, in order.
struct Job {
  SegmentResult result;
  AudioBuffer audio;
  bool failed = false;
  bool partial = false; // streaming: the utterance so far
  bool pause = false;   // streaming: a partial sent as the speech paused (AudioSegment::pause)
  bool drop = false;    // streaming: nothing committed, nothing to pass on
  bool control = false; // wakes a waiting stage to act on its StageRequest; carries nothing
  // Streaming: the open sentence, for a provisional translation the translator answers only when
  // nothing else waits for it. Only a pause's goes on to synthesis, to be spoken ahead (kept, not
  // played, until its sentence closes with the same translation).
  bool provisional = false;
  // Jobs this one became (streaming: the sentences a pass closed), passed on after it.
  std::vector<Job> followers;
};

// What a stage thread is asked to do with its engine between two jobs.
struct StageRequest {
  std::optional<std::chrono::milliseconds> unloadIdleFor;
  EngineFactories replacement; // only the stage's own member is read
  bool replace = false;
};

// The stage's member of a set of factories.
template <typename Engine> auto &factoryOf(EngineFactories &f) {
  if constexpr (std::is_same_v<Engine, IAsrEngine>)
    return f.asr;
  else if constexpr (std::is_same_v<Engine, ITranslator>)
    return f.translator;
  else
    return f.synthesizer;
}

// The MT thread's provisional caption: the last provisional translation given out. A later
// translation of the same segment that does not begin with it replaces it (counted).
struct ProvisionalCaption {
  quint64 segmentId = 0;
  QString text;
  QString source; // what `text` translates
  // The next translation of `id`: true when it replaces the caption shown rather than extending it.
  bool replacedBy(quint64 id, const QString &next) const {
    return id == segmentId && !text.isEmpty() && !next.startsWith(text);
  }
};

template <typename Engine> using Factory = std::function<Result<std::unique_ptr<Engine>>()>;

// Section names of one stage thread's spans (static storage: spans keep the pointer).
struct StageSpans {
  Stage stage;
  const char *thread;
  const char *load; // creating the engine (model loading)
  const char *wait; // waiting for the next job
  const char *work; // one job
};
constexpr StageSpans kAsrSpans{Stage::Asr, "asr", "asr.load", "asr.queue_wait", "asr.recognise"};
constexpr StageSpans kMtSpans{Stage::Translation, "mt", "mt.load", "mt.queue_wait", "mt.translate"};
constexpr StageSpans kTtsSpans{Stage::Synthesis, "tts", "tts.load", "tts.queue_wait", "tts.synthesize"};

} // namespace dragoman::pipelinestage
