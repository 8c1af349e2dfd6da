#include "app/context/sessionrunner.h"
#include "app/context/sessionrunnerimpl.h"
#include "core/common/threadaffinity.h"
#include "core/common/threadnames.h"

#include "app/context/appcontext.h"
#include "app/context/appthreads.h"
#include "app/context/sessionrecorder.h"
#include "core/audio/audiofile.h"
#include "core/audio/capturestream.h"
#include "core/audio/captureworker.h"
#include "core/audio/filesegmenter.h"
#include "core/audio/playbackstream.h"
#include "core/audio/playbackworker.h"
#include "core/audio/resampler.h"
#include "core/common/logcategories.h"
#include "core/common/logging.h"
#include "core/common/threadhost.h"
#include "core/pipeline/pipelinecontroller.h"
#include "core/storage/sessionstore.h"

#include <QFileInfo>
#include <QSet>
#include <QThread>

#include <mutex>
#include <optional>

namespace dragoman {

SessionRunner::SessionRunner(const AppContext &context, QString command, QObject *parent)
    : QObject(parent), d(std::make_unique<Impl>()), m_context(context), m_command(std::move(command)),
      m_telemetry(std::make_unique<RunTelemetry>(context.config(), m_command)) {}

SessionRunner::~SessionRunner() {
  for (QThread *t : {m_opener.get(), m_closer.get()})
    if (t)
      t->wait(); // what they posted back goes with this object
  if (!m_running)
    return;
  cancel();
  if (d->player)
    d->player->cancel();
  d->waitForThreads();
  if (d->recorder)
    d->recorder->finish(storage::SessionState::Cancelled, m_telemetry->record(), QStringLiteral("the application closed"));
}

PipelineController *SessionRunner::pipeline() const { return d->pipeline.get(); }
QString SessionRunner::deviceDescription() const { return d->description; }
QString SessionRunner::sessionUuid() const { return d->recorder ? d->recorder->uuid() : QString(); }
float SessionRunner::levelDb() const { return d->worker ? d->worker->level() : -120.0f; }
quint64 SessionRunner::gatedFrames() const { return d->worker ? d->worker->gatedFrames() : 0; }

SessionRunner::Counters SessionRunner::counters() const {
  Counters c;
  if (d->worker) {
    c.segments = d->worker->segments();
    c.overruns = d->worker->overruns();
    c.gatedFrames = d->worker->gatedFrames();
    c.echoCancelling = d->worker->echoCancelling();
    c.echoFrames = d->worker->echoFrames();
    c.erleDb = d->worker->echoReturnLossEnhancementDb();
  } else {
    c.segments = d->fileSegments.load();
  }
  c.reopened = m_reopened.load();
  c.underruns = d->playback ? d->playback->underruns() : 0;
  c.speechCut = d->player ? d->player->cutShort() : 0;
  c.retractions = d->pipeline ? d->pipeline->retractions() : 0;
  c.translationReplacements = d->pipeline ? d->pipeline->translationReplacements() : 0;
  c.streaming = d->streaming;
  return c;
}

void SessionRunner::setMuted(bool muted) {
  m_muted = muted;
  if (d->worker)
    d->worker->setMuted(muted);
}

void SessionRunner::setSpeaking(bool speaking) {
  m_silent = !speaking;
  if (d->player)
    d->player->setSilent(m_silent);
}

// What a start reads and opens that may take long (model files, the history database, PortAudio
// devices): values only, so that it runs on any thread.
struct SessionRunner::Opened {
  Status status = Status::success();
  audio::StreamParams captureDevice;
  std::unique_ptr<audio::CaptureStream> capture;
  std::unique_ptr<audio::PlaybackStream> playback;
  std::optional<telemetry::RunRecord> previous; // the last run of the same command
  std::unique_ptr<storage::SessionStore> store;   // when the runner was given none
  QString storeProblem;                           // why there is none
  QString notPlaying;                             // a file's output could not be opened: why
};

SessionRunner::Opened SessionRunner::open(const AppContext &context, const QString &command, const SessionSource &source,
                                          bool openStore, QThread *home) {
  Opened o = openInput(context, command, source);
  if (o.status && openStore) {
    o.store = context.openSessionStore(&o.storeProblem);
    if (o.store && home) // made on the opening thread; it belongs to the runner's
      o.store->moveToThread(home);
  }
  return o;
}

SessionRunner::Opened SessionRunner::openInput(const AppContext &context, const QString &command,
                                               const SessionSource &source) {
  Opened o;
  o.previous = context.lastRun(command);
  if (!o.previous)
    o.previous = RunTelemetry::readLastRun(command);
  const SynthParams tts = context.synthParams();
  o.status = context.engines().checkJob(context.asrParams(), context.translatorParams(), source.speak ? &tts : nullptr);
  const bool devices = source.kind == SessionSource::Kind::Devices;
  if (!o.status || !(devices || (source.speak && source.play)))
    return o;
  const config::Config &config = context.config();
  if (devices) {
    o.captureDevice = audio::StreamParams{config.audio.inputDevice, config.audio.sampleRate};
    Result<std::unique_ptr<audio::CaptureStream>> opened = audio::CaptureStream::open(o.captureDevice);
    if (!opened) {
      o.status = opened.error();
      return o;
    }
    o.capture = std::move(opened).value();
  }
  if (source.speak) {
    Result<std::unique_ptr<audio::PlaybackStream>> output =
        audio::PlaybackStream::open(audio::StreamParams{config.audio.outputDevice, 0});
    if (!output && devices) {
      o.status = output.error();
      return o;
    }
    if (output) {
      o.playback = std::move(output).value();
      o.playback->setVolume(float(config.audio.volume));
    } else { // a file is still translated (and its speech made) without an output to play it on
      o.notPlaying = output.error().message;
      logging::warning(lcAudio(), QStringLiteral("the file's speech will not play"), {{QStringLiteral("error"), o.notPlaying}});
    }
  }
  // Started here too (PortAudio's start takes tens of milliseconds on PulseAudio): the capture ring
  // holds what comes before the capture thread reads it, and frame 0 is still the first after start.
  if (o.capture)
    o.status = o.capture->start();
  if (o.status && o.playback)
    o.status = o.playback->start();
  return o;
}

Status SessionRunner::startFile(const SessionSource &source) {
  // Only a quick look here: decoding a long file is the feeder thread's work, not the caller's.
  const QFileInfo info(source.file);
  if (!info.exists())
    return makeError(ErrorKind::Input, QStringLiteral("input file %1 does not exist").arg(source.file));
  if (!info.isFile() || !info.isReadable())
    return makeError(ErrorKind::Input, QStringLiteral("input file %1 is not a readable file").arg(source.file));
  d->fileSegmenter = m_context.fileSegmenterParams();
  d->description = QStringLiteral("reading %1").arg(info.fileName());
  return Status::success();
}

Status SessionRunner::prepare(const SessionSource &source) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (m_running)
    return makeError(ErrorKind::Usage, QStringLiteral("a session is already running; stop it first"));
  // A fresh start: the objects of the last session go now, on this thread.
  d = std::make_unique<Impl>();
  d->source = source;
  m_cancelled = false;
  m_reopened = 0;
  m_historyProblem.clear();
  m_telemetry = std::make_unique<RunTelemetry>(m_context.config(), m_command);
  return source.kind == SessionSource::Kind::File ? startFile(source) : Status::success();
}

