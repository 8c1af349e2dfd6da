#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/context/appthreads.h"
#include "core/common/threadhost.h"
#include "core/common/threadnames.h"
#include "app/context/runtelemetry.h"
#include "app/context/sessionrecorder.h"
#include "app/headless/captions.h"
#include "app/headless/headless.h"
#include "app/headless/signalwatcher.h"
#include "app/headless/transcriptwriters.h"
#include "core/audio/audiofile.h"
#include "core/audio/filesegmenter.h"
#include "core/audio/resampler.h"
#include "core/common/logcategories.h"
#include "core/common/logging.h"
#include "core/storage/sessionstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QThread>

#include <cstdio>
#include <optional>

namespace dragoman::headless {
namespace {

constexpr int kRecognitionRate = 16000;

Status checkOutputPath(const QString &path, const QString &input) {
  if (path.isEmpty())
    return Status::success();
  const QFileInfo out(path);
  if (out.absoluteFilePath() == QFileInfo(input).absoluteFilePath())
    return makeError(ErrorKind::Usage, QStringLiteral("output %1 would overwrite the input").arg(path));
  if (out.isDir())
    return makeError(ErrorKind::Output, QStringLiteral("output %1 is a folder; give a file name").arg(path));
  const QFileInfo dir(out.absolutePath());
  if (!dir.isDir())
    return makeError(ErrorKind::Output, QStringLiteral("cannot write %1: folder %2 does not exist")
                                            .arg(path, out.absolutePath()));
  if (!dir.isWritable())
    return makeError(ErrorKind::Output, QStringLiteral("cannot write %1: folder %2 is not writable")
                                            .arg(path, out.absolutePath()));
  return Status::success();
}

// Runs the segments through the pipeline; returns them in order, or the first error.
Result<QList<SegmentResult>> runPipeline(const AppContext &context, std::vector<AudioSegment> segments,
                                         bool synthesize, bool print, RunTelemetry &telemetry, SessionRecorder *recorder) {
  PipelineOptions options = context.pipelineOptions();
  options.synthesize = synthesize;
  options.profiler = telemetry.profiler();
  PipelineController pipeline(appThreads(), context.engineFactories(), options);
  telemetry.attach(pipeline, context.engineFallbacks());
  if (recorder)
    recorder->attach(pipeline);
  if (Status s = pipeline.start(); !s)
    return s.error();

  QList<SegmentResult> results;
  std::optional<Error> failure;
  QEventLoop loop;
  SignalWatcher signals;
  QObject::connect(&pipeline, &PipelineController::segmentFinished, &loop, [&](const SegmentResult &r) {
    results.append(r);
    if (print && r.error.isEmpty())
      printCaption(r);
  });
  QObject::connect(&pipeline, &PipelineController::stageFailed, &loop, [&](const PipelineError &e) {
    if (!failure)
      failure = makeError(ErrorKind::Internal, QStringLiteral("segment %1: %2 failed: %3; no output written")
                                                   .arg(e.segmentId)
                                                   .arg(stageName(e.stage), e.message));
    pipeline.cancel();
  });
  QObject::connect(&signals, &SignalWatcher::signalled, &loop, [&](int number) {
    if (!failure)
      failure = makeError(ErrorKind::Cancelled, QStringLiteral("interrupted by signal %1; no output written").arg(number));
    pipeline.cancel();
  });
  QObject::connect(&pipeline, &PipelineController::finished, &loop, &QEventLoop::quit);

  // Feed from a thread of its own: submit() waits while the first queue is full.
  std::unique_ptr<QThread> feeder = appThreads().thread(threadnames::kFileInput, [&pipeline, &segments] {
    for (AudioSegment &s : segments)
      if (!pipeline.submit(std::move(s)))
        break;
    pipeline.finishInput();
  });
  feeder->start();
  loop.exec();
  feeder->wait();
  pipeline.wait();
  if (failure)
    return *failure;
  return results;
}

} // namespace

int runTranslate(const cli::Invocation &inv) {
  if (inv.positional.size() != 1)
    return reportError(makeError(ErrorKind::Usage, inv.positional.isEmpty()
                                                       ? QStringLiteral("translate needs an INPUT audio file")
                                                       : QStringLiteral("translate takes one INPUT file")));
  const QString input = inv.positional.first();
  const QString wavOut = inv.value(QStringLiteral("output"));
  const QString jsonOut = inv.value(QStringLiteral("json"));
  const QString srtOut = inv.value(QStringLiteral("srt"));
  for (const QString &out : {wavOut, jsonOut, srtOut})
    if (Status s = checkOutputPath(out, input); !s)
      return reportError(s.error());

  Result<std::unique_ptr<AppContext>> made = AppContext::create(inv.global, engineOverrides(inv));
  if (!made)
    return reportError(made.error());
  const AppContext &context = **made;
  const bool synthesize = !wavOut.isEmpty();
  RunTelemetry runStats(context.config(), QStringLiteral("translate"));
  std::optional<telemetry::RunRecord> previous = context.lastRun(QStringLiteral("translate"));
  if (!previous)
    previous = RunTelemetry::readLastRun(QStringLiteral("translate"));
  if (previous)
    runStats.setPreviousRun(*previous);
  std::optional<telemetry::Profiler::ThreadScope> profiled;
  if (runStats.profiler())
    profiled.emplace(*runStats.profiler(), "main");
  runStats.start();
  audio::FileInfo info;
  Result<AudioBuffer> audio = [&] {
    DRAGOMAN_PROFILE_SCOPE("io.read_audio");
    return audio::readAudioFile(input, &info);
  }();
  if (!audio)
    return reportError(audio.error());
  qCInfo(lcAudio, "%s: %s, %d Hz, %d channel(s), %.2f s", qUtf8Printable(input), qUtf8Printable(info.format),
         info.sampleRate, info.channels, audio->durationSeconds());
  const SynthParams tts = context.synthParams();
  if (Status s = context.engines().checkJob(context.asrParams(), context.translatorParams(), synthesize ? &tts : nullptr);
      !s)
    return reportError(s.error());

  Result<AudioBuffer> mono16k = audio::resample(*audio, kRecognitionRate);
  if (!mono16k)
    return reportError(mono16k.error());

  const auto ranges = audio::findSpeech(*mono16k, context.fileSegmenterParams());
  std::vector<AudioSegment> segments = audio::cutSegments(*mono16k, ranges);
  qCInfo(lcPipeline, "%zu speech segment(s) found", segments.size());

  const bool print = !inv.flag(QStringLiteral("quiet"));
  // The history: the session begins with the work on it, and ends with how the work ended.
  std::unique_ptr<storage::SessionStore> store = context.openSessionStore();
  std::optional<SessionRecorder> recorder;
  if (store) {
    recorder.emplace(*store, context.newSession(QStringLiteral("translate"), QFileInfo(input).absoluteFilePath()),
                     SteadyClock::now());
    recorder->attach(runStats.memory());
  }
  Result<QList<SegmentResult>> results =
      runPipeline(context, std::move(segments), synthesize, print, runStats, recorder ? &*recorder : nullptr);
  runStats.stop();
  if (recorder) {
    const storage::SessionState state = results ? storage::SessionState::Finished
                                        : results.error().kind == ErrorKind::Cancelled ? storage::SessionState::Cancelled
                                                                                       : storage::SessionState::Failed;
    recorder->finish(state, runStats.record(), results ? QString() : results.error().message);
  }
  if (inv.flag(QStringLiteral("stats")))
    std::fprintf(stderr, "%s\n", qUtf8Printable(runStats.summary()));
  runStats.logFindings();
  if (Status s = runStats.saveRun(); !s)
    logging::warning(lcTelemetry(), QStringLiteral("run profile not kept"), {{QStringLiteral("error"), s.error().message}});
  const Status exported = runStats.exportOnExit();
  if (!results)
    return reportError(results.error());
  if (!exported)
    return reportError(exported.error());

  TranslationJob job{input,
                     mono16k->durationSeconds(),
                     context.config().translation.sourceLanguage,
                     context.config().translation.targetLanguage,
                     context.config().asr.engine,
                     context.config().translation.engine,
                     synthesize ? context.config().tts.engine : QString(),
                     *results};
  if (results->isEmpty() && print)
    std::printf("no speech found in %s\n", qUtf8Printable(input));

  DRAGOMAN_PROFILE_SCOPE("io.write_outputs");
  if (synthesize) {
    Result<AudioBuffer> track = assembleSpeechTrack(job.segments);
    if (!track)
      return reportError(track.error());
    if (Status s = audio::writeWavFile(wavOut, *track); !s)
      return reportError(s.error());
  }
  if (!jsonOut.isEmpty())
    if (Status s = writeTextFileAtomically(jsonOut, QJsonDocument(jobToJson(job)).toJson(QJsonDocument::Indented));
        !s)
      return reportError(s.error());
  if (!srtOut.isEmpty())
    if (Status s = writeTextFileAtomically(srtOut, jobToSrt(job).toUtf8()); !s)
      return reportError(s.error());
  return cli::ExitOk;
}

} // namespace dragoman::headless
