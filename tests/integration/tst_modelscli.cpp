// `dragoman models` as a subprocess against a loopback Hugging Face-style server: list, download,
// verify, path, remove; exit codes; offline and not-found messages; Ctrl-C and resume.
#include "tests/support/modelserver.h"
#include "tests/support/processrunner.h"
#include "tests/support/testpaths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>

using namespace dragoman::test;

namespace {

const QString kWeights = QStringLiteral("model.safetensors");

QJsonObject entryOf(const QString &json, const QString &id) {
  for (const QJsonValue &v : QJsonDocument::fromJson(json.toUtf8()).array())
    if (v.toObject().value(QStringLiteral("id")).toString() == id)
      return v.toObject();
  return {};
}

} // namespace

class TestModelsCli : public QObject {
  Q_OBJECT
  QTemporaryDir m_home;
  QProcessEnvironment m_env;
  ModelServer m_server;
  QByteArray m_weights;
  QString m_catalogue;

  QString modelsDir() const { return m_home.filePath(QStringLiteral("models")); }
  QString modelPath(const QString &file = {}) const {
    return modelsDir() + QStringLiteral("/tiny-test") + (file.isEmpty() ? QString() : QLatin1Char('/') + file);
  }

  QStringList arguments(const QStringList &models, const QString &endpoint = {}) const {
    return QStringList{QStringLiteral("models")} + models +
           QStringList{QStringLiteral("--catalogue"),
                       m_catalogue,
                       QStringLiteral("--set"),
                       QStringLiteral("models.endpoint=") + (endpoint.isEmpty() ? m_server.endpoint() : endpoint),
                       QStringLiteral("--set"),
                       QStringLiteral("models.dir=") + modelsDir()};
  }

