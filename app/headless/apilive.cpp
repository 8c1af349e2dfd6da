// /api/v1/live/start (a session, or with "call" both directions of a call) and /api/v1/live/stop.
#include "app/context/appcontext.h"
#include "app/headless/apihostimpl.h"
#include "core/common/logcategories.h"
#include "core/server/jsonbody.h"

namespace dragoman::headless {

namespace {

// "call": {"me", "them", "mic", "call_audio", "to_call", "to_me"} as CallOptions; a 400's message
// when it is not one.
Result<CallOptions> callOptionsOf(const QJsonObject &call, bool speak) {
  const QStringList fields{QStringLiteral("me"), QStringLiteral("them"), QStringLiteral("mic"), QStringLiteral("call_audio"),
                           QStringLiteral("to_call"), QStringLiteral("to_me")};
  if (Status s = server::onlyKnownFields(call, fields); !s)
    return Error::make(ErrorKind::Input, QStringLiteral("call: ") + s.error().message);
  CallOptions o;
  for (const char *language : {"me", "them"}) {
    Result<std::optional<QString>> code = server::optionalLanguage(call, QLatin1String(language));
    if (!code)
      return Error::make(ErrorKind::Input, QStringLiteral("call: ") + code.error().message);
    if (!*code)
      return Error::make(ErrorKind::Input, QStringLiteral("call: \"%1\" is required (a language code)").arg(QLatin1String(language)));
    (qstrcmp(language, "me") == 0 ? o.me : o.them) = **code;
  }
  const std::pair<const char *, QString *> devices[] = {
      {"mic", &o.mic}, {"call_audio", &o.callAudio}, {"to_call", &o.toCall}, {"to_me", &o.toMe}};
  for (const auto &[key, into] : devices) {
    Result<std::optional<QString>> device = server::optionalString(call, QLatin1String(key), 256);
    if (!device)
      return Error::make(ErrorKind::Input, QStringLiteral("call: ") + device.error().message);
    *into = device->value_or(QString());
  }
  o.speakToCall = speak;
  return o;
}

} // namespace

Status ApiHost::startCall(const CallOptions &options) {
  d->releaseEndedCall();
  if (d->liveRunning())
    return makeError(ErrorKind::Usage, QStringLiteral("a live session or call is already running; stop it first"));
  if (d->attached)
    return makeError(ErrorKind::Usage, QStringLiteral("this server reports the sessions of `dragoman live`, `dragoman "
                                                      "call` or the desktop application; start them there"));
  if (d->draining)
    return makeError(ErrorKind::Cancelled, QStringLiteral("the server is shutting down"));
  Result<std::unique_ptr<CallSession>> made = CallSession::create(d->context, options);
  if (!made)
    return Error::make(ErrorKind::Input, made.error().message);
  d->ownSession.reset();
  d->ownCall = std::move(made).value();
  attachCall(d->ownCall.get());
  d->liveSegments = 0;
  d->liveState = QStringLiteral("starting");
  if (Status s = d->ownCall->start(); !s) {
    d->liveState = QStringLiteral("idle");
    d->attached = nullptr;
    d->attachedCall = nullptr;
    d->ownCall.reset();
    return s;
  }
  d->liveState = QStringLiteral("running");
  d->server->broadcast({{QStringLiteral("type"), QStringLiteral("state")}, {QStringLiteral("state"), d->liveState}});
  qCInfo(lcServer).noquote() << QStringLiteral("call %1 started: me %2 → %3, them %3 → %2")
                                    .arg(d->ownCall->sessionUuid(), options.me, options.them);
  return {};
}

Status ApiHost::startLive(bool speak) {
  d->releaseEndedCall();
  if (d->liveRunning())
    return makeError(ErrorKind::Usage, QStringLiteral("a live session or call is already running (%1); stop it first")
                                           .arg(d->attachedCall ? d->attachedCall->sessionUuid()
                                                                : d->currentSession()->sessionUuid()));
  if (d->attached)
    return makeError(ErrorKind::Usage, QStringLiteral("this server reports the sessions of `dragoman live`, `dragoman "
                                                      "call` or the desktop application; start them there"));
  if (d->draining)
    return makeError(ErrorKind::Cancelled, QStringLiteral("the server is shutting down"));
  d->ownSession = std::make_unique<SessionRunner>(d->context, QStringLiteral("serve"));
  connectSession(d->ownSession.get());
  SessionSource source;
  source.kind = SessionSource::Kind::Devices;
  source.speak = speak;
  d->liveSegments = 0;
  d->liveState = QStringLiteral("starting");
  if (Status s = d->ownSession->start(source); !s) {
    d->liveState = QStringLiteral("idle");
    d->ownSession.reset();
    return s;
  }
  d->liveState = QStringLiteral("running");
  d->server->broadcast({{QStringLiteral("type"), QStringLiteral("state")}, {QStringLiteral("state"), d->liveState}});
  qCInfo(lcServer).noquote() << QStringLiteral("live session %1 started: %2")
                                    .arg(d->ownSession->sessionUuid(), d->ownSession->deviceDescription());
  return {};
}

void ApiHost::registerLiveRoutes() {
  server::HttpServer &http = *d->server;

  server::RouteSpec start{"POST", QStringLiteral("/api/v1/live/start"), Access::Key};
  start.contentTypes = {"application/json"};
  http.route(start, [this](const Request &request, Reply reply) {
    Result<QJsonObject> body = server::parseJsonObject(request.body, true);
    if (!body)
      return reply.send(Response::error(400, body.error().message));
    if (Status s = server::onlyKnownFields(*body, {QStringLiteral("speak"), QStringLiteral("call")}); !s)
      return reply.send(Response::error(400, s.error().message));
    Result<std::optional<bool>> speak = server::optionalBool(*body, QStringLiteral("speak"));
    if (!speak)
      return reply.send(Response::error(400, speak.error().message));
    const QJsonValue call = body->value(QStringLiteral("call"));
    if (!call.isUndefined() && !call.isNull() && !call.isObject())
      return reply.send(Response::error(400, QStringLiteral("\"call\" must be an object: {\"me\": \"en\", \"them\": \"es\", ...}")));
    Status started = Status::success();
    if (call.isObject()) {
      Result<CallOptions> options = callOptionsOf(call.toObject(), speak->value_or(true));
      if (!options)
        return reply.send(Response::error(400, options.error().message));
      started = startCall(*options);
    } else {
      started = startLive(speak->value_or(true));
    }
    if (!started) {
      const ErrorKind kind = started.error().kind;
      const int status = kind == ErrorKind::Usage ? 409 : kind == ErrorKind::Input ? 400 : 503;
      return reply.send(Response::error(status, started.error().message));
    }
    if (d->ownCall) {
      reply.send(Response::json({{QStringLiteral("state"), d->liveState},
                                 {QStringLiteral("session_uuid"), d->ownCall->sessionUuid()},
                                 {QStringLiteral("devices"), liveJson().value(QStringLiteral("devices"))},
                                 {QStringLiteral("call"), callJson()}},
                                202));
      return;
    }
    reply.send(Response::json({{QStringLiteral("state"), d->liveState},
                               {QStringLiteral("session_uuid"), d->ownSession->sessionUuid()},
                               {QStringLiteral("devices"), d->ownSession->deviceDescription()}},
                              202));
  });

  server::RouteSpec stop{"POST", QStringLiteral("/api/v1/live/stop"), Access::Key};
  http.route(stop, [this](const Request &, Reply reply) {
    SessionRunner *runner = d->currentSession();
    if (!runner || !d->liveRunning())
      return reply.send(Response::error(409, QStringLiteral("no live session is running")));
    const QString uuid = d->attachedCall ? d->attachedCall->sessionUuid() : runner->sessionUuid();
    d->liveState = QStringLiteral("stopping");
    d->server->broadcast({{QStringLiteral("type"), QStringLiteral("state")}, {QStringLiteral("state"), d->liveState}});
    // Answered once the session has ended: its last segments are delivered and its history is on
    // disk, so a client may read /api/v1/sessions/UUID right after.
    auto pending = std::make_shared<Reply>(std::move(reply));
    if (CallSession *call = d->attachedCall) { // both directions, then the answer
      connect(call, &CallSession::finished, this, [pending, uuid, call] {
        const Status ended = !call->ended(CallSession::Me) ? call->ended(CallSession::Me) : call->ended(CallSession::Them);
        pending->send(Response::json({{QStringLiteral("state"), QStringLiteral("stopped")},
                                      {QStringLiteral("session_uuid"), uuid},
                                      {QStringLiteral("error"), ended.ok() ? QString() : ended.error().message}}));
      }, Qt::SingleShotConnection);
      call->stop();
      return;
    }
    connect(runner, &SessionRunner::finished, this, [pending, uuid](const Status &status, bool) {
      pending->send(Response::json({{QStringLiteral("state"), QStringLiteral("stopped")},
                                    {QStringLiteral("session_uuid"), uuid},
                                    {QStringLiteral("error"), status.ok() ? QString() : status.error().message}}));
    }, Qt::SingleShotConnection);
    runner->stop();
  });
}

} // namespace dragoman::headless