Status SessionRunner::start(const SessionSource &source) {
  if (Status s = prepare(source); !s)
    return s;
  return launch(open(m_context, m_command, source, !m_sharedStore, nullptr));
}

Status SessionRunner::startInBackground(const SessionSource &source) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (m_opener) // the last start's opening thread, long finished
    m_opener->wait();
  if (Status s = prepare(source); !s)
    return s;
  m_running = true; // Stop and Cancel act from now on
  const AppContext &context = m_context;
  m_opener = appThreads().thread(threadnames::kOpen, [this, &context, command = m_command, source,
                                                      openStore = !m_sharedStore, home = thread()] {
    auto opened = std::make_shared<Opened>(open(context, command, source, openStore, home));
    QMetaObject::invokeMethod(this, [this, opened] { onOpened(std::move(*opened)); }, Qt::QueuedConnection);
  });
  m_opener->start();
  return Status::success();
}

void SessionRunner::onOpened(Opened opened) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  m_opener->wait(); // its last act was to post this: returns at once
  const auto fail = [this](const Status &status) {
    m_running = false;
    Q_EMIT finished(status, m_cancelled);
  };
  if (m_cancelled)
    return fail(Status::success());
  if (!opened.status)
    return fail(opened.status);
  m_running = false; // launch() sets it again
  if (Status s = launch(std::move(opened)); !s)
    return fail(s);
  Q_EMIT started(d->description);
}

