#pragma once
// Reading the history: sessions newest first, a session's segments, alerts, memory samples and
// profile runs, full-text search over what was said and its translation, and deletion. A connection
// of its own (WAL lets it read while the store writes), used on the caller's thread.

#include "core/common/result.h"
#include "core/storage/records.h"

#include <memory>
#include <vector>

namespace dragoman::storage {

class Database;

struct SessionSummary {
  qint64 id = 0; // the row id `history show` accepts besides the uuid
  SessionInfo info;
  qint64 segments = 0;
};

struct SearchHit {
  QString session; // uuid
  qint64 sessionId = 0;
  StoredSegment segment;
};

class HistoryReader {
public:
  // The database must exist (the store creates it); errors name the path. Sessions a process that
  // no longer exists left running are marked interrupted first.
  static Result<std::unique_ptr<HistoryReader>> open(const QString &path);
  ~HistoryReader();

  Result<std::vector<SessionSummary>> sessions(int limit = 50, int offset = 0);
  // By row id ("12") or uuid, or a unique uuid prefix of 4+ characters.
  Result<SessionSummary> session(const QString &key);
  Result<std::vector<StoredSegment>> segments(const QString &uuid);
  Result<std::vector<StoredAlert>> alerts(const QString &uuid);
  Result<std::vector<StoredMemorySample>> memorySamples(const QString &uuid);
  Result<std::vector<StoredProfileRun>> profileRuns(const QString &command, int limit = 50); // newest first
  // FTS5 query over source text and translation; words are matched as prefixes, newest first.
  Result<std::vector<SearchHit>> search(const QString &text, int limit = 100);
  // Removes the session with its segments and telemetry; false when there was none.
  Result<bool> deleteSession(const QString &uuid);

private:
  explicit HistoryReader(std::unique_ptr<Database> db);
  std::unique_ptr<Database> m_db;
};

} // namespace dragoman::storage
