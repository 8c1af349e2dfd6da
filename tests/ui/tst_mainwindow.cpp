#include "core/common/threadhost.h"
#include "ui/call/callpage.h"
#include "ui/mainwindow/enginetablemodel.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/mainwindow/sessionpanel.h"
#include "ui/transcript/transcriptmodel.h"
#include "ui/widgets/bannerbar.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QTableView>
#include <QTabWidget>
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

// A session that records what it is asked and answers as the test says.
class FakeSession : public SessionControl {
public:
  QList<SessionRequest> requests;
  QString failWith;
  int stops = 0;
  int listed = 0;
  QList<bool> talking;
  bool running = false;
  Status start(const SessionRequest &r) override {
    requests << r;
    if (!failWith.isEmpty())
      return makeError(ErrorKind::Input, failWith);
    running = true;
    return Status::success();
  }
  void stop() override { ++stops; }
  void cancel() override { running = false; }
  bool isRunning() const override { return running; }
  void setTalking(bool t) override { talking << t; }
  float levelDb() const override { return -20.0f; }
  QString description() const override { return {}; }
  telemetry::Profiler *profiler() override { return nullptr; }
  void listDevices() override { ++listed; }
  QStringList voicesAskedFor;
  QStringList previews; // "language|voice|device"
  void listVoices(const QString &language) override { voicesAskedFor << language; }
  QList<CallRequest> calls;
  Status startCall(const CallRequest &r) override {
    calls << r;
    return Status::success();
  }
  void previewVoice(const QString &language, const QString &voice, const QString &device) override {
    previews << language + QLatin1Char('|') + voice + QLatin1Char('|') + device;
  }
};

} // namespace