Status SessionRunner::launch(Opened opened) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (!opened.status)
    return opened.status;
  const bool devices = d->source.kind == SessionSource::Kind::Devices;
  const SessionSource &source = d->source;
  if (opened.previous)
    m_telemetry->setPreviousRun(*opened.previous);
  d->captureDevice = opened.captureDevice;
  d->capture = std::move(opened.capture);
  d->playback = std::move(opened.playback);
  d->notPlaying = opened.notPlaying;

  PipelineOptions options = m_context.pipelineOptions();
  options.synthesize = source.speak;
  options.streaming = devices && m_context.liveStreaming();
  options.profiler = m_telemetry->profiler();
  d->streaming = options.streaming;
  d->pipeline = std::make_unique<PipelineController>(appThreads(), m_context.engineFactories(), options);
  PipelineController &pipeline = *d->pipeline;
  m_telemetry->attach(pipeline, m_context.engineFallbacks());
  // A call's directions record into the session the caller began, in the store it keeps open.
  const bool joined = !m_callSession.isEmpty() && m_sharedStore;
  if (m_sharedStore) {
    d->store = m_sharedStore;
    if (!d->store->isSaving())
      m_historyProblem = QStringLiteral("the history database refuses writes");
  } else {
    d->ownStore = std::move(opened.store);
    d->store = d->ownStore.get();
    m_historyProblem = opened.storeProblem;
  }
  if (d->store) {
    if (joined)
      d->recorder = std::make_unique<SessionRecorder>(*d->store, m_callSession, m_callOrigin, m_direction);
    else
      d->recorder = std::make_unique<SessionRecorder>(
          *d->store,
          m_context.newSession(m_command, devices ? m_context.config().audio.inputDevice : QFileInfo(source.file).absoluteFilePath()),
          SteadyClock::now(), m_direction);
    d->recorder->attach(pipeline);
    d->recorder->attach(m_telemetry->memory());
    connect(d->store, &storage::SessionStore::failed, this, [this](const QString &message) {
      m_historyProblem = message;
      Q_EMIT historyChanged(message);
    });
    connect(d->store, &storage::SessionStore::resumed, this, [this] {
      m_historyProblem.clear();
      Q_EMIT historyChanged(QString());
    });
  }
  connect(&pipeline, &PipelineController::transcriptReady, this, &SessionRunner::transcriptReady);
  connect(&pipeline, &PipelineController::translationReady, this, &SessionRunner::translationReady);
  connect(&pipeline, &PipelineController::stageFailed, this, &SessionRunner::stageFailed);
  connect(&pipeline, &PipelineController::engineLoaded, this, &SessionRunner::engineLoaded);
  connect(&pipeline, &PipelineController::engineUnloaded, this, &SessionRunner::engineUnloaded);
  connect(&m_telemetry->memory(), &telemetry::MemoryMonitor::sampled, this, &SessionRunner::memorySampled);
  connect(&m_telemetry->memory(), &telemetry::MemoryMonitor::alert, this, &SessionRunner::memoryAlert);
  // Speech plays piece by piece (a sentence) as synthesis makes it; the finished segment then only
  // reports when its speech started.
  connect(&pipeline, &PipelineController::speechReady, this, [this](const SynthAudio &piece) {
    if (d->player && d->player->enqueuePiece(piece))
      d->streamedSegments.insert(piece.segmentId);
  });
  connect(&pipeline, &PipelineController::segmentFinished, this, [this](const SegmentResult &r) {
    Q_EMIT segmentFinished(r);
    if (d->player) {
      if (d->streamedSegments.remove(r.segmentId))
        d->player->enqueueStreamed(r);
      else
        d->player->enqueue(r);
    } else {
      Q_EMIT segmentDelivered(r);
    }
  });
  connect(&pipeline, &PipelineController::finished, this, &SessionRunner::onPipelineFinished);
  // The engines load on their stage threads (a model may take seconds) while this returns; an
  // engine that cannot be created ends the session with its error.
  connect(&pipeline, &PipelineController::started, this, [this](const Status &s) {
    if (s)
      return;
    d->failInput(s.error());
    d->stopInput = true;
    onPipelineFinished(); // the pipeline stopped without finished()
  });
  m_telemetry->start();
  pipeline.startAsync();
  d->origin = SteadyClock::now();
  m_running = true;
  return devices ? startCapture() : startFeeder();
}

