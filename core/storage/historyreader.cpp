#include "core/storage/historyreader.h"

#include "core/storage/opendatabase.h"
#include "core/storage/schema.h"
#include "core/storage/sqlitedb.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace dragoman::storage {

namespace {

constexpr const char *kSessionColumns =
    "s.id, s.uuid, s.kind, s.state, s.started_ms, s.ended_ms, s.source_language, s.target_language, s.input, "
    "s.engines, s.config, s.host, s.pid, s.error, (SELECT count(*) FROM segments g WHERE g.session_id = s.id)";

constexpr const char *kSegmentColumns =
    "g.segment, g.start_s, g.end_s, g.source_text, g.source_language, g.translation, g.target_language, "
    "g.capture_start_ms, g.capture_end_ms, g.asr_start_ms, g.asr_done_ms, g.mt_start_ms, g.mt_done_ms, "
    "g.tts_start_ms, g.tts_done_ms, g.playback_start_ms, g.confidence, g.flags, g.error, g.direction";

SessionSummary readSession(const Statement &st) {
  SessionSummary s;
  s.id = st.int64(0);
  SessionInfo &i = s.info;
  i.uuid = st.text(1);
  i.kind = st.text(2);
  i.state = sessionStateFromName(st.text(3)).value_or(SessionState::Interrupted);
  i.startedMs = st.int64(4);
  if (!st.isNull(5))
    i.endedMs = st.int64(5);
  i.sourceLanguage = st.text(6);
  i.targetLanguage = st.text(7);
  i.input = st.text(8);
  i.engines = st.text(9);
  i.config = st.text(10);
  i.host = st.text(11);
  i.pid = st.int64(12);
  i.error = st.text(13);
  s.segments = st.int64(14);
  return s;
}

// Reads the segment columns starting at `c`.
StoredSegment readSegment(const Statement &st, int c) {
  StoredSegment s;
  s.segment = st.int64(c);
  s.startSeconds = st.real(c + 1);
  s.endSeconds = st.real(c + 2);
  s.sourceText = st.text(c + 3);
  s.sourceLanguage = st.text(c + 4);
  s.translation = st.text(c + 5);
  s.targetLanguage = st.text(c + 6);
  StoredTimes &t = s.times;
  std::optional<double> *times[] = {&t.captureStart, &t.captureEnd, &t.asrStart, &t.asrDone,     &t.mtStart,
                                    &t.mtDone,       &t.ttsStart,   &t.ttsDone,  &t.playbackStart};
  for (int i = 0; i < 9; ++i)
    *times[i] = st.optionalReal(c + 7 + i);
  s.confidence = st.optionalReal(c + 16);
  s.flags = int(st.int64(c + 17));
  s.error = st.text(c + 18);
  s.direction = st.text(c + 19);
  return s;
}

// Runs `sql` with `uuid` as ?1 and reads every row with `read`.
template <typename T, typename Read>
Result<std::vector<T>> rows(Database &db, const QString &sql, const QString &uuid, Read read) {
  Result<Statement> st = db.prepare(sql);
  if (!st)
    return st.error();
  if (!uuid.isNull())
    st->bind(1, uuid);
  std::vector<T> out;
  for (;;) {
    Result<bool> row = st->step();
    if (!row)
      return row.error();
    if (!*row)
      return out;
    out.push_back(read(*st));
  }
}

// Each word of free text as a quoted FTS5 prefix term, so that user input is never FTS syntax.
QString ftsQuery(const QString &text) {
  QStringList terms;
  for (QString word : text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
    word.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    terms << QLatin1Char('"') + word + QStringLiteral("\"*");
  }
  return terms.join(QLatin1Char(' '));
}

} // namespace

HistoryReader::HistoryReader(std::unique_ptr<Database> db) : m_db(std::move(db)) {}
HistoryReader::~HistoryReader() = default;

Result<std::unique_ptr<HistoryReader>> HistoryReader::open(const QString &path) {
  if (!QFileInfo::exists(path))
    return makeError(ErrorKind::Input, QStringLiteral("no history yet: %1 does not exist (storage.database)").arg(path));
  Result<std::unique_ptr<Database>> db = Database::open(path, Database::Mode::ReadWrite);
  if (!db)
    return db.error();
  Result<int> version = schemaVersion(**db);
  if (!version)
    return version.error();
  if (*version != latestSchemaVersion())
    return makeError(ErrorKind::Input, QStringLiteral("the history database %1 has schema version %2, this Dragoman reads %3")
                                           .arg(path)
                                           .arg(*version)
                                           .arg(latestSchemaVersion()));
  // A session a crashed process left running reads as what it is.
  if (Result<int> marked = markInterruptedSessions(**db); !marked)
    return marked.error();
  return std::unique_ptr<HistoryReader>(new HistoryReader(std::move(db).value()));
}

Result<std::vector<SessionSummary>> HistoryReader::sessions(int limit, int offset) {
  return rows<SessionSummary>(*m_db,
                              QStringLiteral("SELECT %1 FROM sessions s ORDER BY s.started_ms DESC, s.id DESC LIMIT %2 OFFSET %3")
                                  .arg(QLatin1String(kSessionColumns))
                                  .arg(limit)
                                  .arg(offset),
                              QString(), readSession);
}

