#pragma once
// HttpServer's internals, shared by server.cpp (set-up, keys, TLS, drain), serverrequests.cpp
// (the request pipeline and the ordered answers) and serverwebsocket.cpp (upgrades and clients).
// Included by those files only.

#include "core/server/apikeys.h"
#include "core/server/requestgate.h"
#include "core/server/server.h"
#include "core/telemetry/metrics/metricsregistry.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>

namespace dragoman::server {

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

// Where a Reply sends its answer from any thread. The server clears it in its destructor, under the
// lock, so a worker answering late either posts to a live server or finds nobody (a QPointer read
// on the worker could not promise that: the server may be half destroyed between check and post).
struct ServerMailbox {
  std::mutex lock;
  HttpServer *server = nullptr; // guarded by lock
};

struct Reply::Exchange {
  std::shared_ptr<ServerMailbox> mailbox;
  // The connection, only ever looked up on the server's thread (Impl::connections): an Exchange
  // may end on a worker after the server is gone, so it holds no QPointer into Qt's objects.
  QTcpSocket *socket = nullptr;
  quint64 connection = 0;
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
  std::shared_ptr<ServerMailbox> mailbox = std::make_shared<ServerMailbox>();
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
    quint64 id = 0; // never reused, unlike the socket's address
    quint64 nextSeq = 0;
    quint64 writeSeq = 0;
    std::map<quint64, std::pair<QByteArray, bool>> ready; // seq → bytes, close
  };
  QHash<QTcpSocket *, Connection> connections; // an entry goes with its socket
  quint64 nextConnectionId = 1;
  telemetry::CounterFamily requestsTotal;
  telemetry::HistogramFamily requestSeconds;
  telemetry::Gauge *inFlightGauge = nullptr;
  telemetry::Gauge *clientsGauge = nullptr;
  telemetry::CounterFamily refusedTotal;

  Impl(HttpServer *owner, ServerOptions opts, telemetry::MetricsRegistry &registry);

  // --- keys -----------------------------------------------------------------------------------
  void refreshKeys();
  // Keys are required once the file holds any, revoked ones included: revoking the last key must
  // not open the API.
  bool anyKey() const { return keys && keysStatus.ok() && keys->hasKeys(); }
  bool anyActiveKey() const { return keys && keysStatus.ok() && keys->anyActive(); }

  // --- answering ------------------------------------------------------------------------------
  QList<HttpHeader> commonHeaders(const Reply::Exchange &ex) const;
  void finish(const std::shared_ptr<Reply::Exchange> &ex, Response response);
  void writeReady(QTcpSocket *socket, Connection &conn);

  // An answer decided before any handler: same path through finish() (headers, log, metrics).
  std::shared_ptr<Reply::Exchange> begin(const QHttpServerRequest &request, QTcpSocket *socket, const QByteArray &method,
                                         const QString &path);

  // --- the request pipeline -------------------------------------------------------------------
  bool handle(const QHttpServerRequest &request, QTcpSocket *socket, bool plainListener);
  bool refuseInsecure(const std::shared_ptr<Reply::Exchange> &ex, const QHttpServerRequest &request,
                      const QByteArray &method, const QString &path);

  // nullopt: allowed (ex.keyId set when a key was used).
  std::optional<Response> authorise(Access access, const QHttpServerRequest &request, Reply::Exchange &ex);
  bool handleUpgrade(const QHttpServerRequest &request, QTcpSocket *socket, const QByteArray &method,
                     const QString &path, bool plainListener);
  void acceptWebSockets(Endpoint *endpoint);
  void finishDrain();
  Status loadTls();
};

} // namespace dragoman::server
