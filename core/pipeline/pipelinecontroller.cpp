#include "core/pipeline/pipelinecontroller.h"
#include "core/common/threadaffinity.h"
#include "core/common/threadhost.h"
#include "core/common/threadnames.h"
#include "core/common/turngate.h"

#include "core/common/logcategories.h"
#include "core/common/boundedqueue.h"
#include "core/pipeline/journey.h"
#include "core/pipeline/stagetypes.h"
#include "core/pipeline/speechstage.h"
#include "core/pipeline/streamingstage.h"
#include "core/telemetry/profiler/profiler.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <QThread>

#include <array>
#include <atomic>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace dragoman {
using namespace pipelinestage;

struct PipelineController::Impl {
  PipelineController *q;
  ThreadHost &host;
  EngineFactories factories;
  PipelineOptions options;
  BoundedQueue<Job> asrQueue;
  BoundedQueue<Job> mtQueue;
  BoundedQueue<Job> ttsQueue;
  std::atomic_bool abort{false};
  std::atomic<State> state{State::Idle};
  std::atomic_int runningThreads{0};
  std::atomic<quint64> retractions{0};
  std::atomic<quint64> replacements{0};
  std::array<std::atomic<double>, 5> busyMs{}; // by Stage
  // Speech queued for the ASR stage: any segment (partial, pause, final), and those a person waits
  // on (a pause, a final segment). A partial pass is overtaken by any newer one, a pass at a pause
  // only by one a person waits on (a partial after it may carry no new speech).
  std::atomic_int asrQueuedSpeech{0}, asrQueuedWaitedOn{0};
  static bool waitedOn(const Job &job) { return !job.partial || job.pause; }
  bool overtaken(const Job &job) const { return (job.pause ? asrQueuedWaitedOn : asrQueuedSpeech).load() > 0; }
  void countQueued(bool isWaitedOn, int n) {
    asrQueuedSpeech += n;
    if (isWaitedOn)
      asrQueuedWaitedOn += n;
  }
  std::unique_ptr<StreamingAsrStage> stream; // the ASR thread's only
  ProvisionalCaption provisionalShown;        // the MT thread's only
  // The TTS thread's only.
  SpeechStage speech{options, [this](const SynthAudio &piece) { Q_EMIT q->speechReady(piece); }};
  std::vector<std::unique_ptr<QThread>> threads; // the stages'
  std::unique_ptr<QThread> engineWaiter;        // startAsync()'s
  std::mutex requestMutex;
  StageRequest requests[3]; // asr, mt, tts

  static int stageIndex(Stage stage) { return stage == Stage::Asr ? 0 : stage == Stage::Translation ? 1 : 2; }
  BoundedQueue<Job> &queueOf(int index) { return index == 0 ? asrQueue : index == 1 ? mtQueue : ttsQueue; }

  StageRequest takeRequest(Stage stage) {
    const std::lock_guard<std::mutex> lock(requestMutex);
    return std::exchange(requests[stageIndex(stage)], StageRequest{});
  }

  // Stores a request for each stage `accept` picks, and wakes the stages waiting for work.
  template <typename Accept> bool request(Accept accept) {
    const State s = state.load();
    if (s != State::Running && s != State::Draining)
      return false;
    bool any = false;
    for (int i = 0; i < 3; ++i) {
      {
        const std::lock_guard<std::mutex> lock(requestMutex);
        if (!accept(requests[i], i))
          continue;
      }
      any = true;
      Job wake;
      wake.control = true;
      queueOf(i).tryPush(std::move(wake)); // a full queue: the stage is busy and looks before its next job
    }
    return any;
  }

  Impl(PipelineController *owner, ThreadHost &h, EngineFactories f, PipelineOptions o)
      : q(owner), host(h), factories(std::move(f)), options(std::move(o)), asrQueue(std::size_t(options.queueCapacity)),
        mtQueue(std::size_t(options.queueCapacity)), ttsQueue(std::size_t(options.queueCapacity)) {
    if (options.streaming)
      stream = std::make_unique<StreamingAsrStage>(options, [this](const Transcript &t) { Q_EMIT q->transcriptReady(t); });
  }

