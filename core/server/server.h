#pragma once
// The embedded HTTP and WebSocket endpoint (issue 8). It owns the transport and everything a
// request passes before a handler sees it:
//   request gate (413/411/414/431/408 before the body is read) → HTTPS enforcement on the plain
//   listener → CORS → per-address rate limit → API key → per-key rate limit → content type →
//   handler → security headers, X-Request-ID, one log line, metrics.
// Handlers are registered by the application (app/headless/serve*), which knows the engines, the
// history and the live session; they answer through a Reply, at once or later from any thread.
// The server itself lives on the thread that created it (the main thread of `dragoman serve`).

#include "core/common/result.h"
#include "core/server/httpwire.h"
#include "core/server/ratelimiter.h"
#include "core/server/router.h"

#include <QByteArray>
#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QUrlQuery>

#include <functional>
#include <memory>

namespace dragoman::telemetry {
class MetricsRegistry;
}

namespace dragoman::server {

class ApiKeyStore;

struct ServerOptions {
  QString bind = QStringLiteral("127.0.0.1"); // an address, "localhost" or "any"
  quint16 port = 8765;                         // 0: any free port (tests)
  QString tlsCertificate;                      // PEM; with tlsKey: the main port speaks HTTPS
  QString tlsKey;
  quint16 plainHttpPort = 0;                  // with TLS: a plain listener for plainHttpPaths only
  QStringList plainHttpPaths{QStringLiteral("/healthz"), QStringLiteral("/readyz"), QStringLiteral("/metrics")};
  QStringList corsOrigins;                    // empty: no CORS headers, preflights refused
  bool metricsPublic = false;                 // /metrics without a key even when keys exist
  RateLimit perAddress{20, 40};
  RateLimit perKey{50, 100};
  qint64 maxJsonBytes = 1 << 20;
  int maxWebSocketClients = 32;
  QString keysFile; // the API key file (see ApiKeyStore); empty: no keys, loopback only
};

struct Request {
  QByteArray method; // HEAD is passed to GET routes as "HEAD"
  QString path;      // percent-decoded, without the query
  QUrlQuery query;
  QList<HttpHeader> headers;
  QByteArray body;
  QHostAddress peer;
  QByteArray requestId;
  QString keyId;        // the API key that authorised the call, or empty
  QStringList params;   // the route's "{name}" segments, in order
  bool tls = false;

  QByteArray header(const QByteArray &name) const; // case-insensitive; empty when absent
};

struct Response {
  int status = 200;
  QByteArray contentType = "application/json";
  QByteArray body;
  QList<HttpHeader> headers;
  QString errorMessage; // set by error(): the body is built when the request id is known

  static Response json(const QJsonObject &object, int status = 200);
  static Response error(int status, const QString &message); // the request id is filled in later
  static Response bytes(QByteArray body, QByteArray contentType, int status = 200);
};

// The answer to one request. Move-only; send() exactly once, from any thread. A Reply destroyed
// unanswered sends 500 so that no client waits forever on a dropped request.
class Reply {
public:
  Reply() = default;
  Reply(Reply &&) noexcept;
  Reply &operator=(Reply &&) noexcept;
  ~Reply();
  void send(Response response);
  bool valid() const { return static_cast<bool>(m_exchange); }
  QByteArray requestId() const;

  struct Exchange;
  explicit Reply(std::shared_ptr<Exchange> exchange);

private:
  std::shared_ptr<Exchange> m_exchange;
};

using Handler = std::function<void(const Request &request, Reply reply)>;

class HttpServer : public QObject {
  Q_OBJECT
public:
  // metrics: where the server counts requests (dragoman_http_*); must outlive the server.
  HttpServer(ServerOptions options, telemetry::MetricsRegistry &metrics, QObject *parent = nullptr);
  ~HttpServer() override;

  void route(const RouteSpec &spec, Handler handler);
  // A GET route that upgrades to a WebSocket; hello() gives the first message each client gets.
  void webSocketRoute(const QString &path, Access access, std::function<QJsonObject()> hello);

  // Loads the keys, refuses a non-loopback address without one, sets up TLS, listens.
  Status start();
  quint16 port() const;          // the main listener's port (HTTPS when TLS)
  quint16 plainPort() const;     // the plain listener with TLS; 0 when none
  bool tls() const;
  bool authRequired() const;     // any active key
  QString address() const;       // "127.0.0.1:8765"

  // Pushes one JSON message to every WebSocket client.
  void broadcast(const QJsonObject &message);
  int webSocketClients() const;
  int inFlight() const;

  // Stops listening, answers new requests on open connections with 503, waits for the requests
  // in flight (at most timeoutMs), closes the WebSockets, then emits drained().
  void drain(int timeoutMs);

Q_SIGNALS:
  void drained(int unfinished);

private:
  friend class Reply;
  struct Impl;
  std::unique_ptr<Impl> d;
};

} // namespace dragoman::server
