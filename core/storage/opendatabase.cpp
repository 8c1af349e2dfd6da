#include "core/storage/opendatabase.h"

#include "core/common/logcategories.h"
#include "core/storage/schema.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSysInfo>

#include <cerrno>
#include <csignal>

namespace dragoman::storage {

namespace {

// Renames the file and its WAL and shared-memory companions; returns the new name.
Result<QString> moveAside(const QString &path) {
  const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss.zzz"));
  const QString target = path + QStringLiteral(".corrupt-") + stamp;
  for (const char *suffix : {"", "-wal", "-shm"}) {
    const QString from = path + QLatin1String(suffix);
    if (!QFileInfo::exists(from))
      continue;
    if (!QFile::rename(from, target + QLatin1String(suffix)))
      return makeError(ErrorKind::Output, QStringLiteral("the history database %1 is damaged and could not be moved aside to %2: "
                                                         "move or delete it by hand")
                                              .arg(from, target + QLatin1String(suffix)));
  }
  return target;
}

bool damaged(DbFailure f) { return f == DbFailure::Corrupt || f == DbFailure::NotADatabase; }

// "ok", or the first problems integrity_check reports.
Result<QString> integrity(Database &db) {
  Result<Statement> st = db.prepare(QStringLiteral("PRAGMA integrity_check(5)"));
  if (!st)
    return st.error();
  QStringList problems;
  for (;;) {
    Result<bool> row = st->step();
    if (!row && damaged(st->lastFailure()))
      return row.error().message; // damage too deep to even list
    if (!row)
      return row.error();
    if (!*row)
      break;
    problems << st->text(0);
  }
  return problems.join(QStringLiteral("; "));
}

} // namespace

QString hostName() { return QSysInfo::machineHostName(); }

bool processAlive(qint64 pid) {
  if (pid <= 0)
    return false;
  return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

Result<int> markInterruptedSessions(Database &db) {
  Result<Statement> running = db.prepare(QStringLiteral("SELECT id, pid, host FROM sessions WHERE state = 'running'"));
  if (!running)
    return running.error();
  std::vector<qint64> gone;
  const QString here = hostName();
  for (;;) {
    Result<bool> row = running->step();
    if (!row)
      return row.error();
    if (!*row)
      break;
    if (running->text(2) == here && running->int64(1) != QCoreApplication::applicationPid() && !processAlive(running->int64(1)))
      gone.push_back(running->int64(0));
  }
  if (gone.empty())
    return 0;
  Result<Statement> mark = db.prepare(QStringLiteral(
      "UPDATE sessions SET state = 'interrupted', "
      "ended_ms = started_ms + COALESCE((SELECT CAST(MAX(COALESCE(tts_done_ms, mt_done_ms, asr_done_ms, capture_end_ms)) AS INTEGER) "
      "FROM segments WHERE session_id = sessions.id), 0), "
      "error = 'the process ended without closing the session (crash, kill or power loss)' WHERE id = ?1"));
  if (!mark)
    return mark.error();
  Status s = inTransaction(db, [&]() -> Status {
    for (qint64 id : gone) {
      mark->bind(1, id);
      if (Status r = mark->run(); !r)
        return r;
    }
    return Status::success();
  });
  if (!s)
    return s.error();
  return int(gone.size());
}

Result<OpenedDatabase> openHistoryDatabase(const QString &path) {
  OpenedDatabase out;
  const QString folder = QFileInfo(path).absolutePath();
  if (!QDir().mkpath(folder))
    return makeError(ErrorKind::Output, QStringLiteral("cannot create the folder %1 for the history database").arg(folder));

  for (int attempt = 0; attempt < 2; ++attempt) {
    DbError error;
    out.db = Database::open(path, Database::Mode::ReadWriteCreate, error);
    QString damage;
    if (!out.db) {
      if (!damaged(error.failure))
        return error.error;
      damage = error.error.message;
    } else {
      Result<QString> checked = integrity(*out.db);
      if (!checked)
        return checked.error();
      if (*checked != QLatin1String("ok"))
        damage = QStringLiteral("integrity check: ") + *checked;
    }
    if (damage.isEmpty())
      break;
    out.db.reset();
    if (attempt == 1)
      return makeError(ErrorKind::Input, QStringLiteral("the history database %1 is still damaged after being replaced: %2").arg(path, damage));
    Result<QString> moved = moveAside(path);
    if (!moved)
      return moved.error();
    const QString note = QStringLiteral("the history database %1 was damaged (%2); it was moved to %3 and a new one was started")
                             .arg(path, damage, *moved);
    qCWarning(lcStorage).noquote() << note;
    out.notes << note;
  }

  Result<QString> journal = out.db->queryText(QStringLiteral("PRAGMA journal_mode = WAL"));
  if (!journal)
    return journal.error();
  if (Status s = out.db->exec(QStringLiteral("PRAGMA synchronous = FULL")); !s)
    return s.error();
  if (Status s = migrate(*out.db); !s)
    return s.error();
  Result<int> interrupted = markInterruptedSessions(*out.db);
  if (!interrupted)
    return interrupted.error();
  if (*interrupted > 0) {
    const QString note = QStringLiteral("%1 session(s) in the history were interrupted (crash, kill or power loss) and are marked so")
                             .arg(*interrupted);
    qCInfo(lcStorage).noquote() << note;
    out.notes << note;
  }
  return out;
}

} // namespace dragoman::storage