  void fail(Job &job, Stage stage, const QString &message) {
    job.failed = true;
    job.result.error = stageName(stage) + QStringLiteral(": ") + message;
    const PipelineError error{stage, job.result.segmentId, message};
    qCWarning(lcPipeline, "%s failed on segment %llu: %s", qUtf8Printable(stageName(stage)),
              static_cast<unsigned long long>(job.result.segmentId), qUtf8Printable(message));
    Q_EMIT q->stageFailed(error);
  }

  // One stage thread's engine: created from the current factory on that thread, dropped and
  // created again on request (unloadIdleEngines, replaceEngines).
  template <typename Engine> struct StageEngine {
    Impl *d;
    const StageSpans &spans;
    Factory<Engine> factory;
    std::unique_ptr<Engine> engine;
    TimePoint lastUsed = SteadyClock::now();

    Status load() {
      const TimePoint loadStart = SteadyClock::now();
      const telemetry::ScopedSpan loading(spans.load);
      Result<std::unique_ptr<Engine>> made = factory();
      if (!made)
        return made.error();
      engine = std::move(made).value();
      lastUsed = SteadyClock::now();
      Q_EMIT d->q->engineLoaded(
          EngineLoad{spans.stage, engine->name(), engine->footprint(), millisBetween(loadStart, SteadyClock::now())});
      return Status::success();
    }

    void unload() {
      if (!engine)
        return;
      const EngineLoad dropped{spans.stage, engine->name(), engine->footprint(), 0.0};
      engine.reset();
      Q_EMIT d->q->engineUnloaded(dropped);
    }

    void apply(StageRequest request) {
      const QString stage = stageName(spans.stage);
      if (Factory<Engine> next = factoryOf<Engine>(request.replacement); request.replace && next && factory) {
        unload();
        Factory<Engine> previous = std::exchange(factory, std::move(next));
        if (Status s = load(); !s) {
          qCWarning(lcPipeline, "%s: the replacement engine could not be created (%s); going back to the previous one",
                    qUtf8Printable(stage), qUtf8Printable(s.error().message));
          factory = std::move(previous);
          if (Status again = load(); !again)
            qCWarning(lcPipeline, "%s: the previous engine could not be created again either (%s); the next job retries",
                      qUtf8Printable(stage), qUtf8Printable(again.error().message));
        }
      }
      if (request.unloadIdleFor && engine && SteadyClock::now() - lastUsed >= *request.unloadIdleFor) {
        qCInfo(lcPipeline, "%s: unloading %s, idle for %.1f s", qUtf8Printable(stage), qUtf8Printable(engine->name()),
               millisBetween(lastUsed, SteadyClock::now()) / 1000.0);
        unload();
      }
    }
  };

  // Hands jobs to the next stage in order; a provisional one only if there is room (it is never
  // worth a wait). False once that stage no longer accepts work.
  static bool passOn(BoundedQueue<Job> &out, std::vector<Job> jobs) {
    for (Job &j : jobs) {
      if (j.provisional)
        out.tryPush(std::move(j));
      else if (!out.push(std::move(j)))
        return false;
    }
    return true;
  }

