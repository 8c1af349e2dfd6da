// Downloads against a real loopback HTTP server in Hugging Face's layout (tests/support/modelserver):
// multi-file folders, redirects, paginated listings, resume, ignored ranges, corrupt bytes, HTTP
// errors, an unreachable endpoint, an unwritable folder, a full disk, cancellation.
#include "core/models/modeldownloader.h"
#include "core/models/modelstore.h"
#include "tests/support/modelserver.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace dragoman;
using namespace dragoman::models;
using dragoman::test::randomBytes;
using dragoman::test::readAll;
using dragoman::test::ModelServer;

namespace {

const QString kRepo = QStringLiteral("test/tiny");
const QString kId = QStringLiteral("tiny-test");
const QString kWeights = QStringLiteral("model.safetensors");

CatalogueEntry entry(const QString &repo = kRepo) {
  CatalogueEntry e;
  e.id = kId;
  e.kind = QStringLiteral("asr");
  e.engine = QStringLiteral("whisper");
  e.repo = repo;
  e.revision = QStringLiteral("main");
  e.files = {QStringLiteral("config.json"), kWeights};
  // generation_config.json is not on the server: optional files may be missing.
  e.optionalFiles = {QStringLiteral("tokenizer.json"), QStringLiteral("vocab.json"), QStringLiteral("merges.txt"),
                     QStringLiteral("generation_config.json")};
  return e;
}

struct Run {
  Status result;
  QList<QPair<QString, FileOutcome>> files;
  DownloadProgress last;
  int progressSignals = 0;
  qint64 fetched = 0; // received by the downloader over the network
};

// Runs one download to the end in a local event loop, as the headless command does.
Run download(const QString &endpoint, const QString &modelsDir, int retries = 3, const CatalogueEntry &e = entry(),
             const std::function<void(ModelDownloader &, const DownloadProgress &)> &onProgress = {}) {
  DownloadOptions options;
  options.endpoint = endpoint;
  options.modelsDir = modelsDir;
  options.retries = retries;
  options.stallTimeoutMs = 20000;
  ModelDownloader d(e, options);
  Run run;
  QObject::connect(&d, &ModelDownloader::fileCompleted, [&](const QString &name, qint64, FileOutcome o) {
    run.files.append({name, o});
  });
  QObject::connect(&d, &ModelDownloader::progress, [&](const DownloadProgress &p) {
    run.last = p;
    ++run.progressSignals;
    if (onProgress)
      onProgress(d, p);
  });
  QEventLoop loop;
  QObject::connect(&d, &ModelDownloader::finished, &loop, &QEventLoop::quit);
  QTimer::singleShot(60000, &loop, &QEventLoop::quit);
  d.start();
  loop.exec();
  run.result = d.isFinished() ? d.result() : Status(makeError(ErrorKind::Internal, QStringLiteral("timed out")));
  run.fetched = d.fetchedBytes();
  return run;
}

QString message(const Status &s) {
  return s ? QStringLiteral("ok") : s.error().message;
}

} // namespace

class TestModelDownloader : public QObject {
  Q_OBJECT
  QMap<QString, QByteArray> m_files;
  std::unique_ptr<ModelServer> m_server;
  std::unique_ptr<QTemporaryDir> m_dir;

