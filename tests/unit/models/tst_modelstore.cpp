// States, verification and removal of models on disk (no network).
#include "core/models/modelstore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;
using namespace dragoman::models;

namespace {

void writeFile(const QString &path, const QByteArray &data) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(data);
}

// An installed model: two files and a manifest that describes them.
void install(const QString &root, const QString &id) {
  const QString dir = root + QLatin1Char('/') + id;
  const QByteArray config = "{\"d_model\": 32}\n";
  const QByteArray weights(100'000, '\x2a');
  writeFile(dir + QStringLiteral("/config.json"), config);
  writeFile(dir + QStringLiteral("/model.safetensors"), weights);
  FileDigest git(HashAlgorithm::GitBlobSha1, config.size());
  git.addData(config);
  FileDigest sha(HashAlgorithm::Sha256, weights.size());
  sha.addData(weights);
  Manifest m{id,
             QStringLiteral("asr"),
             QStringLiteral("test/") + id,
             QStringLiteral("main"),
             QStringLiteral("http://127.0.0.1:1"),
             {},
             QDateTime::currentDateTimeUtc()};
  m.files = {{QStringLiteral("config.json"), config.size(), HashAlgorithm::GitBlobSha1, git.hexResult()},
             {QStringLiteral("model.safetensors"), weights.size(), HashAlgorithm::Sha256, sha.hexResult()}};
  QVERIFY(m.write(dir).ok());
}

void flipByte(const QString &path, qint64 at) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::ReadWrite));
  QVERIFY(f.seek(at));
  char c = 0;
  QVERIFY(f.getChar(&c));
  QVERIFY(f.seek(at));
  QVERIFY(f.putChar(char(c ^ 0x01)));
}

} // namespace

class TestModelStore : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void states() {
    QTemporaryDir root;
    ModelStore store(root.path());
    QCOMPARE(store.inspect(QStringLiteral("a")).state, ModelState::NotInstalled);
    QDir().mkpath(root.filePath(QStringLiteral("a")));
    QCOMPARE(store.inspect(QStringLiteral("a")).state, ModelState::NotInstalled); // empty folder

    writeFile(root.filePath(QStringLiteral("a/model.safetensors.part")), "abc");
    const ModelStatus partial = store.inspect(QStringLiteral("a"));
    QCOMPARE(partial.state, ModelState::Partial);
    QCOMPARE(partial.bytesOnDisk, qint64(3));
    QCOMPARE(partial.path, root.filePath(QStringLiteral("a")));

    install(root.path(), QStringLiteral("b"));
    const ModelStatus installed = store.inspect(QStringLiteral("b"));
    QCOMPARE(installed.state, ModelState::Installed);
    QVERIFY(installed.manifest.has_value());
    QVERIFY(installed.bytesOnDisk > 100'000);
    QCOMPARE(store.installedIds(), QStringList{QStringLiteral("b")});

    QFile::resize(root.filePath(QStringLiteral("b/model.safetensors")), 10);
    const ModelStatus corrupt = store.inspect(QStringLiteral("b"));
    QCOMPARE(corrupt.state, ModelState::Corrupt);
    QVERIFY2(corrupt.problem.contains(QStringLiteral("model.safetensors")), qPrintable(corrupt.problem));

    QFile::remove(root.filePath(QStringLiteral("b/config.json")));
    QVERIFY(store.inspect(QStringLiteral("b")).problem.contains(QStringLiteral("config.json is missing")));

    writeFile(root.filePath(QStringLiteral("c/dragoman-model.json")), "{ not json");
    QCOMPARE(store.inspect(QStringLiteral("c")).state, ModelState::Corrupt);
    QCOMPARE(stateName(ModelState::NotInstalled), QStringLiteral("not installed"));
  }

  void verifyFindsAFlippedByte() {
    QTemporaryDir root;
    ModelStore store(root.path());
    install(root.path(), QStringLiteral("m"));
    QStringList seen;
    Result<VerifyReport> report = store.verify(QStringLiteral("m"), [&](const FileCheck &c) { seen << c.name; });
    QVERIFY(report.ok());
    QVERIFY(report->ok());
    QCOMPARE(seen, (QStringList{QStringLiteral("config.json"), QStringLiteral("model.safetensors")}));

    flipByte(root.filePath(QStringLiteral("m/model.safetensors")), 54'321);
    QCOMPARE(store.inspect(QStringLiteral("m")).state, ModelState::Installed); // same size: only hashing tells
    report = store.verify(QStringLiteral("m"));
    QVERIFY(report.ok());
    QVERIFY(!report->ok());
    QCOMPARE(report->badFiles(), QStringList{QStringLiteral("model.safetensors")});
    const FileCheck &bad = report->files.at(1);
    QCOMPARE(bad.outcome, FileCheck::Outcome::WrongHash);
    QVERIFY(bad.describe().contains(bad.expectedHash));
    QVERIFY(bad.describe().contains(bad.actualHash));

    QFile::remove(root.filePath(QStringLiteral("m/config.json")));
    report = store.verify(QStringLiteral("m"));
    QCOMPARE(report->files.at(0).outcome, FileCheck::Outcome::Missing);
  }

  void verifyWithoutManifestSaysNotInstalled() {
    QTemporaryDir root;
    ModelStore store(root.path());
    const Result<VerifyReport> report = store.verify(QStringLiteral("whisper-tiny"));
    QVERIFY(!report.ok());
    QCOMPARE(report.error().kind, ErrorKind::Input);
    QVERIFY(report.error().message.contains(QStringLiteral("not installed")));
    QVERIFY(report.error().message.contains(QStringLiteral("dragoman models download whisper-tiny")));
  }

  void removeDeletesTheFolder() {
    QTemporaryDir root;
    ModelStore store(root.path());
    install(root.path(), QStringLiteral("m"));
    QVERIFY(store.remove(QStringLiteral("m")).ok());
    QVERIFY(!QFileInfo::exists(root.filePath(QStringLiteral("m"))));
    QVERIFY(QFileInfo::exists(root.path()));
    const Status again = store.remove(QStringLiteral("m"));
    QVERIFY(!again.ok());
    QCOMPARE(again.error().kind, ErrorKind::Input);
  }

  void removeRefusesOutside() {
    QTemporaryDir base;
    const QString root = base.filePath(QStringLiteral("models"));
    const QString outside = base.filePath(QStringLiteral("precious"));
    writeFile(outside + QStringLiteral("/keep.txt"), "keep");
    QDir().mkpath(root);
    ModelStore store(root);

    for (const QString &id : {QStringLiteral(".."), QStringLiteral("../precious"), QStringLiteral("/etc"), QString(),
                              QStringLiteral(".")}) {
      const Status s = store.remove(id);
      QVERIFY2(!s.ok(), qPrintable(id));
      QCOMPARE(s.error().kind, ErrorKind::Usage);
    }
    // A link inside the models folder to a folder outside it.
    QVERIFY(QFile::link(outside, root + QStringLiteral("/linked")));
    const Status s = store.remove(QStringLiteral("linked"));
    QVERIFY(!s.ok());
    QCOMPARE(s.error().kind, ErrorKind::Usage);
    QVERIFY2(s.error().message.contains(outside), qPrintable(s.error().message));
    QVERIFY(QFileInfo::exists(outside + QStringLiteral("/keep.txt")));
    QVERIFY(QFileInfo(root + QStringLiteral("/linked")).isSymLink());
  }
};

QTEST_GUILESS_MAIN(TestModelStore)
#include "tst_modelstore.moc"
