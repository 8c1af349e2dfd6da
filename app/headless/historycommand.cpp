// dragoman history: the sessions kept in the history database (storage.database).
#include "app/headless/headless.h"
#include "app/headless/historyjson.h"

#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/headless/transcriptwriters.h"
#include "core/storage/exports.h"
#include "core/storage/historyreader.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace dragoman::headless {

namespace {

using storage::HistoryReader;
using storage::SessionSummary;

QString when(qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")); }

QString duration(const SessionSummary &s) {
  if (!s.info.endedMs)
    return QStringLiteral("—");
  const qint64 seconds = (*s.info.endedMs - s.info.startedMs) / 1000;
  return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

void printJson(const QJsonValue &v) {
  const QByteArray text = v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented)
                                      : QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented);
  std::fwrite(text.constData(), 1, std::size_t(text.size()), stdout);
}

void printSummaryLine(const SessionSummary &s) {
  std::printf("%5lld  %s  %-9s %-11s %s→%s  %5lld segments  %6s  %s\n", static_cast<long long>(s.id),
              qUtf8Printable(when(s.info.startedMs)), qUtf8Printable(s.info.kind),
              qUtf8Printable(storage::sessionStateName(s.info.state)), qUtf8Printable(s.info.sourceLanguage),
              qUtf8Printable(s.info.targetLanguage), static_cast<long long>(s.segments), qUtf8Printable(duration(s)),
              qUtf8Printable(s.info.input));
}

int list(HistoryReader &h, const cli::Invocation &inv) {
  bool ok = true;
  const int limit = inv.value(QStringLiteral("limit"), QStringLiteral("50")).toInt(&ok);
  if (!ok || limit < 1)
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("--limit must be a positive number")));
  Result<std::vector<SessionSummary>> sessions = h.sessions(limit);
  if (!sessions)
    return reportError(sessions.error());
  if (inv.flag(QStringLiteral("json"))) {
    QJsonArray out;
    for (const SessionSummary &s : *sessions)
      out.append(sessionSummaryJson(s));
    printJson(out);
  } else if (sessions->empty()) {
    std::printf("no sessions in the history yet\n");
  } else {
    for (const SessionSummary &s : *sessions)
      printSummaryLine(s);
  }
  return cli::ExitOk;
}

// A session and its segments, or the error.
struct Loaded {
  SessionSummary session;
  std::vector<storage::StoredSegment> segments;
};
Result<Loaded> load(HistoryReader &h, const QString &key) {
  Result<SessionSummary> s = h.session(key);
  if (!s)
    return s.error();
  Result<std::vector<storage::StoredSegment>> segments = h.segments(s->info.uuid);
  if (!segments)
    return segments.error();
  return Loaded{*s, *segments};
}

int show(HistoryReader &h, const QString &key, const cli::Invocation &inv) {
  Result<Loaded> loaded = load(h, key);
  if (!loaded)
    return reportError(loaded.error());
  const SessionSummary *s = &loaded->session;
  const std::vector<storage::StoredSegment> *segments = &loaded->segments;
  if (inv.flag(QStringLiteral("json"))) {
    const QByteArray text = storage::exportSession(*s, *segments, storage::ExportFormat::Json, storage::ExportSide::Both);
    std::fwrite(text.constData(), 1, std::size_t(text.size()), stdout);
    return cli::ExitOk;
  }
  printSummaryLine(*s);
  if (!s->info.error.isEmpty())
    std::printf("       %s\n", qUtf8Printable(s->info.error));
  const QByteArray text = storage::exportSession(*s, *segments, storage::ExportFormat::Txt, storage::ExportSide::Both);
  std::fwrite(text.constData(), 1, std::size_t(text.size()), stdout);
  return cli::ExitOk;
}

int search(HistoryReader &h, const QString &text, const cli::Invocation &inv) {
  Result<std::vector<storage::SearchHit>> hits = h.search(text);
  if (!hits)
    return reportError(hits.error());
  if (inv.flag(QStringLiteral("json"))) {
    QJsonArray out;
    for (const storage::SearchHit &hit : *hits)
      out.append(QJsonObject{{QStringLiteral("session"), hit.sessionId},
                             {QStringLiteral("uuid"), hit.session},
                             {QStringLiteral("segment"), hit.segment.segment},
                             {QStringLiteral("start"), hit.segment.startSeconds},
                             {QStringLiteral("source"), hit.segment.sourceText},
                             {QStringLiteral("translation"), hit.segment.translation}});
    printJson(out);
    return cli::ExitOk;
  }
  for (const storage::SearchHit &hit : *hits)
    std::printf("%5lld  %8.1f s  %s  |  %s\n", static_cast<long long>(hit.sessionId), hit.segment.startSeconds,
                qUtf8Printable(hit.segment.sourceText), qUtf8Printable(hit.segment.translation));
  if (hits->empty())
    std::printf("nothing found for \"%s\"\n", qUtf8Printable(text));
  return cli::ExitOk;
}

