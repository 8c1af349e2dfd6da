#include "core/storage/schema.h"

#include "core/common/logcategories.h"
#include "core/storage/sqlitedb.h"

namespace dragoman::storage {

namespace {

// Version 1: what a session said and when. Times of day are Unix epoch ms; times inside a session
// are ms since it started, NULL when a segment never reached that stage.
constexpr const char *kV1 = R"sql(
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'interrupted', 'failed', 'cancelled')),
  started_ms INTEGER NOT NULL,
  ended_ms INTEGER,
  source_language TEXT NOT NULL,
  target_language TEXT NOT NULL,
  input TEXT NOT NULL DEFAULT '',
  engines TEXT NOT NULL DEFAULT '[]',
  config TEXT NOT NULL DEFAULT '',
  host TEXT NOT NULL DEFAULT '',
  pid INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_started ON sessions (started_ms);
CREATE INDEX sessions_state ON sessions (state);

CREATE TABLE segments (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  segment INTEGER NOT NULL,
  start_s REAL NOT NULL,
  end_s REAL NOT NULL,
  source_text TEXT NOT NULL,
  source_language TEXT NOT NULL DEFAULT '',
  translation TEXT NOT NULL DEFAULT '',
  target_language TEXT NOT NULL DEFAULT '',
  capture_start_ms REAL, capture_end_ms REAL, asr_start_ms REAL, asr_done_ms REAL, mt_start_ms REAL,
  mt_done_ms REAL, tts_start_ms REAL, tts_done_ms REAL, playback_start_ms REAL,
  confidence REAL,
  flags INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  UNIQUE (session_id, segment)
);
)sql";

// Version 2: telemetry for trends (profile runs, memory samples, alerts) and full-text search over
// what was said and its translation.
constexpr const char *kV2 = R"sql(
CREATE TABLE profile_runs (
  id INTEGER PRIMARY KEY,
  session_id INTEGER REFERENCES sessions (id) ON DELETE CASCADE,
  recorded_ms INTEGER NOT NULL,
  command TEXT NOT NULL,
  wall_s REAL NOT NULL,
  audio_s REAL NOT NULL,
  realtime_ratio REAL NOT NULL,
  peak_rss_bytes INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX profile_runs_recorded ON profile_runs (command, recorded_ms);

CREATE TABLE memory_samples (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  at_ms INTEGER NOT NULL,
  rss_bytes INTEGER NOT NULL,
  system_used_fraction REAL NOT NULL,
  gpu_allocated_bytes INTEGER NOT NULL,
  gpu_reserved_bytes INTEGER NOT NULL
);
CREATE INDEX memory_samples_session ON memory_samples (session_id, at_ms);

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  at_ms INTEGER NOT NULL,
  threshold TEXT NOT NULL,
  raised INTEGER NOT NULL,
  value REAL NOT NULL,
  limit_value REAL NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX alerts_session ON alerts (session_id, at_ms);

CREATE VIRTUAL TABLE segments_text USING fts5 (source_text, translation, content = 'segments', content_rowid = 'id');
CREATE TRIGGER segments_text_insert AFTER INSERT ON segments BEGIN
  INSERT INTO segments_text (rowid, source_text, translation) VALUES (new.id, new.source_text, new.translation);
END;
CREATE TRIGGER segments_text_delete AFTER DELETE ON segments BEGIN
  INSERT INTO segments_text (segments_text, rowid, source_text, translation)
  VALUES ('delete', old.id, old.source_text, old.translation);
END;
CREATE TRIGGER segments_text_update AFTER UPDATE ON segments BEGIN
  INSERT INTO segments_text (segments_text, rowid, source_text, translation)
  VALUES ('delete', old.id, old.source_text, old.translation);
  INSERT INTO segments_text (rowid, source_text, translation) VALUES (new.id, new.source_text, new.translation);
END;
INSERT INTO segments_text (segments_text) VALUES ('rebuild');
)sql";