  QString modelsDir() const { return m_dir->filePath(QStringLiteral("models")); }
  QString modelPath(const QString &file) const {
    return modelsDir() + QLatin1Char('/') + kId + QLatin1Char('/') + file;
  }
  qint64 weightsSize() const { return m_files.value(kWeights).size(); }
  qint64 allFilesSize() const {
    qint64 total = 0;
    for (const QByteArray &f : m_files)
      total += f.size();
    return total;
  }
  qint64 configSize() const { return m_files.value(QStringLiteral("config.json")).size(); }

private Q_SLOTS:
  void init() {
    m_files = {{QStringLiteral("config.json"), QByteArray("{\"d_model\": 32, \"encoder_layers\": 2}\n")},
               {QStringLiteral("tokenizer.json"), randomBytes(20'000, 1).toBase64()},
               {QStringLiteral("vocab.json"), QByteArray("{\"a\": 0}")},
               {QStringLiteral("merges.txt"), QByteArray("#version: 0.2\n")},
               {kWeights, randomBytes(3 * 1024 * 1024 + 17, 2)}};
    m_server = std::make_unique<ModelServer>();
    for (auto it = m_files.cbegin(); it != m_files.cend(); ++it)
      m_server->addFile(kRepo, it.key(), it.value(),
                        it.key() == kWeights || it.key() == QLatin1String("tokenizer.json"));
    m_server->addFile(kRepo, QStringLiteral("README.md"), "not asked for", false);
    QVERIFY(m_server->start());
    m_dir = std::make_unique<QTemporaryDir>();
  }

  void cleanup() {
    m_server.reset();
    m_dir.reset();
  }

  void downloadsAndVerifiesAFolder_data() {
    QTest::addColumn<bool>("redirect");
    QTest::addColumn<int>("pageSize");
    QTest::newRow("direct") << false << 0;
    QTest::newRow("redirect to a CDN") << true << 0;
    QTest::newRow("paginated listing") << false << 2;
  }

  void downloadsAndVerifiesAFolder() {
    QFETCH(bool, redirect);
    QFETCH(int, pageSize);
    m_server->setRedirect(redirect);
    m_server->setTreePageSize(pageSize);
    const Run run = download(m_server->endpoint(), modelsDir());
    QVERIFY2(run.result.ok(), qPrintable(message(run.result)));
    for (auto it = m_files.cbegin(); it != m_files.cend(); ++it) {
      QVERIFY2(readAll(modelPath(it.key())) == it.value(), qPrintable(it.key()));
      QVERIFY(!QFileInfo::exists(modelPath(it.key() + QStringLiteral(".part"))));
    }
    QVERIFY(!QFileInfo::exists(modelPath(QStringLiteral("README.md"))));
    QVERIFY(!QFileInfo::exists(modelPath(QStringLiteral("generation_config.json"))));
    QCOMPARE(run.files.size(), 5);
    for (const auto &[name, outcome] : run.files)
      QCOMPARE(outcome, FileOutcome::Downloaded);
    QCOMPARE(m_server->bytesServed(kWeights), weightsSize());
    QCOMPARE(run.fetched, allFilesSize());
    QVERIFY(run.progressSignals > 0);
    QCOMPARE(run.last.bytes, run.last.totalBytes);

    const Result<Manifest> manifest = Manifest::read(modelsDir() + QLatin1Char('/') + kId);
    QVERIFY(manifest.ok());
    QCOMPARE(manifest->id, kId);
    QCOMPARE(manifest->repo, kRepo);
    QCOMPARE(manifest->endpoint, m_server->endpoint());
    QCOMPARE(manifest->files.size(), 5);
    QCOMPARE(manifest->find(kWeights)->algorithm, HashAlgorithm::Sha256);
    QCOMPARE(manifest->find(kWeights)->size, weightsSize());
    QCOMPARE(manifest->find(QStringLiteral("config.json"))->algorithm, HashAlgorithm::GitBlobSha1);

    ModelStore store(modelsDir());
    QCOMPARE(store.inspect(kId).state, ModelState::Installed);
    const Result<VerifyReport> report = store.verify(kId);
    QVERIFY(report.ok() && report->ok());
  }

  void secondRunFetchesNothingAgain() {
    QVERIFY(download(m_server->endpoint(), modelsDir()).result.ok());
    m_server->resetCounters();
    const Run again = download(m_server->endpoint(), modelsDir());
    QVERIFY2(again.result.ok(), qPrintable(message(again.result)));
    for (const auto &[name, outcome] : again.files)
      QCOMPARE(outcome, FileOutcome::AlreadyPresent);
    QCOMPARE(m_server->requestCount(kWeights), 0);
    QCOMPARE(m_server->bytesServed(kWeights), qint64(0));
  }

  void resumesInTheNextRunAfterADroppedConnection_data() {
    QTest::addColumn<bool>("redirect");
    QTest::newRow("direct") << false;
    QTest::newRow("through a redirect") << true;
  }

  void resumesInTheNextRunAfterADroppedConnection() {
    QFETCH(bool, redirect);
    m_server->setRedirect(redirect);
    m_server->dropAfter(kWeights, 1'000'000, 1);
    const Run first = download(m_server->endpoint(), modelsDir(), 0);
    QVERIFY(!first.result.ok());
    QCOMPARE(first.result.error().kind, ErrorKind::EngineUnavailable);
    QVERIFY2(first.result.error().message.contains(QStringLiteral("resume")), qPrintable(message(first.result)));
    QVERIFY(first.result.error().message.contains(modelPath(kWeights + QStringLiteral(".part"))));
    QCOMPARE(QFileInfo(modelPath(kWeights + QStringLiteral(".part"))).size(), qint64(1'000'000));
    QVERIFY(!QFileInfo::exists(modelPath(kWeights)));
    QCOMPARE(ModelStore(modelsDir()).inspect(kId).state, ModelState::Partial);

    m_server->resetCounters();
    const Run second = download(m_server->endpoint(), modelsDir(), 0);
    QVERIFY2(second.result.ok(), qPrintable(message(second.result)));
    QCOMPARE(readAll(modelPath(kWeights)), m_files.value(kWeights));
    // The megabyte already on disk was not fetched again, nor was config.json.
    for (const QByteArray &range : m_server->rangeHeaders(kWeights)) // through a redirect: resolve and CDN
      QCOMPARE(range, QByteArray("bytes=1000000-"));
    QCOMPARE(m_server->requestCount(kWeights), redirect ? 2 : 1);
    QCOMPARE(m_server->bytesServed(kWeights), weightsSize() - 1'000'000);
    QCOMPARE(m_server->requestCount(QStringLiteral("config.json")), 0);
    QCOMPARE(second.fetched, allFilesSize() - configSize() - 1'000'000);
    bool resumed = false;
    for (const auto &[name, outcome] : second.files)
      resumed = resumed || (name == kWeights && outcome == FileOutcome::Resumed);
    QVERIFY(resumed);
    QCOMPARE(ModelStore(modelsDir()).inspect(kId).state, ModelState::Installed);
  }

  void resumesWithinOneRun() {
    m_server->dropAfter(kWeights, 500'000, 2);
    const Run run = download(m_server->endpoint(), modelsDir(), 3);
    QVERIFY2(run.result.ok(), qPrintable(message(run.result)));
    QCOMPARE(readAll(modelPath(kWeights)), m_files.value(kWeights));
    // Every byte was received once: each retry asked for the rest only.
    QCOMPARE(run.fetched, allFilesSize());
    const QList<QByteArray> ranges = m_server->rangeHeaders(kWeights);
    QCOMPARE(ranges, (QList<QByteArray>{QByteArray(), QByteArray("bytes=500000-"), QByteArray("bytes=1000000-")}));
    QCOMPARE(m_server->bytesServed(kWeights), weightsSize());
  }

  void restartsWhenTheServerIgnoresTheRange() {
    m_server->dropAfter(kWeights, 1'000'000, 1);
    QVERIFY(!download(m_server->endpoint(), modelsDir(), 0).result.ok());
    m_server->setIgnoreRange(true);
    m_server->resetCounters();
    const Run run = download(m_server->endpoint(), modelsDir(), 0);
    QVERIFY2(run.result.ok(), qPrintable(message(run.result)));
    // Asked for a range, got the whole file (200): the .part started over, nothing doubled.
    QCOMPARE(readAll(modelPath(kWeights)), m_files.value(kWeights));
    QCOMPARE(m_server->rangeHeaders(kWeights), QList<QByteArray>{QByteArray("bytes=1000000-")});
    QCOMPARE(m_server->bytesServed(kWeights), weightsSize());
  }

  void rejectsAHashMismatch_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("algorithm");
    QTest::newRow("LFS weights") << kWeights << QStringLiteral("sha256");
    QTest::newRow("git file") << QStringLiteral("config.json") << QStringLiteral("git-blob-sha1");
  }

  void rejectsAHashMismatch() {
    QFETCH(QString, file);
    QFETCH(QString, algorithm);
    QByteArray wrong = m_files.value(file);
    wrong[wrong.size() / 2] = char(wrong.at(wrong.size() / 2) ^ 0x40); // same size, one byte off
    m_server->serveInstead(file, wrong);
    const Run run = download(m_server->endpoint(), modelsDir());
    QVERIFY(!run.result.ok());
    const QString msg = run.result.error().message;
    QCOMPARE(run.result.error().kind, ErrorKind::Input);
    QVERIFY2(msg.contains(QStringLiteral("corrupt download")), qPrintable(msg));
    QVERIFY(msg.contains(file));
    QVERIFY(msg.contains(algorithm));
    FileDigest expected(*algorithmFromName(algorithm), m_files.value(file).size());
    expected.addData(m_files.value(file));
    FileDigest actual(*algorithmFromName(algorithm), wrong.size());
    actual.addData(wrong);
    QVERIFY(msg.contains(expected.hexResult()));
    QVERIFY(msg.contains(actual.hexResult()));
    QVERIFY(!QFileInfo::exists(modelPath(file)));
    QVERIFY(!QFileInfo::exists(modelPath(file + QStringLiteral(".part"))));
    QVERIFY(!QFileInfo::exists(modelPath(QStringLiteral("dragoman-model.json"))));
    QVERIFY(ModelStore(modelsDir()).inspect(kId).state != ModelState::Installed);
  }

  void httpErrorsNameTheUrl_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("says");
    QTest::newRow("404 file") << kWeights << 404 << QStringLiteral("/test/tiny/resolve/main/model.safetensors")
                              << QStringLiteral("not found (HTTP 404");
    QTest::newRow("403 file") << kWeights << 403 << QStringLiteral("/test/tiny/resolve/main/model.safetensors")
                              << QStringLiteral("access denied (HTTP 403");
    QTest::newRow("500 file") << QStringLiteral("config.json") << 500
                              << QStringLiteral("/test/tiny/resolve/main/config.json") << QStringLiteral("HTTP 500");
    QTest::newRow("401 listing") << QString() << 401 << QStringLiteral("/api/models/test/tiny/tree/main")
                                 << QStringLiteral("access denied (HTTP 401");
  }

  void httpErrorsNameTheUrl() {
    QFETCH(QString, file);
    QFETCH(int, status);
    QFETCH(QString, url);
    QFETCH(QString, says);
    m_server->failWith(file, status);
    const Run run = download(m_server->endpoint(), modelsDir());
    QVERIFY(!run.result.ok());
    QCOMPARE(run.result.error().kind, ErrorKind::Input);
    QVERIFY2(run.result.error().message.contains(m_server->endpoint() + url), qPrintable(message(run.result)));
    QVERIFY2(run.result.error().message.contains(says), qPrintable(message(run.result)));
    QVERIFY(!QFileInfo::exists(modelPath(QStringLiteral("dragoman-model.json"))));
  }

  void unknownRepositoryIsNotFound() {
    const Run run = download(m_server->endpoint(), modelsDir(), 0, entry(QStringLiteral("test/absent")));
    QVERIFY(!run.result.ok());
    QVERIFY2(
        run.result.error().message.contains(m_server->endpoint() + QStringLiteral("/api/models/test/absent/tree/main")),
        qPrintable(message(run.result)));
  }

  void missingRequiredFileIsNamed() {
    CatalogueEntry e = entry();
    e.files << QStringLiteral("pytorch_model.bin");
    const Run run = download(m_server->endpoint(), modelsDir(), 0, e);
    QVERIFY(!run.result.ok());
    QVERIFY2(run.result.error().message.contains(QStringLiteral("has no pytorch_model.bin")),
             qPrintable(message(run.result)));
  }

  // A Piper voice: NAME.onnx and NAME.onnx.json deep in a shared repository, with its MODEL_CARD;
  // each folder that holds one is listed, the files keep their repository paths under the model's
  // folder, and the whole is one installed model.
  void voiceFilesInSubfoldersFormOneModel() {
    const QString repo = QStringLiteral("test/voices");
    const QString dir = QStringLiteral("en/en_US/tiny/medium/");
    const QByteArray onnx = randomBytes(70000, 5), json = "{\"audio\": {\"sample_rate\": 22050}}", card = "License: CC0";
    m_server->addFile(repo, dir + QStringLiteral("en_US-tiny-medium.onnx"), onnx, true);
    m_server->addFile(repo, dir + QStringLiteral("en_US-tiny-medium.onnx.json"), json, false);
    m_server->addFile(repo, dir + QStringLiteral("MODEL_CARD"), card, false);
    m_server->addFile(repo, QStringLiteral("en/en_US/other/low/en_US-other-low.onnx"), randomBytes(100, 6), true);
    CatalogueEntry e = entry(repo);
    e.kind = QStringLiteral("tts");
    e.engine = QStringLiteral("piper");
    e.files = {dir + QStringLiteral("en_US-tiny-medium.onnx"), dir + QStringLiteral("en_US-tiny-medium.onnx.json")};
    e.optionalFiles = {dir + QStringLiteral("MODEL_CARD"), QStringLiteral("README.md")};
    const Run run = download(m_server->endpoint(), modelsDir(), 0, e);
    QVERIFY2(run.result.ok(), qPrintable(message(run.result)));
    QCOMPARE(run.files.size(), 3);
    QCOMPARE(readAll(modelPath(dir + QStringLiteral("en_US-tiny-medium.onnx"))), onnx);
    QCOMPARE(readAll(modelPath(dir + QStringLiteral("en_US-tiny-medium.onnx.json"))), json);
    QCOMPARE(readAll(modelPath(dir + QStringLiteral("MODEL_CARD"))), card);
    QVERIFY(!QFileInfo::exists(modelPath(QStringLiteral("en/en_US/other/low/en_US-other-low.onnx"))));
    QCOMPARE(ModelStore(modelsDir()).inspect(kId).state, ModelState::Installed);
    // A damaged voice file is found by the store.
    {
      QFile f(modelPath(dir + QStringLiteral("en_US-tiny-medium.onnx")));
      QVERIFY(f.open(QIODevice::ReadWrite));
      f.seek(10);
      f.write("XYZ");
    }
    const Result<VerifyReport> check = ModelStore(modelsDir()).verify(kId);
    QVERIFY(check && !check->ok());
  }

  void oneOfFetchesTheFirstTheRepositoryHas_data() {
    QTest::addColumn<QStringList>("group");
    QTest::addColumn<QString>("fetched"); // empty: the download fails naming the group
    // tokenizer.json and model.safetensors are on the server, pytorch_model.bin and tf_model.h5 are not.
    QTest::newRow("first listed") << QStringList{kWeights, QStringLiteral("tokenizer.json")} << kWeights;
    QTest::newRow("first absent") << QStringList{QStringLiteral("pytorch_model.bin"), kWeights} << kWeights;
    QTest::newRow("none") << QStringList{QStringLiteral("pytorch_model.bin"), QStringLiteral("tf_model.h5")}
                          << QString();
  }

  void oneOfFetchesTheFirstTheRepositoryHas() {
    QFETCH(QStringList, group);
    QFETCH(QString, fetched);
    CatalogueEntry e = entry();
    e.files = {QStringLiteral("config.json")};
    e.oneOf = {group};
    e.optionalFiles = {QStringLiteral("vocab.json")};
    const Run run = download(m_server->endpoint(), modelsDir(), 0, e);
    if (fetched.isEmpty()) {
      QVERIFY(!run.result.ok());
      QCOMPARE(run.result.error().kind, ErrorKind::Input);
      QVERIFY2(run.result.error().message.contains(QStringLiteral("has none of pytorch_model.bin, tf_model.h5")),
               qPrintable(message(run.result)));
      QVERIFY(!QFileInfo::exists(modelPath(QStringLiteral("dragoman-model.json"))));
      return;
    }
    QVERIFY2(run.result.ok(), qPrintable(message(run.result)));
    QStringList names;
    for (const auto &[name, outcome] : run.files)
      names << name;
    QCOMPARE(names, (QStringList{QStringLiteral("config.json"), fetched, QStringLiteral("vocab.json")}));
    QCOMPARE(readAll(modelPath(fetched)), m_files.value(fetched));
    for (const QString &other : group)
      if (other != fetched)
        QVERIFY2(!QFileInfo::exists(modelPath(other)), qPrintable(other));
    const Result<Manifest> manifest = Manifest::read(modelsDir() + QLatin1Char('/') + kId);
    QVERIFY(manifest.ok());
    QCOMPARE(manifest->files.size(), 3);
    QVERIFY(manifest->find(fetched));
  }

  void unreachableEndpointSaysOffline() {
    QTcpServer probe; // a port that was free a moment ago and now has no listener
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QString endpoint = QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort());
    probe.close();
    const Run run = download(endpoint, modelsDir());
    QVERIFY(!run.result.ok());
    QCOMPARE(run.result.error().kind, ErrorKind::EngineUnavailable);
    const QString msg = run.result.error().message;
    QVERIFY2(msg.startsWith(QStringLiteral("cannot reach ") + endpoint + QStringLiteral(": ")), qPrintable(msg));
    QVERIFY(msg.contains(QStringLiteral("offline")));
    QVERIFY(msg.contains(QStringLiteral("models already downloaded keep working")));
    QVERIFY(msg.contains(QStringLiteral("models.endpoint")));
  }

