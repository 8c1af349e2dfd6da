#include "core/audio/virtualmic.h"

#include "core/audio/pulsedevices.h"

#include <QRegularExpression>

namespace dragoman::audio {
namespace {

bool listed(const QString &list, const QString &name) {
  for (const QString &line : list.split(QLatin1Char('\n')))
    if (line.section(QLatin1Char('\t'), 1, 1) == name)
      return true;
  return false;
}

Status load(const QStringList &args) {
  Result<PactlOutput> r = runPactl(QStringList{QStringLiteral("load-module")} + args);
  if (!r)
    return r.error();
  if (r->exitCode != 0)
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("pactl load-module %1 failed: %2").arg(args.value(0), r->err.simplified()));
  return Status::success();
}

bool validName(const QString &name) {
  if (name.isEmpty())
    return false;
  for (QChar c : name)
    if (!(c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-')))
      return false;
  return true;
}

} // namespace

Result<VirtualMic> createVirtualMic(const QString &name) {
  if (!validName(name))
    return makeError(ErrorKind::Usage, QStringLiteral("virtual microphone name '%1' may hold only letters, digits, "
                                                      "'_' and '-'")
                                           .arg(name));
  VirtualMic mic{name + QStringLiteral("_sink"), name + QStringLiteral("_mic"), name + QStringLiteral("-microphone"), false};
  Result<PactlOutput> sinks = runPactl({QStringLiteral("list"), QStringLiteral("short"), QStringLiteral("sinks")});
  if (!sinks)
    return sinks.error();
  if (!listed(sinks->out, mic.sink)) {
    if (Status s = load({QStringLiteral("module-null-sink"), QStringLiteral("sink_name=") + mic.sink,
                         QStringLiteral("sink_properties=device.description=%1-translation-output").arg(name)});
        !s)
      return s.error();
    mic.created = true;
  }
  Result<PactlOutput> sources = runPactl({QStringLiteral("list"), QStringLiteral("short"), QStringLiteral("sources")});
  if (!sources)
    return sources.error();
  if (!listed(sources->out, mic.source)) {
    if (Status s = load({QStringLiteral("module-remap-source"), QStringLiteral("master=%1.monitor").arg(mic.sink),
                         QStringLiteral("source_name=") + mic.source,
                         QStringLiteral("source_properties=device.description=") + mic.description});
        !s)
      return s.error();
    mic.created = true;
  }
  return mic;
}

Result<int> removeVirtualMic(const QString &name) {
  if (!validName(name))
    return makeError(ErrorKind::Usage, QStringLiteral("invalid virtual microphone name '%1'").arg(name));
  Result<PactlOutput> modules = runPactl({QStringLiteral("list"), QStringLiteral("short"), QStringLiteral("modules")});
  if (!modules)
    return modules.error();
  const QString sinkArg = QStringLiteral("sink_name=%1_sink").arg(name);
  const QString sourceArg = QStringLiteral("source_name=%1_mic").arg(name);
  // The source depends on the sink's monitor: unload sources first.
  QStringList sourceIds, sinkIds;
  for (const QString &line : modules->out.split(QLatin1Char('\n'))) {
    const QStringList words = line.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    if (words.contains(sourceArg))
      sourceIds << line.section(QLatin1Char('\t'), 0, 0);
    else if (words.contains(sinkArg))
      sinkIds << line.section(QLatin1Char('\t'), 0, 0);
  }
  int removed = 0;
  for (const QString &id : sourceIds + sinkIds) {
    Result<PactlOutput> r = runPactl({QStringLiteral("unload-module"), id});
    if (!r)
      return r.error();
    removed += r->exitCode == 0 ? 1 : 0;
  }
  return removed;
}

} // namespace dragoman::audio
