#include "app/context/callsession.h"

#include "app/context/appcontext.h"
#include "core/storage/sessionstore.h"

namespace dragoman {

namespace {

QStringList directionOverrides(const QString &from, const QString &to, const QString &input, const QString &output) {
  QStringList out{QStringLiteral("translation.source_language=") + from, QStringLiteral("translation.target_language=") + to,
                  // Two sessions would write one profile file at once.
                  QStringLiteral("profiling.export_on_exit=")};
  if (!input.isEmpty())
    out << QStringLiteral("audio.input_device=") + input;
  if (!output.isEmpty())
    out << QStringLiteral("audio.output_device=") + output;
  return out;
}

} // namespace

Result<std::unique_ptr<CallSession>> CallSession::create(const AppContext &base, const CallOptions &o) {
  if (o.me.isEmpty() || o.them.isEmpty() || o.me == o.them)
    return makeError(ErrorKind::Usage, QStringLiteral("--me and --them are '%1' and '%2': a call needs two languages")
                                           .arg(o.me, o.them));
  if (o.callAudio.isEmpty())
    return makeError(ErrorKind::Usage, QStringLiteral("a call needs --call-audio DEVICE: where the call's sound comes "
                                                      "from (a sink monitor, pulse:NAME)"));
  if (o.toCall.isEmpty() && o.speakToCall)
    return makeError(ErrorKind::Usage, QStringLiteral("a call needs --to-call DEVICE: where my translated speech goes "
                                                      "(the virtual microphone: `dragoman audio create-virtual-mic`, "
                                                      "then pulse:dragoman_sink)"));
  std::unique_ptr<CallSession> call(new CallSession);
  QStringList mine = directionOverrides(o.me, o.them, o.mic, o.toCall);
  if (!o.voice.isEmpty())
    mine << QStringLiteral("tts.voice=") + o.voice;
  const QStringList theirs = directionOverrides(o.them, o.me, o.callAudio, o.toMe);
  for (Direction d : {Me, Them}) {
    Result<std::unique_ptr<AppContext>> made = base.derive(d == Me ? mine : theirs);
    if (!made)
      return made.error();
    call->m_contexts[d] = std::move(made).value();
  }
  call->m_speak[Me] = o.speakToCall;
  call->m_speak[Them] = !o.toMe.isEmpty();
  // One history store for both directions: a call is one session in it.
  call->m_store = base.openSessionStore();
  for (Direction d : {Me, Them}) {
    auto &session = call->m_sessions[d];
    session = std::make_unique<SessionRunner>(*call->m_contexts[d], QStringLiteral("call"));
    session->setSessionStore(call->m_store.get());
    session->setCallDirection(directionName(d), d == Them ? call->m_sessions[Me].get() : nullptr);
    connect(session.get(), &SessionRunner::finished, call.get(), [c = call.get(), d](const Status &status, bool) {
      c->m_running[d] = false;
      c->m_ended[d] = status;
      Q_EMIT c->directionFinished(d, status);
      if (!c->isRunning())
        Q_EMIT c->finished();
    });
  }
  return call;
}

CallSession::~CallSession() {
  // Each runner cancels and waits for itself; the store goes after both (declared first).
  for (auto &session : m_sessions)
    session.reset();
}

Status CallSession::start() {
  for (Direction d : {Me, Them}) {
    SessionSource source;
    source.kind = SessionSource::Kind::Devices;
    source.speak = m_speak[d];
    if (Status s = m_sessions[d]->start(source); !s) {
      if (m_running[Me])
        m_sessions[Me]->cancel();
      return Error::make(s.error().kind, QStringLiteral("%1 direction: %2").arg(directionName(d), s.error().message));
    }
    m_running[d] = true;
  }
  return Status::success();
}

void CallSession::stop() {
  for (Direction d : {Me, Them})
    if (m_running[d])
      m_sessions[d]->stop();
}

void CallSession::cancel() {
  for (Direction d : {Me, Them})
    if (m_running[d])
      m_sessions[d]->cancel();
}

} // namespace dragoman
