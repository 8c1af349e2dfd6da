// The model manager page against a loopback Hugging Face-style server: the catalogue's models are
// listed with their state (QAbstractItemModelTester on the model), Download shows progress and
// installs, Cancel stops a download and keeps what was fetched (partial), Remove deletes it;
// a missing repository is reported on its row.
#include "core/common/threadhost.h"
#include "tests/support/modelserver.h"
#include "ui/models/modelsmodel.h"
#include "ui/models/modelspage.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;
using namespace dragoman::ui;

namespace {

QByteArray randomBytes(int size, quint32 seed) {
  QByteArray b(size, Qt::Uninitialized);
  QRandomGenerator g(seed);
  for (char &c : b)
    c = char(g.bounded(256));
  return b;
}

QString state(const ModelsModel &m, const QString &id) {
  return m.index(m.rowOf(id), ModelsModel::StateColumn).data().toString();
}

} // namespace

class TestModelsPage : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the threads of what is tested come from here, as from the application's
  test::ModelServer m_server;
  QTemporaryDir m_dir;
  models::Catalogue m_catalogue;

private Q_SLOTS:
  void initTestCase() {
    m_server.addFile(QStringLiteral("test/tiny"), QStringLiteral("config.json"), "{\"d_model\": 32}\n", false);
    m_server.addFile(QStringLiteral("test/tiny"), QStringLiteral("model.safetensors"), randomBytes(3 * 1024 * 1024, 3), true);
    QVERIFY(m_server.start());
    Result<models::Catalogue> c = models::Catalogue::fromJson(R"({"format": 1, "models": [
      {"id": "tiny-test", "kind": "asr", "engine": "whisper", "repo": "test/tiny", "approx_bytes": 3145728,
       "files": ["config.json", "model.safetensors"], "languages": ["en"], "description": "a tiny test model"},
      {"id": "absent-test", "kind": "mt", "engine": "marian", "repo": "test/absent", "files": ["config.json"],
       "source_language": "en", "target_language": "de"}]})",
                                                             QStringLiteral("test"));
    QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().message));
    m_catalogue = *c;
  }

  void downloadCancelResumeRemove() {
    ModelsPage page(m_threads);
    QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy refreshed(&page, &ModelsPage::refreshed);
    QSignalSpy finished(&page, &ModelsPage::downloadFinished);
    page.setup(m_dir.filePath(QStringLiteral("models")), m_server.endpoint(), m_catalogue);
    QVERIFY(refreshed.wait(5000));
    ModelsModel &m = *page.model();
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(state(m, QStringLiteral("tiny-test")), QStringLiteral("not installed"));
    QCOMPARE(m.index(1, ModelsModel::LanguagesColumn).data().toString(), QStringLiteral("en → de"));

    // A stalled transfer, cancelled: the fetched part stays for a later resume.
    m_server.stallAfter(QStringLiteral("model.safetensors"), 1024 * 1024);
    page.download(QStringLiteral("tiny-test"));
    QCOMPARE(state(m, QStringLiteral("tiny-test")), QStringLiteral("downloading"));
    QTRY_VERIFY_WITH_TIMEOUT(m.index(0, 0).data(ModelsModel::ProgressRole).toInt() >= 30, 10000);
    page.cancel(QStringLiteral("tiny-test"));
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(2).toBool(), true);
    QTRY_COMPARE(state(m, QStringLiteral("tiny-test")), QStringLiteral("partial"));
    QCOMPARE(m.index(0, 0).data(ModelsModel::ProgressRole).toInt(), -1);

    // Download again: it resumes and installs, with progress along the way.
    m_server.clearFailures();
    m_server.resetCounters();
    QList<int> seen;
    connect(page.model(), &QAbstractItemModel::dataChanged, this, [&seen, &m] {
      const int p = m.index(0, 0).data(ModelsModel::ProgressRole).toInt();
      if (p >= 0)
        seen << p;
    });
    page.download(QStringLiteral("tiny-test"));
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.at(1).at(1).toString().isEmpty(), qPrintable(finished.at(1).at(1).toString()));
    QTRY_COMPARE(state(m, QStringLiteral("tiny-test")), QStringLiteral("installed"));
    QVERIFY(!seen.isEmpty());
    QVERIFY(m_server.bytesServed(QStringLiteral("model.safetensors")) < 3 * 1024 * 1024); // resumed, not fetched again
    QVERIFY2(m_server.rangeHeaders(QStringLiteral("model.safetensors")).value(0).startsWith("bytes="),
             "no Range header on the resumed request");

    page.remove(QStringLiteral("tiny-test"));
    QTRY_COMPARE(state(m, QStringLiteral("tiny-test")), QStringLiteral("not installed"));

    // A repository that is not there: the row says why.
    page.download(QStringLiteral("absent-test"));
    QVERIFY(finished.wait(10000));
    QVERIFY(!finished.last().at(1).toString().isEmpty());
    QVERIFY(!finished.last().at(2).toBool());
    QVERIFY(!m.index(1, ModelsModel::ProgressColumn).data().toString().isEmpty());
  }
};

QTEST_MAIN(TestModelsPage)
#include "tst_modelspage.moc"
