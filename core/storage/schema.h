#pragma once
// The history database's schema and its migrations: numbered, forward-only, each in one
// transaction; PRAGMA user_version holds the number of the last one applied. A database from a
// newer Dragoman (a higher number) is refused rather than misread.

#include "core/common/result.h"

#include <QString>

#include <vector>

namespace dragoman::storage {

class Database;

struct Migration {
  int version;     // 1, 2, ...: applied in order
  const char *what; // for the log: "sessions and segments"
  const char *sql;
};

const std::vector<Migration> &migrations();
int latestSchemaVersion();

// Applies every migration above the database's version, up to `target` (default: the latest).
// Errors name the migration that failed; what was applied before it stays.
Status migrate(Database &db, int target = -1);
Result<int> schemaVersion(Database &db);

} // namespace dragoman::storage
