// /api/v1/sessions[/ID[/export]] and /api/v1/profile.
#include "app/context/appcontext.h"
#include "app/headless/apihostimpl.h"
#include "app/headless/historyjson.h"
#include "core/storage/exports.h"
#include "core/storage/historyreader.h"
#include "core/telemetry/history/runrecord.h"
#include "core/telemetry/reports/profilereports.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace dragoman::headless {

namespace {

constexpr int kMaxLimit = 500;

// The history is read with a connection of its own per request: SQLite reads take milliseconds,
// and the store's writer thread is never blocked by them (WAL).
Result<std::unique_ptr<storage::HistoryReader>> openHistory(const AppContext &context) {
  const config::StorageConfig &storage = context.config().storage;
  if (!storage.enabled)
    return makeError(ErrorKind::EngineUnavailable, QStringLiteral("the history is off (storage.enabled is false)"));
  return storage::HistoryReader::open(config::databasePath(storage));
}

Response historyError(const Error &error) {
  // A missing database is an empty history, not a failure.
  return Response::error(error.kind == ErrorKind::Input ? 404 : 503, error.message);
}

Result<int> intParam(const QUrlQuery &query, const QString &name, int fallback, int min, int max) {
  const QString text = query.queryItemValue(name);
  if (text.isEmpty())
    return fallback;
  bool ok = false;
  const int value = text.toInt(&ok);
  if (!ok || value < min || value > max)
    return makeError(ErrorKind::Input, QStringLiteral("%1 must be a whole number from %2 to %3, not \"%4\"").arg(name).arg(min).arg(max).arg(text));
  return value;
}

QByteArray contentTypeOf(storage::ExportFormat format) {
  switch (format) {
  case storage::ExportFormat::Srt:
    return "application/x-subrip; charset=utf-8";
  case storage::ExportFormat::Vtt:
    return "text/vtt; charset=utf-8";
  case storage::ExportFormat::Json:
    return "application/json";
  case storage::ExportFormat::Csv:
    return "text/csv; charset=utf-8";
  case storage::ExportFormat::Txt:
    break;
  }
  return "text/plain; charset=utf-8";
}
} // namespace

