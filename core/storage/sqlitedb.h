#pragma once
// A thin RAII layer over the SQLite C API: one connection, prepared statements, and SQLite's result
// codes turned into errors a person can act on ("disk full", "read-only", "not a database"). Used
// only inside core/storage (DESIGN.md rule 4); no sqlite3 type leaves it.

#include "core/common/result.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace dragoman::storage {

// Why a database call failed, beyond the message: what the caller does next depends on it.
enum class DbFailure { Other, Busy, Full, ReadOnly, CannotOpen, Corrupt, NotADatabase };

struct DbError {
  DbFailure failure = DbFailure::Other;
  Error error;
};

// An Error for SQLite result code `code` (extended codes too), naming `context`.
DbError dbError(int code, const QString &context, const QString &detail = {});

class Statement {
public:
  Statement(Statement &&other) noexcept;
  Statement &operator=(Statement &&other) noexcept;
  ~Statement();

  // Parameters are 1-based, as in SQL "?1".
  Statement &bind(int index, qint64 value);
  Statement &bind(int index, double value);
  Statement &bind(int index, const QString &value); // a null QString binds NULL
  Statement &bind(int index, const QByteArray &value);
  Statement &bindNull(int index);
  Statement &bindOptional(int index, std::optional<double> value);

  // true: a row is ready; false: done. Errors name the statement.
  Result<bool> step();
  // Steps to the end (for statements that return nothing).
  Status run();
  void reset(); // clears the bindings too

  qint64 int64(int column) const;
  double real(int column) const;
  QString text(int column) const;
  QByteArray blob(int column) const;
  bool isNull(int column) const;
  std::optional<double> optionalReal(int column) const;

  // The failure behind the last error of step()/run().
  DbFailure lastFailure() const { return m_lastFailure; }

private:
  friend class Database;
  Statement(sqlite3_stmt *stmt, QString sql, DbFailure *dbFailure);
  sqlite3_stmt *m_stmt = nullptr;
  QString m_sql;
  DbFailure m_lastFailure = DbFailure::Other;
  DbFailure *m_dbFailure = nullptr; // the connection's lastFailure(), kept in step with this one's
};

class Database {
public:
  enum class Mode { ReadWriteCreate, ReadWrite, ReadOnly };

  // Opens `path` (":memory:" for a private in-memory database). Sets a busy timeout, and turns on
  // foreign keys. The error says what is wrong with the path.
  static Result<std::unique_ptr<Database>> open(const QString &path, Mode mode = Mode::ReadWriteCreate);
  // open() with the failure kind, for recovery decisions.
  static std::unique_ptr<Database> open(const QString &path, Mode mode, DbError &error);
  ~Database();
  Database(const Database &) = delete;
  Database &operator=(const Database &) = delete;

  const QString &path() const { return m_path; }
  // Runs one or more statements with no results.
  Status exec(const QString &sql);
  Result<Statement> prepare(const QString &sql);
  // The first column of the first row, or the error (no row: ErrorKind::Internal naming the SQL).
  Result<qint64> queryInt(const QString &sql);
  Result<QString> queryText(const QString &sql);

  qint64 lastInsertId() const;
  bool transactionOpen() const; // between BEGIN and COMMIT (SQLite may end one itself on an error)
  int changes() const;
  // The failure of the last exec()/prepare()/query error.
  DbFailure lastFailure() const { return m_lastFailure; }

private:
  Database(sqlite3 *db, QString path) : m_db(db), m_path(std::move(path)) {}
  Result<Statement> firstRow(const QString &sql); // stepped to its first row
  sqlite3 *m_db;
  QString m_path;
  DbFailure m_lastFailure = DbFailure::Other;
};

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT, rolling back when it fails.
Status inTransaction(Database &db, const std::function<Status()> &body);

} // namespace dragoman::storage
