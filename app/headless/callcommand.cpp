// dragoman call: both directions of a call in one process. Outgoing ("me"): my microphone →
// my language → theirs → spoken into the device the call app records (the virtual microphone).
// Incoming ("them"): the call's audio → their language → mine → captions, and spoken to my
// headphones with --to-me. One engine registry serves both, so a multilingual Whisper and each
// translation model are loaded once; each direction has its own session, devices and threads.
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/context/runtelemetry.h"
#include "app/context/sessionrunner.h"
#include "app/headless/captions.h"
#include "app/headless/headless.h"
#include "app/headless/signalwatcher.h"
#include "core/common/logcategories.h"
#include "core/common/logging.h"
#include "core/storage/sessionstore.h"

#include <QEventLoop>
#include <QTimer>

#include <array>
#include <cstdio>

namespace dragoman::headless {
namespace {

struct Direction {
  QString name; // "me", "them"
  std::unique_ptr<AppContext> context;
  std::unique_ptr<SessionRunner> session;
  bool running = false;
  Status ended = Status::success();
};

QString option(const cli::Invocation &inv, const char *name, const QString &fallback = {}) {
  return inv.values.contains(QLatin1String(name)) ? inv.value(QLatin1String(name)) : fallback;
}

// The settings every direction shares: engines, and no profile file (two sessions would write it
// at once).
QStringList sharedOverrides(const cli::Invocation &inv) {
  QStringList out;
  const auto map = [&](const char *name, const char *key) {
    if (inv.values.contains(QLatin1String(name)))
      out << QLatin1String(key) + QLatin1Char('=') + inv.value(QLatin1String(name));
  };
  map("asr-engine", "asr.engine");
  map("mt-engine", "translation.engine");
  map("tts-engine", "tts.engine");
  out << QStringLiteral("profiling.export_on_exit=");
  return out;
}

QStringList directionOverrides(const QString &from, const QString &to, const QString &input, const QString &output) {
  QStringList out{QStringLiteral("translation.source_language=") + from, QStringLiteral("translation.target_language=") + to,
                  QStringLiteral("audio.input_device=") + input};
  if (!output.isEmpty())
    out << QStringLiteral("audio.output_device=") + output;
  return out;
}

} // namespace

int runCall(const cli::Invocation &inv) {
  Result<double> duration = durationOption(inv);
  if (!duration)
    return reportError(duration.error());
  if (!inv.values.contains(QStringLiteral("call-audio")))
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("call needs --call-audio DEVICE: where the call's "
                                                                  "sound comes from (a sink monitor, pulse:NAME)")));
  if (!inv.values.contains(QStringLiteral("to-call")))
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("call needs --to-call DEVICE: where my translated "
                                                                  "speech goes (the virtual microphone: `dragoman "
                                                                  "audio create-virtual-mic`, then pulse:dragoman_sink)")));
  Result<std::unique_ptr<AppContext>> base = AppContext::create(inv.global, sharedOverrides(inv));
  if (!base)
    return reportError(base.error());
  const config::Config &config = (*base)->config();
  const QString me = option(inv, "me", config.translation.sourceLanguage);
  const QString them = option(inv, "them", config.translation.targetLanguage);
  if (me == them)
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("--me and --them are both '%1': a call needs two "
                                                                  "languages").arg(me)));
  const QString toMe = option(inv, "to-me");

  // One history store for both directions (a call is one session in it); it outlives them.
  QString historyProblem;
  const std::unique_ptr<storage::SessionStore> store = (*base)->openSessionStore(&historyProblem);
  std::array<Direction, 2> directions;
  directions[0].name = QStringLiteral("me");
  directions[1].name = QStringLiteral("them");
  QStringList mine = directionOverrides(me, them, option(inv, "mic", config.audio.inputDevice), option(inv, "to-call"));
  if (inv.values.contains(QStringLiteral("voice")))
    mine << QStringLiteral("tts.voice=") + inv.value(QStringLiteral("voice"));
  const QStringList theirs = directionOverrides(them, me, option(inv, "call-audio"), toMe);
  for (Direction &d : directions) {
    Result<std::unique_ptr<AppContext>> made = (*base)->derive(d.name == QLatin1String("me") ? mine : theirs);
    if (!made)
      return reportError(made.error());
    d.context = std::move(made).value();
    d.session = std::make_unique<SessionRunner>(*d.context, QStringLiteral("call"));
    d.session->setSessionStore(store.get());
  }
  directions[0].session->setCallDirection(directions[0].name);
  directions[1].session->setCallDirection(directions[1].name, directions[0].session.get());

  CaptionLog captions;
  if (Status s = captions.open(option(inv, "captions")); !s)
    return reportError(s.error());
  const bool print = !inv.flag(QStringLiteral("quiet"));
  const TimePoint origin = SteadyClock::now();
  QEventLoop loop;
  const auto anyRunning = [&] { return directions[0].running || directions[1].running; };
  for (Direction &d : directions) {
    SessionRunner &session = *d.session;
    const QString name = d.name;
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
    QObject::connect(&session, &SessionRunner::finished, &loop, [&d, &loop, &anyRunning](const Status &status, bool) {
      d.running = false;
      d.ended = status;
      if (!status)
        logging::warning(lcApp(), QStringLiteral("one direction of the call ended"),
                         {{QStringLiteral("direction"), d.name}, {QStringLiteral("error"), status.error().message}});
      if (!anyRunning())
        loop.quit();
    });
  }

  // Each direction opens its own devices; when the second cannot start, the first is stopped.
  for (Direction &d : directions) {
    SessionSource source;
    source.kind = SessionSource::Kind::Devices;
    source.speak = d.name == QLatin1String("me") ? !inv.flag(QStringLiteral("no-speak")) : !toMe.isEmpty();
    if (Status s = d.session->start(source); !s) {
      for (Direction &other : directions)
        if (other.running)
          other.session->cancel();
      if (anyRunning())
        loop.exec();
      return reportError(Error::make(s.error().kind, QStringLiteral("%1 direction: %2").arg(d.name, s.error().message)));
    }
    d.running = true;
  }

  int signals = 0;
  SignalWatcher watcher;
  QObject::connect(&watcher, &SignalWatcher::signalled, &loop, [&](int) {
    ++signals;
    for (Direction &d : directions)
      if (d.running) {
        if (signals == 1)
          d.session->stop();
        else
          d.session->cancel();
      }
    if (signals == 1)
      qCInfo(lcApp, "stopping the call: finishing the segments already captured (signal again to drop them)");
  });
  if (*duration > 0.0)
    QTimer::singleShot(int(*duration * 1000.0), &loop, [&] {
      for (Direction &d : directions)
        if (d.running)
          d.session->stop();
    });
  const bool stats = inv.flag(QStringLiteral("stats"));
  QTimer statsTimer;
  if (stats) {
    QObject::connect(&statsTimer, &QTimer::timeout, &loop, [&] {
      for (Direction &d : directions)
        std::fprintf(stderr, "stats %-4s %s\n", qUtf8Printable(d.name), qUtf8Printable(d.session->telemetry().statsLine()));
    });
    statsTimer.start(config.profiling.statsIntervalSeconds * 1000);
  }
  qCInfo(lcApp, "call: me %s → them %s: %s; them %s → me %s: %s", qUtf8Printable(me), qUtf8Printable(them),
         qUtf8Printable(directions[0].session->deviceDescription()), qUtf8Printable(them), qUtf8Printable(me),
         qUtf8Printable(directions[1].session->deviceDescription()));
  loop.exec();
  statsTimer.stop();

  int exit = int(cli::ExitOk);
  for (Direction &d : directions) {
    if (stats)
      std::fprintf(stderr, "%s: %s\n", qUtf8Printable(d.name), qUtf8Printable(d.session->telemetry().summary()));
    d.session->telemetry().logFindings();
    QVariantMap fields = counterFields(d.session->counters());
    fields.insert(QStringLiteral("direction"), d.name);
    fields.insert(QStringLiteral("seconds"), millisBetween(origin, SteadyClock::now()) / 1000.0);
    logging::info(lcApp(), QStringLiteral("call direction ended"), fields);
    if (!d.ended && exit == int(cli::ExitOk))
      exit = reportError(Error::make(d.ended.error().kind,
                                     QStringLiteral("%1 direction: %2").arg(d.name, d.ended.error().message)));
  }
  return signals > 1 ? int(cli::ExitInterrupted) : exit;
}

} // namespace dragoman::headless