int remove(HistoryReader &h, const QString &key, const cli::Invocation &inv) {
  Result<SessionSummary> s = h.session(key);
  if (!s)
    return reportError(s.error());
  if (s->info.state == storage::SessionState::Running)
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("session %1 is still running").arg(s->id)));
  if (!inv.flag(QStringLiteral("yes")))
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("history delete removes session %1 (%2 segments) for good: "
                                                                  "add --yes")
                                                       .arg(s->id)
                                                       .arg(s->segments)));
  Result<bool> removed = h.deleteSession(s->info.uuid);
  if (!removed)
    return reportError(removed.error());
  std::fprintf(stderr, "session %lld deleted\n", static_cast<long long>(s->id));
  return cli::ExitOk;
}

int exportOne(HistoryReader &h, const QString &key, const cli::Invocation &inv) {
  const std::optional<storage::ExportFormat> format = storage::exportFormatFromName(inv.value(QStringLiteral("format")));
  if (!format)
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("history export needs --format srt|vtt|json|txt|csv")));
  const std::optional<storage::ExportSide> side =
      storage::exportSideFromName(inv.value(QStringLiteral("side"), QStringLiteral("translation")));
  if (!side)
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("--side must be source, translation or both")));
  Result<Loaded> loaded = load(h, key);
  if (!loaded)
    return reportError(loaded.error());
  const SessionSummary *s = &loaded->session;
  const std::vector<storage::StoredSegment> *segments = &loaded->segments;
  const QByteArray text = storage::exportSession(*s, *segments, *format, *side);
  const QString output = inv.value(QStringLiteral("output"));
  if (output.isEmpty() || output == QLatin1String("-")) {
    std::fwrite(text.constData(), 1, std::size_t(text.size()), stdout);
    return cli::ExitOk;
  }
  if (Status w = writeTextFileAtomically(output, text); !w)
    return reportError(w.error());
  std::fprintf(stderr, "session %lld: %zu segments written to %s\n", static_cast<long long>(s->id), segments->size(),
               qUtf8Printable(output));
  return cli::ExitOk;
}

} // namespace

QJsonObject sessionSummaryJson(const storage::SessionSummary &s) {
  return QJsonObject{{QStringLiteral("id"), s.id},
                     {QStringLiteral("uuid"), s.info.uuid},
                     {QStringLiteral("kind"), s.info.kind},
                     {QStringLiteral("state"), storage::sessionStateName(s.info.state)},
                     {QStringLiteral("started_ms"), s.info.startedMs},
                     {QStringLiteral("ended_ms"), s.info.endedMs ? QJsonValue(*s.info.endedMs) : QJsonValue(QJsonValue::Null)},
                     {QStringLiteral("source_language"), s.info.sourceLanguage},
                     {QStringLiteral("target_language"), s.info.targetLanguage},
                     {QStringLiteral("input"), s.info.input},
                     {QStringLiteral("segments"), s.segments}};
}

int runHistory(const cli::Invocation &inv) {
  const QString action = inv.positional.value(0);
  const QStringList actions{QStringLiteral("list"), QStringLiteral("show"), QStringLiteral("search"), QStringLiteral("delete"),
                            QStringLiteral("export")};
  if (!actions.contains(action))
    return reportError(makeError(ErrorKind::Usage, action.isEmpty()
                                                       ? QStringLiteral("history needs an action: list, show, search, delete or export")
                                                       : QStringLiteral("unknown history action '%1'; use list, show, search, delete or export").arg(action)));
  if (action != QLatin1String("list") && inv.positional.size() != 2)
    return reportError(makeError(ErrorKind::Usage, action == QLatin1String("search")
                                                       ? QStringLiteral("history search needs one TEXT (quote several words)")
                                                       : QStringLiteral("history %1 needs one session ID (see history list)").arg(action)));
  Result<std::unique_ptr<AppContext>> context = AppContext::create(inv.global);
  if (!context)
    return reportError(context.error());
  Result<std::unique_ptr<HistoryReader>> history = HistoryReader::open(config::databasePath((*context)->config().storage));
  if (!history)
    return reportError(history.error());
  HistoryReader &h = **history;
  const QString arg = inv.positional.value(1);
  if (action == QLatin1String("list"))
    return list(h, inv);
  if (action == QLatin1String("show"))
    return show(h, arg, inv);
  if (action == QLatin1String("search"))
    return search(h, arg, inv);
  if (action == QLatin1String("delete"))
    return remove(h, arg, inv);
  return exportOne(h, arg, inv);
}

} // namespace dragoman::headless
