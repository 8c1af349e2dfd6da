// dragoman call: both directions of a call in one process. Outgoing ("me"): my microphone →
// my language → theirs → spoken into the device the call app records (the virtual microphone).
// Incoming ("them"): the call's audio → their language → mine → captions, and spoken to my
// headphones with --to-me. One engine registry serves both, so a multilingual Whisper and each
// translation model are loaded once; each direction has its own session, devices and threads.
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/context/callsession.h"
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

QString option(const cli::Invocation &inv, const char *name, const QString &fallback = {}) {
  return inv.values.contains(QLatin1String(name)) ? inv.value(QLatin1String(name)) : fallback;
}

} // namespace

QStringList callEngineOverrides(const cli::Invocation &inv) {
  QStringList out;
  const auto map = [&](const char *name, const char *key) {
    if (inv.values.contains(QLatin1String(name)))
      out << QLatin1String(key) + QLatin1Char('=') + inv.value(QLatin1String(name));
  };
  map("asr-engine", "asr.engine");
  map("mt-engine", "translation.engine");
  map("tts-engine", "tts.engine");
  return out;
}

CallOptions callOptions(const cli::Invocation &inv, const config::Config &config) {
  CallOptions o;
  o.me = option(inv, "me", config.translation.sourceLanguage);
  o.them = option(inv, "them", config.translation.targetLanguage);
  o.mic = option(inv, "mic");
  o.callAudio = option(inv, "call-audio");
  o.toCall = option(inv, "to-call");
  o.toMe = option(inv, "to-me");
  o.speakToCall = !inv.flag(QStringLiteral("no-speak"));
  o.voice = option(inv, "voice");
  return o;
}

