#include "core/server/server.h"

#include "core/common/logcategories.h"
#include "core/server/apikeys.h"
#include "core/server/requestgate.h"
#include "core/telemetry/metrics/metricsregistry.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QFile>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <atomic>
#include <exception>
#include <map>

namespace dragoman::server {

namespace {
constexpr int kKeyReloadMs = 1000; // a revoked key stops working within this time

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

// Listens on one port and hands every parsed request to the server's Impl.
class Endpoint : public QAbstractHttpServer {
public:
  using Handle = std::function<bool(const QHttpServerRequest &, QTcpSocket *, bool plain)>;
  Endpoint(Handle handle, bool plain, QObject *parent)
      : QAbstractHttpServer(parent), m_handle(std::move(handle)), m_plain(plain) {}

protected:
  bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override {
    return m_handle(request, socket, m_plain);
  }
  // Reached only for a refused WebSocket upgrade, which was already answered.
  void missingHandler(const QHttpServerRequest &, QTcpSocket *socket) override {
    if (!socket->property("dragoman.answered").toBool())
      socket->write(serializeResponse(404, securityHeaders(false), errorBody(404, QStringLiteral("no such endpoint"), {}), true));
  }

private:
  Handle m_handle;
  bool m_plain;
};
} // namespace

QByteArray Request::header(const QByteArray &name) const {
  for (const HttpHeader &h : headers)
    if (h.name.compare(name, Qt::CaseInsensitive) == 0)
      return h.value;
  return {};
}

Response Response::json(const QJsonObject &object, int status) {
  Response r;
  r.status = status;
  r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
  return r;
}

Response Response::error(int status, const QString &message) {
  Response r;
  r.status = status;
  r.errorMessage = message;
  return r;
}

Response Response::bytes(QByteArray body, QByteArray contentType, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.contentType = std::move(contentType);
  return r;
}

struct Reply::Exchange {
  QPointer<HttpServer> server;
  QPointer<QTcpSocket> socket;
  quint64 seq = 0;
  QByteArray requestId;
  QByteArray method;
  QString path;
  QString route; // the pattern, for metrics
  QHostAddress peer;
  QString keyId;
  bool tls = false;
  bool close = false;
  QList<HttpHeader> corsHeaders;
  QElapsedTimer timer;
  std::atomic_bool sent{false};
};

struct HttpServer::Impl {
  HttpServer *q = nullptr;
  ServerOptions options;
  telemetry::MetricsRegistry &metrics;
  Router router;
  QList<Handler> handlers; // parallel to the router's table
  QHash<QString, std::function<QJsonObject()>> webSocketHello;
  std::unique_ptr<ApiKeyStore> keys;
  Status keysStatus;
  QElapsedTimer keysChecked;
  RateLimiter addressLimiter;
  RateLimiter keyLimiter;
  std::shared_ptr<RequestGate> gate;
  QPointer<Endpoint> main;
  QPointer<Endpoint> plain;
  QSslConfiguration sslConfiguration;
  bool tls = false;
  quint16 mainPort = 0;
  quint16 plainPortNumber = 0;
  int inFlight = 0;
  bool draining = false;
  QTimer drainTimer;
  QList<QPointer<QWebSocket>> clients;
  struct PendingUpgrade {
    QByteArray requestId;
    QString path;
    QString keyId;
  };
  QList<PendingUpgrade> pendingUpgrades;

  struct Connection {
    quint64 nextSeq = 0;
    quint64 writeSeq = 0;
    std::map<quint64, std::pair<QByteArray, bool>> ready; // seq → bytes, close
  };
  QHash<QTcpSocket *, Connection> connections;

  telemetry::CounterFamily requestsTotal;
  telemetry::HistogramFamily requestSeconds;
  telemetry::Gauge *inFlightGauge = nullptr;
  telemetry::Gauge *clientsGauge = nullptr;
  telemetry::CounterFamily refusedTotal;