  // Starts one stage thread: the engine is created on that thread, then every job is processed.
  template <typename Engine, typename Process>
  std::future<Status> launch(const char *name, const StageSpans &spans, Factory<Engine> factory, BoundedQueue<Job> &in,
                             BoundedQueue<Job> *out, Process process) {
    auto ready = std::make_shared<std::promise<Status>>();
    std::future<Status> future = ready->get_future();
    std::unique_ptr<QThread> thread = host.thread(name, [this, ready, &spans, factory, &in, out, process]() mutable {
      std::optional<telemetry::Profiler::ThreadScope> profiled;
      if (options.profiler)
        profiled.emplace(*options.profiler, spans.thread);
      StageEngine<Engine> stage{this, spans, std::move(factory), nullptr};
      if (stage.factory) {
        if (Status s = stage.load(); !s) {
          ready->set_value(s);
          return;
        }
      }
      ready->set_value(Status::success());
      for (;;) {
        std::optional<Job> job;
        {
          const telemetry::ScopedSpan waiting(spans.wait);
          job = in.pop();
        }
        if (!job || abort.load())
          break;
        stage.apply(takeRequest(spans.stage));
        if (job->control)
          continue;
        if (spans.stage == Stage::Asr)
          countQueued(waitedOn(*job), -1);
        if (spans.stage == Stage::Asr && job->partial && overtaken(*job)) {
          // A partial (or pause) pass with a newer job of the same speech behind it: that one's pass
          // covers this audio too.
          qCDebug(lcPipeline, "partial pass of utterance %llu skipped: newer audio is queued",
                  static_cast<unsigned long long>(job->result.segmentId));
          continue;
        }
        if (!job->failed && stage.factory) {
          Status available = Status::success();
          if (!stage.engine) // unloaded while idle, or its replacement and then itself failed to load
            available = stage.load();
          if (!available) {
            fail(*job, spans.stage, QStringLiteral("its engine could not be created again: ") + available.error().message);
          } else {
            const telemetry::ScopedSpan working(spans.work);
            // A model shared with another pipeline (a call's other direction) serves the work a
            // person waits on first, the one whose audio ended first (TurnGate); partial passes
            // and provisional translations come after (a pass as the speech paused is the final
            // one unless the person speaks again, so it is waited on).
            // A partial pass is overtaken once a newer segment of this direction is queued behind
            // it (a pass at a pause: a newer pause or the final segment), which carries the same
            // audio and more: it then gives up its wait for the model.
            const bool mayBeOvertaken = spans.stage == Stage::Asr && job->partial;
            const Job &mine = *job;
            const TurnGate::Due due(job->result.times.captureEnd, (job->partial && !job->pause) || job->provisional,
                                    mayBeOvertaken ? std::function<bool()>([this, &mine] { return overtaken(mine); })
                                                   : std::function<bool()>());
            const TimePoint began = SteadyClock::now();
            const SteadyClock::duration waitedBefore = TurnGate::Due::waited();
            process(*stage.engine, *job);
            const SteadyClock::duration spent = SteadyClock::now() - began - (TurnGate::Due::waited() - waitedBefore);
            std::atomic<double> &busy = busyMs[std::size_t(spans.stage)];
            busy.store(busy.load() + std::chrono::duration<double, std::milli>(spent).count());
          }
          stage.lastUsed = SteadyClock::now();
        }
        std::vector<Job> followers = std::move(job->followers);
        if (out && !passOn(*out, std::move(followers)))
          break;
        if (job->drop)
          continue;
        if (out) {
          if (!out->push(std::move(*job)))
            break;
        } else if (!abort.load()) {
          if (options.profiler)
            recordJourney(*options.profiler, job->result);
          Q_EMIT q->segmentFinished(job->result);
        }
      }
      if (out)
        out->close();
      // The engine goes here, on its own thread (freeing a model takes tens of milliseconds), before
      // the owner hears that the stages stopped and joins them on its thread.
      stage.engine.reset();
      if (runningThreads.fetch_sub(1) == 1)
        QMetaObject::invokeMethod(q, [this] { onAllStopped(); }, Qt::QueuedConnection);
    });
    ++runningThreads;
    threads.push_back(std::move(thread)); // started by startStages()
    return future;
  }

  // The stage threads start loading their engines. startAsync() starts them from dm-engines: on a
  // small machine three threads loading models at once leave the GUI thread little of the CPU, and
  // its Start should be over before they begin.
  void startStages() {
    for (auto &t : threads)
      t->start();
  }

