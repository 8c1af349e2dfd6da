#pragma once
// RequestGate: limits that Qt HttpServer 6.4 lacks, applied to each connection's raw byte stream
// before QAbstractHttpServer parses it. Qt buffers a whole request body before any handler runs
// and has no size or time limits, so an oversized request must be refused (413) before Qt reads
// its body, and a head that never ends must be timed out (408).
//
// Design. Qt reads a socket only in its readyRead slot, inside a QIODevice transaction, at most
// one request per call (it re-emits readyRead itself when bytes are left over); what it has read
// no longer counts in bytesAvailable(). The gate connects one slot before Qt's (attach(), when
// the socket is created) and one after it (serverAttached(), once Qt has connected its own).
// bytesAvailable() at those two moments tells how many bytes arrived and where Qt's read
// position is, as absolute stream offsets. Over that stream the gate runs a small HTTP/1.1
// framing machine: blank lines, the request head up to its blank line, Content-Length bytes of
// body skipped by counting, then the next request (keep-alive, pipelining). It peeks head bytes
// only (never more than maxHeaderBytes per connection, never a body) and always inspects the
// head Qt will parse next before Qt runs. The syntax rules (request line, header fields) are in
// httphead.h; the size and time limits are the gate's. A head with Expect: 100-continue that
// passes gets its "100 Continue" from the gate.
//
// A refusal is written once Qt has read every request before the refused one and begun to answer
// the last of them, so that answers stay in order. Then every readyRead receiver but the gate is
// disconnected, incoming bytes are read and dropped for a short linger (a client still sending
// its body then reads the answer instead of a TCP reset) and the socket is closed. A request
// that Qt will upgrade to a WebSocket ends inspection of that connection: it is no longer HTTP.
//
// Assumptions: one thread, the server's; handlers do not spin a nested event loop (bytes that
// arrived during Qt's slot would escape the accounting and desynchronise the gate); an answer
// is written in one go, not dribbled. Qt still buffers what a client pipelines without reading
// its answers; the gate bounds each request, not the number of them.

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslServer>
#include <QTcpServer>

#include <functional>
#include <memory>

class QTcpSocket;
class QSslSocket;

namespace dragoman::server {

struct GateLimits {
  qint64 maxHeaderBytes = 16 * 1024; // request line + headers → 431; at most kMaxHeaderBytes
  qint64 maxUrlBytes = 8 * 1024;     // request target → 414
  // Per request; the path as sent (percent-encoded), without the query; null: 1 MiB.
  std::function<qint64(const QByteArray &method, const QByteArray &path)> maxBodyBytes;
  int headerTimeoutMs = 10000; // an incomplete request head this long after its first byte → 408
  int idleTimeoutMs = 60000;   // a keep-alive connection this idle is closed silently; a stalled body → 408
  bool tls = false;            // refusals carry HSTS (on TLS connections only: RFC 6797 §7.2)
};

class GateConnection;

class RequestGate : public QObject {
  Q_OBJECT
public:
  static constexpr qint64 kDefaultMaxBody = 1024 * 1024;
  static constexpr int kLingerMs = 2000; // the most a refused connection is drained before it closes
  // Qt 6.4 silently drops every header of a request with more than 100 fields or a field over
  // 100 KiB, Content-Length included, and then reads the body as the next request. The gate
  // refuses such heads (431) so that it and Qt never disagree about where a request ends.
  static constexpr int kMaxHeaderFields = 100;
  static constexpr qint64 kMaxHeaderBytes = 64 * 1024; // GateLimits::maxHeaderBytes is clamped to it

  explicit RequestGate(GateLimits limits = {}, QObject *parent = nullptr);
  ~RequestGate() override;

  const GateLimits &limits() const { return m_limits; }
  quint64 refusals() const { return m_refusals; }
  qsizetype inspectedConnections() const { return m_connections.size(); } // not yet closed or upgraded

  // For a custom QTcpServer (GatedTcpServer and GatedSslServer do both): attach() when the socket
  // is created, before anything else connects to its readyRead; serverAttached() once the HTTP
  // server has connected its own slots, i.e. after it took the socket from nextPendingConnection().
  void attach(QTcpSocket *socket);
  void serverAttached(QTcpSocket *socket);

Q_SIGNALS:
  // For the server's log and metrics; reason is the message sent to the client.
  void refused(int status, const QString &reason, const QHostAddress &peer);

private:
  friend class GateConnection;
  qint64 maxBodyBytes(const QByteArray &method, const QByteArray &path) const;
  void noteRefusal(int status, const QString &reason, const QHostAddress &peer);
  void forget(QTcpSocket *socket) { m_connections.remove(socket); }

  GateLimits m_limits;
  quint64 m_refusals = 0;
  QHash<QTcpSocket *, GateConnection *> m_connections;
};

// Pass to QAbstractHttpServer::bind() after listen(). Without a gate (or once it is destroyed)
// connections are refused: the server fails closed.
class GatedTcpServer : public QTcpServer {
  Q_OBJECT
public:
  explicit GatedTcpServer(RequestGate *gate, QObject *parent = nullptr);
  explicit GatedTcpServer(std::shared_ptr<RequestGate> gate, QObject *parent = nullptr);
  QTcpSocket *nextPendingConnection() override;

protected:
  void incomingConnection(qintptr socketDescriptor) override;

private:
  std::shared_ptr<RequestGate> m_owned;
  QPointer<RequestGate> m_gate;
  QPointer<QTcpSocket> m_handedOut; // returned by the last nextPendingConnection() call
};

// The TLS variant: the gate attaches when the handshake starts, so it sees decrypted bytes, and
// refusals are written through the QSslSocket.
class GatedSslServer : public QSslServer {
  Q_OBJECT
public:
  explicit GatedSslServer(RequestGate *gate, QObject *parent = nullptr);
  explicit GatedSslServer(std::shared_ptr<RequestGate> gate, QObject *parent = nullptr);
  QTcpSocket *nextPendingConnection() override;

private:
  void onHandshakeStarted(QSslSocket *socket);

  std::shared_ptr<RequestGate> m_owned;
  QPointer<RequestGate> m_gate;
  QPointer<QTcpSocket> m_handedOut;
};

} // namespace dragoman::server
