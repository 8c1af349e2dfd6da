// ApiKeyStore: the file keeps hashes only (mode 0600, folder created), verify() accepts good
// keys only, list and revoke, and the server-side cache notices another process's changes.

#include "core/server/apikeys.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;
using namespace dragoman::server;

namespace {
QByteArray readAll(const QString &path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool ownerOnly(const QString &path) {
  const QFileDevice::Permissions p = QFileInfo(path).permissions();
  const QFileDevice::Permissions others = QFileDevice::ExeOwner | QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                          QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther |
                                          QFileDevice::ExeOther;
  return p.testFlag(QFileDevice::ReadOwner) && p.testFlag(QFileDevice::WriteOwner) && !(p & others);
}

void writeAll(const QString &path, const QByteArray &bytes) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
  f.write(bytes);
}
} // namespace

class TestApiKeys : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void init();
  void addStoresHashOnly();
  void verify();
  void listAndMissingFile();
  void revokeUnknownNamesKnownIds();
  void revokeTwiceIsHarmless();
  void badNames_data();
  void badNames();
  void reloadSeesAnotherInstancesRevoke();
  void reloadSeesSameSizeRewrite();
  void reloadIgnoresTouch();
  void corruptFile_data();
  void corruptFile();
  void corruptFileIsNotOverwritten();

private:
  std::unique_ptr<QTemporaryDir> m_dir;
  QString m_path;
};

void TestApiKeys::init() {
  m_dir = std::make_unique<QTemporaryDir>();
  QVERIFY(m_dir->isValid());
  m_path = m_dir->filePath(QStringLiteral("config/dragoman/api-keys.json")); // folders not there yet
}

void TestApiKeys::addStoresHashOnly() {
  ApiKeyStore store(m_path);
  Result<NewApiKey> made = store.add(QStringLiteral("obs overlay"));
  QVERIFY2(made.ok(), made.ok() ? "" : qPrintable(made.error().message));
  QVERIFY(QRegularExpression(QStringLiteral("^dgm_[A-Za-z0-9_-]{43}$")).match(made->secret).hasMatch());
  QVERIFY(QRegularExpression(QStringLiteral("^k_[0-9a-f]{8}$")).match(made->key.id).hasMatch());
  QCOMPARE(made->key.name, QStringLiteral("obs overlay"));
  QVERIFY(made->key.active());
  QCOMPARE(made->key.created.timeSpec(), Qt::UTC);

  const QByteArray file = readAll(m_path);
  QVERIFY(!file.contains(made->secret.toUtf8()));
  QVERIFY(!file.contains(made->secret.mid(4).toUtf8()));
  const QByteArray hash = QCryptographicHash::hash(made->secret.toUtf8(), QCryptographicHash::Sha256).toHex();
  QCOMPARE(made->key.sha256Hex, hash);
  const QJsonObject root = QJsonDocument::fromJson(file).object();
  QCOMPARE(root.value(QStringLiteral("version")).toInt(), 1);
  const QJsonObject key = root.value(QStringLiteral("keys")).toArray().at(0).toObject();
  QCOMPARE(key.value(QStringLiteral("sha256")).toString().toLatin1(), hash);
  QCOMPARE(key.value(QStringLiteral("id")).toString(), made->key.id);
  QVERIFY(key.value(QStringLiteral("revoked")).isNull());
  QVERIFY(key.value(QStringLiteral("created")).toString().endsWith(QLatin1Char('Z')));

  QVERIFY(ownerOnly(m_path));

  // A second key gets a different secret and id; the first stays.
  Result<NewApiKey> second = store.add(QStringLiteral("phone"));
  QVERIFY(second.ok());
  QVERIFY(second->secret != made->secret);
  QVERIFY(second->key.id != made->key.id);
  QCOMPARE(store.list()->size(), 2);
  QVERIFY(ownerOnly(m_path));
}

void TestApiKeys::verify() {
  ApiKeyStore cli(m_path);
  const Result<NewApiKey> a = cli.add(QStringLiteral("a"));
  const Result<NewApiKey> b = cli.add(QStringLiteral("b"));
  QVERIFY(a.ok() && b.ok());
  QVERIFY(cli.revoke(b->key.id).ok());

  ApiKeyStore server(m_path);
  QVERIFY(!server.verify(a->secret)); // nothing loaded yet
  QVERIFY(server.load().ok());
  QVERIFY(server.anyActive());
  const std::optional<ApiKey> good = server.verify(a->secret);
  QVERIFY(good);
  QCOMPARE(good->id, a->key.id);
  QVERIFY(!server.verify(b->secret)); // revoked
  QVERIFY(!server.verify(QString()));
  QVERIFY(!server.verify(QStringLiteral("dgm_")));
  QString wrong = a->secret;
  wrong[10] = wrong[10] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
  QVERIFY(!server.verify(wrong));
  QVERIFY(!server.verify(a->secret + QLatin1Char(' ')));
  QVERIFY(!server.verify(QString::fromLatin1(a->key.sha256Hex))); // the hash is not the key
}

