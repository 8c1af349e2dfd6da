#pragma once
// The pipeline: one worker thread per stage (ASR, MT, TTS) joined by bounded queues.
//
//   submit() ──► [asr queue] ──► ASR thread ──► [mt queue] ──► MT thread ──► [tts queue] ──► TTS thread
//                                   │                            │                             │
//                          transcriptReady              translationReady               segmentFinished
//
// Results leave every stage as immutable values through queued signals to the controller's thread.
// Segments stay in order: each stage is one thread reading one FIFO queue.

#include "core/common/result.h"
#include "core/common/types.h"
#include "core/inference/engines.h"
#include "core/inference/streaming/sentencebuffer.h"
#include "core/inference/streaming/streamingrecognizer.h"

#include <QObject>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <vector>

namespace dragoman {

class ThreadHost;
namespace telemetry {
class Profiler;
}

struct EngineFactories {
  std::function<Result<std::unique_ptr<IAsrEngine>>()> asr;
  std::function<Result<std::unique_ptr<ITranslator>>()> translator;
  std::function<Result<std::unique_ptr<ISynthesizer>>()> synthesizer;
};

struct PipelineOptions {
  int queueCapacity = 8;
  QString sourceLanguage;
  QString targetLanguage;
  bool synthesize = true; // false: stop after translation
  // Live streaming recognition (LocalAgreement-2): partial AudioSegments of an utterance are
  // recognised as they grow; partial text goes out as transcriptReady(committed false), and each
  // piece of text two passes agree on goes on to translation at once as its own segment (ids
  // renumbered 1, 2, ... in commit order). Off: one transcript per submitted segment.
  //
  // Committed words go on in sentences (SentenceBuffer: a sentence, or a long clause; the rest at
  // the end of the utterance), and the open sentence, while it grows, is translated provisionally
  // when the translator has nothing else to do: translationReady(provisional true) with the id the
  // sentence will have, never synthesised, later replaced by the sentence's translation.
  bool streaming = false;
  streaming::StreamingOptions streamingOptions;
  streaming::SentenceOptions sentenceOptions;
  bool provisionalTranslation = true;
  // At most one provisional translation of an open sentence this often: each costs a translation
  // that competes with recognition for the CPU (on 2 cores one a second added ~1 s to every wait).
  std::chrono::milliseconds provisionalInterval{2000};
  // Spans of every stage thread (engine creation, queue waits, the work on each segment) and each
  // finished segment's journey on its own track ("segment N": capture, asr, mt, tts). Not owned;
  // must outlive the controller. nullptr: none.
  telemetry::Profiler *profiler = nullptr;
};

class PipelineController : public QObject {
  Q_OBJECT
public:
  enum class State { Idle, Running, Draining, Finished, Cancelled, Failed };
  Q_ENUM(State)

  // The stage threads come from `threads`, which must outlive the controller.
  PipelineController(ThreadHost &threads, EngineFactories factories, PipelineOptions options, QObject *parent = nullptr);
  ~PipelineController() override; // cancels and joins the threads

  // Starts the threads and creates each engine on its own thread; returns once all three are
  // ready, or the first error (then nothing runs).
  Status start();
  // The same without waiting for the engines (a model may take seconds to load): returns at once;
  // started() follows on this object's thread when every engine is ready, or with the first error
  // (then nothing runs and no finished() follows). Segments may be submitted meanwhile; they wait
  // in the first queue until recognition is ready.
  void startAsync();

  // Queues a segment for recognition. Waits while the first queue is full (back-pressure).
  // Returns false once the pipeline is no longer accepting input. Callable from any thread.
  bool submit(AudioSegment segment);

  // No more input: the stages drain what they hold, then finished() is emitted.
  void finishInput();

  // Drops queued work, aborts the engines between chunks, and stops the threads. Idempotent.
  void cancel();

  // Blocks until all threads have stopped (after finishInput() or cancel()).
  void wait();

  State state() const;
  int queueDepth(Stage stage) const;
  int queueHighWater(Stage stage) const;
  // Streaming: partial words shown and then changed or withdrawn, over the whole run.
  quint64 retractions() const;
  // Streaming: provisional translations that the next translation of the same sentence did not
  // extend but replaced (changed or withdrew words shown), over the whole run.
  quint64 translationReplacements() const;
  // Time the stage's thread spent on its work (every pass, translation and synthesis, provisional
  // ones included), not counting waits for a model shared with another pipeline.
  double busyMs(Stage stage) const;

  // Memory pressure. Both return at once; each stage acts on its own thread before its next job
  // (or at once when it is waiting for one), so an engine is never dropped in the middle of work.
  //
  // Every stage whose engine has done nothing for `idleFor` drops it (engineUnloaded); the stage
  // creates it again from its factory when the next job arrives (engineLoaded again), and a job
  // whose engine cannot be created fails with that error. Returns false when not running.
  bool unloadIdleEngines(std::chrono::milliseconds idleFor);
  // Each stage with a factory in `replacement` drops its engine first (so that its memory is free
  // for the next one) and creates the replacement, which it keeps for the rest of the run. If the
  // replacement cannot be created, the stage goes back to the factory it had. Returns false when
  // not running or when `replacement` has no factory.
  bool replaceEngines(EngineFactories replacement);

Q_SIGNALS:
  // startAsync()'s answer.
  void started(const dragoman::Status &status);
  // Each stage's engine once created (model loaded), before start() returns.
  void engineLoaded(const dragoman::EngineLoad &load);
  // An engine dropped by unloadIdleEngines() or replaceEngines() (loadMs: 0).
  void engineUnloaded(const dragoman::EngineLoad &engine);
  void transcriptReady(const dragoman::Transcript &transcript);
  void translationReady(const dragoman::Translation &translation);
  // Each piece of a segment's speech as soon as it exists (before segmentFinished, in order).
  void speechReady(const dragoman::SynthAudio &speech);
  void segmentFinished(const dragoman::SegmentResult &result);
  void stageFailed(const dragoman::PipelineError &error);
  void finished();

private:
  std::vector<std::future<Status>> launchStages();
  void failStart();
  struct Impl;
  std::unique_ptr<Impl> d;
};

} // namespace dragoman
