#include "core/storage/storewriter.h"

#include "core/storage/sqlitedb.h"

namespace dragoman::storage {

Result<Statement *> StoreWriter::statement(const char *sql) {
  if (const auto it = m_statements.find(sql); it != m_statements.end()) {
    it->second.reset();
    return &it->second;
  }
  Result<Statement> prepared = m_db.prepare(QString::fromUtf8(sql));
  if (!prepared)
    return prepared.error();
  return &m_statements.emplace(sql, std::move(prepared).value()).first->second;
}

Result<qint64> StoreWriter::sessionId(const QString &uuid) {
  if (const auto it = m_ids.constFind(uuid); it != m_ids.constEnd())
    return *it;
  Result<Statement *> st = statement("SELECT id FROM sessions WHERE uuid = ?1");
  if (!st)
    return st.error();
  (*st)->bind(1, uuid);
  Result<bool> row = (*st)->step();
  if (!row)
    return row.error();
  if (!*row)
    return makeError(ErrorKind::Internal, QStringLiteral("no session %1 in the history").arg(uuid));
  const qint64 id = (*st)->int64(0);
  (*st)->reset(); // no read left open on the connection
  m_ids.insert(uuid, id);
  return id;
}

Status StoreWriter::beginSession(const SessionInfo &s) {
  Result<Statement *> st = statement("INSERT INTO sessions (uuid, kind, state, started_ms, ended_ms, source_language, target_language, input, engines, "
      "config, host, pid, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  if (!st)
    return st.error();
  (*st)->bind(1, s.uuid).bind(2, s.kind).bind(3, sessionStateName(s.state)).bind(4, s.startedMs);
  if (s.endedMs)
    (*st)->bind(5, *s.endedMs);
  (*st)->bind(6, s.sourceLanguage).bind(7, s.targetLanguage).bind(8, s.input.isNull() ? QStringLiteral("") : s.input);
  (*st)->bind(9, s.engines.isEmpty() ? QStringLiteral("[]") : s.engines).bind(10, s.config.isNull() ? QStringLiteral("") : s.config);
  (*st)->bind(11, s.host.isNull() ? QStringLiteral("") : s.host).bind(12, s.pid).bind(13, s.error.isNull() ? QStringLiteral("") : s.error);
  if (Status r = (*st)->run(); !r)
    return r;
  m_ids.insert(s.uuid, m_db.lastInsertId());
  return Status::success();
}

Status StoreWriter::addSegment(const QString &session, const StoredSegment &s) {
  Result<qint64> id = sessionId(session);
  if (!id)
    return id.error();
  Result<Statement *> st = statement("INSERT INTO segments (session_id, segment, start_s, end_s, source_text, source_language, translation, "
      "target_language, capture_start_ms, capture_end_ms, asr_start_ms, asr_done_ms, mt_start_ms, mt_done_ms, "
      "tts_start_ms, tts_done_ms, playback_start_ms, confidence, flags, error, direction) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21) "
      "ON CONFLICT (session_id, direction, segment) DO UPDATE SET start_s = excluded.start_s, end_s = excluded.end_s, "
      "source_text = excluded.source_text, source_language = excluded.source_language, translation = excluded.translation, "
      "target_language = excluded.target_language, capture_start_ms = excluded.capture_start_ms, "
      "capture_end_ms = excluded.capture_end_ms, asr_start_ms = excluded.asr_start_ms, asr_done_ms = excluded.asr_done_ms, "
      "mt_start_ms = excluded.mt_start_ms, mt_done_ms = excluded.mt_done_ms, tts_start_ms = excluded.tts_start_ms, "
      "tts_done_ms = excluded.tts_done_ms, playback_start_ms = excluded.playback_start_ms, "
      "confidence = excluded.confidence, flags = excluded.flags, error = excluded.error");
  if (!st)
    return st.error();
  auto text = [](const QString &v) { return v.isNull() ? QStringLiteral("") : v; };
  (*st)->bind(1, *id).bind(2, s.segment).bind(3, s.startSeconds).bind(4, s.endSeconds).bind(5, text(s.sourceText));
  (*st)->bind(6, text(s.sourceLanguage)).bind(7, text(s.translation)).bind(8, text(s.targetLanguage));
  const StoredTimes &t = s.times;
  int i = 9;
  for (const std::optional<double> &v :
       {t.captureStart, t.captureEnd, t.asrStart, t.asrDone, t.mtStart, t.mtDone, t.ttsStart, t.ttsDone, t.playbackStart})
    (*st)->bindOptional(i++, v);
  (*st)->bindOptional(18, s.confidence).bind(19, qint64(s.flags)).bind(20, text(s.error)).bind(21, text(s.direction));
  return (*st)->run();
}

Status StoreWriter::removeSegment(const QString &session, qint64 segment, const QString &direction) {
  Result<qint64> id = sessionId(session);
  if (!id)
    return id.error();
  Result<Statement *> st = statement("DELETE FROM segments WHERE session_id = ?1 AND segment = ?2 AND direction = ?3");
  if (!st)
    return st.error();
  (*st)->bind(1, *id).bind(2, segment).bind(3, direction.isNull() ? QStringLiteral("") : direction);
  return (*st)->run();
}

Status StoreWriter::addAlert(const QString &session, const StoredAlert &a) {
  Result<qint64> id = sessionId(session);
  if (!id)
    return id.error();
  Result<Statement *> st = statement("INSERT INTO alerts (session_id, at_ms, threshold, raised, value, limit_value, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!st)
    return st.error();
  (*st)->bind(1, *id).bind(2, a.atMs).bind(3, a.threshold).bind(4, qint64(a.raised)).bind(5, a.value).bind(6, a.limit);
  (*st)->bind(7, a.message.isNull() ? QStringLiteral("") : a.message);
  return (*st)->run();
}

Status StoreWriter::addMemorySample(const QString &session, const StoredMemorySample &m) {
  Result<qint64> id = sessionId(session);
  if (!id)
    return id.error();
  Result<Statement *> st = statement("INSERT INTO memory_samples (session_id, at_ms, rss_bytes, system_used_fraction, gpu_allocated_bytes, "
      "gpu_reserved_bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!st)
    return st.error();
  (*st)->bind(1, *id).bind(2, m.atMs).bind(3, m.rssBytes).bind(4, m.systemUsedFraction).bind(5, m.gpuAllocatedBytes);
  (*st)->bind(6, m.gpuReservedBytes);
  return (*st)->run();
}

Status StoreWriter::addProfileRun(const QString &session, const StoredProfileRun &r) {
  Result<Statement *> st = statement("INSERT INTO profile_runs (session_id, recorded_ms, command, wall_s, audio_s, realtime_ratio, peak_rss_bytes, record) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!st)
    return st.error();
  if (!session.isEmpty()) {
    Result<qint64> id = sessionId(session);
    if (!id)
      return id.error();
    (*st)->bind(1, *id);
  }
  (*st)->bind(2, r.recordedMs).bind(3, r.command).bind(4, r.wallSeconds).bind(5, r.audioSeconds).bind(6, r.realtimeRatio);
  (*st)->bind(7, r.peakRssBytes).bind(8, QString::fromUtf8(r.record));
  return (*st)->run();
}

Status StoreWriter::endSession(const QString &session, SessionState state, qint64 endedMs, const QString &error,
                               const QString &engines) {
  Result<qint64> id = sessionId(session);
  if (!id)
    return id.error();
  Result<Statement *> st = statement("UPDATE sessions SET state = ?1, ended_ms = ?2, error = ?3, engines = COALESCE(?5, engines) WHERE id = ?4");
  if (!st)
    return st.error();
  (*st)->bind(1, sessionStateName(state)).bind(2, endedMs).bind(3, error.isNull() ? QStringLiteral("") : error).bind(4, *id);
  if (!engines.isEmpty())
    (*st)->bind(5, engines);
  return (*st)->run();
}

Result<int> StoreWriter::deleteStartedBefore(qint64 cutoffMs) {
  Result<Statement *> st = statement("DELETE FROM sessions WHERE started_ms < ?1 AND state <> 'running'");
  if (!st)
    return st.error();
  (*st)->bind(1, cutoffMs);
  if (Status s = (*st)->run(); !s)
    return s.error();
  m_ids.clear();
  return m_db.changes();
}

} // namespace dragoman::storage
