#include "core/telemetry/history/runrecord.h"

#include "core/telemetry/reports/profilereports.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cmath>

namespace dragoman::telemetry {

namespace {

double rounded(double v, double scale) { return std::round(v * scale) / scale; }

QJsonObject profileObject(ProfileSnapshot profile) {
  profile.events.clear(); // a history keeps statistics, not every span
  profile.droppedEvents = 0;
  return QJsonDocument::fromJson(profileToJson(profile)).object();
}

} // namespace

QByteArray runRecordToJson(const RunRecord &run) {
  QJsonArray engines;
  for (const RunEngine &e : run.engines)
    engines.append(QJsonObject{{QStringLiteral("stage"), e.stage},
                               {QStringLiteral("engine"), e.engine},
                               {QStringLiteral("model"), e.model},
                               {QStringLiteral("device"), e.device},
                               {QStringLiteral("bytes"), e.bytes},
                               {QStringLiteral("load_ms"), rounded(e.loadMs, 1000.0)}});
  QJsonArray findings;
  for (const Finding &f : run.findings)
    findings.append(QJsonObject{{QStringLiteral("rule"), QString::fromStdString(f.rule)},
                                {QStringLiteral("subject"), QString::fromStdString(f.subject)},
                                {QStringLiteral("severity"), QString::fromLatin1(severityName(f.severity))},
                                {QStringLiteral("value"), f.value},
                                {QStringLiteral("limit"), f.limit},
                                {QStringLiteral("message"), QString::fromStdString(f.message)}});
  const QJsonObject root{{QStringLiteral("format"), QStringLiteral("dragoman.run")},
                         {QStringLiteral("version"), 1},
                         {QStringLiteral("command"), run.command},
                         {QStringLiteral("started"), detail::isoUtc(run.started)},
                         {QStringLiteral("wall_s"), rounded(run.wallSeconds, 1000.0)},
                         {QStringLiteral("audio_s"), rounded(run.audioSeconds, 1000.0)},
                         {QStringLiteral("segments"), qint64(run.segments)},
                         {QStringLiteral("errors"), qint64(run.errors)},
                         {QStringLiteral("realtime_ratio"), rounded(run.realtimeRatio, 10000.0)},
                         {QStringLiteral("peak_rss_bytes"), run.peakRssBytes},
                         {QStringLiteral("engines"), engines},
                         {QStringLiteral("memory_actions"), QJsonArray::fromStringList(run.memoryActions)},
                         {QStringLiteral("findings"), findings},
                         {QStringLiteral("profile"), profileObject(run.profile)}};
  return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<RunRecord> readRunRecord(const QString &path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return makeError(ErrorKind::Input, QStringLiteral("cannot read the run record %1: %2").arg(path, file.errorString()));
  Result<RunRecord> run = runRecordFromJson(file.readAll());
  if (!run)
    return makeError(ErrorKind::Input, path + QStringLiteral(": ") + run.error().message);
  return run;
}

Status writeRunRecord(const RunRecord &run, const QString &path) {
  if (!QDir().mkpath(QFileInfo(path).absolutePath()))
    return makeError(ErrorKind::Output, QStringLiteral("cannot create the folder of %1").arg(path));
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return makeError(ErrorKind::Output, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
  const QByteArray json = runRecordToJson(run);
  if (file.write(json) != json.size() || !file.commit())
    return makeError(ErrorKind::Output, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
  return Status::success();
}

} // namespace dragoman::telemetry
