// Opening the history after a crash or damage: a file that is not a database and one whose pages
// are damaged are moved aside (never overwritten) and a new one is started; sessions a dead process
// left running are marked interrupted; a read-only folder gives an error naming it.
#include "core/storage/opendatabase.h"
#include "core/storage/schema.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace dragoman;
using namespace dragoman::storage;

namespace {

QStringList corruptCopies(const QDir &dir, const QString &name) {
  return dir.entryList({name + QStringLiteral(".corrupt-*")}, QDir::Files);
}

void addSession(Database &db, const QString &uuid, qint64 pid, const QString &host) {
  Result<Statement> st = db.prepare(QStringLiteral(
      "INSERT INTO sessions (uuid, kind, state, started_ms, source_language, target_language, host, pid) "
      "VALUES (?1, 'live', 'running', 100000, 'en', 'es', ?2, ?3)"));
  QVERIFY(st.ok());
  st->bind(1, uuid).bind(2, host).bind(3, pid);
  QVERIFY(st->run().ok());
}

} // namespace

class TestOpenDatabase : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;

private Q_SLOTS:
  void createsFolderWalAndSchema() {
    const QString path = m_dir.filePath(QStringLiteral("a/b/history.sqlite"));
    Result<OpenedDatabase> opened = openHistoryDatabase(path);
    QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
    QVERIFY(opened->notes.isEmpty());
    QCOMPARE(opened->db->queryText(QStringLiteral("PRAGMA journal_mode")).value(), QStringLiteral("wal"));
    QCOMPARE(opened->db->queryInt(QStringLiteral("PRAGMA synchronous")).value(), 2); // FULL
    QCOMPARE(opened->db->queryInt(QStringLiteral("PRAGMA foreign_keys")).value(), 1);
    QCOMPARE(schemaVersion(*opened->db).value(), latestSchemaVersion());
  }

  void notADatabaseIsMovedAside() {
    QDir dir(m_dir.filePath(QStringLiteral("garbage")));
    QVERIFY(dir.mkpath(QStringLiteral(".")));
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    const QByteArray garbage(8192, 'x');
    f.write(garbage);
    f.close();
    Result<OpenedDatabase> opened = openHistoryDatabase(path);
    QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
    QCOMPARE(opened->notes.size(), 1);
    QVERIFY2(opened->notes[0].contains(QLatin1String("not an SQLite database")) && opened->notes[0].contains(QLatin1String("moved to")),
             qPrintable(opened->notes[0]));
    const QStringList copies = corruptCopies(dir, QStringLiteral("history.sqlite"));
    QCOMPARE(copies.size(), 1);
    QFile kept(dir.filePath(copies[0]));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), garbage); // the user's file, untouched
    QCOMPARE(schemaVersion(*opened->db).value(), latestSchemaVersion());
  }

  void damagedPagesAreMovedAside() {
    QDir dir(m_dir.filePath(QStringLiteral("damaged")));
    QVERIFY(dir.mkpath(QStringLiteral(".")));
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    {
      Result<OpenedDatabase> opened = openHistoryDatabase(path);
      QVERIFY(opened.ok());
      Database &db = *opened->db;
      addSession(db, QStringLiteral("s1"), 1, QStringLiteral("elsewhere"));
      QVERIFY(db.exec(QStringLiteral("PRAGMA journal_mode = DELETE")).ok()); // everything into the main file
      for (int i = 0; i < 300; ++i)
        QVERIFY(db.exec(QStringLiteral("INSERT INTO segments (session_id, segment, start_s, end_s, source_text) "
                                       "VALUES (1, %1, 0, 1, '%2')").arg(i).arg(QString(200, QLatin1Char('a' + i % 26))))
                    .ok());
    }
    // Scribble over the middle of the file, past the header and the schema page.
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.size() > 16 * 4096);
    f.seek(8 * 4096);
    f.write(QByteArray(4 * 4096, '\x5a'));
    f.close();
    Result<OpenedDatabase> opened = openHistoryDatabase(path);
    QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
    QCOMPARE(opened->notes.size(), 1);
    QVERIFY2(opened->notes[0].contains(QLatin1String("damaged")), qPrintable(opened->notes[0]));
    QCOMPARE(corruptCopies(dir, QStringLiteral("history.sqlite")).size(), 1);
    QCOMPARE(opened->db->queryInt(QStringLiteral("SELECT count(*) FROM segments")).value(), 0);
  }

  void deadProcessSessionsAreInterrupted() {
    const QString path = m_dir.filePath(QStringLiteral("crash.sqlite"));
    {
      Result<OpenedDatabase> opened = openHistoryDatabase(path);
      QVERIFY(opened.ok());
      Database &db = *opened->db;
      const qint64 dead = 4194304 + 12345; // above any pid_max: no such process
      addSession(db, QStringLiteral("dead"), dead, hostName());
      addSession(db, QStringLiteral("alive"), 1, hostName()); // init: alive
      addSession(db, QStringLiteral("remote"), dead, QStringLiteral("another-host"));
      QVERIFY(db.exec(QStringLiteral("INSERT INTO segments (session_id, segment, start_s, end_s, source_text, mt_done_ms) "
                                     "VALUES (1, 1, 0, 1, 'x', 2500.7)"))
                  .ok());
    }
    Result<OpenedDatabase> opened = openHistoryDatabase(path);
    QVERIFY(opened.ok());
    QCOMPARE(opened->notes.size(), 1);
    QVERIFY2(opened->notes[0].startsWith(QLatin1String("1 session(s)")), qPrintable(opened->notes[0]));
    Database &db = *opened->db;
    QCOMPARE(db.queryText(QStringLiteral("SELECT state FROM sessions WHERE uuid = 'dead'")).value(), QStringLiteral("interrupted"));
    QCOMPARE(db.queryInt(QStringLiteral("SELECT ended_ms FROM sessions WHERE uuid = 'dead'")).value(), 102500);
    QVERIFY(db.queryText(QStringLiteral("SELECT error FROM sessions WHERE uuid = 'dead'")).value().contains(QLatin1String("crash")));
    QCOMPARE(db.queryText(QStringLiteral("SELECT state FROM sessions WHERE uuid = 'alive'")).value(), QStringLiteral("running"));
    QCOMPARE(db.queryText(QStringLiteral("SELECT state FROM sessions WHERE uuid = 'remote'")).value(), QStringLiteral("running"));
  }

  void readOnlyFolderIsNamed() {
    if (::geteuid() == 0)
      QSKIP("running as root: permissions do not stop writes");
    QDir dir(m_dir.filePath(QStringLiteral("locked")));
    QVERIFY(dir.mkpath(QStringLiteral(".")));
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner));
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    Result<OpenedDatabase> opened = openHistoryDatabase(path);
    QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, ErrorKind::Output);
    QVERIFY2(opened.error().message.contains(path), qPrintable(opened.error().message));
  }

  void notAFolderIsNamed() {
    const QString file = m_dir.filePath(QStringLiteral("plain"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    Result<OpenedDatabase> opened = openHistoryDatabase(file + QStringLiteral("/history.sqlite"));
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, ErrorKind::Output);
    QVERIFY2(opened.error().message.contains(file), qPrintable(opened.error().message));
  }
};

QTEST_GUILESS_MAIN(TestOpenDatabase)
#include "tst_opendatabase.moc"