  void recognise(IAsrEngine &engine, Job &job) {
    if (options.streaming) {
      recogniseStreaming(engine, job);
      return;
    }
    job.result.times.asrStart = SteadyClock::now();
    Result<Recognition> heard = engine.recognise(job.audio, abort);
    job.result.times.asrDone = SteadyClock::now();
    if (!heard) {
      fail(job, Stage::Asr, heard.error().message);
      return;
    }
    job.result.sourceText = heard->text.trimmed();
    job.result.confidence = heard->confidence;
    job.result.loopCut = heard->loopCut;
    job.result.sourceLanguage = options.sourceLanguage;
    job.audio = AudioBuffer(); // the samples are not needed past recognition
    const SegmentResult &r = job.result;
    Q_EMIT q->transcriptReady(
        Transcript{r.segmentId, r.startSeconds, r.endSeconds, r.sourceText, r.sourceLanguage, true, r.times});
  }

  void recogniseStreaming(IAsrEngine &engine, Job &job) {
    job.followers = stream->process(engine, job, abort);
    retractions = stream->retractions();
  }

  void translate(ITranslator &engine, Job &job) {
    if (job.provisional) {
      translateProvisionally(engine, job);
      return;
    }
    job.result.times.mtStart = SteadyClock::now();
    // A sentence that closed as it was provisionally translated (as the speech paused) already has
    // its translation: the engine gives the same text the same translation.
    const bool known = provisionalShown.segmentId == job.result.segmentId && !provisionalShown.text.isEmpty() &&
                       provisionalShown.source == job.result.sourceText;
    Result<QString> text = job.result.sourceText.isEmpty() ? Result<QString>(QString())
                           : known                         ? Result<QString>(provisionalShown.text)
                                                           : engine.translate(job.result.sourceText, abort);
    job.result.times.mtDone = SteadyClock::now();
    qCDebug(lcPipeline, "translation %s, segment %llu: %lld characters in %.0f ms%s", qUtf8Printable(options.targetLanguage),
            job.result.segmentId, qlonglong(job.result.sourceText.size()),
            millisBetween(job.result.times.mtStart, job.result.times.mtDone), known ? " (the provisional one)" : "");
    if (!text) {
      fail(job, Stage::Translation, text.error().message);
      return;
    }
    job.result.translation = text->trimmed();
    job.result.targetLanguage = options.targetLanguage;
    const SegmentResult &r = job.result;
    if (provisionalShown.replacedBy(r.segmentId, r.translation))
      ++replacements;
    if (provisionalShown.segmentId <= r.segmentId)
      provisionalShown = {};
    Q_EMIT q->translationReady(Translation{r.segmentId, r.startSeconds, r.endSeconds, r.sourceText,
                                           r.sourceLanguage, r.translation, r.targetLanguage, r.times});
  }

  // The open sentence's translation for the caption, when nothing newer waits: a sentence that
  // closed, or a longer open sentence, makes it moot.
  void translateProvisionally(ITranslator &engine, Job &job) {
    job.drop = true;
    if (mtQueue.size() > 0)
      return;
    Result<QString> text = engine.translate(job.result.sourceText, abort);
    if (!text || abort.load())
      return; // the sentence's own translation reports the error, if it has it too
    const SegmentResult &r = job.result;
    const QString translated = text->trimmed();
    if (provisionalShown.replacedBy(r.segmentId, translated))
      ++replacements;
    provisionalShown = ProvisionalCaption{r.segmentId, translated, r.sourceText};
    Translation t{r.segmentId, r.startSeconds, r.endSeconds, r.sourceText, r.sourceLanguage,
                  translated, options.targetLanguage, r.times};
    t.provisional = true;
    Q_EMIT q->translationReady(t);
    if (job.pause && options.synthesize && !translated.isEmpty()) {
      // As the speech paused: the sentence's speech is made now, so that it plays as soon as the
      // sentence closes with this translation.
      Job ahead;
      ahead.provisional = ahead.pause = ahead.drop = true;
      ahead.result = job.result;
      ahead.result.translation = QString(translated.constData(), translated.size()); // its own copy for the TTS thread
      job.followers.push_back(std::move(ahead));
    }
  }

