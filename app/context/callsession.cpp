#include "app/context/callsession.h"

#include "app/context/appcontext.h"
#include "core/audio/virtualmic.h"
#include "core/common/logcategories.h"
#include "core/common/logging.h"
#include "core/storage/sessionstore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

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
  // Their words are all in my captions: what is spoken to me keeps up with what they say now.
  // One history store for both directions: a call is one session in it.
  call->m_store = base.openSessionStore();
  for (Direction d : {Me, Them}) {
    auto &session = call->m_sessions[d];
    session = std::make_unique<SessionRunner>(*call->m_contexts[d], QStringLiteral("call"));
    session->setSessionStore(call->m_store.get());
    connect(session.get(), &SessionRunner::engineLoaded, call.get(),
            [c = call.get(), d](const EngineLoad &e) { c->m_engines[{int(d), e.stage}] = e; });
    connect(session.get(), &SessionRunner::finished, call.get(), [c = call.get(), d](const Status &status, bool cancelled) {
      c->m_running[d] = false;
      c->m_ended[d] = status;
      c->m_cancelled[d] = cancelled;
      Q_EMIT c->directionFinished(d, status);
      if (c->m_startingInBackground && c->m_running[Them]) {
        c->m_startingInBackground = false; // mine could not start: the call cannot go on
        if (!status)
          c->m_ended[d] = Error::make(status.error().kind,
                                      QStringLiteral("%1 direction: %2").arg(directionName(d), status.error().message));
        c->m_sessions[Them]->cancel();
      }
      if (!c->isRunning()) {
        c->endRecording();
        Q_EMIT c->finished();
      }
    });
  }
  call->m_sessions[Them]->setSpeechMaxWait(call->m_contexts[Them]->config().tts.toMeMaxWaitS);
  // What plays on my speakers (their words, translated) is what my microphone may hear.
  if (call->m_speak[Them])
    call->m_sessions[Me]->setEchoSource(call->m_sessions[Them].get());
  return call;
}

void CallSession::ensureVirtualMicrophone() {
  // My speech goes into Dragoman's virtual microphone (pulse:NAME_sink): made again when it is gone
  // (a restarted sound server forgets it), so the call app's microphone is not silent.
  const QString device = m_contexts[Me]->config().audio.outputDevice;
  static const QRegularExpression virtualSink(QStringLiteral("^pulse:([A-Za-z0-9_-]+)_sink$"));
  const QRegularExpressionMatch m = virtualSink.match(device);
  if (!m_speak[Me] || !m.hasMatch())
    return;
  const Result<audio::VirtualMic> mic = audio::createVirtualMic(m.captured(1));
  if (!mic)
    logging::warning(lcAudio(), QStringLiteral("the virtual microphone is missing and could not be made"),
                     {{QStringLiteral("device"), device}, {QStringLiteral("error"), mic.error().message}});
  else if (mic->created)
    logging::warning(lcAudio(), QStringLiteral("the virtual microphone was missing and has been made again; the call "
                                               "app may need it picked again as its microphone"),
                     {{QStringLiteral("sink"), mic->sink}, {QStringLiteral("source"), mic->source}});
}

void CallSession::endRecording() {
  if (!m_store || m_session.uuid.isEmpty())
    return;
  storage::SessionState state = storage::SessionState::Finished;
  QString error;
  for (Direction d : {Me, Them}) {
    if (!m_ended[d]) {
      state = storage::SessionState::Failed;
      error = QStringLiteral("%1 direction: %2").arg(directionName(d), m_ended[d].error().message);
    } else if (m_cancelled[d] && state == storage::SessionState::Finished) {
      state = storage::SessionState::Cancelled;
    }
  }
  QJsonArray engines;
  for (const auto &[key, e] : m_engines)
    engines.append(QJsonObject{{QStringLiteral("direction"), directionName(Direction(key.first))},
                               {QStringLiteral("stage"), stageName(key.second)},
                               {QStringLiteral("engine"), e.engine},
                               {QStringLiteral("model"), e.footprint.model},
                               {QStringLiteral("device"), e.footprint.device}});
  m_store->endSession(m_session.uuid, state, QDateTime::currentMSecsSinceEpoch(), error,
                      QString::fromUtf8(QJsonDocument(engines).toJson(QJsonDocument::Compact)));
  m_session.uuid.clear();
}

CallSession::~CallSession() {
  // Each runner cancels and waits for itself (mine first: it may gate on their playback); the
  // store goes after both (declared first).
  for (auto &session : m_sessions)
    session.reset();
  if (!m_session.uuid.isEmpty()) { // began, never finished: the runners' ends did not come
    m_ended[Me] = Error::make(ErrorKind::Cancelled, QStringLiteral("the call was closed before it ended"));
    endRecording();
  }
}

void CallSession::beginRecording() {
  // The call's session in the history, begun here so that both directions record into it.
  if (!m_store)
    return;
  m_session = m_contexts[Me]->newSession(QStringLiteral("call"), m_contexts[Me]->config().audio.inputDevice);
  m_store->beginSession(m_session);
  const TimePoint origin = SteadyClock::now();
  for (Direction d : {Me, Them})
    m_sessions[d]->setCallRecording(directionName(d), m_session.uuid, origin);
}

SessionSource CallSession::sourceOf(Direction d) const {
  SessionSource source;
  source.kind = SessionSource::Kind::Devices;
  source.speak = m_speak[d];
  return source;
}

Status CallSession::directionError(Direction d, const Status &s) {
  const Error error = Error::make(s.error().kind, QStringLiteral("%1 direction: %2").arg(directionName(d), s.error().message));
  m_ended[d] = error;
  if (m_running[Them])
    m_sessions[Them]->cancel(); // finished() follows, and ends the recording
  else
    endRecording();
  return error;
}

Status CallSession::start() {
  beginRecording();
  ensureVirtualMicrophone();
  // Theirs first: my microphone's echo gate follows what their direction plays to me.
  for (Direction d : {Them, Me}) {
    if (Status s = m_sessions[d]->start(sourceOf(d)); !s)
      return directionError(d, s);
    m_running[d] = true;
  }
  return Status::success();
}

Status CallSession::startInBackground() {
  beginRecording();
  ensureVirtualMicrophone();
  m_startingInBackground = true;
  SessionRunner *theirs = m_sessions[Them].get();
  SessionRunner *mine = m_sessions[Me].get();
  auto startsMine = std::make_shared<QMetaObject::Connection>();
  *startsMine = connect(theirs, &SessionRunner::started, this, [this, mine, startsMine](const QString &) {
    disconnect(*startsMine);
    if (!m_running[Them]) // cancelled meanwhile
      return;
    if (Status s = mine->startInBackground(sourceOf(Me)); !s) {
      (void)directionError(Me, s); // ends the call: theirs is cancelled, and finished() brings the error
      return;
    }
    m_running[Me] = true;
  });
  connect(mine, &SessionRunner::started, this, [this](const QString &) {
    if (!m_startingInBackground)
      return;
    m_startingInBackground = false;
    Q_EMIT started(QStringLiteral("me: %1; them: %2")
                       .arg(m_sessions[Me]->deviceDescription(), m_sessions[Them]->deviceDescription()));
  });
  if (Status s = theirs->startInBackground(sourceOf(Them)); !s)
    return directionError(Them, s);
  m_running[Them] = true;
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