Status SessionRunner::abortStart(const Status &why) {
  // The engines may still be loading: the session ends as any other does, without waiting here
  // (the stages stop, dm-close stops the devices), and finished() brings `why`.
  d->failInput(why.error());
  d->stopInput = true;
  d->pipeline->cancel();
  return Status::success();
}

void SessionRunner::stop() {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  d->stopInput = true;
}

void SessionRunner::cancel() {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (!m_running)
    return;
  m_cancelled = true;
  d->stopInput = true;
  if (d->pipeline)
    d->pipeline->cancel();
  if (d->player)
    d->player->cancel();
}

void SessionRunner::watchEnd(QThread &thread, bool &ended) {
  // Queued to the thread object (it lives here): a session's thread objects go with the session, and
  // a call still queued for them goes with them.
  connect(&thread, &QThread::finished, &thread, [this, &ended] {
    ended = true;
    endWhenThreadsReturn();
  }, Qt::QueuedConnection);
}

void SessionRunner::onPipelineFinished() {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (!m_running || d->ending)
    return;
  d->ending = true;
  // The speech still queued plays out on the playback thread (cancel() dropped it); nothing here
  // waits for it: each thread's finished() comes back to endWhenThreadsReturn().
  if (d->player)
    d->player->finish();
  endWhenThreadsReturn();
}

void SessionRunner::endWhenThreadsReturn() {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (!d->ending || d->endQueued)
    return;
  // A thread that runs and has not said finished() is still working; one that said it is in the
  // last lines of QThread's own code (wait() returns at once), one that does not run never started.
  const auto working = [](const std::unique_ptr<QThread> &t, bool ended) { return t && t->isRunning() && !ended; };
  if (working(d->inputThread, d->inputEnded) || working(d->playbackThread, d->playbackEnded))
    return;
  d->endQueued = true;
  d->waitForThreads();
  // After the deliveries the playback thread queued before it ended.
  QMetaObject::invokeMethod(this, [this] { endSession(); }, Qt::QueuedConnection);
}

void SessionRunner::endSession() {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (!m_running)
    return;
  m_telemetry->stop();
  const PipelineController::State state = d->pipeline->state();
  const std::optional<Error> inputError = d->inputFailure();
  const bool failed = state == PipelineController::State::Failed || inputError;
  if (d->recorder)
    d->recorder->finish(m_cancelled ? storage::SessionState::Cancelled
                        : failed    ? storage::SessionState::Failed
                                    : storage::SessionState::Finished,
                        m_telemetry->record(), inputError ? inputError->message : QString());
  const Status status = inputError ? Status(*inputError) : Status::success();
  // Stopping the devices (PortAudio waits for its buffers) and writing the run's profile (megabytes
  // after a long session) happen on a thread of their own; the streams stay with this session until
  // it has returned.
  if (m_closer)
    m_closer->wait();
  m_closer = appThreads().thread(threadnames::kClose, [this, capture = d->capture.get(), playback = d->playback.get(),
                                  files = std::make_shared<RunTelemetry::RunFiles>(m_telemetry->runFiles()), status] {
    if (capture)
      capture->stop();
    if (playback)
      playback->stop();
    Status result = status;
    if (Status s = files->exportProfile(); !s && result)
      result = s;
    if (Status s = files->save(); !s)
      logging::warning(lcTelemetry(), QStringLiteral("run profile not kept"), {{QStringLiteral("error"), s.error().message}});
    QMetaObject::invokeMethod(this, [this, result] { closed(result); }, Qt::QueuedConnection);
  });
  m_closer->start();
}

void SessionRunner::closed(const Status &status) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  m_closer->wait(); // its last act was to post this: returns at once
  const auto done = [this, status] {
    m_running = false;
    Q_EMIT finished(status, m_cancelled);
  };
  if (!d->store) {
    done();
    return;
  }
  // finished() once the history has the session's end on disk, so a reader sees how it ended. A
  // store of the session's own is closed as well (on its thread): it goes with the session later
  // without blocking whoever ends it.
  if (d->ownStore)
    d->ownStore->closeThen(this, done);
  else
    d->store->flushThen(this, [done](const Status &) { done(); });
}

} // namespace dragoman
