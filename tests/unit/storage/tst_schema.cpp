// Migrations: from every earlier version to the latest, keeping the data; a database from a newer
// Dragoman refused; the text index built for segments written before it existed.
#include "core/storage/schema.h"
#include "core/storage/sqlitedb.h"

#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;
using namespace dragoman::storage;

namespace {

std::unique_ptr<Database> openDb(const QString &path) {
  Result<std::unique_ptr<Database>> db = Database::open(path);
  return db ? std::move(db).value() : nullptr;
}

qint64 count(Database &db, const char *table) {
  return db.queryInt(QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table))).value();
}

} // namespace

class TestSchema : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;

private Q_SLOTS:
  void versionsAreConsecutive() {
    int expected = 1;
    for (const Migration &m : migrations())
      QCOMPARE(m.version, expected++);
    QCOMPARE(latestSchemaVersion(), expected - 1);
  }

  void fromEveryEarlierVersion_data() {
    QTest::addColumn<int>("from");
    for (int v = 0; v < latestSchemaVersion(); ++v)
      QTest::newRow(qPrintable(QStringLiteral("v%1").arg(v))) << v;
  }
  void fromEveryEarlierVersion() {
    QFETCH(int, from);
    const QString path = m_dir.filePath(QStringLiteral("from-%1.sqlite").arg(from));
    auto db = openDb(path);
    QVERIFY(db);
    QVERIFY(migrate(*db, from).ok());
    QCOMPARE(schemaVersion(*db).value(), from);
    if (from >= 1) { // a session and a segment written by that version
      QVERIFY(db->exec(QStringLiteral("INSERT INTO sessions (uuid, kind, state, started_ms, source_language, target_language) "
                                      "VALUES ('u1', 'translate', 'finished', 1000, 'en', 'es');"
                                      "INSERT INTO segments (session_id, segment, start_s, end_s, source_text, translation) "
                                      "VALUES (1, 1, 0.0, 1.5, 'hello world', 'hola mundo')"))
                  .ok());
    }
    QVERIFY(migrate(*db).ok());
    QCOMPARE(schemaVersion(*db).value(), latestSchemaVersion());
    for (const char *table : {"sessions", "segments", "profile_runs", "memory_samples", "alerts"})
      QVERIFY2(db->queryInt(QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table))).ok(), table);
    if (from >= 1) {
      QCOMPARE(count(*db, "segments"), 1);
      // The text index covers the segment written before it existed.
      QCOMPARE(db->queryInt(QStringLiteral("SELECT count(*) FROM segments_text WHERE segments_text MATCH 'hola'")).value(), 1);
    }
    if (from >= 1) {
      // Written before directions existed: a one-direction segment. A call's other direction may
      // now reuse its id.
      QCOMPARE(db->queryInt(QStringLiteral("SELECT count(*) FROM segments WHERE direction = ''")).value(), 1);
      QVERIFY(db->exec(QStringLiteral("INSERT INTO segments (session_id, direction, segment, start_s, end_s, source_text) "
                                      "VALUES (1, 'them', 1, 0.0, 1.0, 'hola')"))
                  .ok());
      QVERIFY(!db->exec(QStringLiteral("INSERT INTO segments (session_id, direction, segment, start_s, end_s, source_text) "
                                       "VALUES (1, 'them', 1, 0.0, 1.0, 'hola otra vez')"))
                   .ok());
      QCOMPARE(db->queryInt(QStringLiteral("SELECT count(*) FROM segments_text WHERE segments_text MATCH 'hola'")).value(), 2);
    }
    // Running it again changes nothing.
    QVERIFY(migrate(*db).ok());
    QCOMPARE(schemaVersion(*db).value(), latestSchemaVersion());
  }

  void newerDatabaseIsRefused() {
    auto db = openDb(m_dir.filePath(QStringLiteral("newer.sqlite")));
    QVERIFY(db);
    QVERIFY(db->exec(QStringLiteral("PRAGMA user_version = %1").arg(latestSchemaVersion() + 1)).ok());
    const Status s = migrate(*db);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().kind, ErrorKind::Input);
    QVERIFY2(s.error().message.contains(QLatin1String("newer")) && s.error().message.contains(db->path()),
             qPrintable(s.error().message));
  }

  void foreignKeysAndChecksHold() {
    auto db = openDb(m_dir.filePath(QStringLiteral("keys.sqlite")));
    QVERIFY(db);
    QVERIFY(migrate(*db).ok());
    // A segment of no session, and a session in no known state, are refused.
    QVERIFY(!db->exec(QStringLiteral("INSERT INTO segments (session_id, segment, start_s, end_s, source_text) "
                                     "VALUES (42, 1, 0, 1, 'x')"))
                 .ok());
    QVERIFY(!db->exec(QStringLiteral("INSERT INTO sessions (uuid, kind, state, started_ms, source_language, target_language) "
                                     "VALUES ('u', 'live', 'sleeping', 0, 'en', 'es')"))
                 .ok());
  }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
