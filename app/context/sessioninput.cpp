// SessionRunner's input and output threads: the capture loop (with the reopening of a lost
// device), the file feeder, the player.
#include "app/context/appcontext.h"
#include "app/context/appthreads.h"
#include "app/context/sessionrunnerimpl.h"
#include "core/audio/audiofile.h"
#include "core/audio/pulsedevices.h"
#include "core/audio/resampler.h"
#include "core/common/logcategories.h"
#include "core/common/logging.h"
#include "core/common/threadhost.h"
#include "core/common/threadnames.h"

namespace dragoman {

namespace {
// A file that plays its speech is read at most this far ahead of what has been played.
constexpr double kFileSpeechAheadSeconds = 60.0;
} // namespace

Status SessionRunner::startCapture() {
  PipelineController &pipeline = *d->pipeline;
  audio::CaptureWorkerParams params = m_context.captureParams();
  if (d->streaming) {
    // The utterance so far, every second; the streaming policy cuts its own buffer, so long
    // segments need no overlap (it would be recognised twice).
    params.partialIntervalMs = 1000;
    params.segmenter.overlapMs = 0;
  }
  audio::PlaybackStream *heard = m_echoSource && m_echoSource->d->playback ? m_echoSource->d->playback.get() : d->playback.get();
  Result<std::unique_ptr<audio::CaptureWorker>> worker = audio::CaptureWorker::create(
      *d->capture, heard, params, [&pipeline](AudioSegment s) { pipeline.submit(std::move(s)); });
  if (!worker)
    return abortStart(worker.error());
  d->worker = std::move(worker).value();
  d->worker->setMuted(m_muted.load());
  // A PulseAudio source that goes away has its recordings moved to the default source: a call's
  // audio would become my microphone. Such a move counts as the device lost (then reopened by name).
  if (const QString device = m_context.config().audio.inputDevice; device.startsWith(QLatin1String("pulse:")))
    d->worker->setDeviceCheck([source = device.mid(6)] {
      const Result<bool> recording = audio::recordingFrom(source);
      return recording && !*recording ? QStringLiteral("the PulseAudio source %1 is gone (its recording was moved to "
                                                       "another source)").arg(source)
                                      : QString();
    });
  makePlayer();

  // A capture device that fails or goes silent is reopened, every half second, until it is back or
  // the session stops; segments and stream positions go on where they were.
  d->inputThread = appThreads().thread(threadnames::kCapture, [this] {
    Impl &s = *d;
    for (;;) {
      const Status run = s.worker->run(s.stopInput);
      if (run.ok() || s.stopInput.load())
        break;
      const QString lost = QStringLiteral("capture device %1 lost (%2); reopening it").arg(s.capture->deviceName(), run.error().message);
      logging::warning(lcAudio(), QStringLiteral("capture device lost; reopening it"),
                       {{QStringLiteral("device"), s.capture->deviceName()}, {QStringLiteral("error"), run.error().message}});
      QMetaObject::invokeMethod(this, [this, lost] { Q_EMIT deviceLost(lost); }, Qt::QueuedConnection);
      // Nothing more from it: a stream moved to another source would go on recording that source,
      // and the end of the session drains what is left in its ring.
      s.capture->stop();
      while (!s.stopInput.load()) {
        QThread::msleep(500);
        Result<std::unique_ptr<audio::CaptureStream>> again = audio::CaptureStream::open(s.captureDevice);
        if (!again || !(*again)->start().ok())
          continue;
        if (!s.worker->checkDevice().isEmpty()) { // opened, but not on the device named
          (*again)->stop();
          continue;
        }
        if (!s.worker->reattach(**again).ok())
          continue;
        s.capture->stop();
        s.capture = std::move(again).value();
        ++m_reopened;
        const QString name = s.capture->deviceName();
        logging::info(lcAudio(), QStringLiteral("capture device reopened"), {{QStringLiteral("device"), name}});
        QMetaObject::invokeMethod(this, [this, name] { Q_EMIT deviceBack(name); }, Qt::QueuedConnection);
        break;
      }
    }
    s.pipeline->finishInput();
  });
  watchEnd(*d->inputThread, d->inputEnded);
  m_telemetry->watchCapture([w = d->worker.get()] { return RunTelemetry::CaptureCounters{w->overruns(), w->gatedFrames()}; });
  d->description = QStringLiteral("capturing from %1 at %2 Hz").arg(d->capture->deviceName()).arg(d->capture->sampleRate());
  if (d->worker->echoCancelling()) {
    d->description += QStringLiteral(", cancelling echo");
  } else if (!d->worker->echoProblem().isEmpty()) {
    logging::warning(lcAudio(), QStringLiteral("the echo canceller cannot run; the echo gate is used instead"),
                     {{QStringLiteral("error"), d->worker->echoProblem()}});
    d->description += QStringLiteral(", echo gate (the echo canceller cannot run: %1)").arg(d->worker->echoProblem());
  }
  startThreads();
  return Status::success();
}

void SessionRunner::makePlayer() {
  if (!d->playback)
    return;
  d->player = std::make_unique<audio::PlaybackWorker>(*d->playback, [this](const SegmentResult &r) {
    QMetaObject::invokeMethod(this, [this, r] { Q_EMIT segmentDelivered(r); }, Qt::QueuedConnection);
  });
  d->player->setSilent(m_silent);
  d->player->setCatchUp(m_context.config().tts.catchUpRate);
  d->player->setMaxWait(m_speechMaxWait);
  if (d->worker) // the capture worker outlives the session's threads
    d->player->setMoreComing([worker = d->worker.get()] { return worker->speechOpen(); });
  d->playbackThread = appThreads().thread(threadnames::kPlayback, [player = d->player.get()] { player->run(); });
  watchEnd(*d->playbackThread, d->playbackEnded);
}

void SessionRunner::startThreads() {
  if (d->playback)
    d->description += QStringLiteral(", speaking to %1").arg(d->playback->deviceName());
  else if (!d->notPlaying.isEmpty())
    d->description += QStringLiteral(", not speaking aloud: %1").arg(d->notPlaying);
  d->inputThread->start();
  if (d->playbackThread)
    d->playbackThread->start();
}

Status SessionRunner::startFeeder() {
  // Decodes, resamples and cuts the file, then feeds it; submit() waits while the first queue is full.
  d->inputThread = appThreads().thread(threadnames::kFileInput, [this] {
    Impl &s = *d;
    audio::FileInfo info;
    Result<AudioBuffer> audio = audio::readAudioFile(s.source.file, &info);
    Result<AudioBuffer> mono16k = audio ? audio::resample(*audio, 16000) : Result<AudioBuffer>(audio.error());
    if (!mono16k) {
      s.failInput(mono16k.error());
      s.pipeline->finishInput();
      return;
    }
    std::vector<AudioSegment> segments = audio::cutSegments(*mono16k, audio::findSpeech(*mono16k, s.fileSegmenter));
    s.fileSegments = segments.size();
    qCInfo(lcAudio, "%s: %s, %d Hz, %.2f s, %zu speech segment(s)", qUtf8Printable(s.source.file), qUtf8Printable(info.format),
           info.sampleRate, audio->durationSeconds(), segments.size());
    for (AudioSegment &segment : segments) {
      // Played as it goes: the file is read ahead of its speech by at most this much.
      while (s.player && !s.stopInput.load() && s.player->queuedSeconds() > kFileSpeechAheadSeconds)
        QThread::msleep(50);
      if (s.source.realTime) {
        const TimePoint due = s.origin + std::chrono::duration_cast<SteadyClock::duration>(
                                             std::chrono::duration<double>(segment.endSeconds));
        while (!s.stopInput.load() && SteadyClock::now() < due)
          QThread::msleep(20);
      }
      if (s.stopInput.load() || !s.pipeline->submit(std::move(segment)))
        break;
    }
    s.pipeline->finishInput();
  });
  watchEnd(*d->inputThread, d->inputEnded);
  makePlayer();
  startThreads();
  return Status::success();
}

} // namespace dragoman