int runCall(const cli::Invocation &inv) {
  Result<double> duration = durationOption(inv);
  if (!duration)
    return reportError(duration.error());
  Result<std::unique_ptr<AppContext>> base = AppContext::create(inv.global, callEngineOverrides(inv) + serveOverrides(inv));
  if (!base)
    return reportError(base.error());
  const config::Config &config = (*base)->config();
  Result<std::unique_ptr<CallSession>> made = CallSession::create(**base, callOptions(inv, config));
  if (!made)
    return reportError(made.error());
  CallSession &call = **made;
  // --serve: set up before the call starts, so that no caption is missed.
  std::unique_ptr<ApiHost> api;
  if (inv.flag(QStringLiteral("serve")) || config.server.enabled) {
    api = std::make_unique<ApiHost>(**base);
    api->attachCall(&call);
    if (Status s = api->start(); !s)
      return reportError(s.error());
    std::printf("serving on %s://%s\n", api->server().tls() ? "https" : "http", qUtf8Printable(api->server().address()));
    std::fflush(stdout);
  }

  CaptionLog captions;
  if (Status s = captions.open(option(inv, "captions")); !s)
    return reportError(s.error());
  const bool print = !inv.flag(QStringLiteral("quiet"));
  const TimePoint origin = SteadyClock::now();
  QEventLoop loop;
  for (CallSession::Direction d : {CallSession::Me, CallSession::Them}) {
    SessionRunner &session = call.session(d);
    const QString name = CallSession::directionName(d);
    QObject::connect(&session, &SessionRunner::segmentFinished, &loop, [print, name](const SegmentResult &r) {
      if (print && r.error.isEmpty())
        printCaption(r, name);
    });
    QObject::connect(&session, &SessionRunner::segmentDelivered, &loop,
                     [&captions, origin, name](const SegmentResult &r) { captions.write(r, origin, name); });
    QObject::connect(&session, &SessionRunner::stageFailed, &loop, [name](const PipelineError &e) {
      logging::warning(lcPipeline(), QStringLiteral("segment dropped"),
                       {{QStringLiteral("direction"), name}, {QStringLiteral("segment"), e.segmentId},
                        {QStringLiteral("stage"), stageName(e.stage)}, {QStringLiteral("error"), e.message}});
    });
    QObject::connect(&session, &SessionRunner::deviceLost, &loop, [name](const QString &message) {
      logging::warning(lcAudio(), QStringLiteral("a device of the call was lost; the other direction goes on"),
                       {{QStringLiteral("direction"), name}, {QStringLiteral("error"), message}});
    });
  }
  QObject::connect(&call, &CallSession::directionFinished, &loop, [](CallSession::Direction d, const Status &status) {
    if (!status)
      logging::warning(lcApp(), QStringLiteral("one direction of the call ended"),
                       {{QStringLiteral("direction"), CallSession::directionName(d)},
                        {QStringLiteral("error"), status.error().message}});
  });
  QObject::connect(&call, &CallSession::finished, &loop, &QEventLoop::quit);

  if (Status s = call.start(); !s) {
    if (call.isRunning())
      loop.exec(); // the direction that had started ends first
    return reportError(s.error());
  }

  int signals = 0;
  SignalWatcher watcher;
  QObject::connect(&watcher, &SignalWatcher::signalled, &loop, [&](int) {
    if (++signals == 1) {
      qCInfo(lcApp, "stopping the call: finishing the segments already captured (signal again to drop them)");
      if (api)
        api->drain();
      call.stop();
    } else {
      call.cancel();
    }
  });
  if (*duration > 0.0)
    QTimer::singleShot(int(*duration * 1000.0), &loop, [&] { call.stop(); });
  const bool stats = inv.flag(QStringLiteral("stats"));
  QTimer statsTimer;
  if (stats) {
    QObject::connect(&statsTimer, &QTimer::timeout, &loop, [&] {
      for (CallSession::Direction d : {CallSession::Me, CallSession::Them})
        std::fprintf(stderr, "stats %-4s %s\n", qUtf8Printable(CallSession::directionName(d)),
                     qUtf8Printable(call.session(d).telemetry().statsLine()));
    });
    statsTimer.start(config.profiling.statsIntervalSeconds * 1000);
  }
  qCInfo(lcApp, "call: me %s → them %s: %s; them %s → me %s: %s",
         qUtf8Printable(call.context(CallSession::Me).config().translation.sourceLanguage),
         qUtf8Printable(call.context(CallSession::Me).config().translation.targetLanguage),
         qUtf8Printable(call.session(CallSession::Me).deviceDescription()),
         qUtf8Printable(call.context(CallSession::Them).config().translation.sourceLanguage),
         qUtf8Printable(call.context(CallSession::Them).config().translation.targetLanguage),
         qUtf8Printable(call.session(CallSession::Them).deviceDescription()));
  loop.exec();
  statsTimer.stop();
  if (api) {
    // Requests still open (POST /api/v1/live/stop is answered as the call ends) get their answers
    // before the process goes.
    QEventLoop draining;
    QObject::connect(api.get(), &ApiHost::drained, &draining, &QEventLoop::quit);
    api->drain();
    if (!api->isDrained())
      draining.exec();
  }

  int exit = int(cli::ExitOk);
  for (CallSession::Direction d : {CallSession::Me, CallSession::Them}) {
    SessionRunner &session = call.session(d);
    const QString name = CallSession::directionName(d);
    if (stats)
      std::fprintf(stderr, "%s: %s\n", qUtf8Printable(name), qUtf8Printable(session.telemetry().summary()));
    session.telemetry().logFindings();
    QVariantMap fields = counterFields(session.counters());
    fields.insert(QStringLiteral("direction"), name);
    fields.insert(QStringLiteral("seconds"), millisBetween(origin, SteadyClock::now()) / 1000.0);
    logging::info(lcApp(), QStringLiteral("call direction ended"), fields);
    const Status ended = call.ended(d);
    if (!ended && exit == int(cli::ExitOk))
      exit = reportError(Error::make(ended.error().kind, QStringLiteral("%1 direction: %2").arg(name, ended.error().message)));
  }
  return signals > 1 ? int(cli::ExitInterrupted) : exit;
}

} // namespace dragoman::headless
