#include "core/server/requestgate.h"

#include "core/common/logcategories.h"
#include "core/server/httphead.h"
#include "core/server/httpwire.h"

#include <QElapsedTimer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <limits>
#include <optional>
#include <variant>

namespace dragoman::server {

namespace {

constexpr qsizetype kMaxAhead = 16; // complete requests inspected ahead of Qt's read position

} // namespace

// The gate's state for one socket. A child of the socket, so it dies with it; no Q_OBJECT, its
// slots are lambdas and member functions connected with this as the context.
class GateConnection : public QObject {
public:
  GateConnection(RequestGate *gate, QTcpSocket *socket);
  ~GateConnection() override;
  void serverAttached();

private:
  enum class Phase { Idle, Head, Body, Refusing, Lingering, Closed };

  void beforeServer();
  void afterServer();
  void onBytesWritten(qint64 bytes);
  void onTimeout();

  void advance();
  void feed(const QByteArray &bytes);
  bool headComplete(const HttpHead &head);
  void requestComplete();
  bool refuse(int status, const QString &message);
  void tryRefuse();
  void cutOff();
  void drain();
  void maybeSendContinue();
  void detach();
  void armTimer();
  void writeOwn(const QByteArray &bytes);

  qint64 serverPosition() const { return m_received - m_socket->bytesAvailable(); }
  qint64 serverVolume() const;
  bool responsePending() const;
  bool stillAttached() const { return static_cast<bool>(m_beforeConnection); }

  QPointer<RequestGate> m_gate;
  QTcpSocket *m_socket; // our parent
  const GateLimits m_limits;
  const QHostAddress m_peer;
  QTimer m_timer;
  QMetaObject::Connection m_beforeConnection;
  Phase m_phase = Phase::Idle;
  bool m_serverAttached = false;

  // Absolute stream offsets: bytes received so far, bytes the framing machine has consumed,
  // and the ends of complete requests Qt has not finished reading yet.
  qint64 m_received = 0;
  qint64 m_inspected = 0;
  qint64 m_unreadAfterServer = 0; // bytesAvailable() when Qt's slot last returned
  QList<qint64> m_ends;

  // The request being inspected.
  qint64 m_requestStart = 0;
  HttpHeadReader m_reader;
  qint64 m_bodyLeft = 0;
  bool m_webSocket = false;
  bool m_continueWanted = false;

  // What was written: the gate's own bytes are told apart from the server's, so that the gate
  // knows whether the answer to the last request Qt read has started.
  qint64 m_ownUnflushed = 0;
  qint64 m_serverFlushed = 0;
  qint64 m_volumeBefore = 0;
  qint64 m_volumeAtHandoff = -1;

  int m_status = 0;
  QString m_message;
  qint64 m_refuseAt = 0;
  bool m_cutOff = false;

