// dragoman bench capture: the capture path alone (ring, resampler, echo gate, VAD, segmenter) on a
// real input device, with its own thread's CPU time and the delay from the end of speech to the
// segment leaving the segmenter.
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/context/appthreads.h"
#include "core/common/threadhost.h"
#include "core/common/threadnames.h"
#include "app/headless/asrbench.h"
#include "app/headless/headless.h"
#include "app/headless/mtbench.h"
#include "app/headless/ttsbench.h"
#include "core/audio/capturestream.h"
#include "core/audio/captureworker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace dragoman::headless {
namespace {

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty())
    return -1.0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, std::size_t(p * double(v.size() - 1) + 0.5))];
}

} // namespace

int runBench(const cli::Invocation &inv) {
  if (inv.positional.value(0) == QLatin1String("asr"))
    return runAsrBench(inv);
  if (inv.positional.value(0) == QLatin1String("mt"))
    return runMtBench(inv);
  if (inv.positional.value(0) == QLatin1String("tts"))
    return runTtsBench(inv);
  if (inv.positional.value(0) == QLatin1String("call"))
    return runCallBench(inv);
  if (inv.positional.value(0) == QLatin1String("live"))
    return runLiveBench(inv);
  if (inv.positional.value(0) == QLatin1String("make-model")) {
    const QString kind = inv.value(QStringLiteral("kind"), QStringLiteral("whisper"));
    if (kind == QLatin1String("mt"))
      return runMtMakeModel(inv);
    if (kind == QLatin1String("tts"))
      return runTtsMakeModel(inv);
    if (kind != QLatin1String("whisper"))
      return reportError(makeError(ErrorKind::Usage, QStringLiteral("unknown --kind '%1'; known: whisper, mt, tts").arg(kind)));
    return runMakeModel(inv);
  }
  if (inv.positional.value(0) != QLatin1String("capture"))
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("unknown benchmark '%1'; available: capture, asr, mt, tts, call, make-model")
                                                       .arg(inv.positional.value(0))));
  bool ok = true;
  const double seconds = inv.values.contains(QStringLiteral("duration"))
                             ? inv.value(QStringLiteral("duration")).toDouble(&ok)
                             : 60.0;
  if (!ok || seconds <= 0.0)
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("--duration needs a number of seconds above 0")));
  QStringList overrides;
  if (inv.values.contains(QStringLiteral("input-device")))
    overrides << QStringLiteral("audio.input_device=") + inv.value(QStringLiteral("input-device"));
  Result<std::unique_ptr<AppContext>> context = AppContext::create(inv.global, overrides);
  if (!context)
    return reportError(context.error());
  const config::Config &c = (*context)->config();

  Result<std::unique_ptr<audio::CaptureStream>> capture = audio::CaptureStream::open(
      audio::StreamParams{c.audio.inputDevice, c.audio.sampleRate});
  if (!capture)
    return reportError(capture.error());
  const audio::CaptureWorkerParams params = (*context)->captureParams();
  std::mutex mutex;
  std::vector<double> latencies; // ms from the segment's last captured sample to its emission
  Result<std::unique_ptr<audio::CaptureWorker>> worker =
      audio::CaptureWorker::create(**capture, nullptr, params, [&](AudioSegment s) {
        const double ms = millisBetween(s.times.captureEnd, SteadyClock::now());
        std::lock_guard lock(mutex);
        latencies.push_back(ms);
      });
  if (!worker)
    return reportError(worker.error());

  std::atomic_bool stop{false};
  double cpu = 0.0;
  Status status = Status::success();
  std::unique_ptr<QThread> thread = appThreads().thread(threadnames::kCapture, [&] {
    const double before = threadCpuSeconds();
    status = (*worker)->run(stop);
    cpu = threadCpuSeconds() - before;
  });
  if (Status s = (*capture)->start(); !s)
    return reportError(s.error());
  const TimePoint started = SteadyClock::now();
  thread->start();
  QThread::msleep(static_cast<unsigned long>(seconds * 1000.0));
  stop = true;
  thread->wait();
  const double wall = millisBetween(started, SteadyClock::now()) / 1000.0;
  (*capture)->stop();
  if (!status)
    return reportError(status.error());

  const double audioSeconds = double((*worker)->framesProcessed()) / (*capture)->sampleRate();
  QJsonObject result{{QStringLiteral("device"), (*capture)->deviceName()},
                     {QStringLiteral("sample_rate"), (*capture)->sampleRate()},
                     {QStringLiteral("wall_seconds"), wall},
                     {QStringLiteral("audio_seconds"), audioSeconds},
                     {QStringLiteral("overruns"), qint64((*capture)->overruns())},
                     {QStringLiteral("segments"), qint64(latencies.size())},
                     {QStringLiteral("capture_thread_cpu_seconds"), cpu},
                     {QStringLiteral("capture_thread_cpu_percent"), wall > 0 ? 100.0 * cpu / wall : 0.0},
                     {QStringLiteral("segment_latency_ms_p50"), percentile(latencies, 0.5)},
                     {QStringLiteral("segment_latency_ms_p95"), percentile(latencies, 0.95)},
                     {QStringLiteral("segment_latency_ms_max"), percentile(latencies, 1.0)}};
  if (inv.flag(QStringLiteral("json"))) {
    std::fputs(QJsonDocument(result).toJson(QJsonDocument::Indented).constData(), stdout);
  } else {
    for (auto it = result.begin(); it != result.end(); ++it)
      std::printf("%-30s %s\n", qUtf8Printable(it.key()),
                  qUtf8Printable(it.value().isString() ? it.value().toString() : QString::number(it.value().toDouble())));
  }
  return cli::ExitOk;
}

} // namespace dragoman::headless
