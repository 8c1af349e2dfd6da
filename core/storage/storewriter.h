#pragma once
// The SQL the session store writes, one row per call, on the store's thread. Session rows are found
// by the caller's uuid (cached). Nothing here batches or retries: SessionStore does that.

#include "core/common/result.h"
#include "core/storage/records.h"

#include "core/storage/sqlitedb.h"

#include <QHash>

#include <unordered_map>

namespace dragoman::storage {

class StoreWriter {
public:
  explicit StoreWriter(Database &db) : m_db(db) {}

  Status beginSession(const SessionInfo &s);
  Status addSegment(const QString &session, const StoredSegment &s); // replaces the segment with that id
  Status removeSegment(const QString &session, qint64 segment, const QString &direction = {});
  Status addAlert(const QString &session, const StoredAlert &a);
  Status addMemorySample(const QString &session, const StoredMemorySample &m);
  Status addProfileRun(const QString &session, const StoredProfileRun &r);
  // engines: the session's engines as they ended up (JSON); empty: left as they were.
  Status endSession(const QString &session, SessionState state, qint64 endedMs, const QString &error,
                    const QString &engines);
  // Deletes sessions that started before `cutoffMs` and are not running; returns how many.
  Result<int> deleteStartedBefore(qint64 cutoffMs);

  // Forgets cached ids (after a rolled-back transaction they may name rows that do not exist).
  void forgetIds() { m_ids.clear(); }

private:
  Result<qint64> sessionId(const QString &uuid);
  // The statement for `sql` (a string literal: its address is the key), prepared once, reset.
  Result<Statement *> statement(const char *sql);
  Database &m_db;
  QHash<QString, qint64> m_ids;
  std::unordered_map<const char *, Statement> m_statements;
};

} // namespace dragoman::storage