class TestMainWindow : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the threads of what is tested come from here, as from the application's
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
    MainWindow w(m_threads);
    QVERIFY(!w.sessionPanel()->isEnabled()); // nothing to start without a session
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

  // With a session that answers as told: Start passes the pickers' request, the session's signals
  // become rows and banners, Stop asks for an orderly end, and the controls come back.
  void drivesASession() {
    FakeSession session;
    MainWindow w(m_threads, &session);
    QCOMPARE(session.listed, 1); // devices are asked for at once (the answer comes later)
    Q_EMIT session.devicesListed({{QStringLiteral("USB mic"), true, false, false}, {QStringLiteral("Headset"), false, true, false}}, {});
    w.setEngines(engines(false));
    SessionRequest wanted;
    wanted.inputDevice = QStringLiteral("USB mic");
    wanted.outputDevice = QStringLiteral("Headset");
    wanted.sourceLanguage = QStringLiteral("en");
    wanted.targetLanguage = QStringLiteral("es");
    wanted.asrEngine = QStringLiteral("pocketsphinx");
    wanted.translationEngine = QStringLiteral("apertium");
    wanted.ttsEngine = QStringLiteral("espeak-ng");
    w.setRequest(wanted);
    auto *start = w.findChild<QPushButton *>(QStringLiteral("startStop"));
    QVERIFY(start);
    start->click();
    QCOMPARE(session.requests.size(), 1);
    const SessionRequest &got = session.requests.first();
    QCOMPARE(got.inputDevice, QStringLiteral("USB mic"));
    QCOMPARE(got.outputDevice, QStringLiteral("Headset"));
    QCOMPARE(got.targetLanguage, QStringLiteral("es"));
    QCOMPARE(got.asrEngine, QStringLiteral("pocketsphinx"));
    QVERIFY(w.isRunning());
    QVERIFY(!w.findChild<QComboBox *>(QStringLiteral("inputDevice"))->isEnabled());

    Transcript partial;
    partial.segmentId = 1;
    partial.text = QStringLiteral("good mor");
    partial.committed = false;
    Q_EMIT session.transcriptReady(partial);
    QTRY_COMPARE(w.transcriptModel()->rowCount(), 1); // partials coalesce on a timer
    // The end of the utterance: the partial empties, then its text is committed (the pipeline's order).
    Transcript over = partial;
    over.text.clear();
    Q_EMIT session.transcriptReady(over);
    Transcript committed = partial;
    committed.text = QStringLiteral("good morning");
    committed.committed = true;
    Q_EMIT session.transcriptReady(committed);
    SegmentResult r;
    r.segmentId = 1;
    r.sourceText = committed.text;
    r.translation = QStringLiteral("buenos días");
    Q_EMIT session.segmentFinished(r);
    QCOMPARE(w.transcriptModel()->rowCount(), 1);
    QCOMPARE(w.transcriptModel()->index(0, TranscriptModel::TranslationColumn).data().toString(), QStringLiteral("buenos días"));

    Q_EMIT session.notice(QStringLiteral("history"), QStringLiteral("History is not being saved: disk full"), false);
    QCOMPARE(w.banners()->text(QStringLiteral("history")), QStringLiteral("History is not being saved: disk full"));
    QCOMPARE(w.findChild<QLabel *>(QStringLiteral("statusHistory"))->text(), QStringLiteral("History: NOT saved"));

    start->click(); // Stop
    QCOMPARE(session.stops, 1);
    Q_EMIT session.finished(Status::success(), false);
    QVERIFY(!w.isRunning());
    QVERIFY(w.findChild<QComboBox *>(QStringLiteral("inputDevice"))->isEnabled());
    QVERIFY(w.findChild<QLabel *>(QStringLiteral("statusDevice"))->text().contains(QStringLiteral("1 segment")));
  }

  // A call from the call page recognises with the recogniser picked in the session panel.
  void theCallUsesThePanelsRecogniser() {
    FakeSession session;
    MainWindow w(m_threads, &session);
    w.setEngines(engines(true));
    SessionRequest panel;
    panel.sourceLanguage = QStringLiteral("en");
    panel.targetLanguage = QStringLiteral("es");
    panel.asrEngine = QStringLiteral("whisper");
    panel.asrModel = QStringLiteral("/m/whisper-base");
    w.setRequest(panel);
    CallRequest call;
    call.myLanguage = QStringLiteral("en");
    call.theirLanguage = QStringLiteral("es");
    w.callPage()->setRequest(call);
    w.callPage()->startCall();
    QCOMPARE(session.calls.size(), 1);
    QCOMPARE(session.calls.first().asrEngine, QStringLiteral("whisper"));
    QCOMPARE(session.calls.first().asrModel, QStringLiteral("/m/whisper-base"));
    QCOMPARE(session.calls.first().theirLanguage, QStringLiteral("es"));
  }

  void startErrorsBecomeBanners() {
    FakeSession session;
    session.failWith = QStringLiteral("no such device: Nowhere");
    MainWindow w(m_threads, &session);
    w.findChild<QPushButton *>(QStringLiteral("startStop"))->click();
    QVERIFY(!w.isRunning());
    QVERIFY2(w.banners()->text(QStringLiteral("session")).contains(QStringLiteral("Nowhere")),
             qPrintable(w.banners()->text(QStringLiteral("session"))));
    // The banner offers a way on: the settings page.
    auto *banner = w.banners()->findChild<QWidget *>(QStringLiteral("banner_session"));
    QVERIFY(banner);
    banner->findChild<QPushButton *>(QStringLiteral("bannerAction"))->click();
    QCOMPARE(w.pages()->currentWidget()->objectName(), QStringLiteral("settingsPage"));
    QVERIFY(w.banners()->text(QStringLiteral("session")).isEmpty()); // acting dismisses it
  }

  void pushToTalkAndSwap() {
    FakeSession session;
    MainWindow w(m_threads, &session);
    w.setEngines(engines(false));
    SessionRequest r;
    r.sourceLanguage = QStringLiteral("en");
    r.targetLanguage = QStringLiteral("es");
    w.setRequest(r);
    w.findChild<QToolButton *>(QStringLiteral("swapLanguages"))->click();
    QCOMPARE(w.request().sourceLanguage, QStringLiteral("es"));
    QCOMPARE(w.request().targetLanguage, QStringLiteral("en"));
    auto *talk = w.findChild<QPushButton *>(QStringLiteral("talk"));
    QVERIFY(!talk->isEnabled());
    w.findChild<QCheckBox *>(QStringLiteral("pushToTalkMode"))->setChecked(true);
    QVERIFY(talk->isEnabled());
    QVERIFY(w.request().pushToTalk);
    QTest::mousePress(talk, Qt::LeftButton);
    QCOMPARE(session.talking, QList<bool>{true});
    QTest::mouseRelease(talk, Qt::LeftButton);
    QCOMPARE(session.talking, (QList<bool>{true, false}));
  }

  // Every control a person can reach has a name for screen readers.
  // The voice picker asks for the target language's voices, offers them after "Automatic" with
  // their licence, puts the choice in the session request, and previews it on the output device.
  void voicePickerAndPreview() {
    FakeSession session;
    MainWindow w(m_threads, &session);
    Q_EMIT session.devicesListed({{QStringLiteral("Headset"), false, true, false}}, {});
    w.setEngines(engines(false));
    SessionRequest wanted;
    wanted.sourceLanguage = QStringLiteral("en");
    wanted.targetLanguage = QStringLiteral("es");
    wanted.outputDevice = QStringLiteral("Headset");
    wanted.ttsVoice = QStringLiteral("piper-es_MX-ald-medium");
    w.setRequest(wanted);
    QVERIFY(session.voicesAskedFor.contains(QStringLiteral("es")));
    auto *voice = w.findChild<QComboBox *>(QStringLiteral("ttsVoice"));
    QVERIFY(voice);
    // An answer for another language is ignored; the target's fills the list and keeps the choice.
    Q_EMIT session.voicesListed(QStringLiteral("de"), {{QStringLiteral("piper-de_DE-thorsten-medium"), QStringLiteral("Thorsten"), QStringLiteral("cc0-1.0")}});
    QCOMPARE(voice->count(), 1);
    Q_EMIT session.voicesListed(QStringLiteral("es"), {{QStringLiteral("piper-es_ES-davefx-medium"), QStringLiteral("Davefx"), QStringLiteral("see-model-card")},
                                                       {QStringLiteral("piper-es_MX-ald-medium"), QStringLiteral("Ald"), QStringLiteral("unlicense")},
                                                       {QStringLiteral("espeak-ng"), QStringLiteral("espeak-ng"), QString()}});
    QCOMPARE(voice->count(), 4);
    QCOMPARE(voice->itemText(0), QStringLiteral("Automatic"));
    QCOMPARE(voice->currentData().toString(), QStringLiteral("piper-es_MX-ald-medium"));
    QVERIFY(voice->itemData(2, Qt::ToolTipRole).toString().contains(QStringLiteral("unlicense")));
    voice->setCurrentIndex(1);
    auto *preview = w.findChild<QPushButton *>(QStringLiteral("previewVoice"));
    QVERIFY(preview);
    preview->click();
    QCOMPARE(session.previews, QStringList{QStringLiteral("es|piper-es_ES-davefx-medium|Headset")});
    QVERIFY(!preview->isEnabled()); // until the sample has played
    Q_EMIT session.previewFinished(QStringLiteral("no such device"));
    QVERIFY(preview->isEnabled());
    QVERIFY(w.banners()->text(QStringLiteral("preview")).contains(QStringLiteral("no such device")));
    auto *start = w.findChild<QPushButton *>(QStringLiteral("startStop"));
    start->click();
    QCOMPARE(session.requests.last().ttsVoice, QStringLiteral("piper-es_ES-davefx-medium"));
  }

  void controlsHaveAccessibleNames() {
    FakeSession session;
    MainWindow w(m_threads, &session);
    w.setEngines(engines(true));
    for (QWidget *c : w.findChildren<QWidget *>()) {
      if (!qobject_cast<QAbstractButton *>(c) && !qobject_cast<QComboBox *>(c) && !qobject_cast<QLineEdit *>(c) &&
          !qobject_cast<QSpinBox *>(c) && !qobject_cast<QAbstractItemView *>(c))
        continue;
      if (qobject_cast<QAbstractButton *>(c) && !static_cast<QAbstractButton *>(c)->text().isEmpty() &&
          c->accessibleName().isEmpty())
        continue; // a labelled button reads its text
      if (c->objectName().startsWith(QLatin1String("qt_")) || c->parent()->objectName().startsWith(QLatin1String("qt_")) ||
          c->objectName().isEmpty())
        continue; // Qt's own parts (scroll bar buttons, header views, tab scrollers)
      QVERIFY2(!c->accessibleName().isEmpty(), qPrintable(c->objectName()));
    }
  }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
