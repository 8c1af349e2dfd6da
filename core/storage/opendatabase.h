#pragma once
// Opening the history database the way the store needs it: folder created, WAL journal, full sync
// on commit, integrity checked, schema migrated, and what a crash or corruption left behind dealt
// with. A corrupt file is never overwritten: it is moved aside and a new one started.

#include "core/common/result.h"
#include "core/storage/sqlitedb.h"

#include <QStringList>

#include <memory>

namespace dragoman::storage {

struct OpenedDatabase {
  std::unique_ptr<Database> db;
  QStringList notes; // what had to be done, for the user ("... was corrupt; moved to ...")
};

// Errors: the folder cannot be made, the location is read-only, the file is from a newer Dragoman.
Result<OpenedDatabase> openHistoryDatabase(const QString &path);

// Sessions left "running" by a process on this machine that no longer exists become "interrupted",
// ending at their last segment. Returns how many.
Result<int> markInterruptedSessions(Database &db);

// This machine's name and a check that a process id is alive, as openHistoryDatabase uses them.
QString hostName();
bool processAlive(qint64 pid);

} // namespace dragoman::storage
