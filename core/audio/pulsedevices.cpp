#include "core/audio/pulsedevices.h"

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

} // namespace dragoman::audio