  void speak(ISynthesizer &engine, Job &job) {
    if (Status s = speech.speak(engine, job, abort, ttsQueue.size() > 0); !s)
      fail(job, Stage::Synthesis, s.error().message);
  }

  void onAllStopped() {
    for (auto &t : threads)
      t->wait();
    State expected = State::Draining;
    state.compare_exchange_strong(expected, State::Finished);
    if (state.load() != State::Failed)
      Q_EMIT q->finished();
  }

  // Drops queued work, wakes the waiting stages and aborts the engines between chunks. Any thread.
  void abortWork() {
    abort = true;
    asrQueue.cancel();
    mtQueue.cancel();
    ttsQueue.cancel();
  }

  // Stops the stages without touching the state (the owner's thread sets that) and waits for the
  // stage threads. Any thread but theirs.
  void stopStages() {
    abortWork();
    for (auto &t : threads)
      t->wait();
  }

  void joinAll() {
    if (engineWaiter) // first: it starts the stage threads
      engineWaiter->wait();
    for (auto &t : threads)
      t->wait();
  }
};

PipelineController::PipelineController(ThreadHost &threads, EngineFactories factories, PipelineOptions options,
                                       QObject *parent)
    : QObject(parent), d(std::make_unique<Impl>(this, threads, std::move(factories), std::move(options))) {
  registerMetaTypes();
}

PipelineController::~PipelineController() {
  cancel();
  d->joinAll();
}

namespace {

// The first error of the stages' engine creation, waiting for all three.
Status waitForEngines(std::vector<std::future<Status>> &ready) {
  Status status = Status::success();
  for (auto &f : ready) {
    Status s = f.get();
    if (!s && status)
      status = s;
  }
  return status;
}

} // namespace

std::vector<std::future<Status>> PipelineController::launchStages() {
  d->state = State::Running;
  // The last stage hands results back; with synthesis off it has no engine.
  Factory<ISynthesizer> ttsFactory = d->options.synthesize ? d->factories.synthesizer : Factory<ISynthesizer>{};
  std::vector<std::future<Status>> ready;
  ready.push_back(d->launch<IAsrEngine>(threadnames::kAsr, kAsrSpans, d->factories.asr, d->asrQueue, &d->mtQueue,
                                        [this](IAsrEngine &e, Job &j) { d->recognise(e, j); }));
  ready.push_back(d->launch<ITranslator>(threadnames::kMt, kMtSpans, d->factories.translator, d->mtQueue, &d->ttsQueue,
                                         [this](ITranslator &e, Job &j) { d->translate(e, j); }));
  ready.push_back(d->launch<ISynthesizer>(threadnames::kTts, kTtsSpans, ttsFactory, d->ttsQueue, nullptr,
                                          [this](ISynthesizer &e, Job &j) {
                                            d->speak(e, j);
                                          }));
  return ready;
}

void PipelineController::failStart() {
  cancel();
  d->joinAll();
  d->state = State::Failed;
}

Status PipelineController::start() {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (d->state.load() != State::Idle)
    return makeError(ErrorKind::Internal, QStringLiteral("the pipeline was already started"));
  std::vector<std::future<Status>> ready = launchStages();
  d->startStages();
  const Status status = waitForEngines(ready);
  if (!status)
    failStart();
  return status;
}

void PipelineController::startAsync() {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  QPointer<PipelineController> self(this);
  const auto answer = [self](const Status &status) {
    // Posted to the main thread, where this object lives and dies: checked there, not here.
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [self, status] {
          if (!self)
            return;
          if (!status && self->d->state.load() == State::Running)
            self->failStart();
          Q_EMIT self->started(status);
        },
        Qt::QueuedConnection);
  };
  if (d->state.load() != State::Idle) {
    answer(makeError(ErrorKind::Internal, QStringLiteral("the pipeline was already started")));
    return;
  }
  auto ready = std::make_shared<std::vector<std::future<Status>>>(launchStages());
  // When an engine cannot be created, the stages are stopped and joined here, off this thread (the
  // others may still be loading a model); failStart() then finds them stopped.
  d->engineWaiter = d->host.thread(threadnames::kEngines, [impl = d.get(), ready, answer] {
    impl->startStages();
    const Status status = waitForEngines(*ready);
    if (!status)
      impl->stopStages();
    answer(status);
  });
  d->engineWaiter->start();
}

