#include "core/storage/sqlitedb.h"

#include <sqlite3.h>

namespace dragoman::storage {

namespace {

constexpr int kBusyTimeoutMs = 5000;

DbFailure failureOf(int code) {
  switch (code & 0xff) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED: return DbFailure::Busy;
  case SQLITE_FULL: return DbFailure::Full;
  case SQLITE_READONLY: return DbFailure::ReadOnly;
  case SQLITE_CANTOPEN: return DbFailure::CannotOpen;
  case SQLITE_CORRUPT: return DbFailure::Corrupt;
  case SQLITE_NOTADB: return DbFailure::NotADatabase;
  default: return DbFailure::Other;
  }
}

QString explain(DbFailure f) {
  switch (f) {
  case DbFailure::Busy: return QStringLiteral("the database is busy (another Dragoman holds a lock)");
  case DbFailure::Full: return QStringLiteral("the disk is full");
  case DbFailure::ReadOnly: return QStringLiteral("the database or its folder is read-only");
  case DbFailure::CannotOpen: return QStringLiteral("the file cannot be opened (missing folder or no permission)");
  case DbFailure::Corrupt: return QStringLiteral("the database file is corrupt");
  case DbFailure::NotADatabase: return QStringLiteral("the file is not an SQLite database");
  case DbFailure::Other: break;
  }
  return QString();
}

} // namespace

DbError dbError(int code, const QString &context, const QString &detail) {
  const DbFailure failure = failureOf(code);
  QString message = context + QStringLiteral(": ");
  const QString why = explain(failure);
  message += why.isEmpty() ? QString::fromUtf8(sqlite3_errstr(code)) : why;
  if (!detail.isEmpty() && detail != QString::fromUtf8(sqlite3_errstr(code)))
    message += QStringLiteral(" (") + detail + QLatin1Char(')');
  const ErrorKind kind = failure == DbFailure::Full || failure == DbFailure::ReadOnly || failure == DbFailure::CannotOpen
                             ? ErrorKind::Output
                         : failure == DbFailure::Corrupt || failure == DbFailure::NotADatabase ? ErrorKind::Input
                                                                                              : ErrorKind::Internal;
  return DbError{failure, Error{kind, message}};
}

// --- Statement ---

Statement::Statement(sqlite3_stmt *stmt, QString sql, DbFailure *dbFailure)
    : m_stmt(stmt), m_sql(std::move(sql)), m_dbFailure(dbFailure) {}
Statement::Statement(Statement &&o) noexcept
    : m_stmt(std::exchange(o.m_stmt, nullptr)), m_sql(std::move(o.m_sql)), m_lastFailure(o.m_lastFailure),
      m_dbFailure(o.m_dbFailure) {}