  void badEndpointIsAConfigError() {
    const Run run = download(QStringLiteral("ftp://example.org"), modelsDir());
    QVERIFY(!run.result.ok());
    QCOMPARE(run.result.error().kind, ErrorKind::Config);
    QVERIFY(run.result.error().message.contains(QStringLiteral("models.endpoint")));
  }

  void unwritableFolderIsNamed() {
    // A regular file where a folder should be: fails for root too, unlike permissions.
    const QString blocker = m_dir->filePath(QStringLiteral("blocker"));
    QFile f(blocker);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    const Run run = download(m_server->endpoint(), blocker + QStringLiteral("/models"));
    QVERIFY(!run.result.ok());
    QCOMPARE(run.result.error().kind, ErrorKind::Output);
    QVERIFY2(run.result.error().message.contains(blocker + QStringLiteral("/models")), qPrintable(message(run.result)));
  }

  void fullDiskIsNamed() {
    if (!QFileInfo::exists(QStringLiteral("/dev/full")))
      QSKIP("no /dev/full on this system");
    // The .part of the first file is a link to a device where every write fails with ENOSPC.
    QVERIFY(QDir().mkpath(modelsDir() + QLatin1Char('/') + kId));
    const QString part = modelPath(QStringLiteral("config.json.part"));
    QVERIFY(QFile::link(QStringLiteral("/dev/full"), part));
    const Run run = download(m_server->endpoint(), modelsDir());
    QVERIFY(!run.result.ok());
    QCOMPARE(run.result.error().kind, ErrorKind::Output);
    QVERIFY2(run.result.error().message.contains(part), qPrintable(message(run.result)));
    QVERIFY2(run.result.error().message.contains(QStringLiteral("No space left")), qPrintable(message(run.result)));
  }