void TestApiKeys::listAndMissingFile() {
  ApiKeyStore store(m_path);
  Result<QList<ApiKey>> empty = store.list();
  QVERIFY(empty.ok());
  QVERIFY(empty->isEmpty());
  QVERIFY(store.load().ok());
  QVERIFY(!store.anyActive());
  QVERIFY(store.add(QStringLiteral("one")).ok());
  QVERIFY(store.add(QStringLiteral("two")).ok());
  Result<QList<ApiKey>> keys = store.list();
  QVERIFY(keys.ok());
  QCOMPARE(keys->size(), 2);
  QCOMPARE(keys->at(0).name, QStringLiteral("one"));
  QCOMPARE(keys->at(1).name, QStringLiteral("two"));
  QVERIFY(keys->at(0).created.isValid());
}

void TestApiKeys::revokeUnknownNamesKnownIds() {
  ApiKeyStore store(m_path);
  Result<ApiKey> none = store.revoke(QStringLiteral("k_00000000"));
  QVERIFY(!none.ok());
  QCOMPARE(none.error().kind, ErrorKind::Input);
  QVERIFY(none.error().message.contains(QStringLiteral("k_00000000")));
  QVERIFY(none.error().message.contains(m_path));

  const Result<NewApiKey> a = store.add(QStringLiteral("a"));
  const Result<NewApiKey> b = store.add(QStringLiteral("b"));
  Result<ApiKey> unknown = store.revoke(QStringLiteral("k_nothere"));
  QVERIFY(!unknown.ok());
  QCOMPARE(unknown.error().kind, ErrorKind::Input);
  QVERIFY(unknown.error().message.contains(QStringLiteral("k_nothere")));
  QVERIFY(unknown.error().message.contains(a->key.id));
  QVERIFY(unknown.error().message.contains(b->key.id));
}

void TestApiKeys::revokeTwiceIsHarmless() {
  ApiKeyStore store(m_path);
  const Result<NewApiKey> a = store.add(QStringLiteral("a"));
  Result<ApiKey> first = store.revoke(a->key.id);
  QVERIFY(first.ok());
  QVERIFY(first->revoked.has_value());
  Result<ApiKey> second = store.revoke(a->key.id);
  QVERIFY(second.ok());
  QCOMPARE(*second->revoked, *first->revoked);
  QVERIFY(!store.list()->at(0).active());
}

void TestApiKeys::badNames_data() {
  QTest::addColumn<QString>("name");
  QTest::newRow("empty") << QString();
  QTest::newRow("blank") << QStringLiteral("   ");
  QTest::newRow("101 chars") << QString(101, QLatin1Char('x'));
  QTest::newRow("newline") << QStringLiteral("a\nb");
  QTest::newRow("escape") << QStringLiteral("a\x1b[31mb");
  QTest::newRow("del") << QStringLiteral("a\x7f");
}

void TestApiKeys::badNames() {
  QFETCH(QString, name);
  ApiKeyStore store(m_path);
  Result<NewApiKey> made = store.add(name);
  QVERIFY(!made.ok());
  QCOMPARE(made.error().kind, ErrorKind::Input);
  QVERIFY(!QFile::exists(m_path));
  QVERIFY(store.add(QString(100, QLatin1Char('x'))).ok()); // the longest allowed
}

void TestApiKeys::reloadSeesAnotherInstancesRevoke() {
  ApiKeyStore cli(m_path);
  ApiKeyStore server(m_path);
  QVERIFY(server.load().ok());
  QVERIFY(!server.reloadIfChanged()); // nothing changed: a stat, no reload
  const Result<NewApiKey> a = cli.add(QStringLiteral("a"));
  QVERIFY(server.reloadIfChanged()); // the file appeared
  QVERIFY(server.verify(a->secret));
  QVERIFY(!server.reloadIfChanged());
  QVERIFY(cli.revoke(a->key.id).ok()); // within the same second as the add
  QVERIFY(server.reloadIfChanged());
  QVERIFY(!server.verify(a->secret));
  QVERIFY(!server.anyActive());
  QVERIFY(QFile::remove(m_path));
  QVERIFY(server.reloadIfChanged()); // the file disappeared: no keys
  QVERIFY(!server.reloadIfChanged());
}

