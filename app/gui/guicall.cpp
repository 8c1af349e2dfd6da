// GuiSession's calls: the call page's request (with the session panel's recogniser) becomes
// CallOptions over this configuration, and a
// CallSession started off the GUI thread; each direction's events go to the window with its side.
#include "app/gui/guisession.h"

#include "app/context/appcontext.h"
#include "app/context/appthreads.h"
#include "app/context/callsession.h"
#include "core/audio/virtualmic.h"
#include "core/common/threadnames.h"
#include "ui/widgets/background.h"

namespace dragoman::gui {

namespace {
constexpr const char *kVirtualMicName = "dragoman"; // pulse:dragoman_sink, recorded as dragoman_mic
}

CallOptions GuiSession::callOptionsFor(const ui::CallRequest &r) {
  CallOptions o;
  o.me = r.myLanguage;
  o.them = r.theirLanguage;
  o.mic = r.microphone;
  o.callAudio = r.callAudio;
  o.toCall = r.toCall.isEmpty() ? QStringLiteral("pulse:%1_sink").arg(QLatin1String(kVirtualMicName)) : r.toCall;
  o.toMe = r.speakToMe ? r.toMe : QString();
  return o;
}

QStringList GuiSession::callOverridesFor(const ui::CallRequest &r) {
  if (r.asrEngine.isEmpty())
    return {};
  return {QStringLiteral("asr.engine=") + r.asrEngine, QStringLiteral("asr.model=") + r.asrModel};
}

Status GuiSession::startCall(const ui::CallRequest &request) {
  if (isRunning())
    return makeError(ErrorKind::Usage, tr("a session is running: stop it before starting a call"));
  if (isCallRunning())
    return makeError(ErrorKind::Usage, tr("a call is already running"));
  m_call.reset();
  Result<std::unique_ptr<AppContext>> base = AppContext::create(m_global, callOverridesFor(request));
  if (!base)
    return base.error();
  m_callContext = std::move(base).value();
  Result<std::unique_ptr<CallSession>> made = CallSession::create(*m_callContext, callOptionsFor(request));
  if (!made)
    return made.error();
  m_call = std::move(made).value();
  CallSession *call = m_call.get();
  for (CallSession::Direction d : {CallSession::Me, CallSession::Them}) {
    SessionRunner &runner = call->session(d);
    const int side = d == CallSession::Me ? ui::MySide : ui::TheirSide;
    connect(&runner, &SessionRunner::transcriptReady, this, [this, side](const Transcript &t) { Q_EMIT callTranscript(side, t); });
    connect(&runner, &SessionRunner::translationReady, this,
            [this, side](const Translation &t) { Q_EMIT callTranslation(side, t); });
    connect(&runner, &SessionRunner::segmentFinished, this,
            [this, side](const SegmentResult &r) { Q_EMIT callSegmentFinished(side, r); });
    connect(&runner, &SessionRunner::deviceLost, this, [this, d](const QString &message) {
      Q_EMIT notice(QStringLiteral("call-") + CallSession::directionName(d), message, true);
    });
    connect(&runner, &SessionRunner::deviceBack, this,
            [this, d](const QString &) { Q_EMIT notice(QStringLiteral("call-") + CallSession::directionName(d), QString(), false); });
  }
  connect(call, &CallSession::started, this, &ui::SessionControl::callStarted);
  connect(call, &CallSession::directionFinished, this, [this](CallSession::Direction d, const Status &s) {
    Q_EMIT callSideEnded(d == CallSession::Me ? ui::MySide : ui::TheirSide, s ? QString() : s.error().message);
  });
  connect(call, &CallSession::finished, this, [this, call] {
    Status status = Status::success();
    for (CallSession::Direction d : {CallSession::Them, CallSession::Me})
      if (const Status ended = call->ended(d); !ended && ended.error().kind != ErrorKind::Cancelled)
        status = ended;
    Q_EMIT callFinished(status);
  });
  call->session(CallSession::Them).setSpeaking(request.speakToMe);
  if (m_callObserver)
    m_callObserver(call);
  return call->startInBackground();
}

void GuiSession::stopCall() {
  if (m_call)
    m_call->stop();
}

bool GuiSession::isCallRunning() const { return m_call && m_call->isRunning(); }

void GuiSession::setCallMuted(ui::CallSide side, bool muted) {
  if (m_call)
    m_call->session(side == ui::MySide ? CallSession::Me : CallSession::Them).setMuted(muted);
}

float GuiSession::callLevelDb(ui::CallSide side) const {
  return isCallRunning() ? m_call->session(side == ui::MySide ? CallSession::Me : CallSession::Them).levelDb() : -120.0f;
}

void GuiSession::setSpeakToMe(bool speak) {
  if (m_call)
    m_call->session(CallSession::Them).setSpeaking(speak);
}

void GuiSession::createVirtualMicrophone() {
  using Made = std::pair<QString, QString>; // the microphone as call apps list it, or the error
  ui::runInBackground(
      appThreads(), this, threadnames::kVirtualMic,
      [] {
        const Result<audio::VirtualMic> mic = audio::createVirtualMic(QLatin1String(kVirtualMicName));
        return mic ? Made{QStringLiteral("%1 (%2)").arg(mic->description, mic->source), QString()} : Made{QString(), mic.error().message};
      },
      [this](const Made &made) { Q_EMIT virtualMicrophoneReady(made.first, made.second); });
}

} // namespace dragoman::gui
