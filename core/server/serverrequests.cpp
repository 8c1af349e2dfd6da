// The request pipeline of HttpServer (see server.h) and the ordered writing of answers.
#include "core/server/serverimpl.h"

#include "core/common/logcategories.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSslSocket>

#include <exception>

namespace dragoman::server {

namespace {
QByteArray methodName(QHttpServerRequest::Method method) {
  switch (method) {
  case QHttpServerRequest::Method::Get:
    return "GET";
  case QHttpServerRequest::Method::Put:
    return "PUT";
  case QHttpServerRequest::Method::Delete:
    return "DELETE";
  case QHttpServerRequest::Method::Post:
    return "POST";
  case QHttpServerRequest::Method::Head:
    return "HEAD";
  case QHttpServerRequest::Method::Options:
    return "OPTIONS";
  case QHttpServerRequest::Method::Patch:
    return "PATCH";
  case QHttpServerRequest::Method::Connect:
    return "CONNECT";
  case QHttpServerRequest::Method::Trace:
    return "TRACE";
  default:
    break;
  }
  return "UNKNOWN";
}

QByteArray mediaType(const QByteArray &contentType) {
  return contentType.split(';').first().trimmed().toLower();
}
} // namespace

QList<HttpHeader> HttpServer::Impl::commonHeaders(const Reply::Exchange &ex) const {
  QList<HttpHeader> headers = securityHeaders(ex.tls);
  headers.append({"X-Request-ID", ex.requestId});
  headers.append(ex.corsHeaders);
  return headers;
}

void HttpServer::Impl::finish(const std::shared_ptr<Reply::Exchange> &ex, Response response) {
  if (response.status >= 400 && response.body.isEmpty())
    response.body = errorBody(response.status,
                              response.errorMessage.isEmpty() ? QString::fromLatin1(reasonPhrase(response.status))
                                                              : response.errorMessage,
                              ex->requestId);
  QList<HttpHeader> headers = commonHeaders(*ex);
  if (!response.body.isEmpty() || response.status >= 400)
    headers.append({"Content-Type", response.contentType});
  headers.append(response.headers);
  const bool close = ex->close || draining;
  const QByteArray bytes = serializeResponse(response.status, headers, response.body, close, ex->method == "HEAD");
  const double seconds = double(ex->timer.nsecsElapsed()) / 1e9;

  const auto conn = connections.find(ex->socket);
  if (conn != connections.end() && conn->id == ex->connection) { // else the client went away
    conn->ready[ex->seq] = {bytes, close};
    writeReady(ex->socket, *conn);
  }
  requestsTotal.with({ex->route, QString::fromLatin1(ex->method), QString::number(response.status)}).inc();
  requestSeconds.with({ex->route}).observe(seconds);
  const QString message = response.status >= 400 ? QStringLiteral(" (%1)").arg(response.errorMessage) : QString();
  qCInfo(lcServer).noquote() << QStringLiteral("%1 %2 %3 %4 %5 ms from %6%7%8")
                                    .arg(QString::fromLatin1(ex->requestId), QString::fromLatin1(ex->method), ex->path)
                                    .arg(response.status)
                                    .arg(seconds * 1000.0, 0, 'f', 1)
                                    .arg(ex->peer.toString(),
                                         ex->keyId.isEmpty() ? QString() : QStringLiteral(" key ") + ex->keyId, message);
  --inFlight;
  inFlightGauge->set(inFlight);
  if (draining && inFlight == 0)
    QTimer::singleShot(0, q, [this] { finishDrain(); });
}

void HttpServer::Impl::writeReady(QTcpSocket *socket, Connection &conn) {
  while (true) {
    auto it = conn.ready.find(conn.writeSeq);
    if (it == conn.ready.end())
      return;
    const auto [bytes, close] = it->second;
    conn.ready.erase(it);
    ++conn.writeSeq;
    if (socket->state() != QAbstractSocket::ConnectedState)
      continue;
    socket->write(bytes);
    if (close) {
      socket->disconnectFromHost();
      return;
    }
  }
}

// An answer decided before any handler: same path through finish() (headers, log, metrics).
std::shared_ptr<Reply::Exchange> HttpServer::Impl::begin(const QHttpServerRequest &request, QTcpSocket *socket, const QByteArray &method,
                                       const QString &path) {
  auto ex = std::make_shared<Reply::Exchange>();
  ex->timer.start();
  ex->mailbox = mailbox;
  ex->socket = socket;
  Connection &conn = connections[socket];
  if (conn.nextSeq == 0) { // the connection's first request: forget its state with the socket
    conn.id = nextConnectionId++;
    QObject::connect(socket, &QObject::destroyed, q, [this, socket] { connections.remove(socket); });
  }
  ex->connection = conn.id;
  ex->seq = conn.nextSeq++;
  const QByteArray given = request.value("x-request-id");
  ex->requestId = isAcceptableRequestId(given) ? given : newRequestId();
  ex->method = method;
  ex->path = path;
  ex->route = QStringLiteral("unmatched");
  ex->peer = request.remoteAddress();
  auto *ssl = qobject_cast<QSslSocket *>(socket);
  ex->tls = ssl && ssl->isEncrypted();
  const QByteArray connection = request.value("connection").toLower();
  ex->close = connection.contains("close");
  ++inFlight;
  inFlightGauge->set(inFlight);
  return ex;
}

bool HttpServer::Impl::handle(const QHttpServerRequest &request, QTcpSocket *socket, bool plainListener) {
  const QByteArray method = methodName(request.method());
  const QString path = request.url().path(QUrl::FullyDecoded);
  const bool upgrade = request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
  if (upgrade)
    return handleUpgrade(request, socket, method, path, plainListener);

  std::shared_ptr<Reply::Exchange> ex = begin(request, socket, method, path);
  auto refuse = [&](int status, const QString &message, QList<HttpHeader> extra = {}) {
    Response r = Response::error(status, message);
    r.headers = std::move(extra);
    finish(ex, std::move(r));
    return true;
  };
  if (draining)
    return refuse(503, QStringLiteral("the server is shutting down"), {{"Retry-After", "5"}});
  if (plainListener && tls && !options.plainHttpPaths.contains(path))
    return refuseInsecure(ex, request, method, path);

  // CORS: headers only for configured origins; preflights answered here.
  const QByteArray origin = request.value("origin");
  const bool originAllowed = !origin.isEmpty() && options.corsOrigins.contains(QString::fromUtf8(origin));
  if (originAllowed)
    ex->corsHeaders = {{"Access-Control-Allow-Origin", origin},
                       {"Vary", "Origin"},
                       {"Access-Control-Expose-Headers", "X-Request-ID, Retry-After"}};
  // A browser page from another origin must not make the API act, even where it could not read
  // the answer (a form POST to /api/v1/live/stop needs no preflight): such requests are refused.
  if (!origin.isEmpty() && !originAllowed && method != "GET" && method != "HEAD" && method != "OPTIONS")
    return refuse(403, QStringLiteral("cross-origin requests from %1 are not allowed (server.cors_origins)")
                           .arg(QString::fromUtf8(origin)));
  const RouteMatch match = router.match(method == "OPTIONS" ? QByteArray("GET") : method, path);
  if (method == "OPTIONS") {
    const RouteMatch any = router.match(request.value("access-control-request-method").isEmpty()
                                            ? QByteArray("GET")
                                            : request.value("access-control-request-method"),
                                        path);
    if (!origin.isEmpty() && !originAllowed)
      return refuse(403, QStringLiteral("cross-origin requests from %1 are not allowed (server.cors_origins)")
                             .arg(QString::fromUtf8(origin)));
    if (any.index < 0 && any.allowed.isEmpty())
      return refuse(404, QStringLiteral("no such endpoint: %1").arg(path));
    Response r;
    r.status = 204;
    QByteArrayList allow = any.index >= 0 ? QByteArrayList{router.spec(any.index).method} : any.allowed;
    r.headers = {{"Allow", allow.join(", ") + ", OPTIONS"}};
    if (originAllowed)
      r.headers += {{"Access-Control-Allow-Methods", allow.join(", ")},
                    {"Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-ID"},
                    {"Access-Control-Max-Age", "600"}};
    finish(ex, std::move(r));
    return true;
  }
  if (match.index < 0) {
    if (match.allowed.isEmpty())
      return refuse(404, QStringLiteral("no such endpoint: %1 %2").arg(QString::fromLatin1(method), path));
    return refuse(405, QStringLiteral("%1 is not allowed on %2; use %3")
                           .arg(QString::fromLatin1(method), path, QString::fromLatin1(match.allowed.join(", "))),
                  {{"Allow", match.allowed.join(", ")}});
  }
  const RouteSpec &spec = router.spec(match.index);
  ex->route = spec.pattern;
  if (spec.webSocket)
    return refuse(426, QStringLiteral("%1 is a WebSocket endpoint; connect with a WebSocket client").arg(path),
                  {{"Upgrade", "websocket"}});

  if (spec.rateLimited) {
    const RateLimiter::Decision d = addressLimiter.take(ex->peer.toString(), QDateTime::currentMSecsSinceEpoch());
    if (!d.allowed)
      return refuse(429, QStringLiteral("too many requests from %1; retry in %2 s").arg(ex->peer.toString()).arg(d.retryAfterSeconds),
                    {{"Retry-After", QByteArray::number(d.retryAfterSeconds)}});
  }
  if (std::optional<Response> denied = authorise(spec.access, request, *ex)) {
    finish(ex, std::move(*denied));
    return true;
  }
  if (spec.rateLimited && !ex->keyId.isEmpty()) {
    const RateLimiter::Decision d = keyLimiter.take(ex->keyId, QDateTime::currentMSecsSinceEpoch());
    if (!d.allowed)
      return refuse(429, QStringLiteral("too many requests with key %1; retry in %2 s").arg(ex->keyId).arg(d.retryAfterSeconds),
                    {{"Retry-After", QByteArray::number(d.retryAfterSeconds)}});
  }
  if (!spec.contentTypes.isEmpty() && method != "GET" && method != "HEAD" && !request.body().isEmpty()) {
    const QByteArray type = mediaType(request.value("content-type"));
    if (!spec.contentTypes.contains(type))
      return refuse(415, QStringLiteral("Content-Type %1 is not accepted by %2; send %3")
                             .arg(type.isEmpty() ? QStringLiteral("(none)") : QString::fromLatin1(type), spec.pattern,
                                  QString::fromLatin1(spec.contentTypes.join(" or "))));
  }

  Request req;
  req.method = method;
  req.path = path;
  req.query = request.query();
  for (const auto &[name, value] : request.headers())
    req.headers.append({name, value});
  req.body = request.body();
  req.peer = ex->peer;
  req.requestId = ex->requestId;
  req.keyId = ex->keyId;
  req.params = match.params;
  req.tls = ex->tls;
  try {
    handlers[match.index](req, Reply(ex));
  } catch (const std::exception &e) {
    if (!ex->sent.exchange(true))
      finish(ex, Response::error(500, QStringLiteral("internal error: %1").arg(QString::fromUtf8(e.what()))));
  }
  return true;
}

bool HttpServer::Impl::refuseInsecure(const std::shared_ptr<Reply::Exchange> &ex, const QHttpServerRequest &request,
                    const QByteArray &method, const QString &path) {
  QUrl target = request.url();
  target.setScheme(QStringLiteral("https"));
  target.setPort(mainPort);
  if (method == "GET" || method == "HEAD") {
    Response r = Response::error(308, {});
    r.status = 308;
    r.body = errorBody(308, QStringLiteral("this endpoint is served over HTTPS: %1").arg(target.toString()), ex->requestId);
    r.headers = {{"Location", target.toEncoded()}};
    finish(ex, std::move(r));
  } else {
    finish(ex, Response::error(403, QStringLiteral("%1 is served over HTTPS only (%2); the request was not processed")
                                        .arg(path, target.toString())));
  }
  return true;
}

// nullopt: allowed (ex.keyId set when a key was used).
std::optional<Response> HttpServer::Impl::authorise(Access access, const QHttpServerRequest &request, Reply::Exchange &ex) {
  if (access == Access::Public || (access == Access::Metrics && options.metricsPublic))
    return std::nullopt;
  refreshKeys();
  if (keys && !keysStatus.ok())
    return Response::error(503, QStringLiteral("the API key file cannot be read, so no request that needs a key is served: %1")
                                    .arg(keysStatus.error().message));
  if (!anyKey())
    return std::nullopt;
  const QByteArray authorization = request.value("authorization");
  const QByteArray scheme = "bearer ";
  auto unauthorised = [](const QString &message, const QByteArray &challenge) {
    Response r = Response::error(401, message);
    r.headers = {{"WWW-Authenticate", challenge}};
    return r;
  };
  if (authorization.isEmpty())
    return unauthorised(QStringLiteral("an API key is required: send Authorization: Bearer <key> (create one with "
                                       "`dragoman server add-key NAME`)"),
                        "Bearer realm=\"dragoman\"");
  if (!authorization.left(scheme.size()).toLower().startsWith(scheme))
    return unauthorised(QStringLiteral("the Authorization header must be \"Bearer <key>\""),
                        "Bearer realm=\"dragoman\", error=\"invalid_request\"");
  const QString secret = QString::fromUtf8(authorization.mid(scheme.size()).trimmed());
  const std::optional<ApiKey> key = keys->verify(secret);
  if (!key)
    return unauthorised(keys->anyActive() ? QStringLiteral("the API key is not valid (unknown or revoked)")
                                          : QStringLiteral("the API key is not valid, and every key is revoked: add one "
                                                           "with `dragoman server add-key NAME`"),
                        "Bearer realm=\"dragoman\", error=\"invalid_token\"");
  ex.keyId = key->id;
  return std::nullopt;
}

} // namespace dragoman::server
