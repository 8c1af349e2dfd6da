#include "ui/call/callpage.h"

#include "ui/mainwindow/sessionpanel.h"
#include "ui/transcript/transcriptmodel.h"
#include "ui/transcript/transcriptview.h"
#include "ui/widgets/levelmeter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include <set>

namespace dragoman::ui {
namespace {

QComboBox *combo(QWidget *parent, const char *name, const QString &accessible, bool editable = false) {
  auto *c = new QComboBox(parent);
  c->setObjectName(QLatin1String(name));
  c->setAccessibleName(accessible);
  c->setEditable(editable);
  c->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  return c;
}

// The device an editable combo names: the chosen item's data, or what was typed.
QString deviceOf(const QComboBox *c) {
  const int i = c->findText(c->currentText());
  return i >= 0 && !c->itemData(i).toString().isEmpty() ? c->itemData(i).toString() : c->currentText().trimmed();
}

} // namespace

CallPage::CallPage(SessionControl *session, QWidget *parent) : QWidget(parent), m_session(session) {
  setObjectName(QStringLiteral("callPage"));
  auto *layout = new QVBoxLayout(this);

  auto *setup = new QGroupBox(tr("Call"), this);
  auto *form = new QFormLayout(setup);
  m_mine = combo(setup, "myLanguage", tr("My language"));
  m_theirs = combo(setup, "theirLanguage", tr("Their language"));
  auto *languages = new QHBoxLayout;
  languages->addWidget(m_mine);
  languages->addWidget(new QLabel(tr("with"), setup));
  languages->addWidget(m_theirs);
  languages->addStretch(1);
  form->addRow(tr("I speak:"), languages);

  m_microphone = combo(setup, "myMicrophone", tr("My microphone"));
  form->addRow(tr("My mic&rophone:"), m_microphone);
  m_callAudio = combo(setup, "callAudio", tr("The call's audio"), true);
  m_callAudio->setToolTip(tr("Where the other side's voice comes from: the call app's output, e.g. "
                             "pulse:SINK.monitor for the speakers it plays on"));
  form->addRow(tr("The call's &audio:"), m_callAudio);

  m_toCall = combo(setup, "toCall", tr("Into the call"));
  m_toCall->setToolTip(tr("Where my translated speech goes: the microphone the call app records"));
  m_makeMic = new QPushButton(tr("Set up virtual microphone"), setup);
  m_makeMic->setObjectName(QStringLiteral("makeVirtualMic"));
  m_makeMic->setToolTip(tr("Creates \"dragoman_mic\": pick it as the microphone in the call app"));
  auto *toCall = new QHBoxLayout;
  toCall->addWidget(m_toCall, 1);
  toCall->addWidget(m_makeMic);
  form->addRow(tr("Into the ca&ll:"), toCall);

  m_speakToMe = new QCheckBox(tr("Speak their words to me on"), setup);
  m_speakToMe->setObjectName(QStringLiteral("speakToMe"));
  m_toMe = combo(setup, "toMe", tr("My headphones"));
  auto *toMe = new QHBoxLayout;
  toMe->addWidget(m_speakToMe);
  toMe->addWidget(m_toMe, 1);
  form->addRow(QString(), toMe);

  m_start = new QPushButton(tr("Start call"), setup);
  m_start->setObjectName(QStringLiteral("startCall"));
  m_state = new QLabel(setup);
  m_state->setObjectName(QStringLiteral("callState"));
  m_state->setWordWrap(true);
  auto *buttons = new QHBoxLayout;
  buttons->addWidget(m_start);
  buttons->addWidget(m_state, 1);
  form->addRow(buttons);
  layout->addWidget(setup);

  auto *sides = new QSplitter(Qt::Horizontal, this);
  sides->setObjectName(QStringLiteral("callSides"));
  sides->addWidget(buildSide(MySide));
  sides->addWidget(buildSide(TheirSide));
  layout->addWidget(sides, 1);
  setDevices({});
  updateTitles();

  connect(m_start, &QPushButton::clicked, this, [this] { m_running ? stopCall() : startCall(); });
  connect(m_mine, &QComboBox::currentIndexChanged, this, &CallPage::updateTitles);
  connect(m_theirs, &QComboBox::currentIndexChanged, this, &CallPage::updateTitles);
  connect(m_speakToMe, &QCheckBox::toggled, this, [this](bool on) {
    m_toMe->setEnabled(on && !m_running);
    if (m_running && m_startedSpeakingToMe && m_session)
      m_session->setSpeakToMe(on);
  });
  connect(m_makeMic, &QPushButton::clicked, this, [this] {
    if (!m_session)
      return;
    m_makeMic->setEnabled(false);
    m_state->setText(tr("Setting up the virtual microphone…"));
    m_session->createVirtualMicrophone();
  });
  m_toMe->setEnabled(false);
  m_meterTimer.setInterval(50);
  connect(&m_meterTimer, &QTimer::timeout, this, &CallPage::pollLevels);
  connectSession();
}

QWidget *CallPage::buildSide(CallSide side) {
  const QString name = side == MySide ? QStringLiteral("me") : QStringLiteral("them");
  auto *box = new QWidget(this);
  box->setObjectName(name + QStringLiteral("Side"));
  auto *v = new QVBoxLayout(box);
  v->setContentsMargins(0, 0, 0, 0);
  Side &s = m_sides[side];
  s.title = new QLabel(box);
  s.title->setObjectName(name + QStringLiteral("Title"));
  QFont bold = s.title->font();
  bold.setBold(true);
  s.title->setFont(bold);
  s.mute = new QCheckBox(tr("Mute"), box);
  s.mute->setObjectName(name + QStringLiteral("Mute"));
  s.mute->setToolTip(side == MySide ? tr("Nothing I say goes into the call while muted")
                                    : tr("The call's audio is not translated while muted"));
  s.meter = new LevelMeter(box);
  s.meter->setObjectName(name + QStringLiteral("Level"));
  s.meter->setAccessibleName(side == MySide ? tr("My microphone's level") : tr("The call's level"));
  auto *head = new QHBoxLayout;
  head->addWidget(s.title, 1);
  head->addWidget(s.mute);
  head->addWidget(s.meter);
  v->addLayout(head);
  s.model = new TranscriptModel(this);
  s.view = new TranscriptView(s.model, box);
  s.view->setObjectName(name + QStringLiteral("Transcript"));
  v->addWidget(s.view, 1);
  s.status = new QLabel(box);
  s.status->setObjectName(name + QStringLiteral("Status"));
  s.status->setWordWrap(true);
  v->addWidget(s.status);
  connect(s.mute, &QCheckBox::toggled, this, [this, side](bool muted) {
    if (m_running && m_session)
      m_session->setCallMuted(side, muted);
  });
  return box;
}

void CallPage::connectSession() {
  if (!m_session) {
    m_start->setEnabled(false);
    m_makeMic->setEnabled(false);
    return;
  }
  const auto sideOf = [](int side) { return side == MySide ? MySide : TheirSide; };
  connect(m_session, &SessionControl::callTranscript, this, [this, sideOf](int side, const Transcript &t) {
    TranscriptModel *m = m_sides[sideOf(side)].model;
    t.committed ? m->commitTranscript(t) : m->setPartial(t);
  });
  connect(m_session, &SessionControl::callTranslation, this,
          [this, sideOf](int side, const Translation &t) { m_sides[sideOf(side)].model->setTranslation(t); });
  connect(m_session, &SessionControl::callSegmentFinished, this, [this, sideOf](int side, const SegmentResult &r) {
    TranscriptModel *m = m_sides[sideOf(side)].model;
    m->finishSegment(r);
  });
  connect(m_session, &SessionControl::callStarted, this, [this](const QString &description) {
    m_state->setText(tr("In the call: %1").arg(description));
  });
  connect(m_session, &SessionControl::callSideEnded, this, [this, sideOf](int side, const QString &error) {
    Side &s = m_sides[sideOf(side)];
    s.status->setText(error.isEmpty() ? tr("Ended.") : tr("Ended: %1").arg(error));
    s.meter->setLevelDb(-120.0f);
    s.model->setPartial(Transcript{});
  });
  connect(m_session, &SessionControl::callFinished, this,
          [this](const Status &status) { setRunning(false, status ? QString() : status.error().message); });
  connect(m_session, &SessionControl::virtualMicrophoneReady, this, [this](const QString &microphone, const QString &error) {
    m_makeMic->setEnabled(!m_running);
    if (!error.isEmpty()) {
      m_state->setText(tr("The virtual microphone could not be set up: %1").arg(error));
      return;
    }
    SessionPanel::selectData(m_toCall, QLatin1String(kVirtualMic));
    m_state->setText(tr("Virtual microphone ready: in the call app, pick \"%1\" as the microphone.").arg(microphone));
  });
}

void CallPage::setEngines(const QList<EngineInfo> &engines) {
  // A call's two languages are each both heard and translated into.
  auto [languages, targets] = SessionPanel::languagesOf(engines, false);
  languages.merge(targets);
  languages.erase(QStringLiteral("auto"));
  const CallRequest before = request();
  for (QComboBox *c : {m_mine, m_theirs}) {
    const QSignalBlocker quiet(c);
    c->clear();
    for (const QString &code : languages)
      c->addItem(SessionPanel::languageLabel(code), code);
  }
  SessionPanel::selectData(m_mine, before.myLanguage, SessionPanel::languageLabel(before.myLanguage));
  SessionPanel::selectData(m_theirs, before.theirLanguage, SessionPanel::languageLabel(before.theirLanguage));
  updateTitles();
}

void CallPage::setDevices(const QList<AudioDevice> &devices) {
  const CallRequest before = request();
  const QString toCall = m_toCall->currentData().toString();
  m_microphone->clear();
  m_callAudio->clear();
  m_toCall->clear();
  m_toMe->clear();
  m_microphone->addItem(tr("Default microphone"), QStringLiteral("default"));
  m_toCall->addItem(tr("Dragoman virtual microphone"), QLatin1String(kVirtualMic));
  m_toMe->addItem(tr("Default speakers"), QStringLiteral("default"));
  for (const AudioDevice &d : devices) {
    if (d.input) {
      m_microphone->addItem(d.name, d.name);
      m_callAudio->addItem(d.name, d.name);
    }
    if (d.output) {
      m_toCall->addItem(d.name, d.name);
      m_toMe->addItem(d.name, d.name);
    }
  }
  SessionPanel::selectData(m_microphone, before.microphone);
  if (!before.callAudio.isEmpty())
    SessionPanel::selectData(m_callAudio, before.callAudio);
  SessionPanel::selectData(m_toCall, toCall.isEmpty() ? QLatin1String(kVirtualMic) : toCall);
  SessionPanel::selectData(m_toMe, before.toMe);
}

void CallPage::setRequest(const CallRequest &r) {
  SessionPanel::selectData(m_mine, r.myLanguage, SessionPanel::languageLabel(r.myLanguage));
  SessionPanel::selectData(m_theirs, r.theirLanguage, SessionPanel::languageLabel(r.theirLanguage));
  SessionPanel::selectData(m_microphone, r.microphone);
  if (!r.callAudio.isEmpty())
    SessionPanel::selectData(m_callAudio, r.callAudio);
  SessionPanel::selectData(m_toCall, r.toCall.isEmpty() ? QLatin1String(kVirtualMic) : r.toCall);
  SessionPanel::selectData(m_toMe, r.toMe);
  m_speakToMe->setChecked(r.speakToMe);
  updateTitles();
}

CallRequest CallPage::request() const {
  CallRequest r;
  r.myLanguage = m_mine->currentData().toString();
  r.theirLanguage = m_theirs->currentData().toString();
  r.microphone = m_microphone->currentData().toString();
  r.callAudio = deviceOf(m_callAudio);
  const QString toCall = m_toCall->currentData().toString();
  r.toCall = toCall == QLatin1String(kVirtualMic) ? QString() : toCall;
  r.speakToMe = m_speakToMe->isChecked();
  r.toMe = m_toMe->currentData().toString();
  return r;
}

void CallPage::setStartAllowed(bool allowed) { m_start->setEnabled(allowed && m_session); }

QString CallPage::sideStatus(CallSide side) const { return m_sides[side].status->text(); }

void CallPage::updateTitles() {
  const QString mine = m_mine->currentData().toString(), theirs = m_theirs->currentData().toString();
  m_sides[MySide].title->setText(tr("Me: %1 → %2").arg(mine, theirs));
  m_sides[TheirSide].title->setText(tr("Them: %1 → %2").arg(theirs, mine));
}

void CallPage::startCall() {
  if (!m_session || m_running)
    return;
  CallRequest r = request();
  if (m_complete)
    m_complete(r);
  for (Side &s : m_sides) {
    s.model->clear();
    s.status->clear();
  }
  if (Status st = m_session->startCall(r); !st) {
    m_state->setText(tr("The call could not start: %1").arg(st.error().message));
    Q_EMIT runningChanged(false, st.error().message);
    return;
  }
  m_startedSpeakingToMe = r.speakToMe;
  for (CallSide side : {MySide, TheirSide})
    if (m_sides[side].mute->isChecked())
      m_session->setCallMuted(side, true);
  m_state->setText(tr("Starting the call…"));
  setRunning(true);
}

void CallPage::stopCall() {
  if (m_session && m_running) {
    m_state->setText(tr("Ending the call…"));
    m_session->stopCall();
  }
}

void CallPage::setRunning(bool running, const QString &error) {
  if (m_running == running)
    return;
  m_running = running;
  m_start->setText(running ? tr("End call") : tr("Start call"));
  for (QWidget *w : std::initializer_list<QWidget *>{m_mine, m_theirs, m_microphone, m_callAudio, m_toCall, m_makeMic})
    w->setEnabled(!running);
  m_toMe->setEnabled(!running && m_speakToMe->isChecked());
  // During a call the toggle can silence their speech only if the call speaks it.
  m_speakToMe->setEnabled(!running || m_startedSpeakingToMe);
  if (running) {
    m_meterTimer.start();
  } else {
    m_meterTimer.stop();
    for (Side &s : m_sides)
      s.meter->setLevelDb(-120.0f);
    m_state->setText(error.isEmpty() ? tr("The call ended.") : tr("The call ended: %1").arg(error));
  }
  Q_EMIT runningChanged(running, error);
}

void CallPage::pollLevels() {
  if (!m_session)
    return;
  for (CallSide side : {MySide, TheirSide})
    m_sides[side].meter->setLevelDb(m_sides[side].mute->isChecked() ? -120.0f : m_session->callLevelDb(side));
}

} // namespace dragoman::ui