void TestApiKeys::reloadSeesSameSizeRewrite() {
  ApiKeyStore cli(m_path);
  const Result<NewApiKey> a = cli.add(QStringLiteral("a"));
  ApiKeyStore server(m_path);
  QVERIFY(server.load().ok());
  QVERIFY(server.verify(a->secret));
  // Another key's hash in place of this one: same size, and the old mtime put back.
  const QDateTime mtime = QFileInfo(m_path).lastModified();
  QByteArray bytes = readAll(m_path);
  const QByteArray other = QCryptographicHash::hash("something else", QCryptographicHash::Sha256).toHex();
  bytes.replace(a->key.sha256Hex, other);
  writeAll(m_path, bytes);
  {
    QFile f(m_path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.setFileTime(mtime, QFileDevice::FileModificationTime));
  }
  QCOMPARE(QFileInfo(m_path).lastModified(), mtime);
  QVERIFY(server.reloadIfChanged());
  QVERIFY(!server.verify(a->secret));
  QVERIFY(server.verify(QStringLiteral("something else")));
}

void TestApiKeys::reloadIgnoresTouch() {
  ApiKeyStore cli(m_path);
  QVERIFY(cli.add(QStringLiteral("a")).ok());
  ApiKeyStore server(m_path);
  QVERIFY(server.load().ok());
  {
    QFile f(m_path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.setFileTime(QDateTime::currentDateTime().addSecs(5), QFileDevice::FileModificationTime));
  }
  QVERIFY(!server.reloadIfChanged()); // same bytes: nothing to reload
  QVERIFY(server.anyActive());
}

void TestApiKeys::corruptFile_data() {
  QTest::addColumn<QByteArray>("content");
  QTest::addColumn<QString>("problem");
  QTest::newRow("not json") << QByteArray("{\"version\":1,\"keys\":[") << QStringLiteral("corrupt");
  QTest::newRow("empty") << QByteArray() << QStringLiteral("corrupt");
  QTest::newRow("array") << QByteArray("[]") << QStringLiteral("\"keys\"");
  QTest::newRow("version 2") << QByteArray(R"({"version":2,"keys":[]})") << QStringLiteral("version 2");
  QTest::newRow("bad hash") << QByteArray(R"({"version":1,"keys":[{"id":"k_1","name":"x","sha256":"abc",)"
                                          R"("created":"2026-11-23T19:00:00Z","revoked":null}]})")
                            << QStringLiteral("sha256");
  QTest::newRow("bad time") << QByteArray(R"({"version":1,"keys":[{"id":"k_1","name":"x","sha256":")" +
                                          QByteArray(64, 'a') + R"(","created":"yesterday","revoked":null}]})")
                            << QStringLiteral("created");
  QTest::newRow("duplicate id") << QByteArray(R"({"version":1,"keys":[{"id":"k_1","name":"x","sha256":")" +
                                              QByteArray(64, 'a') + R"(","created":"2026-11-23T19:00:00Z"},)" +
                                              R"({"id":"k_1","name":"y","sha256":")" + QByteArray(64, 'b') +
                                              R"(","created":"2026-11-23T19:00:00Z"}]})")
                                << QStringLiteral("twice");
}

void TestApiKeys::corruptFile() {
  QFETCH(QByteArray, content);
  QFETCH(QString, problem);
  ApiKeyStore cli(m_path);
  QVERIFY(cli.add(QStringLiteral("a")).ok()); // creates the folder
  ApiKeyStore server(m_path);
  QVERIFY(server.load().ok());
  QVERIFY(server.anyActive());
  writeAll(m_path, content);
  QVERIFY(server.reloadIfChanged());
  const Status status = server.load();
  QVERIFY(!status.ok());
  QCOMPARE(status.error().kind, ErrorKind::Input);
  QVERIFY2(status.error().message.contains(m_path), qPrintable(status.error().message));
  QVERIFY2(status.error().message.contains(problem), qPrintable(status.error().message));
  QVERIFY(!server.anyActive()); // fail closed: nothing verifies
  QVERIFY(!server.reloadIfChanged());
  Result<QList<ApiKey>> listed = cli.list();
  QVERIFY(!listed.ok());
  QVERIFY(listed.error().message.contains(m_path));
}

void TestApiKeys::corruptFileIsNotOverwritten() {
  QVERIFY(QDir().mkpath(QFileInfo(m_path).absolutePath()));
  writeAll(m_path, "not json");
  ApiKeyStore store(m_path);
  QVERIFY(!store.add(QStringLiteral("a")).ok());
  QVERIFY(!store.revoke(QStringLiteral("k_1")).ok());
  QCOMPARE(readAll(m_path), QByteArray("not json"));
}

QTEST_GUILESS_MAIN(TestApiKeys)
#include "tst_apikeys.moc"
