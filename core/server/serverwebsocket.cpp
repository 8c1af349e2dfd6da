// WebSocket upgrades and stream clients of HttpServer (see server.h).
#include "core/server/serverimpl.h"

#include "core/common/logcategories.h"

#include <QDateTime>
#include <QJsonDocument>

namespace dragoman::server {

bool HttpServer::Impl::handleUpgrade(const QHttpServerRequest &request, QTcpSocket *socket, const QByteArray &method,
                   const QString &path, bool plainListener) {
  // A refusal is written here and false returned: Qt then calls missingHandler (which sees the
  // answer was given) and closes the connection.
  std::shared_ptr<Reply::Exchange> ex = begin(request, socket, method, path);
  ex->close = true;
  auto refuse = [&](Response r) {
    socket->setProperty("dragoman.answered", true);
    finish(ex, std::move(r));
    return false;
  };
  const RouteMatch match = router.match(method, path);
  if (draining)
    return refuse(Response::error(503, QStringLiteral("the server is shutting down")));
  if (match.index < 0 || !router.spec(match.index).webSocket)
    return refuse(Response::error(404, QStringLiteral("no WebSocket endpoint at %1").arg(path)));
  if (plainListener && tls)
    return refuse(Response::error(403, QStringLiteral("the WebSocket stream is served over TLS only (wss://)")));
  // Browsers send Origin with every WebSocket handshake, and no preflight: without this check any
  // web page could read the live captions of a server that has no key.
  const QByteArray origin = request.value("origin");
  if (!origin.isEmpty() && !options.corsOrigins.contains(QString::fromUtf8(origin)))
    return refuse(Response::error(403, QStringLiteral("WebSocket connections from %1 are not allowed (server.cors_origins)")
                                           .arg(QString::fromUtf8(origin))));
  ex->route = router.spec(match.index).pattern;
  const RateLimiter::Decision d = addressLimiter.take(ex->peer.toString(), QDateTime::currentMSecsSinceEpoch());
  if (!d.allowed) {
    Response r = Response::error(429, QStringLiteral("too many requests from %1").arg(ex->peer.toString()));
    r.headers = {{"Retry-After", QByteArray::number(d.retryAfterSeconds)}};
    return refuse(std::move(r));
  }
  if (std::optional<Response> denied = authorise(router.spec(match.index).access, request, *ex))
    return refuse(std::move(*denied));
  if (clients.size() >= options.maxWebSocketClients)
    return refuse(Response::error(503, QStringLiteral("%1 WebSocket clients are connected already; the limit is %1")
                                           .arg(options.maxWebSocketClients)));
  // Accepted: Qt completes the handshake. Logged as 101; no bytes written by us.
  pendingUpgrades.append({ex->requestId, path, ex->keyId});
  ex->sent = true;
  --inFlight;
  inFlightGauge->set(inFlight);
  connections.remove(socket);
  requestsTotal.with({ex->route, QStringLiteral("GET"), QStringLiteral("101")}).inc();
  qCInfo(lcServer).noquote() << QStringLiteral("%1 GET %2 101 WebSocket from %3%4")
                                    .arg(QString::fromLatin1(ex->requestId), path, ex->peer.toString(),
                                         ex->keyId.isEmpty() ? QString() : QStringLiteral(" key ") + ex->keyId);
  return true;
}

void HttpServer::Impl::acceptWebSockets(Endpoint *endpoint) {
  while (endpoint->hasPendingWebSocketConnections()) {
    std::unique_ptr<QWebSocket> owned = endpoint->nextPendingWebSocketConnection();
    PendingUpgrade pending = pendingUpgrades.isEmpty() ? PendingUpgrade{} : pendingUpgrades.takeFirst();
    QWebSocket *socket = owned.release();
    socket->setParent(q);
    clients.append(socket);
    clientsGauge->set(double(clients.size()));
    QObject::connect(socket, &QWebSocket::disconnected, q, [this, socket] {
      clients.removeAll(socket);
      clientsGauge->set(double(clients.size()));
      socket->deleteLater();
    });
    // Clients only listen; whatever they send is ignored (a ping is answered by Qt).
    const auto hello = webSocketHello.value(pending.path);
    QJsonObject first = hello ? hello() : QJsonObject{{QStringLiteral("type"), QStringLiteral("hello")}};
    first.insert(QStringLiteral("request_id"), QString::fromLatin1(pending.requestId));
    socket->sendTextMessage(QString::fromUtf8(QJsonDocument(first).toJson(QJsonDocument::Compact)));
  }
}

} // namespace dragoman::server
