// The call page on its own (offscreen), over a session control that records what the page asks
// for: the request it builds from its pickers, mute and "speak their words to me" reaching the
// control during a call, each side's transcript filled from that side's events only, a side that
// ended, the virtual microphone set up from the page, and no call while a session runs. The real
// call runs in tst_guisession.
#include "ui/call/callpage.h"
#include "ui/transcript/transcriptmodel.h"
#include "ui/widgets/levelmeter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace dragoman;
using namespace dragoman::ui;

namespace {

class RecordingControl : public SessionControl {
public:
  Status start(const SessionRequest &) override { return Status::success(); }
  void stop() override {}
  void cancel() override {}
  bool isRunning() const override { return false; }
  void setTalking(bool) override {}
  float levelDb() const override { return -120.0f; }
  QString description() const override { return {}; }
  telemetry::Profiler *profiler() override { return nullptr; }
  void listDevices() override {}

  Status startCall(const CallRequest &request) override {
    if (!refuseWith.isEmpty())
      return makeError(ErrorKind::Input, refuseWith);
    calls.append(request);
    running = true;
    return Status::success();
  }
  void stopCall() override {
    ++stops;
    running = false;
    Q_EMIT callFinished(Status::success());
  }
  bool isCallRunning() const override { return running; }
  void setCallMuted(CallSide side, bool muted) override { mutes.append({side, muted}); }
  float callLevelDb(CallSide side) const override { return side == MySide ? -12.0f : -30.0f; }
  void setSpeakToMe(bool speak) override { speakToMe.append(speak); }
  void createVirtualMicrophone() override { ++virtualMics; }

  QList<CallRequest> calls;
  QList<std::pair<CallSide, bool>> mutes;
  QList<bool> speakToMe;
  QString refuseWith;
  int stops = 0, virtualMics = 0;
  bool running = false;
};

EngineInfo asrEngine() {
  EngineInfo e;
  e.stage = Stage::Asr;
  e.name = QStringLiteral("whisper");
  e.available = true;
  e.languages = {QStringLiteral("en"), QStringLiteral("es"), QStringLiteral("de")};
  return e;
}

Transcript heard(quint64 id, const QString &text, bool committed) {
  Transcript t;
  t.segmentId = id;
  t.text = text;
  t.committed = committed;
  return t;
}

QString cell(TranscriptModel *m, int row, int column) { return m->index(row, column).data().toString(); }

} // namespace

