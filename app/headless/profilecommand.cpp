// dragoman profile export: a saved run profile (the last live run's, or --input) in another format.
// dragoman profile history: the runs kept in the history database, with their trend.
#include "app/headless/headless.h"

#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/context/runtelemetry.h"
#include "core/storage/historyreader.h"
#include "core/telemetry/history/trends.h"
#include "core/telemetry/reports/profilereports.h"

#include <QDateTime>
#include <QFile>

#include <cstdio>

namespace dragoman::headless {

namespace {

QString p95(const telemetry::RunRecord &run, const char *section) {
  const telemetry::SectionStats *s = run.profile.section(section);
  return s ? QString::fromStdString(telemetry::formatDuration(s->p95Ms)) : QStringLiteral("—");
}

// The last runs of one command, oldest first, each with what moved since the one before.
int history(const cli::Invocation &inv) {
  const QString command = inv.value(QStringLiteral("command"), QStringLiteral("live"));
  bool ok = true;
  const int last = inv.value(QStringLiteral("last"), QStringLiteral("10")).toInt(&ok);
  if (!ok || last < 1)
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("--last must be a positive number")));
  Result<std::unique_ptr<AppContext>> context = AppContext::create(inv.global);
  if (!context)
    return reportError(context.error());
  Result<std::unique_ptr<storage::HistoryReader>> reader =
      storage::HistoryReader::open(config::databasePath((*context)->config().storage));
  if (!reader)
    return reportError(reader.error());
  Result<std::vector<storage::StoredProfileRun>> stored = (*reader)->profileRuns(command, last);
  if (!stored)
    return reportError(stored.error());
  if (stored->empty()) {
    std::printf("no %s runs in the history yet\n", qUtf8Printable(command));
    return cli::ExitOk;
  }
  std::vector<telemetry::RunRecord> runs;
  for (auto it = stored->rbegin(); it != stored->rend(); ++it) {
    Result<telemetry::RunRecord> run = telemetry::runRecordFromJson(it->record);
    if (run)
      runs.push_back(std::move(run).value());
  }
  telemetry::TrendOptions options;
  options.sections = {{"asr.recognise", "ASR"}, {"mt.translate", "MT"}, {"tts.synthesize", "TTS"}};
  std::printf("%-16s %8s %8s %6s %9s %9s %9s %10s\n", "started", "wall", "audio", "rt", "ASR p95", "MT p95", "TTS p95", "peak RSS");
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const telemetry::RunRecord &r = runs[i];
    const QString started = QDateTime::fromMSecsSinceEpoch(
        std::chrono::duration_cast<std::chrono::milliseconds>(r.started.time_since_epoch()).count()).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    std::printf("%-16s %7.1fs %7.1fs %6s %9s %9s %9s %10s\n", qUtf8Printable(started), r.wallSeconds, r.audioSeconds,
                r.realtimeRatio < 0 ? "—" : qUtf8Printable(QString::number(r.realtimeRatio, 'f', 2)), qUtf8Printable(p95(r, "asr.recognise")),
                qUtf8Printable(p95(r, "mt.translate")), qUtf8Printable(p95(r, "tts.synthesize")),
                r.peakRssBytes < 0 ? "—" : qUtf8Printable(telemetry::formatBytes(double(r.peakRssBytes))));
    if (i == 0)
      continue;
    for (const telemetry::Trend &t : telemetry::compareRuns(runs[i - 1], r, options))
      std::printf("    %s %s\n", t.worse ? "▲" : "▼", t.message.c_str());
    for (const QString &c : telemetry::engineChanges(runs[i - 1], r))
      std::printf("    engines differ: %s\n", qUtf8Printable(c));
  }
  return cli::ExitOk;
}

} // namespace

int runProfile(const cli::Invocation &inv) {
  const QString action = inv.positional.value(0);
  if (action == QLatin1String("history"))
    return history(inv);
  if (action != QLatin1String("export"))
    return reportError(makeError(ErrorKind::Usage, action.isEmpty() ? QStringLiteral("profile needs an action: export or history")
                                                                    : QStringLiteral("unknown profile action '%1'; use export or history").arg(action)));
  const QString output = inv.value(QStringLiteral("output"));
  if (output.isEmpty())
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("profile export needs --output FILE")));
  std::optional<telemetry::ProfileFormat> format;
  if (inv.values.contains(QStringLiteral("format"))) {
    format = telemetry::profileFormatFromName(inv.value(QStringLiteral("format")));
    if (!format)
      return reportError(makeError(ErrorKind::Usage, QStringLiteral("--format must be json, csv, txt or chrome, got '%1'")
                                                         .arg(inv.value(QStringLiteral("format")))));
  } else {
    format = telemetry::profileFormatFromPath(output);
    if (!format)
      return reportError(makeError(ErrorKind::Usage, QStringLiteral("give --format json|csv|txt|chrome (%1 does not say)").arg(output)));
  }
  const QString input = inv.value(QStringLiteral("input"), RunTelemetry::lastProfilePath());
  QFile file(input);
  if (!file.exists())
    return reportError(makeError(ErrorKind::Input, inv.values.contains(QStringLiteral("input"))
                                                       ? QStringLiteral("%1 does not exist").arg(input)
                                                       : QStringLiteral("no run has been profiled yet (%1 does not exist); "
                                                                        "run dragoman live first, or give --input FILE")
                                                             .arg(input)));
  if (!file.open(QIODevice::ReadOnly))
    return reportError(makeError(ErrorKind::Input, QStringLiteral("cannot read %1: %2").arg(input, file.errorString())));
  Result<telemetry::ProfileSnapshot> profile = telemetry::profileFromJson(file.readAll());
  if (!profile)
    return reportError(makeError(ErrorKind::Input, input + QStringLiteral(": ") + profile.error().message));
  if (Status s = telemetry::writeProfile(*profile, *format, output); !s)
    return reportError(s.error());
  std::fprintf(stderr, "profile of %zu sections, %zu spans written to %s (%s)\n", profile->sections.size(),
               profile->events.size(), qUtf8Printable(output), qUtf8Printable(telemetry::profileFormatName(*format)));
  return cli::ExitOk;
}

} // namespace dragoman::headless