  Impl(HttpServer *owner, ServerOptions opts, telemetry::MetricsRegistry &registry)
      : q(owner), options(std::move(opts)), metrics(registry), addressLimiter(options.perAddress),
        keyLimiter(options.perKey) {
    requestsTotal = metrics.counterFamily(QStringLiteral("dragoman_http_requests_total"),
                                          QStringLiteral("HTTP requests answered, by route, method and status."),
                                          {QStringLiteral("route"), QStringLiteral("method"), QStringLiteral("status")});
    requestSeconds = metrics.histogramFamily(QStringLiteral("dragoman_http_request_duration_seconds"),
                                             QStringLiteral("Time from a parsed request to its answer being written."),
                                             telemetry::Histogram::exponentialBuckets(0.0005, 2.5, 14),
                                             {QStringLiteral("route")});
    refusedTotal = metrics.counterFamily(QStringLiteral("dragoman_http_refused_total"),
                                         QStringLiteral("Requests refused before their body was read, by status."),
                                         {QStringLiteral("status")});
    inFlightGauge = &metrics.gauge(QStringLiteral("dragoman_http_in_flight_requests"),
                                   QStringLiteral("Requests being handled."));
    clientsGauge = &metrics.gauge(QStringLiteral("dragoman_websocket_clients"),
                                  QStringLiteral("Connected WebSocket stream clients."));
  }

  // --- keys -----------------------------------------------------------------------------------
  void refreshKeys() {
    if (!keys || (keysChecked.isValid() && keysChecked.elapsed() < kKeyReloadMs))
      return;
    keysChecked.start();
    if (keys->reloadIfChanged())
      keysStatus = keys->load(); // the Status of the new contents (reloadIfChanged keeps none)
  }
  // Keys are required once the file holds any, revoked ones included: revoking the last key must
  // not open the API.
  bool anyKey() const { return keys && keysStatus.ok() && keys->hasKeys(); }
  bool anyActiveKey() const { return keys && keysStatus.ok() && keys->anyActive(); }

  // --- answering ------------------------------------------------------------------------------
  QList<HttpHeader> commonHeaders(const Reply::Exchange &ex) const {
    QList<HttpHeader> headers = securityHeaders(ex.tls);
    headers.append({"X-Request-ID", ex.requestId});
    headers.append(ex.corsHeaders);
    return headers;
  }

