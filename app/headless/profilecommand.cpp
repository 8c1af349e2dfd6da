// dragoman profile export: a saved run profile (the last live run's, or --input) in another format.
#include "app/headless/headless.h"

#include "app/cli/exitcodes.h"
#include "app/context/runtelemetry.h"
#include "core/telemetry/reports/profilereports.h"

#include <QFile>

#include <cstdio>

namespace dragoman::headless {

int runProfile(const cli::Invocation &inv) {
  const QString action = inv.positional.value(0);
  if (action != QLatin1String("export"))
    return reportError(makeError(ErrorKind::Usage, action.isEmpty() ? QStringLiteral("profile needs an action: export")
                                                                    : QStringLiteral("unknown profile action '%1'; use export").arg(action)));
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
