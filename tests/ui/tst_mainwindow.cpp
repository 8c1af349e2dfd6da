#include "ui/mainwindow/enginetablemodel.h"
#include "ui/mainwindow/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTest>

using namespace dragoman;
using namespace dragoman::ui;

namespace {

QList<EngineInfo> engines(bool neural) {
  QList<EngineInfo> list{
      {QStringLiteral("pocketsphinx"), Stage::Asr, QStringLiteral("CMU"), true, {}, {QStringLiteral("en")}, {}, true},
      {QStringLiteral("apertium"), Stage::Translation, {}, true, {}, {}, {{QStringLiteral("en"), QStringLiteral("es")}}, true},
      {QStringLiteral("espeak-ng"), Stage::Synthesis, {}, false, QStringLiteral("install espeak-ng-data"), {}, {}, true},
  };
  if (neural)
    list.append({QStringLiteral("whisper"), Stage::Asr, {}, true, {}, {QStringLiteral("en")}, {}, false});
  return list;
}

} // namespace

class TestMainWindow : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void modelIsConsistent() {
    EngineTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEngines(engines(false));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(1, EngineTableModel::DetailColumn).data().toString(), QStringLiteral("en→es"));
    QCOMPARE(model.index(2, EngineTableModel::StateColumn).data().toString(), QStringLiteral("unavailable"));
    QCOMPARE(model.index(2, EngineTableModel::DetailColumn).data().toString(), QStringLiteral("install espeak-ng-data"));
    model.setEngines({});
    QCOMPARE(model.rowCount(), 0);
  }

  void showsTierAndRenders() {
    MainWindow w;
    w.setEngines(engines(false));
    QVERIFY(w.bannerText().contains(QStringLiteral("offline tier")));
    w.setEngines(engines(true));
    QVERIFY(w.bannerText().contains(QStringLiteral("Neural")));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QImage shot = w.grab().toImage();
    QVERIFY(!shot.isNull());
    QVERIFY(shot.width() >= 600);
    auto *view = w.findChild<QTableView *>(QStringLiteral("engineView"));
    QVERIFY(view);
    QCOMPARE(view->model()->rowCount(), 4);
    QVERIFY(!view->accessibleName().isEmpty());
  }

  void appendsTranscript() {
    MainWindow w;
    w.appendTranscript(QStringLiteral("good morning"), QStringLiteral("buenos días"));
    auto *t = w.findChild<QPlainTextEdit *>(QStringLiteral("transcript"));
    QVERIFY(t->toPlainText().contains(QStringLiteral("buenos días")));
  }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
