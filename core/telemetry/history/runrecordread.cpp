#include "core/telemetry/history/runrecord.h"

#include "core/telemetry/reports/jsonfields.h"
#include "core/telemetry/reports/profilereports.h"


namespace dragoman::telemetry {

namespace {

Error bad(const QString &what) { return Error::make(ErrorKind::Input, QStringLiteral("not a readable Dragoman run record: ") + what); }

Severity severityFromName(const std::string &name) {
  if (name == severityName(Severity::Critical))
    return Severity::Critical;
  if (name == severityName(Severity::Warning))
    return Severity::Warning;
  return Severity::Info;
}

quint64 count(double v) { return v < 0 ? 0 : static_cast<quint64>(v); }

} // namespace

Result<RunRecord> runRecordFromJson(const QByteArray &json) {
  QJsonObject root;
  if (const QString why = detail::openDocument(json, "dragoman.run", root); !why.isEmpty())
    return bad(why);
  detail::JsonFields top(root, QString());
  RunRecord run;
  run.command = QString::fromStdString(top.string("command"));
  run.started = detail::timeFromIso(top.string("started"));
  run.wallSeconds = top.number("wall_s");
  run.audioSeconds = top.number("audio_s");
  run.segments = count(top.number("segments"));
  run.errors = count(top.number("errors"));
  run.realtimeRatio = top.number("realtime_ratio");
  run.peakRssBytes = qint64(top.number("peak_rss_bytes"));
  const QJsonArray engines = top.array("engines"), actions = top.array("memory_actions"), findings = top.array("findings");
  if (!root.value(QStringLiteral("profile")).isObject())
    return bad(QStringLiteral("\"profile\" must be an object"));
  if (!top.ok())
    return bad(top.error());
  for (qsizetype i = 0; i < engines.size(); ++i) {
    detail::JsonFields f(engines[i].toObject(), QStringLiteral("engine %1: ").arg(i));
    RunEngine e{QString::fromStdString(f.string("stage")), QString::fromStdString(f.string("engine")),
                QString::fromStdString(f.string("model")), QString::fromStdString(f.string("device")),
                qint64(f.number("bytes")), f.number("load_ms")};
    if (!f.ok())
      return bad(f.error());
    run.engines.push_back(std::move(e));
  }
  for (const QJsonValue &a : actions)
    run.memoryActions << a.toString();
  for (qsizetype i = 0; i < findings.size(); ++i) {
    detail::JsonFields f(findings[i].toObject(), QStringLiteral("finding %1: ").arg(i));
    Finding finding{f.string("rule"), f.string("subject"), severityFromName(f.string("severity")), f.number("value"),
                    f.number("limit"), f.string("message")};
    if (!f.ok())
      return bad(f.error());
    run.findings.push_back(std::move(finding));
  }
  Result<ProfileSnapshot> profile =
      profileFromJson(QJsonDocument(root.value(QStringLiteral("profile")).toObject()).toJson(QJsonDocument::Compact));
  if (!profile)
    return bad(QStringLiteral("profile: ") + profile.error().message);
  run.profile = std::move(profile).value();
  return run;
}

} // namespace dragoman::telemetry
