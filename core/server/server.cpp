#include "core/server/serverimpl.h"

#include "core/common/threadaffinity.h"
#include "core/common/logcategories.h"

#include <QFile>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslKey>
#include <QThread>

namespace dragoman::server {

namespace {
constexpr int kKeyReloadMs = 1000; // a revoked key stops working within this time
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

// --- HttpServer::Impl: set-up, keys, drain, TLS ------------------------------------------------

HttpServer::Impl::Impl(HttpServer *owner, ServerOptions opts, telemetry::MetricsRegistry &registry)
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

void HttpServer::Impl::refreshKeys() {
  if (!keys || (keysChecked.isValid() && keysChecked.elapsed() < kKeyReloadMs))
    return;
  keysChecked.start();
  if (keys->reloadIfChanged())
    keysStatus = keys->load(); // the Status of the new contents (reloadIfChanged keeps none)
}

void HttpServer::Impl::finishDrain() {
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

Status HttpServer::Impl::loadTls() {
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
  const std::shared_ptr<ServerMailbox> mailbox = ex->mailbox;
  std::unique_lock<std::mutex> held(mailbox->lock);
  HttpServer *server = mailbox->server;
  if (!server)
    return; // the server is gone: nobody is left to answer
  if (QThread::currentThread() == server->thread()) {
    held.unlock(); // on the server's thread it cannot go away under us
    server->d->finish(ex, std::move(response));
    return;
  }
  // Posted under the lock: the server's destructor waits for it, and Qt drops the event of an
  // object destroyed before the event is delivered.
  QMetaObject::invokeMethod(
      server, [server, ex, response = std::move(response)]() mutable { server->d->finish(ex, std::move(response)); },
      Qt::QueuedConnection);
}

// --- HttpServer -------------------------------------------------------------------------------

HttpServer::HttpServer(ServerOptions options, telemetry::MetricsRegistry &metrics, QObject *parent)
    : QObject(parent), d(std::make_unique<Impl>(this, std::move(options), metrics)) {
  d->mailbox->server = this;
  d->drainTimer.setSingleShot(true);
  connect(&d->drainTimer, &QTimer::timeout, this, [this] { d->finishDrain(); });
}

HttpServer::~HttpServer() {
  {
    const std::lock_guard<std::mutex> held(d->mailbox->lock);
    d->mailbox->server = nullptr; // replies sent from here on find nobody
  }
  // The listeners and their sockets go first: nothing may reach the state below once it is gone.
  delete d->main.data();
  delete d->plain.data();
}

void HttpServer::route(const RouteSpec &spec, Handler handler) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  d->router.add(spec);
  d->handlers.append(std::move(handler));
}

void HttpServer::webSocketRoute(const QString &path, Access access, std::function<QJsonObject()> hello) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
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
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
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
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
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
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
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
