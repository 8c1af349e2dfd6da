#include "core/audio/pulsedevices.h"

#include <QCoreApplication>

#include <QProcess>
#include <QStandardPaths>

namespace dragoman::audio {

Result<PactlOutput> runPactl(const QStringList &args) {
  const QString exe = QStandardPaths::findExecutable(QStringLiteral("pactl"));
  if (exe.isEmpty())
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("pactl is not installed; install the Debian package pulseaudio-utils"));
  QProcess p;
  p.start(exe, args);
  if (!p.waitForFinished(10000)) {
    p.kill();
    p.waitForFinished(1000);
    return makeError(ErrorKind::EngineUnavailable, QStringLiteral("pactl did not answer within 10 s"));
  }
  PactlOutput r{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
  if (r.exitCode != 0 && r.err.contains(QLatin1String("Connection")))
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("no PulseAudio or PipeWire sound server is running (%1)").arg(r.err.simplified()));
  return r;
}

Result<QList<PulseNode>> listPulseNodes() {
  QList<PulseNode> nodes;
  for (const bool sources : {false, true}) {
    Result<PactlOutput> r = runPactl({QStringLiteral("list"), QStringLiteral("short"),
                                      sources ? QStringLiteral("sources") : QStringLiteral("sinks")});
    if (!r)
      return r.error();
    for (const QString &line : r->out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
      const QString name = line.section(QLatin1Char('\t'), 1, 1);
      if (!name.isEmpty())
        nodes.append(PulseNode{name, sources, sources && name.endsWith(QLatin1String(".monitor"))});
    }
  }
  return nodes;
}

Result<bool> recordingFrom(const QString &name) {
  Result<PactlOutput> sources = runPactl({QStringLiteral("list"), QStringLiteral("short"), QStringLiteral("sources")});
  if (!sources)
    return sources.error();
  QString index;
  for (const QString &line : sources->out.split(QLatin1Char('\n')))
    if (line.section(QLatin1Char('\t'), 1, 1) == name)
      index = line.section(QLatin1Char('\t'), 0, 0);
  if (index.isEmpty())
    return false;
  Result<PactlOutput> outputs = runPactl({QStringLiteral("list"), QStringLiteral("source-outputs")});
  if (!outputs)
    return outputs.error();
  // Blocks of "Source Output #N", each with "Source: INDEX" and "application.process.id = \"PID\"".
  const QString pid = QStringLiteral("application.process.id = \"%1\"").arg(QCoreApplication::applicationPid());
  for (const QString &block : outputs->out.split(QStringLiteral("Source Output #"), Qt::SkipEmptyParts)) {
    if (!block.contains(pid))
      continue;
    for (const QString &line : block.split(QLatin1Char('\n')))
      if (line.trimmed() == QStringLiteral("Source: ") + index)
        return true;
  }
  return false;
}

} // namespace dragoman::audio
