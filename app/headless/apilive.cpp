// /api/v1/live/start and /api/v1/live/stop.
#include "app/context/appcontext.h"
#include "app/headless/apihostimpl.h"
#include "core/common/logcategories.h"
#include "core/server/jsonbody.h"

namespace dragoman::headless {

Status ApiHost::startLive(bool speak) {
  if (SessionRunner *running = d->currentSession(); running && running->isRunning())
    return makeError(ErrorKind::Usage, QStringLiteral("a live session is already running (%1); stop it first")
                                           .arg(running->sessionUuid()));
  if (d->attached)
    return makeError(ErrorKind::Usage, QStringLiteral("this server reports the sessions of `dragoman live` or of the "
                                                      "desktop application; start them there"));
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
    if (Status s = server::onlyKnownFields(*body, {QStringLiteral("speak")}); !s)
      return reply.send(Response::error(400, s.error().message));
    Result<std::optional<bool>> speak = server::optionalBool(*body, QStringLiteral("speak"));
    if (!speak)
      return reply.send(Response::error(400, speak.error().message));
    if (Status s = startLive(speak->value_or(true)); !s) {
      const int status = s.error().kind == ErrorKind::Usage ? 409 : s.error().kind == ErrorKind::Input ? 400 : 503;
      return reply.send(Response::error(status, s.error().message));
    }
    reply.send(Response::json({{QStringLiteral("state"), d->liveState},
                               {QStringLiteral("session_uuid"), d->ownSession->sessionUuid()},
                               {QStringLiteral("devices"), d->ownSession->deviceDescription()}},
                              202));
  });

  server::RouteSpec stop{"POST", QStringLiteral("/api/v1/live/stop"), Access::Key};
  http.route(stop, [this](const Request &, Reply reply) {
    SessionRunner *runner = d->currentSession();
    const bool running = d->attachedCall ? d->attachedCall->isRunning() : runner && runner->isRunning();
    if (!runner || !running)
      return reply.send(Response::error(409, QStringLiteral("no live session is running")));
    const QString uuid = runner->sessionUuid();
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