class TestCallPage : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void requestFromThePickers() {
    RecordingControl control;
    CallPage page(&control);
    page.setEngines({asrEngine()});
    page.setDevices({AudioDevice{QStringLiteral("USB headset"), true, true, false},
                     AudioDevice{QStringLiteral("Monitor of Speakers"), true, false, false}});
    CallRequest r;
    r.myLanguage = QStringLiteral("en");
    r.theirLanguage = QStringLiteral("de");
    r.microphone = QStringLiteral("USB headset");
    r.callAudio = QStringLiteral("pulse:zoom_out.monitor"); // typed: not in the device list
    r.speakToMe = true;
    r.toMe = QStringLiteral("USB headset");
    page.setRequest(r);
    const CallRequest back = page.request();
    QCOMPARE(back.myLanguage, QStringLiteral("en"));
    QCOMPARE(back.theirLanguage, QStringLiteral("de"));
    QCOMPARE(back.microphone, QStringLiteral("USB headset"));
    QCOMPARE(back.callAudio, QStringLiteral("pulse:zoom_out.monitor"));
    QVERIFY(back.toCall.isEmpty()); // the virtual microphone
    QVERIFY(back.speakToMe);
    QCOMPARE(back.toMe, QStringLiteral("USB headset"));
    // Titles name each direction's languages.
    QCOMPARE(page.findChild<QLabel *>(QStringLiteral("meTitle"))->text(), QStringLiteral("Me: en → de"));
    QCOMPARE(page.findChild<QLabel *>(QStringLiteral("themTitle"))->text(), QStringLiteral("Them: de → en"));
    // A device chosen into the call instead of the virtual microphone.
    auto *toCall = page.findChild<QComboBox *>(QStringLiteral("toCall"));
    toCall->setCurrentIndex(toCall->findData(QStringLiteral("USB headset")));
    QCOMPARE(page.request().toCall, QStringLiteral("USB headset"));
  }

  void eachSideFillsItsOwnTranscript() {
    RecordingControl control;
    CallPage page(&control);
    page.setEngines({asrEngine()});
    page.setRequest(CallRequest{QStringLiteral("en"), QStringLiteral("es")});
    QSignalSpy running(&page, &CallPage::runningChanged);
    page.findChild<QPushButton *>(QStringLiteral("startCall"))->click();
    QVERIFY(page.isRunning());
    QCOMPARE(control.calls.size(), 1);
    QCOMPARE(running.count(), 1);
    Q_EMIT control.callTranscript(MySide, heard(1, QStringLiteral("hello there"), false));
    Q_EMIT control.callTranscript(TheirSide, heard(1, QStringLiteral("hola"), true));
    Translation t;
    t.segmentId = 1;
    t.text = QStringLiteral("hello");
    Q_EMIT control.callTranslation(TheirSide, t);
    TranscriptModel *mine = page.transcript(MySide), *theirs = page.transcript(TheirSide);
    QCOMPARE(mine->committedRows(), 0);
    QVERIFY(mine->hasPartial());
    QCOMPARE(theirs->committedRows(), 1);
    QCOMPARE(cell(theirs, 0, TranscriptModel::SourceColumn), QStringLiteral("hola"));
    QCOMPARE(cell(theirs, 0, TranscriptModel::TranslationColumn), QStringLiteral("hello"));
    // Meters read each side's level while the call runs.
    QTRY_COMPARE(page.meter(MySide)->levelDb(), -12.0f);
    QCOMPARE(page.meter(TheirSide)->levelDb(), -30.0f);

    // Their side ends (the call app quit): said on that side; mine goes on.
    Q_EMIT control.callSideEnded(TheirSide, QStringLiteral("the call's audio device is gone"));
    QVERIFY(page.sideStatus(TheirSide).contains(QLatin1String("device is gone")));
    QVERIFY(page.sideStatus(MySide).isEmpty());
    QVERIFY(page.isRunning());
    page.findChild<QPushButton *>(QStringLiteral("startCall"))->click(); // End call
    QCOMPARE(control.stops, 1);
    QVERIFY(!page.isRunning());
    QCOMPARE(page.meter(MySide)->levelDb(), -120.0f);
  }

  void muteAndSpeakToMeReachTheCall() {
    RecordingControl control;
    CallPage page(&control);
    page.setEngines({asrEngine()});
    CallRequest r{QStringLiteral("en"), QStringLiteral("es")};
    r.speakToMe = true;
    page.setRequest(r);
    page.muteToggle(TheirSide)->setChecked(true); // muted before the call: applied when it starts
    QVERIFY(control.mutes.isEmpty());
    page.startCall();
    QCOMPARE(control.mutes, (QList<std::pair<CallSide, bool>>{{TheirSide, true}}));
    page.muteToggle(MySide)->click();
    page.muteToggle(TheirSide)->click();
    QCOMPARE(control.mutes, (QList<std::pair<CallSide, bool>>{{TheirSide, true}, {MySide, true}, {TheirSide, false}}));
    QTRY_COMPARE(page.meter(MySide)->levelDb(), -120.0f); // muted: nothing is heard
    auto *speak = page.findChild<QCheckBox *>(QStringLiteral("speakToMe"));
    QVERIFY(speak->isEnabled());
    speak->click();
    speak->click();
    QCOMPARE(control.speakToMe, (QList<bool>{false, true}));
    page.stopCall();

    // A call started without speech to me cannot turn it on halfway (nothing synthesises it).
    speak->setChecked(false);
    page.startCall();
    QVERIFY(!speak->isEnabled());
    page.stopCall();
    QVERIFY(speak->isEnabled());
  }

  void virtualMicrophoneFromThePage() {
    RecordingControl control;
    CallPage page(&control);
    page.setDevices({AudioDevice{QStringLiteral("Speakers"), false, true, true}});
    auto *toCall = page.findChild<QComboBox *>(QStringLiteral("toCall"));
    toCall->setCurrentIndex(toCall->findData(QStringLiteral("Speakers")));
    auto *make = page.findChild<QPushButton *>(QStringLiteral("makeVirtualMic"));
    make->click();
    QCOMPARE(control.virtualMics, 1);
    QVERIFY(!make->isEnabled()); // until it answers
    Q_EMIT control.virtualMicrophoneReady(QString(), QStringLiteral("pactl: no PulseAudio server"));
    QVERIFY(make->isEnabled());
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("callState"))->text().contains(QLatin1String("no PulseAudio server")));
    QCOMPARE(page.request().toCall, QStringLiteral("Speakers"));
    make->click();
    Q_EMIT control.virtualMicrophoneReady(QStringLiteral("dragoman-microphone (dragoman_mic)"), QString());
    QVERIFY(page.request().toCall.isEmpty()); // the virtual microphone is chosen
    // It names the microphone the call app lists, not the sink Dragoman speaks into.
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("callState"))->text().contains(QLatin1String("\"dragoman-microphone (dragoman_mic)\"")));
  }

  void refusedOrNotAllowed() {
    RecordingControl control;
    CallPage page(&control);
    page.setRequest(CallRequest{QStringLiteral("en"), QStringLiteral("es")});
    control.refuseWith = QStringLiteral("a call needs --call-audio DEVICE");
    QSignalSpy running(&page, &CallPage::runningChanged);
    page.startCall();
    QVERIFY(!page.isRunning());
    QCOMPARE(running.count(), 1);
    QVERIFY(running.at(0).at(1).toString().contains(QLatin1String("call-audio")));
    control.refuseWith.clear();
    page.setStartAllowed(false); // a one-way session runs
    QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("startCall"))->isEnabled());
    page.setStartAllowed(true);
    QVERIFY(page.findChild<QPushButton *>(QStringLiteral("startCall"))->isEnabled());
  }
};

QTEST_MAIN(TestCallPage)
#include "tst_callpage.moc"