void ApiHost::registerHistoryRoutes() {
  server::HttpServer &http = *d->server;

  http.route({"GET", QStringLiteral("/api/v1/sessions"), Access::Key}, [this](const Request &request, Reply reply) {
    Result<int> limit = intParam(request.query, QStringLiteral("limit"), 50, 1, kMaxLimit);
    Result<int> offset = intParam(request.query, QStringLiteral("offset"), 0, 0, 1 << 30);
    if (!limit || !offset)
      return reply.send(Response::error(400, (!limit ? limit.error() : offset.error()).message));
    const QString q = request.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded);
    Result<std::unique_ptr<storage::HistoryReader>> history = openHistory(d->context);
    if (!history) {
      if (history.error().kind == ErrorKind::Input) // no database yet: no sessions
        return reply.send(Response::json({{QStringLiteral("sessions"), QJsonArray()},
                                          {QStringLiteral("limit"), *limit},
                                          {QStringLiteral("offset"), *offset}}));
      return reply.send(historyError(history.error()));
    }
    QJsonArray sessions;
    if (q.isEmpty()) {
      Result<std::vector<storage::SessionSummary>> list = (*history)->sessions(*limit, *offset);
      if (!list)
        return reply.send(historyError(list.error()));
      for (const storage::SessionSummary &s : *list)
        sessions.append(sessionSummaryJson(s));
    } else {
      Result<std::vector<storage::SearchHit>> hits = (*history)->search(q, kMaxLimit);
      if (!hits)
        return reply.send(Response::error(400, hits.error().message));
      QStringList seen;
      for (const storage::SearchHit &hit : *hits) {
        if (seen.contains(hit.session))
          continue;
        seen.append(hit.session);
        if (seen.size() <= *offset)
          continue;
        Result<storage::SessionSummary> s = (*history)->session(hit.session);
        if (s)
          sessions.append(sessionSummaryJson(*s));
        if (sessions.size() >= *limit)
          break;
      }
    }
    reply.send(Response::json({{QStringLiteral("sessions"), sessions},
                               {QStringLiteral("limit"), *limit},
                               {QStringLiteral("offset"), *offset}}));
  });

  auto load = [this](const QString &key, Reply &reply, storage::SessionSummary *summary,
                     std::vector<storage::StoredSegment> *segments) {
    Result<std::unique_ptr<storage::HistoryReader>> history = openHistory(d->context);
    if (!history) {
      reply.send(historyError(history.error()));
      return false;
    }
    Result<storage::SessionSummary> s = (*history)->session(key);
    if (!s) {
      reply.send(Response::error(404, s.error().message));
      return false;
    }
    Result<std::vector<storage::StoredSegment>> segs = (*history)->segments(s->info.uuid);
    if (!segs) {
      reply.send(historyError(segs.error()));
      return false;
    }
    *summary = *s;
    *segments = std::move(segs).value();
    return true;
  };

  http.route({"GET", QStringLiteral("/api/v1/sessions/{id}"), Access::Key}, [load](const Request &request, Reply reply) {
    storage::SessionSummary summary;
    std::vector<storage::StoredSegment> segments;
    if (!load(request.params.value(0), reply, &summary, &segments))
      return;
    // The JSON export is the session with every segment, flags named: the same document as
    // `history show --json`.
    reply.send(Response::bytes(storage::exportSession(summary, segments, storage::ExportFormat::Json, storage::ExportSide::Both),
                               "application/json"));
  });

  http.route({"GET", QStringLiteral("/api/v1/sessions/{id}/export"), Access::Key}, [load](const Request &request, Reply reply) {
    const QString formatName = request.query.queryItemValue(QStringLiteral("format"));
    const QString sideName = request.query.queryItemValue(QStringLiteral("side"));
    const std::optional<storage::ExportFormat> format =
        storage::exportFormatFromName(formatName.isEmpty() ? QStringLiteral("srt") : formatName);
    if (!format)
      return reply.send(Response::error(400, QStringLiteral("format must be srt, vtt, json, txt or csv, not \"%1\"").arg(formatName)));
    const std::optional<storage::ExportSide> side =
        storage::exportSideFromName(sideName.isEmpty() ? QStringLiteral("translation") : sideName);
    if (!side)
      return reply.send(Response::error(400, QStringLiteral("side must be source, translation or both, not \"%1\"").arg(sideName)));
    storage::SessionSummary summary;
    std::vector<storage::StoredSegment> segments;
    if (!load(request.params.value(0), reply, &summary, &segments))
      return;
    Response r = Response::bytes(storage::exportSession(summary, segments, *format, *side), contentTypeOf(*format));
    const QString name = QStringLiteral("session-%1.%2").arg(summary.id).arg(formatName.isEmpty() ? QStringLiteral("srt") : formatName);
    r.headers = {{"Content-Disposition", "attachment; filename=\"" + name.toLatin1() + '"'}};
    reply.send(std::move(r));
  });

  http.route({"GET", QStringLiteral("/api/v1/profile"), Access::Key}, [this](const Request &, Reply reply) {
    SessionRunner *runner = d->currentSession();
    if (runner && runner->isRunning() && runner->telemetry().profiler()) {
      const QJsonDocument profile = QJsonDocument::fromJson(telemetry::profileToJson(runner->telemetry().profiler()->snapshot()));
      return reply.send(Response::json({{QStringLiteral("source"), QStringLiteral("live")},
                                        {QStringLiteral("stats"), runner->telemetry().statsLine()},
                                        {QStringLiteral("profile"), profile.object()}}));
    }
    for (const QString &command : {QStringLiteral("live"), QStringLiteral("translate")}) {
      if (std::optional<telemetry::RunRecord> run = d->context.lastRun(command)) {
        const QJsonDocument record = QJsonDocument::fromJson(telemetry::runRecordToJson(*run));
        return reply.send(Response::json({{QStringLiteral("source"), QStringLiteral("last_run")},
                                          {QStringLiteral("command"), command},
                                          {QStringLiteral("run"), record.object()}}));
      }
    }
    reply.send(Response::json({{QStringLiteral("source"), QStringLiteral("none")}}));
  });
}

} // namespace dragoman::headless