bool PipelineController::submit(AudioSegment segment) {
  if (d->state.load() != State::Running)
    return false;
  Job job;
  job.result.segmentId = segment.id;
  job.result.startSeconds = segment.startSeconds;
  job.result.endSeconds = segment.endSeconds;
  job.result.times = segment.times;
  job.result.echoGated = segment.echoGated;
  if (job.result.times.captureEnd == TimePoint{})
    job.result.times.captureStart = job.result.times.captureEnd = SteadyClock::now();
  job.audio = std::move(segment.audio);
  job.partial = segment.partial;
  job.pause = segment.pause;
  if (segment.partial) {
    // Only a streaming ASR stage reads partial audio, and only when nothing waits for it: the next
    // partial (or the final segment) carries the same audio and more, so partials never fill the
    // queue and make the capture thread wait to submit a finished segment. A pause is queued
    // behind a waiting partial all the same (never blocking): the ASR thread then skips the partial.
    if (d->options.streaming && (d->asrQueue.size() == 0 || segment.pause)) {
      const bool waitedOn = Impl::waitedOn(job);
      d->countQueued(waitedOn, 1);
      if (!d->asrQueue.tryPush(std::move(job)))
        d->countQueued(waitedOn, -1);
    }
    return true;
  }
  d->countQueued(true, 1);
  if (d->asrQueue.push(std::move(job)))
    return true;
  d->countQueued(true, -1);
  return false;
}

void PipelineController::finishInput() {
  State expected = State::Running;
  if (d->state.compare_exchange_strong(expected, State::Draining))
    d->asrQueue.close();
}

void PipelineController::cancel() {
  const State s = d->state.load();
  if (s == State::Finished || s == State::Cancelled || s == State::Failed || s == State::Idle)
    return;
  d->state = State::Cancelled;
  d->abortWork();
}

void PipelineController::wait() { d->joinAll(); }

PipelineController::State PipelineController::state() const { return d->state.load(); }

bool PipelineController::unloadIdleEngines(std::chrono::milliseconds idleFor) {
  return d->request([idleFor](StageRequest &r, int) {
    r.unloadIdleFor = r.unloadIdleFor ? std::min(*r.unloadIdleFor, idleFor) : idleFor;
    return true;
  });
}

bool PipelineController::replaceEngines(EngineFactories replacement) {
  return d->request([&replacement](StageRequest &r, int index) {
    auto take = [&](auto &mine, const auto &theirs) {
      if (!theirs)
        return false;
      mine = theirs;
      r.replace = true;
      return true;
    };
    return index == 0   ? take(r.replacement.asr, replacement.asr)
           : index == 1 ? take(r.replacement.translator, replacement.translator)
                        : take(r.replacement.synthesizer, replacement.synthesizer);
  });
}

quint64 PipelineController::retractions() const { return d->retractions.load(); }

quint64 PipelineController::translationReplacements() const { return d->replacements.load(); }

double PipelineController::busyMs(Stage stage) const { return d->busyMs[std::size_t(stage)].load(); }

int PipelineController::queueDepth(Stage stage) const {
  switch (stage) {
  case Stage::Asr: return int(d->asrQueue.size());
  case Stage::Translation: return int(d->mtQueue.size());
  case Stage::Synthesis: return int(d->ttsQueue.size());
  default: return 0;
  }
}

int PipelineController::queueHighWater(Stage stage) const {
  switch (stage) {
  case Stage::Asr: return int(d->asrQueue.highWater());
  case Stage::Translation: return int(d->mtQueue.highWater());
  case Stage::Synthesis: return int(d->ttsQueue.highWater());
  default: return 0;
  }
}

} // namespace dragoman