// Version 3: a call's two directions in one session: each segment says whose speech it was ('me',
// 'them'; '' in a one-direction session), and segment ids are unique per direction. SQLite cannot
// change a table's constraints, so the table is rebuilt with its ids (the text index's rowids)
// kept; the text index's triggers go first, so that dropping the old table does not empty it.
constexpr const char *kV3 = R"sql(
DROP TRIGGER segments_text_insert;
DROP TRIGGER segments_text_delete;
DROP TRIGGER segments_text_update;
CREATE TABLE segments_v3 (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  direction TEXT NOT NULL DEFAULT '',
  segment INTEGER NOT NULL,
  start_s REAL NOT NULL,
  end_s REAL NOT NULL,
  source_text TEXT NOT NULL,
  source_language TEXT NOT NULL DEFAULT '',
  translation TEXT NOT NULL DEFAULT '',
  target_language TEXT NOT NULL DEFAULT '',
  capture_start_ms REAL, capture_end_ms REAL, asr_start_ms REAL, asr_done_ms REAL, mt_start_ms REAL,
  mt_done_ms REAL, tts_start_ms REAL, tts_done_ms REAL, playback_start_ms REAL,
  confidence REAL,
  flags INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  UNIQUE (session_id, direction, segment)
);
INSERT INTO segments_v3 (id, session_id, segment, start_s, end_s, source_text, source_language, translation,
  target_language, capture_start_ms, capture_end_ms, asr_start_ms, asr_done_ms, mt_start_ms, mt_done_ms,
  tts_start_ms, tts_done_ms, playback_start_ms, confidence, flags, error)
SELECT id, session_id, segment, start_s, end_s, source_text, source_language, translation, target_language,
  capture_start_ms, capture_end_ms, asr_start_ms, asr_done_ms, mt_start_ms, mt_done_ms, tts_start_ms, tts_done_ms,
  playback_start_ms, confidence, flags, error FROM segments;
DROP TABLE segments;
ALTER TABLE segments_v3 RENAME TO segments;
CREATE TRIGGER segments_text_insert AFTER INSERT ON segments BEGIN
  INSERT INTO segments_text (rowid, source_text, translation) VALUES (new.id, new.source_text, new.translation);
END;
CREATE TRIGGER segments_text_delete AFTER DELETE ON segments BEGIN
  INSERT INTO segments_text (segments_text, rowid, source_text, translation)
  VALUES ('delete', old.id, old.source_text, old.translation);
END;
CREATE TRIGGER segments_text_update AFTER UPDATE ON segments BEGIN
  INSERT INTO segments_text (segments_text, rowid, source_text, translation)
  VALUES ('delete', old.id, old.source_text, old.translation);
  INSERT INTO segments_text (rowid, source_text, translation) VALUES (new.id, new.source_text, new.translation);
END;
INSERT INTO segments_text (segments_text) VALUES ('rebuild');
)sql";

} // namespace

const std::vector<Migration> &migrations() {
  static const std::vector<Migration> all{{1, "sessions and segments", kV1},
                                          {2, "profile runs, memory samples, alerts, text search", kV2},
                                          {3, "the direction of a call's segments", kV3}};
  return all;
}

int latestSchemaVersion() { return migrations().back().version; }

Result<int> schemaVersion(Database &db) {
  Result<qint64> v = db.queryInt(QStringLiteral("PRAGMA user_version"));
  if (!v)
    return v.error();
  return int(*v);
}

Status migrate(Database &db, int target) {
  if (target < 0)
    target = latestSchemaVersion();
  Result<int> current = schemaVersion(db);
  if (!current)
    return current.error();
  if (*current > latestSchemaVersion())
    return makeError(ErrorKind::Input,
                     QStringLiteral("the history database %1 has schema version %2, newer than this Dragoman knows (%3): "
                                    "it was written by a newer version; use that, or set storage.database to another file")
                         .arg(db.path())
                         .arg(*current)
                         .arg(latestSchemaVersion()));
  for (const Migration &m : migrations()) {
    if (m.version <= *current || m.version > target)
      continue;
    Status s = inTransaction(db, [&]() -> Status {
      if (Status e = db.exec(QString::fromUtf8(m.sql)); !e)
        return e;
      return db.exec(QStringLiteral("PRAGMA user_version = %1").arg(m.version));
    });
    if (!s)
      return makeError(s.error().kind, QStringLiteral("history database migration %1 (%2) failed: %3")
                                           .arg(m.version)
                                           .arg(QLatin1String(m.what), s.error().message));
    qCInfo(lcStorage, "history database %s: schema version %d (%s)", qUtf8Printable(db.path()), m.version, m.what);
  }
  return Status::success();
}

} // namespace dragoman::storage
