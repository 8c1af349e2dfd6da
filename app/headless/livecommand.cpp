// dragoman live: capture → ASR → MT → TTS → playback, continuously, until a signal or --duration.
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/context/runtelemetry.h"
#include "app/context/sessionrunner.h"
#include "app/headless/apihost.h"
#include "app/headless/captions.h"
#include "app/headless/headless.h"
#include "app/headless/signalwatcher.h"
#include "core/common/logcategories.h"
#include "core/common/logging.h"
#include "core/server/server.h"

#include <QEventLoop>
#include <QTimer>

#include <cstdio>

namespace dragoman::headless {
namespace {

QStringList liveOverrides(const cli::Invocation &inv) {
  QStringList out = engineOverrides(inv);
  if (inv.values.contains(QStringLiteral("input-device")))
    out << QStringLiteral("audio.input_device=") + inv.value(QStringLiteral("input-device"));
  if (inv.values.contains(QStringLiteral("output-device")))
    out << QStringLiteral("audio.output_device=") + inv.value(QStringLiteral("output-device"));
  return out + serveOverrides(inv);
}

} // namespace

int runLive(const cli::Invocation &inv) {
  Result<double> duration = durationOption(inv);
  if (!duration)
    return reportError(duration.error());
  Result<std::unique_ptr<AppContext>> made = AppContext::create(inv.global, liveOverrides(inv));
  if (!made)
    return reportError(made.error());
  const AppContext &context = **made;
  const config::Config &config = context.config();
  const bool print = !inv.flag(QStringLiteral("quiet"));

  CaptionLog captions;
  if (Status s = captions.open(inv.value(QStringLiteral("captions"))); !s)
    return reportError(s.error());

  SessionRunner session(context, QStringLiteral("live"));
  // --serve: the API reports this session and streams its captions; it is set up before the
  // session starts so that no caption is missed, and a port that cannot be bound stops the run.
  std::unique_ptr<ApiHost> api;
  if (inv.flag(QStringLiteral("serve")) || config.server.enabled) {
    api = std::make_unique<ApiHost>(context);
    api->attachSession(&session);
    if (Status s = api->start(); !s)
      return reportError(s.error());
    std::printf("serving on %s://%s\n", api->server().tls() ? "https" : "http", qUtf8Printable(api->server().address()));
    std::fflush(stdout);
  }
  SessionSource source;
  source.kind = SessionSource::Kind::Devices;
  source.speak = !inv.flag(QStringLiteral("no-speak"));
  // Caption times count from before the capture opens: a segment's pre-roll may hold frames
  // captured while start() was still returning.
  const TimePoint origin = SteadyClock::now();
  if (Status s = session.start(source); !s)
    return reportError(s.error());

  QEventLoop loop;
  QObject::connect(&session, &SessionRunner::segmentFinished, &loop, [&](const SegmentResult &r) {
    if (print && r.error.isEmpty())
      printCaption(r);
  });
  QObject::connect(&session, &SessionRunner::segmentDelivered, &loop,
                   [&](const SegmentResult &r) { captions.write(r, origin); });
  QObject::connect(&session, &SessionRunner::stageFailed, &loop, [](const PipelineError &e) {
    logging::warning(lcPipeline(), QStringLiteral("segment dropped"),
                     {{QStringLiteral("segment"), e.segmentId}, {QStringLiteral("stage"), stageName(e.stage)},
                      {QStringLiteral("error"), e.message}});
  });
  Status ended = Status::success();
  QObject::connect(&session, &SessionRunner::finished, &loop, [&](const Status &status, bool) {
    ended = status;
    loop.quit();
  });

  // Orderly end: stop capturing (the open segment is flushed), let the stages drain, let the
  // last sentence play. A second signal cancels whatever is left.
  int signals = 0;
  SignalWatcher watcher;
  QObject::connect(&watcher, &SignalWatcher::signalled, &loop, [&](int) {
    if (++signals == 1) {
      qCInfo(lcApp, "stopping: finishing the segments already captured (signal again to drop them)");
      if (api)
        api->drain();
      session.stop();
    } else {
      session.cancel();
    }
  });
  if (*duration > 0.0)
    QTimer::singleShot(int(*duration * 1000.0), &loop, [&] { session.stop(); });
  const bool stats = inv.flag(QStringLiteral("stats"));
  QTimer statsTimer;
  if (stats) {
    QObject::connect(&statsTimer, &QTimer::timeout, &loop,
                     [&] { std::fprintf(stderr, "stats  %s\n", qUtf8Printable(session.telemetry().statsLine())); });
    statsTimer.start(config.profiling.statsIntervalSeconds * 1000);
  }
  qCInfo(lcApp, "live: %s → %s, %s", qUtf8Printable(config.translation.sourceLanguage),
         qUtf8Printable(config.translation.targetLanguage), qUtf8Printable(session.deviceDescription()));
  loop.exec();
  statsTimer.stop();
  if (stats)
    std::fprintf(stderr, "%s\n", qUtf8Printable(session.telemetry().summary()));
  session.telemetry().logFindings();
  const int failed = ended ? int(cli::ExitOk) : reportError(ended.error());

  QVariantMap fields = counterFields(session.counters());
  fields.insert(QStringLiteral("seconds"), millisBetween(origin, SteadyClock::now()) / 1000.0);
  logging::info(lcApp(), QStringLiteral("live session ended"), fields);
  return signals > 1 ? int(cli::ExitInterrupted) : failed;
}

} // namespace dragoman::headless
