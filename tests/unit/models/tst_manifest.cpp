// The manifest file and the two hashes it records.
#include "core/models/filedigest.h"
#include "core/models/manifest.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;
using namespace dragoman::models;

namespace {

void writeFile(const QString &path, const QByteArray &data) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(data);
}

} // namespace

class TestManifest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void knownDigests_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("algorithm");
    QTest::addColumn<QString>("hex");
    // `printf 'hello\n' | git hash-object --stdin`
    QTest::newRow("git hello") << QByteArray("hello\n") << int(HashAlgorithm::GitBlobSha1)
                               << QStringLiteral("ce013625030ba8dba906f756967f9e9ca394464a");
    // `git hash-object /dev/null`
    QTest::newRow("git empty") << QByteArray() << int(HashAlgorithm::GitBlobSha1)
                               << QStringLiteral("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    QTest::newRow("sha256 abc") << QByteArray("abc") << int(HashAlgorithm::Sha256)
                                << QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  void knownDigests() {
    QFETCH(QByteArray, content);
    QFETCH(int, algorithm);
    QFETCH(QString, hex);
    const auto a = HashAlgorithm(algorithm);
    FileDigest whole(a, content.size());
    whole.addData(content);
    QCOMPARE(whole.hexResult(), hex);
    // Fed a byte at a time, as a download streams.
    FileDigest pieces(a, content.size());
    for (char c : content)
      pieces.addData(QByteArrayView(&c, 1));
    QCOMPARE(pieces.hexResult(), hex);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("f"));
    writeFile(path, content);
    const Result<QString> fromFile = hashFile(path, a);
    QVERIFY(fromFile.ok());
    QCOMPARE(*fromFile, hex);
  }

  void hashIntoAPrefixThenTheRest() {
    QTemporaryDir dir;
    const QByteArray content = QByteArray(10'000'000, 'x') + QByteArray("tail");
    const QString path = dir.filePath(QStringLiteral("big"));
    writeFile(path, content);
    FileDigest resumed(HashAlgorithm::Sha256, content.size());
    qint64 lastProgress = 0;
    QVERIFY(hashInto(resumed, path, 6'000'000, [&](qint64 n) { lastProgress = n; }).ok());
    QCOMPARE(lastProgress, qint64(6'000'000));
    resumed.addData(QByteArrayView(content).sliced(6'000'000));
    QCOMPARE(resumed.hexResult(),
             QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex()));
    FileDigest tooFar(HashAlgorithm::Sha256, 0);
    const Status s = hashInto(tooFar, path, content.size() + 1);
    QVERIFY(!s.ok());
    QVERIFY(s.error().message.contains(path));
  }

  void roundTrip() {
    QTemporaryDir dir;
    Manifest m;
    m.id = QStringLiteral("whisper-tiny");
    m.kind = QStringLiteral("asr");
    m.repo = QStringLiteral("openai/whisper-tiny");
    m.revision = QStringLiteral("main");
    m.endpoint = QStringLiteral("https://huggingface.co");
    m.downloadedAt = QDateTime(QDate(2024, 5, 1), QTime(12, 30, 5), Qt::UTC);
    m.files = {{QStringLiteral("config.json"), 1983, HashAlgorithm::GitBlobSha1, QString(40, QLatin1Char('a'))},
               {QStringLiteral("model.safetensors"), 151061672, HashAlgorithm::Sha256, QString(64, QLatin1Char('b'))}};
    QVERIFY(m.write(dir.path()).ok());
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("dragoman-model.json"))));
    const Result<Manifest> back = Manifest::read(dir.path());
    QVERIFY2(back.ok(), back ? "" : qPrintable(back.error().message));
    QCOMPARE(back->id, m.id);
    QCOMPARE(back->repo, m.repo);
    QCOMPARE(back->endpoint, m.endpoint);
    QCOMPARE(back->downloadedAt, m.downloadedAt);
    QCOMPARE(back->files, m.files);
    QCOMPARE(back->totalBytes(), qint64(151061672 + 1983));
    QVERIFY(back->find(QStringLiteral("config.json")));
    QVERIFY(!back->find(QStringLiteral("vocab.json")));
  }

  void rejectsDamagedManifests_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not json") << QByteArray("{\"id\": ");
    QTest::newRow("no files") << QByteArray(R"({"id": "x"})");
    QTest::newRow("escaping name") << QByteArray(
        R"({"id": "x", "files": [{"name": "../../x", "size": 1, "algorithm": "sha256", "hash": "ab"}]})");
    QTest::newRow("unknown algorithm") << QByteArray(
        R"({"id": "x", "files": [{"name": "a", "size": 1, "algorithm": "md5", "hash": "ab"}]})");
    // Found by fuzz_manifest: a size beyond qint64 was converted to it (undefined behaviour).
    QTest::newRow("size beyond 64 bits") << QByteArray(
        R"({"id": "x", "files": [{"name": "a", "size": 1.1e36, "algorithm": "sha256", "hash": "ab"}]})");
    QTest::newRow("fractional size") << QByteArray(
        R"({"id": "x", "files": [{"name": "a", "size": 10.5, "algorithm": "sha256", "hash": "ab"}]})");
  }

  void rejectsDamagedManifests() {
    QFETCH(QByteArray, json);
    const Result<Manifest> m = Manifest::fromJson(json, QStringLiteral("/m/dragoman-model.json"));
    QVERIFY(!m.ok());
    QCOMPARE(m.error().kind, ErrorKind::Input);
    QVERIFY(m.error().message.contains(QStringLiteral("/m/dragoman-model.json")));
  }

  void writeNamesAnUnwritableFolder() {
    QTemporaryDir dir;
    const QString blocker = dir.filePath(QStringLiteral("file"));
    writeFile(blocker, "x");
    Manifest m;
    m.id = QStringLiteral("x");
    const Status s = m.write(blocker + QStringLiteral("/sub")); // a folder inside a regular file
    QVERIFY(!s.ok());
    QCOMPARE(s.error().kind, ErrorKind::Output);
    QVERIFY(s.error().message.contains(blocker));
  }
};

QTEST_GUILESS_MAIN(TestManifest)
#include "tst_manifest.moc"
