// dragoman live: capture → ASR → MT → TTS → playback, continuously, until a signal or --duration.
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/context/runtelemetry.h"
#include "app/context/sessionrecorder.h"
#include "app/headless/captions.h"
#include "app/headless/headless.h"
#include "app/headless/signalwatcher.h"
#include "core/audio/captureworker.h"
#include "core/audio/capturestream.h"
#include "core/audio/playbackstream.h"
#include "core/audio/playbackworker.h"
#include "core/audio/virtualmic.h"
#include "core/common/logcategories.h"
#include "core/common/logging.h"
#include "core/storage/sessionstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <optional>

namespace dragoman::headless {
namespace {

Result<double> parseDuration(const cli::Invocation &inv) {
  if (!inv.values.contains(QStringLiteral("duration")))
    return 0.0;
  bool ok = false;
  const double seconds = inv.value(QStringLiteral("duration")).toDouble(&ok);
  if (!ok || seconds <= 0.0 || seconds > 7 * 24 * 3600.0)
    return makeError(ErrorKind::Usage, QStringLiteral("--duration needs a number of seconds above 0, got '%1'")
                                           .arg(inv.value(QStringLiteral("duration"))));
  return seconds;
}

QStringList liveOverrides(const cli::Invocation &inv) {
  QStringList out = engineOverrides(inv);
  if (inv.values.contains(QStringLiteral("input-device")))
    out << QStringLiteral("audio.input_device=") + inv.value(QStringLiteral("input-device"));
  if (inv.values.contains(QStringLiteral("output-device")))
    out << QStringLiteral("audio.output_device=") + inv.value(QStringLiteral("output-device"));
  return out;
}

// Appends one JSON line per segment and flushes it at once: a crash loses no finished line.
class CaptionLog {
public:
  Status open(const QString &path) {
    if (path.isEmpty())
      return Status::success();
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
      return makeError(ErrorKind::Output, QStringLiteral("cannot write captions to %1: %2").arg(path, m_file.errorString()));
    return Status::success();
  }
  void write(const SegmentResult &r, TimePoint origin) {
    if (!m_file.isOpen())
      return;
    const QByteArray line = QJsonDocument(captionJson(r, origin)).toJson(QJsonDocument::Compact) + '\n';
    if (m_file.write(line) != line.size() || !m_file.flush())
      qCWarning(lcApp, "cannot write captions to %s: %s", qUtf8Printable(m_file.fileName()),
                qUtf8Printable(m_file.errorString()));
  }

private:
  QFile m_file;
};

} // namespace

int runLive(const cli::Invocation &inv) {
  Result<double> duration = parseDuration(inv);
  if (!duration)
    return reportError(duration.error());
  Result<std::unique_ptr<AppContext>> made = AppContext::create(inv.global, liveOverrides(inv));
  if (!made)
    return reportError(made.error());
  const AppContext &context = **made;
  const config::Config &config = context.config();
  const bool speak = !inv.flag(QStringLiteral("no-speak"));
  const bool print = !inv.flag(QStringLiteral("quiet"));
  const SynthParams tts = context.synthParams();
  if (Status s = context.engines().checkJob(context.asrParams(), context.translatorParams(), speak ? &tts : nullptr); !s)
    return reportError(s.error());

  CaptionLog captions;
  if (Status s = captions.open(inv.value(QStringLiteral("captions"))); !s)
    return reportError(s.error());

  const audio::StreamParams captureParamsForDevice{audio::resolvePulseDevice(config.audio.inputDevice, true),
                                                   config.audio.sampleRate};
  Result<std::unique_ptr<audio::CaptureStream>> opened = audio::CaptureStream::open(captureParamsForDevice);
  if (!opened)
    return reportError(opened.error());
  std::unique_ptr<audio::CaptureStream> capture = std::move(opened).value();
  std::unique_ptr<audio::PlaybackStream> playback;
  if (speak) {
    Result<std::unique_ptr<audio::PlaybackStream>> output =
        audio::PlaybackStream::open(audio::StreamParams{audio::resolvePulseDevice(config.audio.outputDevice, false), 0});
    if (!output)
      return reportError(output.error());
    playback = std::move(output).value();
    playback->setVolume(float(config.audio.volume));
  }

  PipelineOptions options = context.pipelineOptions();
  options.synthesize = speak;
  options.streaming = context.liveStreaming();
  audio::CaptureWorkerParams captureParams = context.captureParams();
  if (options.streaming) {
    // The utterance so far, every second; the streaming policy cuts its own buffer, so long
    // segments need no overlap (it would be recognised twice).
    captureParams.partialIntervalMs = 1000;
    captureParams.segmenter.overlapMs = 0;
  }
  RunTelemetry runStats(config, QStringLiteral("live"));
  if (std::optional<telemetry::RunRecord> previous = context.lastRun(QStringLiteral("live")))
    runStats.setPreviousRun(*previous);
  options.profiler = runStats.profiler();
  PipelineController pipeline(context.engineFactories(), options);
  runStats.attach(pipeline, context.engineFallbacks());
  // The history: every finished segment is on disk within storage.flush_interval_ms.
  std::unique_ptr<storage::SessionStore> store = context.openSessionStore();
  std::optional<SessionRecorder> recorder;
  if (store) {
    recorder.emplace(*store, context.newSession(QStringLiteral("live"), config.audio.inputDevice), SteadyClock::now());
    recorder->attach(pipeline);
    recorder->attach(runStats.memory());
  }
  runStats.start();
  if (Status s = pipeline.start(); !s)
    return reportError(s.error());

  const TimePoint origin = SteadyClock::now();
  QEventLoop loop;
  std::atomic_bool stopCapture{false};
  Result<std::unique_ptr<audio::CaptureWorker>> worker = audio::CaptureWorker::create(
      *capture, playback.get(), captureParams, [&pipeline](AudioSegment s) { pipeline.submit(std::move(s)); });
  if (!worker)
    return reportError(worker.error());

  std::unique_ptr<audio::PlaybackWorker> player;
  if (playback)
    player = std::make_unique<audio::PlaybackWorker>(*playback, [&](const SegmentResult &r) {
      QMetaObject::invokeMethod(&loop, [&captions, r, origin] { captions.write(r, origin); }, Qt::QueuedConnection);
    });

  QObject::connect(&pipeline, &PipelineController::segmentFinished, &loop, [&](const SegmentResult &r) {
    if (print && r.error.isEmpty())
      printCaption(r);
    if (player)
      player->enqueue(r);
    else
      captions.write(r, origin);
  });
  QObject::connect(&pipeline, &PipelineController::stageFailed, &loop, [](const PipelineError &e) {
    logging::warning(lcPipeline(), QStringLiteral("segment dropped"),
                     {{QStringLiteral("segment"), e.segmentId}, {QStringLiteral("stage"), stageName(e.stage)},
                      {QStringLiteral("error"), e.message}});
  });

  // Orderly end: stop capturing (the open segment is flushed), let the stages drain, let the
  // last sentence play. A second signal cancels whatever is left.
  int signals = 0;
  SignalWatcher watcher;
  QObject::connect(&watcher, &SignalWatcher::signalled, &loop, [&](int) {
    if (++signals == 1) {
      qCInfo(lcApp, "stopping: finishing the segments already captured (signal again to drop them)");
      stopCapture = true;
    } else {
      pipeline.cancel();
      if (player)
        player->cancel();
    }
  });
  if (*duration > 0.0)
    QTimer::singleShot(int(*duration * 1000.0), &loop, [&] { stopCapture = true; });
  const bool stats = inv.flag(QStringLiteral("stats"));
  QTimer statsTimer;
  if (stats) {
    QObject::connect(&statsTimer, &QTimer::timeout, &loop,
                     [&] { std::fprintf(stderr, "stats  %s\n", qUtf8Printable(runStats.statsLine())); });
    statsTimer.start(config.profiling.statsIntervalSeconds * 1000);
  }

  // A capture device that fails or goes silent is reopened, every half second, until it is back or
  // the session stops; segments and stream positions go on where they were.
  int reopened = 0;
  std::unique_ptr<QThread> captureThread(QThread::create([&] {
    for (;;) {
      const Status s = (*worker)->run(stopCapture);
      if (s.ok() || stopCapture.load())
        break;
      logging::warning(lcAudio(), QStringLiteral("capture device lost; reopening it"),
                       {{QStringLiteral("device"), capture->deviceName()}, {QStringLiteral("error"), s.error().message}});
      while (!stopCapture.load()) {
        QThread::msleep(500);
        Result<std::unique_ptr<audio::CaptureStream>> again = audio::CaptureStream::open(captureParamsForDevice);
        if (!again || !(*again)->start().ok() || !(*worker)->reattach(**again).ok())
          continue;
        capture->stop();
        capture = std::move(again).value();
        ++reopened;
        logging::info(lcAudio(), QStringLiteral("capture device reopened"),
                      {{QStringLiteral("device"), capture->deviceName()}});
        break;
      }
    }
    pipeline.finishInput();
  }));
  captureThread->setObjectName(QStringLiteral("dragoman-capture"));
  runStats.watchCapture([w = worker->get()] { return RunTelemetry::CaptureCounters{w->overruns(), w->gatedFrames()}; });
  std::unique_ptr<QThread> playbackThread;
  if (player) {
    playbackThread.reset(QThread::create([&] { player->run(); }));
    playbackThread->setObjectName(QStringLiteral("dragoman-playback"));
  }
  QObject::connect(&pipeline, &PipelineController::finished, &loop, [&] {
    if (player)
      player->finish();
    if (playbackThread)
      playbackThread->wait();
    loop.quit();
  });

  if (Status s = capture->start(); !s) {
    pipeline.cancel();
    return reportError(s.error());
  }
  if (playback)
    if (Status s = playback->start(); !s) {
      pipeline.cancel();
      return reportError(s.error());
    }
  qCInfo(lcApp, "live: %s → %s, capturing from %s at %d Hz%s", qUtf8Printable(config.translation.sourceLanguage),
         qUtf8Printable(config.translation.targetLanguage), qUtf8Printable(capture->deviceName()),
         capture->sampleRate(),
         playback ? qUtf8Printable(QStringLiteral(", speaking to %1").arg(playback->deviceName())) : "");
  captureThread->start();
  if (playbackThread)
    playbackThread->start();
  loop.exec();
  captureThread->wait();
  pipeline.wait();
  if (playbackThread)
    playbackThread->wait();
  QCoreApplication::processEvents(); // the last caption lines queued by the playback thread
  capture->stop();
  if (playback)
    playback->stop();
  statsTimer.stop();
  runStats.stop();
  if (stats)
    std::fprintf(stderr, "%s\n", qUtf8Printable(runStats.summary()));
  runStats.logFindings();
  if (recorder)
    recorder->finish(storage::SessionState::Finished, runStats.record());
  if (Status s = runStats.exportOnExit(); !s)
    reportError(s.error());
  if (Status s = runStats.saveRun(); !s)
    logging::warning(lcTelemetry(), QStringLiteral("run profile not kept"), {{QStringLiteral("error"), s.error().message}});

  logging::info(lcApp(), QStringLiteral("live session ended"),
                {{QStringLiteral("segments"), (*worker)->segments()},
                 {QStringLiteral("seconds"), millisBetween(origin, SteadyClock::now()) / 1000.0},
                 {QStringLiteral("overruns"), (*worker)->overruns()},
                 {QStringLiteral("gated_frames"), (*worker)->gatedFrames()},
                 {QStringLiteral("reopened"), reopened},
                 {QStringLiteral("streaming"), options.streaming},
                 {QStringLiteral("partial_retractions"), pipeline.retractions()},
                 {QStringLiteral("underruns"), playback ? playback->underruns() : 0}});
  return signals > 1 ? int(cli::ExitInterrupted) : int(cli::ExitOk);
}

} // namespace dragoman::headless