Statement &Statement::operator=(Statement &&o) noexcept {
  if (this != &o) {
    sqlite3_finalize(m_stmt);
    m_stmt = std::exchange(o.m_stmt, nullptr);
    m_sql = std::move(o.m_sql);
    m_lastFailure = o.m_lastFailure;
    m_dbFailure = o.m_dbFailure;
  }
  return *this;
}
Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement &Statement::bind(int i, qint64 v) {
  sqlite3_bind_int64(m_stmt, i, v);
  return *this;
}
Statement &Statement::bind(int i, double v) {
  sqlite3_bind_double(m_stmt, i, v);
  return *this;
}
Statement &Statement::bind(int i, const QString &v) {
  if (v.isNull())
    return bindNull(i);
  const QByteArray utf8 = v.toUtf8();
  sqlite3_bind_text(m_stmt, i, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement &Statement::bind(int i, const QByteArray &v) {
  sqlite3_bind_blob(m_stmt, i, v.constData(), int(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement &Statement::bindNull(int i) {
  sqlite3_bind_null(m_stmt, i);
  return *this;
}
Statement &Statement::bindOptional(int i, std::optional<double> v) { return v ? bind(i, *v) : bindNull(i); }

Result<bool> Statement::step() {
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW)
    return true;
  if (rc == SQLITE_DONE)
    return false;
  const DbError e = dbError(rc, QStringLiteral("database statement failed"),
                            QString::fromUtf8(sqlite3_errmsg(sqlite3_db_handle(m_stmt))));
  m_lastFailure = e.failure;
  if (m_dbFailure)
    *m_dbFailure = e.failure;
  sqlite3_reset(m_stmt);
  return e.error;
}

Status Statement::run() {
  for (;;) {
    Result<bool> row = step();
    if (!row)
      return row.error();
    if (!*row)
      break;
  }
  sqlite3_reset(m_stmt);
  return Status::success();
}

void Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

qint64 Statement::int64(int c) const { return sqlite3_column_int64(m_stmt, c); }
double Statement::real(int c) const { return sqlite3_column_double(m_stmt, c); }
QString Statement::text(int c) const {
  const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, c));
  return p ? QString::fromUtf8(p, sqlite3_column_bytes(m_stmt, c)) : QString();
}
QByteArray Statement::blob(int c) const {
  const auto *p = static_cast<const char *>(sqlite3_column_blob(m_stmt, c));
  return p ? QByteArray(p, sqlite3_column_bytes(m_stmt, c)) : QByteArray();
}
bool Statement::isNull(int c) const { return sqlite3_column_type(m_stmt, c) == SQLITE_NULL; }
std::optional<double> Statement::optionalReal(int c) const {
  return isNull(c) ? std::nullopt : std::optional<double>(real(c));
}

// --- Database ---

std::unique_ptr<Database> Database::open(const QString &path, Mode mode, DbError &error) {
  int flags = SQLITE_OPEN_FULLMUTEX;
  flags |= mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
           : mode == Mode::ReadWrite ? SQLITE_OPEN_READWRITE
                                      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  sqlite3 *db = nullptr;
  const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    error = dbError(rc, QStringLiteral("cannot open the history database %1").arg(path),
                    db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString());
    sqlite3_close(db);
    return nullptr;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  std::unique_ptr<Database> out(new Database(db, path));
  // Reading the schema is the first real access: a file that is not a database fails here.
  if (Status s = out->exec(QStringLiteral("PRAGMA foreign_keys = ON; SELECT count(*) FROM sqlite_schema;")); !s) {
    error = DbError{out->lastFailure(), s.error()};
    return nullptr;
  }
  return out;
}

Result<std::unique_ptr<Database>> Database::open(const QString &path, Mode mode) {
  DbError error;
  std::unique_ptr<Database> db = open(path, mode, error);
  if (!db)
    return error.error;
  return db;
}

Database::~Database() { sqlite3_close_v2(m_db); }

Status Database::exec(const QString &sql) {
  char *message = nullptr;
  const int rc = sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK)
    return Status::success();
  const QString detail = message ? QString::fromUtf8(message) : QString();
  sqlite3_free(message);
  const DbError e = dbError(rc, QStringLiteral("database %1").arg(m_path), detail);
  m_lastFailure = e.failure;
  return e.error;
}

Result<Statement> Database::prepare(const QString &sql) {
  sqlite3_stmt *stmt = nullptr;
  const QByteArray utf8 = sql.toUtf8();
  const int rc = sqlite3_prepare_v2(m_db, utf8.constData(), int(utf8.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    const DbError e = dbError(rc, QStringLiteral("database %1").arg(m_path), QString::fromUtf8(sqlite3_errmsg(m_db)));
    m_lastFailure = e.failure;
    return e.error;
  }
  return Statement(stmt, sql, &m_lastFailure);
}

Result<Statement> Database::firstRow(const QString &sql) {
  Result<Statement> st = prepare(sql);
  if (!st)
    return st.error();
  Result<bool> row = st->step();
  if (!row)
    return row.error();
  if (!*row)
    return makeError(ErrorKind::Internal, QStringLiteral("no row from: %1").arg(sql));
  return st;
}

Result<qint64> Database::queryInt(const QString &sql) {
  Result<Statement> st = firstRow(sql);
  if (!st)
    return st.error();
  return st->int64(0);
}

Result<QString> Database::queryText(const QString &sql) {
  Result<Statement> st = firstRow(sql);
  if (!st)
    return st.error();
  return st->text(0);
}

qint64 Database::lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
int Database::changes() const { return sqlite3_changes(m_db); }
bool Database::transactionOpen() const { return sqlite3_get_autocommit(m_db) == 0; }

Status inTransaction(Database &db, const std::function<Status()> &body) {
  if (Status s = db.exec(QStringLiteral("BEGIN IMMEDIATE")); !s)
    return s;
  Status s = body();
  if (s)
    s = db.exec(QStringLiteral("COMMIT"));
  if (!s && db.transactionOpen()) // a full disk may have rolled it back already; keep the failure that said so
    (void)db.exec(QStringLiteral("ROLLBACK"));
  return s;
}

} // namespace dragoman::storage