Result<SessionSummary> HistoryReader::session(const QString &key) {
  bool numeric = false;
  const qint64 id = key.toLongLong(&numeric);
  const QString where = numeric ? QStringLiteral("s.id = %1").arg(id) : QStringLiteral("s.uuid LIKE ?1 || '%'");
  if (!numeric && key.size() < 4)
    return makeError(ErrorKind::Usage, QStringLiteral("'%1': give a session number or at least 4 characters of its id").arg(key));
  Result<std::vector<SessionSummary>> found =
      rows<SessionSummary>(*m_db, QStringLiteral("SELECT %1 FROM sessions s WHERE %2 LIMIT 2").arg(QLatin1String(kSessionColumns), where),
                           numeric ? QString() : key, readSession);
  if (!found)
    return found.error();
  if (found->empty())
    return makeError(ErrorKind::Input, QStringLiteral("no session '%1' in the history").arg(key));
  if (found->size() > 1)
    return makeError(ErrorKind::Usage, QStringLiteral("'%1' matches more than one session: give more of its id").arg(key));
  return found->front();
}

Result<std::vector<StoredSegment>> HistoryReader::segments(const QString &uuid) {
  return rows<StoredSegment>(
      *m_db,
      // A call's two directions interleave by when each was said; one direction keeps its ids' order.
      QStringLiteral("SELECT %1 FROM segments g JOIN sessions s ON s.id = g.session_id WHERE s.uuid = ?1 "
                     "ORDER BY CASE WHEN g.direction = '' THEN g.segment ELSE 0 END, g.start_s, g.direction, g.segment")
          .arg(QLatin1String(kSegmentColumns)),
      uuid, [](const Statement &st) { return readSegment(st, 0); });
}

Result<std::vector<StoredAlert>> HistoryReader::alerts(const QString &uuid) {
  return rows<StoredAlert>(*m_db,
                           QStringLiteral("SELECT a.at_ms, a.threshold, a.raised, a.value, a.limit_value, a.message FROM alerts a "
                                          "JOIN sessions s ON s.id = a.session_id WHERE s.uuid = ?1 ORDER BY a.at_ms, a.id"),
                           uuid, [](const Statement &st) {
                             return StoredAlert{st.int64(0), st.text(1), st.int64(2) != 0, st.real(3), st.real(4), st.text(5)};
                           });
}

Result<std::vector<StoredMemorySample>> HistoryReader::memorySamples(const QString &uuid) {
  return rows<StoredMemorySample>(
      *m_db,
      QStringLiteral("SELECT m.at_ms, m.rss_bytes, m.system_used_fraction, m.gpu_allocated_bytes, m.gpu_reserved_bytes "
                     "FROM memory_samples m JOIN sessions s ON s.id = m.session_id WHERE s.uuid = ?1 ORDER BY m.at_ms, m.id"),
      uuid, [](const Statement &st) {
        return StoredMemorySample{st.int64(0), st.int64(1), st.real(2), st.int64(3), st.int64(4)};
      });
}

Result<std::vector<StoredProfileRun>> HistoryReader::profileRuns(const QString &command, int limit) {
  return rows<StoredProfileRun>(
      *m_db,
      QStringLiteral("SELECT recorded_ms, command, wall_s, audio_s, realtime_ratio, peak_rss_bytes, record FROM profile_runs "
                     "WHERE command = ?1 ORDER BY recorded_ms DESC, id DESC LIMIT %1")
          .arg(limit),
      command, [](const Statement &st) {
        return StoredProfileRun{st.int64(0), st.text(1), st.real(2), st.real(3), st.real(4), st.int64(5), st.text(6).toUtf8()};
      });
}

Result<std::vector<SearchHit>> HistoryReader::search(const QString &text, int limit) {
  const QString query = ftsQuery(text);
  if (query.isEmpty())
    return std::vector<SearchHit>{};
  return rows<SearchHit>(*m_db,
                         QStringLiteral("SELECT s.uuid, s.id, %1 FROM segments_text t JOIN segments g ON g.id = t.rowid "
                                        "JOIN sessions s ON s.id = g.session_id WHERE segments_text MATCH ?1 "
                                        "ORDER BY s.started_ms DESC, g.segment LIMIT %2")
                             .arg(QLatin1String(kSegmentColumns))
                             .arg(limit),
                         query, [](const Statement &st) { return SearchHit{st.text(0), st.int64(1), readSegment(st, 2)}; });
}

Result<bool> HistoryReader::deleteSession(const QString &uuid) {
  Result<Statement> st = m_db->prepare(QStringLiteral("DELETE FROM sessions WHERE uuid = ?1"));
  if (!st)
    return st.error();
  st->bind(1, uuid);
  Status s = inTransaction(*m_db, [&] { return st->run(); });
  if (!s)
    return s.error();
  return m_db->changes() > 0;
}

} // namespace dragoman::storage