  void finish(const std::shared_ptr<Reply::Exchange> &ex, Response response) {
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

    if (ex->socket) {
      Connection &conn = connections[ex->socket.data()];
      conn.ready[ex->seq] = {bytes, close};
      writeReady(ex->socket.data(), conn);
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

  void writeReady(QTcpSocket *socket, Connection &conn) {
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
  std::shared_ptr<Reply::Exchange> begin(const QHttpServerRequest &request, QTcpSocket *socket, const QByteArray &method,
                                         const QString &path) {
    auto ex = std::make_shared<Reply::Exchange>();
    ex->timer.start();
    ex->server = q;
    ex->socket = socket;
    Connection &conn = connections[socket];
    if (conn.nextSeq == 0 && conn.writeSeq == 0 && conn.ready.empty())
      QObject::connect(socket, &QObject::destroyed, q, [this, socket] { connections.remove(socket); },
                       Qt::UniqueConnection);
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

  // --- the request pipeline -------------------------------------------------------------------
  bool handle(const QHttpServerRequest &request, QTcpSocket *socket, bool plainListener) {
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

  bool refuseInsecure(const std::shared_ptr<Reply::Exchange> &ex, const QHttpServerRequest &request,
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
  std::optional<Response> authorise(Access access, const QHttpServerRequest &request, Reply::Exchange &ex) {
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

  bool handleUpgrade(const QHttpServerRequest &request, QTcpSocket *socket, const QByteArray &method,
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

  void acceptWebSockets(Endpoint *endpoint) {
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

  void finishDrain() {
    if (!draining)
      return;
    drainTimer.stop();
    for (const QPointer<QWebSocket> &client : std::as_const(clients))
      if (client)
        client->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
    const int unfinished = inFlight;
    draining = false; // drained() once
    Q_EMIT q->drained(unfinished);
  }

  Status loadTls() {
    if (options.tlsCertificate.isEmpty() != options.tlsKey.isEmpty())
      return makeError(ErrorKind::Config, QStringLiteral("TLS needs both server.tls_certificate and server.tls_key"));
    if (options.tlsCertificate.isEmpty())
      return {};
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(options.tlsCertificate, QSsl::Pem);
    if (chain.isEmpty())
      return makeError(ErrorKind::Config,
                       QStringLiteral("the TLS certificate %1 cannot be read or holds no PEM certificate").arg(options.tlsCertificate));
    QFile keyFile(options.tlsKey);
    if (!keyFile.open(QIODevice::ReadOnly))
      return makeError(ErrorKind::Config, QStringLiteral("the TLS key %1 cannot be read: %2").arg(options.tlsKey, keyFile.errorString()));
    const QByteArray pem = keyFile.readAll();
    QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
      key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
      return makeError(ErrorKind::Config,
                       QStringLiteral("the TLS key %1 is not an unencrypted PEM RSA or EC private key").arg(options.tlsKey));
    sslConfiguration = QSslConfiguration::defaultConfiguration();
    sslConfiguration.setLocalCertificateChain(chain);
    sslConfiguration.setPrivateKey(key);
    sslConfiguration.setProtocol(QSsl::TlsV1_2OrLater);
    sslConfiguration.setPeerVerifyMode(QSslSocket::VerifyNone);
    tls = true;
    return {};
  }
};

// --- Reply ------------------------------------------------------------------------------------

Reply::Reply(std::shared_ptr<Exchange> exchange) : m_exchange(std::move(exchange)) {}
Reply::Reply(Reply &&) noexcept = default;
Reply &Reply::operator=(Reply &&other) noexcept {
  if (this != &other) {
    if (m_exchange && !m_exchange->sent.load())
      send(Response::error(500, QStringLiteral("the request was dropped without an answer")));
    m_exchange = std::move(other.m_exchange);
  }
  return *this;
}
Reply::~Reply() {
  if (m_exchange && !m_exchange->sent.load())
    send(Response::error(500, QStringLiteral("the request was dropped without an answer")));
}

QByteArray Reply::requestId() const { return m_exchange ? m_exchange->requestId : QByteArray(); }

void Reply::send(Response response) {
  if (!m_exchange || m_exchange->sent.exchange(true))
    return;
  std::shared_ptr<Exchange> ex = std::move(m_exchange);
  QPointer<HttpServer> server = ex->server;
  if (!server)
    return;
  auto deliver = [ex, response = std::move(response)]() mutable {
    if (HttpServer *s = ex->server.data())
      s->d->finish(ex, std::move(response));
  };
  if (QThread::currentThread() == server->thread())
    deliver();
  else
    QMetaObject::invokeMethod(server.data(), std::move(deliver), Qt::QueuedConnection);
}

// --- HttpServer -------------------------------------------------------------------------------

HttpServer::HttpServer(ServerOptions options, telemetry::MetricsRegistry &metrics, QObject *parent)
    : QObject(parent), d(std::make_unique<Impl>(this, std::move(options), metrics)) {
  d->drainTimer.setSingleShot(true);
  connect(&d->drainTimer, &QTimer::timeout, this, [this] { d->finishDrain(); });
}

HttpServer::~HttpServer() {
  // The listeners and their sockets go first: nothing may reach the state below once it is gone.
  delete d->main.data();
  delete d->plain.data();
}

void HttpServer::route(const RouteSpec &spec, Handler handler) {
  d->router.add(spec);
  d->handlers.append(std::move(handler));
}

void HttpServer::webSocketRoute(const QString &path, Access access, std::function<QJsonObject()> hello) {
  RouteSpec spec;
  spec.method = "GET";
  spec.pattern = path;
  spec.access = access;
  spec.webSocket = true;
  d->router.add(spec);
  d->handlers.append([](const Request &, Reply reply) { reply.send(Response::error(426, QStringLiteral("upgrade required"))); });
  d->webSocketHello.insert(path, std::move(hello));
}

Status HttpServer::start() {
  const ServerOptions &o = d->options;
  if (!o.keysFile.isEmpty()) {
    d->keys = std::make_unique<ApiKeyStore>(o.keysFile);
    d->keysStatus = d->keys->load();
    if (!d->keysStatus.ok())
      return makeError(ErrorKind::Config, QStringLiteral("the API key file cannot be read: %1").arg(d->keysStatus.error().message));
    d->keysChecked.start();
  }
  QHostAddress address;
  const QString bind = o.bind.trimmed().toLower();
  if (bind == QLatin1String("localhost") || bind.isEmpty())
    address = QHostAddress(QHostAddress::LocalHost);
  else if (bind == QLatin1String("any") || bind == QLatin1String("0.0.0.0"))
    address = QHostAddress(QHostAddress::AnyIPv4);
  else if (bind == QLatin1String("::"))
    address = QHostAddress(QHostAddress::AnyIPv6);
  else if (!address.setAddress(bind))
    return makeError(ErrorKind::Config, QStringLiteral("server.bind \"%1\" is not an IP address (use 127.0.0.1, ::1, 0.0.0.0 "
                                                       "or a local interface's address)").arg(o.bind));
  if (!address.isLoopback() && !d->anyActiveKey())
    return makeError(ErrorKind::Config,
                     QStringLiteral("refusing to listen on %1, which other machines can reach, without an API key; create "
                                    "one with `dragoman server add-key NAME`, or bind to 127.0.0.1")
                         .arg(address.toString()));
  if (Status s = d->loadTls(); !s.ok())
    return s;

  GateLimits limits;
  limits.tls = d->tls;
  Router *router = &d->router;
  const qint64 fallback = o.maxJsonBytes;
  limits.maxBodyBytes = [router, fallback](const QByteArray &method, const QByteArray &path) {
    return router->maxBody(method, QUrl::fromPercentEncoding(path), fallback);
  };
  d->gate = std::make_shared<RequestGate>(limits);
  connect(d->gate.get(), &RequestGate::refused, this, [this](int status, const QString &reason, const QHostAddress &peer) {
    d->refusedTotal.with({QString::number(status)}).inc();
    qCInfo(lcServer).noquote() << QStringLiteral("refused %1 from %2: %3").arg(status).arg(peer.toString(), reason);
  });

  auto handle = [this](const QHttpServerRequest &request, QTcpSocket *socket, bool plain) {
    return d->handle(request, socket, plain);
  };
  auto listenOn = [&](bool plain, quint16 port) -> Result<Endpoint *> {
    auto *endpoint = new Endpoint(handle, plain, this);
    QTcpServer *tcp = nullptr;
    if (d->tls && !plain) {
      auto *ssl = new GatedSslServer(d->gate.get(), endpoint);
      ssl->setSslConfiguration(d->sslConfiguration);
      tcp = ssl;
    } else {
      tcp = new GatedTcpServer(d->gate.get(), endpoint);
    }
    if (!tcp->listen(address, port)) {
      const QString why = tcp->errorString();
      delete endpoint;
      return makeError(ErrorKind::Config, QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(why));
    }
    endpoint->bind(tcp);
    connect(endpoint, &QAbstractHttpServer::newWebSocketConnection, this, [this, endpoint] { d->acceptWebSockets(endpoint); });
    return endpoint;
  };
  Result<Endpoint *> main = listenOn(false, o.port);
  if (!main)
    return main.error();
  d->main = *main;
  d->mainPort = d->main->serverPorts().value(0);
  if (d->tls && o.plainHttpPort != 0) {
    Result<Endpoint *> plain = listenOn(true, o.plainHttpPort);
    if (!plain)
      return plain.error();
    d->plain = *plain;
    d->plainPortNumber = d->plain->serverPorts().value(0);
  }
  qCInfo(lcServer).noquote() << QStringLiteral("listening on %1://%2%3, API keys %4")
                                    .arg(d->tls ? QStringLiteral("https") : QStringLiteral("http"), this->address(),
                                         d->plain ? QStringLiteral(" (plain HTTP on port %1 for %2)")
                                                        .arg(d->plainPortNumber)
                                                        .arg(o.plainHttpPaths.join(QStringLiteral(", ")))
                                                  : QString(),
                                         d->anyKey() ? QStringLiteral("required") : QStringLiteral("not required (none exist)"));
  return {};
}

quint16 HttpServer::port() const { return d->mainPort; }
quint16 HttpServer::plainPort() const { return d->plainPortNumber; }
bool HttpServer::tls() const { return d->tls; }
bool HttpServer::authRequired() const {
  d->refreshKeys();
  return d->anyKey();
}
QString HttpServer::address() const {
  if (!d->main || d->main->servers().isEmpty())
    return {};
  const QHostAddress a = d->main->servers().first()->serverAddress();
  const QString host = a.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]").arg(a.toString()) : a.toString();
  return QStringLiteral("%1:%2").arg(host).arg(d->mainPort);
}

void HttpServer::broadcast(const QJsonObject &message) {
  if (d->clients.isEmpty())
    return;
  const QString text = QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
  for (const QPointer<QWebSocket> &client : std::as_const(d->clients))
    if (client && client->state() == QAbstractSocket::ConnectedState)
      client->sendTextMessage(text);
}

int HttpServer::webSocketClients() const { return int(d->clients.size()); }
int HttpServer::inFlight() const { return d->inFlight; }

void HttpServer::drain(int timeoutMs) {
  if (d->draining)
    return;
  d->draining = true;
  for (Endpoint *endpoint : {d->main.data(), d->plain.data()})
    if (endpoint)
      for (QTcpServer *tcp : endpoint->servers())
        tcp->close();
  qCInfo(lcServer).noquote() << QStringLiteral("draining: %1 request(s) in flight").arg(d->inFlight);
  if (d->inFlight == 0)
    QTimer::singleShot(0, this, [this] { d->finishDrain(); });
  else
    d->drainTimer.start(timeoutMs);
}

} // namespace dragoman::server