  QElapsedTimer m_lastActivity; // idle clock: requests, the server's writes
  QElapsedTimer m_lastByte;
  QElapsedTimer m_headStarted;
  QElapsedTimer m_lingerStarted;
};

GateConnection::GateConnection(RequestGate *gate, QTcpSocket *socket)
    : QObject(socket), m_gate(gate), m_socket(socket), m_limits(gate->limits()), m_peer(socket->peerAddress()),
      m_reader({m_limits.maxHeaderBytes, m_limits.maxUrlBytes, RequestGate::kMaxHeaderFields}) {
  m_timer.setSingleShot(true);
  connect(&m_timer, &QTimer::timeout, this, &GateConnection::onTimeout);
  m_beforeConnection = connect(socket, &QIODevice::readyRead, this, &GateConnection::beforeServer);
  connect(socket, &QIODevice::bytesWritten, this, &GateConnection::onBytesWritten);
  m_lastActivity.start();
  m_lastByte.start();
  armTimer();
}

GateConnection::~GateConnection() {
  if (m_gate)
    m_gate->forget(m_socket);
}

void GateConnection::serverAttached() {
  if (m_serverAttached || m_phase == Phase::Closed)
    return;
  m_serverAttached = true;
  connect(m_socket, &QIODevice::readyRead, this, &GateConnection::afterServer);
}

void GateConnection::beforeServer() {
  const qint64 available = m_socket->bytesAvailable();
  const qint64 fresh = available - m_unreadAfterServer;
  m_unreadAfterServer = available;
  if (fresh > 0) {
    m_received += fresh;
    m_lastByte.restart();
  }
  m_volumeBefore = serverVolume();
  if (m_phase == Phase::Idle || m_phase == Phase::Head || m_phase == Phase::Body)
    advance();
  tryRefuse();
  maybeSendContinue();
  armTimer();
}

void GateConnection::afterServer() {
  const qint64 available = m_socket->bytesAvailable();
  m_unreadAfterServer = available;
  bool handedOff = false;
  while (!m_ends.isEmpty() && m_ends.first() <= m_received - available) {
    m_ends.removeFirst();
    handedOff = true;
  }
  if (handedOff) {
    m_volumeAtHandoff = m_volumeBefore;
    m_lastActivity.restart();
  }
  if (m_phase == Phase::Idle || m_phase == Phase::Head || m_phase == Phase::Body)
    advance(); // what was deferred until Qt finished its request
  tryRefuse();
  maybeSendContinue();
  armTimer();
}

void GateConnection::onBytesWritten(qint64 bytes) {
  const qint64 own = qMin(bytes, m_ownUnflushed);
  m_ownUnflushed -= own;
  if (bytes > own) {
    m_serverFlushed += bytes - own;
    m_lastActivity.restart();
  }
  if (!m_cutOff && !stillAttached())
    return detach();
  tryRefuse();
  maybeSendContinue();
  armTimer();
}

void GateConnection::onTimeout() {
  if (!m_cutOff && !stillAttached())
    return detach(); // Qt gave the socket to its QWebSocketServer
  switch (m_phase) {
  case Phase::Idle:
    if (m_lastActivity.elapsed() < m_limits.idleTimeoutMs)
      break;
    if (!m_ends.isEmpty() || m_inspected < m_received || responsePending()) {
      m_lastActivity.restart(); // a request is being answered: not idle
      break;
    }
    m_phase = Phase::Closed;
    m_socket->disconnectFromHost();
    return;
  case Phase::Head:
    if (m_headStarted.elapsed() >= m_limits.headerTimeoutMs) {
      refuse(408, QStringLiteral("the request head did not arrive within %1 ms").arg(m_limits.headerTimeoutMs));
      tryRefuse();
    }
    break;
  case Phase::Body:
    if (m_lastByte.elapsed() >= m_limits.idleTimeoutMs) {
      refuse(408, QStringLiteral("the request body stalled for %1 ms").arg(m_limits.idleTimeoutMs));
      tryRefuse();
    }
    break;
  case Phase::Refusing: // still waiting for the answers before ours
    if (m_lastActivity.elapsed() < m_limits.idleTimeoutMs)
      break;
    m_phase = Phase::Closed;
    m_socket->abort();
    return;
  case Phase::Lingering:
    if (m_lingerStarted.elapsed() < RequestGate::kLingerMs)
      break;
    m_phase = Phase::Closed;
    m_socket->abort();
    return;
  case Phase::Closed: return;
  }
  armTimer();
}

// Runs the framing machine over the bytes received but not yet inspected, as far as it can
// without copying a body: a body is skipped by counting; a head is peeked, at an offset into
// the unread bytes when needed. QIODevice::peek() has no offset, so the gate skips inside a
// transaction of its own and rolls it back, which it can only do while Qt has none open; while
// Qt is inside a request the next head waits for afterServer(), before Qt's next read.
void GateConnection::advance() {
  while (m_inspected < m_received) {
    if (m_phase == Phase::Body) {
      const qint64 n = qMin(m_bodyLeft, m_received - m_inspected);
      m_inspected += n;
      m_bodyLeft -= n;
      m_continueWanted = false; // the client did not wait for 100 Continue
      if (m_bodyLeft == 0)
        requestComplete();
      continue;
    }
    if ((m_phase != Phase::Idle && m_phase != Phase::Head) || m_ends.size() >= kMaxAhead)
      return;
    const qint64 offset = m_inspected - serverPosition();
    if (offset < 0) {
      // Qt read bytes the gate never saw: the accounting broke (see the header's assumptions).
      qCWarning(lcServer) << "request gate lost track of a connection from" << m_peer << "; closing it";
      m_phase = Phase::Closed;
      m_socket->abort();
      return;
    }
    const qint64 want = qMin(m_received - m_inspected, qMax<qint64>(1, m_reader.room()));
    QByteArray bytes;
    if (offset == 0) {
      bytes = m_socket->peek(want);
    } else if (!m_socket->isTransactionStarted()) {
      m_socket->startTransaction();
      m_socket->skip(offset);
      bytes = m_socket->peek(want);
      m_socket->rollbackTransaction();
    } else {
      return;
    }
    if (bytes.isEmpty())
      return;
    feed(bytes);
  }
}

// Feeds peeked bytes to the head machine; stops where a head ends (advance() then counts the
// body without looking at it) or at a refusal.
void GateConnection::feed(const QByteArray &bytes) {
  for (const char c : bytes) {
    if (m_phase == Phase::Idle && m_reader.taken() == 0)
      m_requestStart = m_inspected;
    const HttpHeadReader::Step step = m_reader.feed(c);
    ++m_inspected;
    if (m_phase == Phase::Idle && m_reader.inHead()) {
      m_phase = Phase::Head;
      m_headStarted.start();
      m_lastActivity.restart();
    }
    if (step == HttpHeadReader::Step::Refused)
      return (void)refuse(m_reader.refusal().status, m_reader.refusal().message);
    if (step == HttpHeadReader::Step::Complete)
      return (void)headComplete(m_reader.head());
  }
}

bool GateConnection::headComplete(const HttpHead &head) {
  const qint64 limit = m_gate ? m_gate->maxBodyBytes(head.method, head.path) : RequestGate::kDefaultMaxBody;
  if (head.contentLength > limit)
    return refuse(413, QStringLiteral("the request body is %1 bytes; %2 %3 accepts at most %4 bytes")
                           .arg(QString::fromLatin1(head.lengthText), QString::fromLatin1(head.method),
                                QString::fromUtf8(head.path))
                           .arg(limit));
  m_bodyLeft = head.contentLength;
  m_webSocket = head.webSocket;
  m_continueWanted = head.expectContinue && head.http11 && m_bodyLeft > 0;
  if (m_bodyLeft > 0) {
    m_phase = Phase::Body;
    m_lastByte.restart();
  } else {
    requestComplete();
  }
  return true;
}

void GateConnection::requestComplete() {
  m_ends.append(m_inspected);
  m_lastActivity.restart();
  m_phase = Phase::Idle;
  m_reader.reset();
  if (m_webSocket)
    detach(); // from here on the stream belongs to the WebSocket
}

bool GateConnection::refuse(int status, const QString &message) {
  m_phase = Phase::Refusing;
  m_status = status;
  m_message = message;
  m_refuseAt = m_requestStart;
  m_reader.reset();
  m_continueWanted = false;
  m_lastActivity.restart();
  qCDebug(lcServer) << "request gate refuses" << status << message << "from" << m_peer;
  if (m_gate)
    m_gate->noteRefusal(status, message, m_peer);
  return false;
}

// The refusal goes out once Qt has read every request before the refused one (so Qt never
// reads the refused one) and the answer to the last of them has started (so answers stay in order).
void GateConnection::tryRefuse() {
  if (m_phase != Phase::Refusing)
    return;
  if (!m_cutOff) {
    if (serverPosition() < m_refuseAt)
      return;
    cutOff();
  }
  if (responsePending())
    return;
  const QByteArray id = newRequestId();
  QList<HttpHeader> headers = securityHeaders(m_limits.tls && qobject_cast<QSslSocket *>(m_socket));
  headers.append(HttpHeader{"Content-Type", "application/json"});
  headers.append(HttpHeader{"X-Request-ID", id});
  writeOwn(serializeResponse(m_status, headers, errorBody(m_status, m_message, id), true));
  m_phase = Phase::Lingering;
  m_lingerStarted.start();
}

// Qt's slot is the only other reader; disconnecting every receiver is simpler than finding it.
void GateConnection::cutOff() {
  m_cutOff = true;
  QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
  connect(m_socket, &QIODevice::readyRead, this, &GateConnection::drain);
  if (m_socket->isTransactionStarted())
    m_socket->commitTransaction(); // drops what Qt had read of the refused request
  drain();
}

void GateConnection::drain() {
  for (qint64 n = m_socket->bytesAvailable(); n > 0; n = m_socket->bytesAvailable())
    if (m_socket->skip(n) <= 0)
      break;
}

void GateConnection::maybeSendContinue() {
  if (!m_continueWanted || m_phase != Phase::Body || !m_ends.isEmpty() || responsePending())
    return;
  m_continueWanted = false;
  writeOwn(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
}

void GateConnection::writeOwn(const QByteArray &bytes) {
  const qint64 written = m_socket->write(bytes);
  if (written > 0)
    m_ownUnflushed += written;
}

void GateConnection::detach() {
  m_phase = Phase::Closed;
  m_timer.stop();
  QObject::disconnect(m_socket, nullptr, this, nullptr);
  deleteLater();
}

void GateConnection::armTimer() {
  qint64 remaining = 0;
  switch (m_phase) {
  case Phase::Idle:
  case Phase::Refusing: remaining = m_limits.idleTimeoutMs - m_lastActivity.elapsed(); break;
  case Phase::Head: remaining = m_limits.headerTimeoutMs - m_headStarted.elapsed(); break;
  case Phase::Body: remaining = m_limits.idleTimeoutMs - m_lastByte.elapsed(); break;
  case Phase::Lingering: remaining = RequestGate::kLingerMs - m_lingerStarted.elapsed(); break;
  case Phase::Closed: m_timer.stop(); return;
  }
  m_timer.start(static_cast<int>(std::clamp<qint64>(remaining, 0, std::numeric_limits<int>::max())));
}

// Everything the server (not the gate) has written: flushed plus still queued.
qint64 GateConnection::serverVolume() const {
  return m_serverFlushed + qMax<qint64>(0, m_socket->bytesToWrite() - m_ownUnflushed);
}

bool GateConnection::responsePending() const {
  return m_volumeAtHandoff >= 0 && serverVolume() == m_volumeAtHandoff;
}

RequestGate::RequestGate(GateLimits limits, QObject *parent) : QObject(parent), m_limits(std::move(limits)) {
  m_limits.maxHeaderBytes = std::clamp<qint64>(m_limits.maxHeaderBytes, 64, kMaxHeaderBytes);
}

RequestGate::~RequestGate() {
  // The connections are children of their sockets; without a gate they stop inspecting.
  const QList<GateConnection *> connections = m_connections.values();
  m_connections.clear();
  qDeleteAll(connections);
}

void RequestGate::attach(QTcpSocket *socket) {
  if (!m_connections.contains(socket))
    m_connections.insert(socket, new GateConnection(this, socket));
}

void RequestGate::serverAttached(QTcpSocket *socket) {
  if (GateConnection *connection = m_connections.value(socket))
    connection->serverAttached();
}

qint64 RequestGate::maxBodyBytes(const QByteArray &method, const QByteArray &path) const {
  return m_limits.maxBodyBytes ? m_limits.maxBodyBytes(method, path) : kDefaultMaxBody;
}

void RequestGate::noteRefusal(int status, const QString &reason, const QHostAddress &peer) {
  ++m_refusals;
  Q_EMIT refused(status, reason, peer);
}

GatedTcpServer::GatedTcpServer(RequestGate *gate, QObject *parent) : QTcpServer(parent), m_gate(gate) {}

GatedTcpServer::GatedTcpServer(std::shared_ptr<RequestGate> gate, QObject *parent)
    : QTcpServer(parent), m_owned(std::move(gate)), m_gate(m_owned.get()) {}

void GatedTcpServer::incomingConnection(qintptr socketDescriptor) {
  auto *socket = new QTcpSocket(this);
  if (!socket->setSocketDescriptor(socketDescriptor) || !m_gate) {
    socket->abort(); // no gate: fail closed
    socket->deleteLater();
    return;
  }
  m_gate->attach(socket);
  addPendingConnection(socket);
}

// QAbstractHttpServer connects its readyRead slot right after taking a socket from here and
// then calls again until it gets nullptr, so the next call is the moment to connect the gate's
// slot that must run after Qt's.
QTcpSocket *GatedTcpServer::nextPendingConnection() {
  if (m_handedOut && m_gate)
    m_gate->serverAttached(m_handedOut);
  m_handedOut = QTcpServer::nextPendingConnection();
  return m_handedOut;
}

GatedSslServer::GatedSslServer(RequestGate *gate, QObject *parent) : QSslServer(parent), m_gate(gate) {
  connect(this, &QSslServer::startedEncryptionHandshake, this, &GatedSslServer::onHandshakeStarted);
}

GatedSslServer::GatedSslServer(std::shared_ptr<RequestGate> gate, QObject *parent)
    : GatedSslServer(gate.get(), parent) {
  m_owned = std::move(gate);
}

// Emitted by QSslServer::incomingConnection() before the handshake: no decrypted byte can have
// arrived, and Qt connects to the socket only once it is encrypted.
void GatedSslServer::onHandshakeStarted(QSslSocket *socket) {
  if (m_gate)
    m_gate->attach(socket);
  else
    socket->abort();
}

QTcpSocket *GatedSslServer::nextPendingConnection() {
  if (m_handedOut && m_gate)
    m_gate->serverAttached(m_handedOut);
  m_handedOut = QSslServer::nextPendingConnection();
  return m_handedOut;
}

} // namespace dragoman::server