  void cancelKeepsThePartForTheNextRun() {
    m_server->stallAfter(kWeights, 700'000);
    const Run first =
        download(m_server->endpoint(), modelsDir(), 3, entry(), [](ModelDownloader &d, const DownloadProgress &p) {
          if (p.file == kWeights && p.fileBytes >= 700'000)
            d.cancel();
        });
    QVERIFY(!first.result.ok());
    QCOMPARE(first.result.error().kind, ErrorKind::Cancelled);
    QVERIFY2(first.result.error().message.contains(QStringLiteral("resume")), qPrintable(message(first.result)));
    QCOMPARE(QFileInfo(modelPath(kWeights + QStringLiteral(".part"))).size(), qint64(700'000));

    m_server->clearFailures();
    m_server->resetCounters();
    const Run second = download(m_server->endpoint(), modelsDir());
    QVERIFY2(second.result.ok(), qPrintable(message(second.result)));
    QCOMPARE(readAll(modelPath(kWeights)), m_files.value(kWeights));
    QCOMPARE(m_server->bytesServed(kWeights), weightsSize() - 700'000);
    QCOMPARE(second.fetched, allFilesSize() - configSize() - 700'000);
  }
};

QTEST_GUILESS_MAIN(TestModelDownloader)
#include "tst_modeldownloader.moc"