  ProcessResult models(const QStringList &args, const QString &endpoint = {}) const {
    return runDragoman(arguments(args, endpoint), m_env, 60000);
  }

private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_home.isValid());
    QVERIFY2(QFile::exists(dragomanBinary()), qPrintable(dragomanBinary()));
    m_env = isolatedEnvironment(m_home.path());
    m_weights = randomBytes(2 * 1024 * 1024 + 3, 7);
    m_server.addFile(QStringLiteral("test/tiny"), QStringLiteral("config.json"), "{\"d_model\": 32}\n", false);
    m_server.addFile(QStringLiteral("test/tiny"), QStringLiteral("tokenizer.json"), randomBytes(5000, 8).toHex(), true);
    m_server.addFile(QStringLiteral("test/tiny"), kWeights, m_weights, true);
    m_server.setRedirect(true);
    QVERIFY(m_server.start());

    m_catalogue = m_home.filePath(QStringLiteral("catalogue.json"));
    QFile cat(m_catalogue);
    QVERIFY(cat.open(QIODevice::WriteOnly));
    cat.write(R"({"format": 1, "models": [
      {"id": "tiny-test", "kind": "asr", "engine": "whisper", "repo": "test/tiny", "approx_bytes": 2100000,
       "files": ["config.json", "model.safetensors"], "optional_files": ["tokenizer.json", "vocab.json"],
       "description": "a tiny test model"},
      {"id": "absent-test", "kind": "asr", "repo": "test/absent", "files": ["config.json"]}]})");
  }

  void helpNamesTheCommand() {
    const ProcessResult r = runDragoman({QStringLiteral("models"), QStringLiteral("--help")}, m_env);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QStringLiteral("models download ID")));
    QVERIFY(r.out.contains(QStringLiteral("--catalogue")));
  }

  void builtInCatalogueIsListed() {
    const ProcessResult r =
        runDragoman({QStringLiteral("models"), QStringLiteral("list"), QStringLiteral("--json")}, m_env);
    QCOMPARE(r.exitCode, 0);
    const QJsonObject tiny = entryOf(r.out, QStringLiteral("whisper-tiny"));
    QCOMPARE(tiny.value(QStringLiteral("state")).toString(), QStringLiteral("not installed"));
    QCOMPARE(tiny.value(QStringLiteral("repo")).toString(), QStringLiteral("openai/whisper-tiny"));
    // models.dir empty: the data folder.
    QCOMPARE(tiny.value(QStringLiteral("path")).toString(),
             m_home.filePath(QStringLiteral("data/dragoman/models/whisper-tiny")));
    QVERIFY(!entryOf(r.out, QStringLiteral("whisper-large-v3-turbo")).isEmpty());
  }

  void downloadVerifyPathRemove() {
    ProcessResult r = models({QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(entryOf(r.out, QStringLiteral("tiny-test")).value(QStringLiteral("state")).toString(),
             QStringLiteral("not installed"));
    QCOMPARE(entryOf(r.out, QStringLiteral("tiny-test")).value(QStringLiteral("path")).toString(), modelPath());

    r = models({QStringLiteral("download"), QStringLiteral("tiny-test")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("installed tiny-test in ") + modelPath()), qPrintable(r.out));
    // Not a terminal: one line per finished file, no bar.
    QVERIFY2(r.err.contains(QStringLiteral("tiny-test: downloaded model.safetensors")), qPrintable(r.err));
    QVERIFY(!r.err.contains(QLatin1Char('\r')));
    QCOMPARE(readAll(modelPath(kWeights)), m_weights);
    QVERIFY(QFile::exists(modelPath(QStringLiteral("tokenizer.json"))));
    QVERIFY(QFile::exists(modelPath(QStringLiteral("dragoman-model.json"))));

    r = models({QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(entryOf(r.out, QStringLiteral("tiny-test")).value(QStringLiteral("state")).toString(),
             QStringLiteral("installed"));
    r = models({QStringLiteral("list")});
    QVERIFY2(r.out.contains(QStringLiteral("installed")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("models folder: ") + modelsDir()));

    r = models({QStringLiteral("path"), QStringLiteral("tiny-test")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.trimmed(), modelPath());

    r = models({QStringLiteral("verify"), QStringLiteral("tiny-test")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("tiny-test: all 3 files match")), qPrintable(r.out));

    r = models({QStringLiteral("download"), QStringLiteral("tiny-test")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QStringLiteral("already installed")));

    // One flipped byte: only re-hashing finds it.
    QFile f(modelPath(kWeights));
    QVERIFY(f.open(QIODevice::ReadWrite));
    f.seek(123'456);
    f.putChar(char(m_weights.at(123'456) ^ 0x10));
    f.close();
    r = models({QStringLiteral("verify"), QStringLiteral("tiny-test")});
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains(QStringLiteral("tiny-test is damaged")), qPrintable(r.err));
    QVERIFY(r.err.contains(kWeights));
    QVERIFY(r.out.contains(QStringLiteral("BAD  model.safetensors")));
    r = models({QStringLiteral("verify"), QStringLiteral("tiny-test"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 4);
    const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8()).array().first().toObject();
    QCOMPARE(report.value(QStringLiteral("ok")).toBool(true), false);

    // --force checks every file and fetches only the damaged one.
    m_server.resetCounters();
    r = models({QStringLiteral("download"), QStringLiteral("tiny-test"), QStringLiteral("--force")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(m_server.requestCount(QStringLiteral("config.json")), 0);
    QCOMPARE(readAll(modelPath(kWeights)), m_weights);
    QCOMPARE(models({QStringLiteral("verify")}).exitCode, 0);

    r = models({QStringLiteral("remove"), QStringLiteral("tiny-test")}); // stdin is not a terminal
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QStringLiteral("--yes")));
    QVERIFY(QFile::exists(modelPath(kWeights)));
    r = models({QStringLiteral("remove"), QStringLiteral("tiny-test"), QStringLiteral("--yes")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(modelPath()));
    r = models({QStringLiteral("path"), QStringLiteral("tiny-test")});
    QCOMPARE(r.exitCode, 4);
    QVERIFY(r.out.isEmpty());
  }

  void removeRefusesOutsideTheModelsFolder() {
    QVERIFY(QDir().mkpath(m_home.filePath(QStringLiteral("keep"))));
    const ProcessResult r = models({QStringLiteral("remove"), QStringLiteral("../keep"), QStringLiteral("--yes")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("models folder")), qPrintable(r.err));
    QVERIFY(QFileInfo::exists(m_home.filePath(QStringLiteral("keep"))));
  }

  void unknownIdListsTheKnownOnes() {
    const ProcessResult r = models({QStringLiteral("download"), QStringLiteral("nope")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("unknown model 'nope'")), qPrintable(r.err));
    QVERIFY(r.err.contains(QStringLiteral("tiny-test, absent-test")));
  }

  void unreachableEndpointSaysOffline() {
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QString endpoint = QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort());
    probe.close();
    const ProcessResult r = models({QStringLiteral("download"), QStringLiteral("tiny-test")}, endpoint);
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.contains(QStringLiteral("cannot reach ") + endpoint), qPrintable(r.err));
    QVERIFY(r.err.contains(QStringLiteral("offline")));
    QVERIFY(r.err.contains(QStringLiteral("models.endpoint")));
  }

  void notFoundNamesTheUrl() {
    const ProcessResult r = models({QStringLiteral("download"), QStringLiteral("absent-test")});
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains(m_server.endpoint() + QStringLiteral("/api/models/test/absent/tree/main")),
             qPrintable(r.err));
    QVERIFY(r.err.contains(QStringLiteral("404")));
  }

  void interruptKeepsThePartAndTheNextRunResumes() {
    constexpr qint64 kStall = 600'000;
    m_server.stallAfter(kWeights, kStall);
    QProcess p;
    p.setProcessEnvironment(m_env);
    p.start(dragomanBinary(), arguments({QStringLiteral("download"), QStringLiteral("tiny-test")}));
    QVERIFY(p.waitForStarted());
    const QString part = modelPath(kWeights + QStringLiteral(".part"));
    QElapsedTimer waited;
    waited.start();
    while (QFileInfo(part).size() < kStall && waited.elapsed() < 30000)
      QThread::msleep(50);
    QCOMPARE(QFileInfo(part).size(), kStall);
    ::kill(pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 130);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("interrupted")), qPrintable(err));
    QVERIFY2(err.contains(part), qPrintable(err));
    QCOMPARE(QFileInfo(part).size(), kStall);

    const ProcessResult list = models({QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(entryOf(list.out, QStringLiteral("tiny-test")).value(QStringLiteral("state")).toString(),
             QStringLiteral("partial"));

    m_server.clearFailures();
    m_server.resetCounters();
    const ProcessResult r = models({QStringLiteral("download"), QStringLiteral("tiny-test")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("resumed model.safetensors")), qPrintable(r.err));
    QCOMPARE(m_server.bytesServed(kWeights), qint64(m_weights.size()) - kStall);
    QCOMPARE(readAll(modelPath(kWeights)), m_weights);
    QVERIFY(!QFileInfo::exists(part));
  }
};

QTEST_GUILESS_MAIN(TestModelsCli)
#include "tst_modelscli.moc"
