#include "gatetestsupport.h"

#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

namespace gatetest {

EchoServer::EchoServer() {
  connect(this, &QAbstractHttpServer::newWebSocketConnection, this, [this] {
    QWebSocket *ws = nextPendingWebSocketConnection().release();
    ws->setParent(this);
    connect(ws, &QWebSocket::textMessageReceived, ws, [ws](const QString &m) { ws->sendTextMessage(m); });
  });
}

bool EchoServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) {
  if (!request.value("upgrade").isEmpty())
    return request.url().path() == QLatin1String("/ws");
  if (request.url().path() == QLatin1String("/slow")) { // answered later, as the router does
    QTimer::singleShot(slowMs, socket, [this, socket] {
      socket->write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nslow");
      paths.append("/slow");
    });
    return true;
  }
  bodySizes.append(request.body().size());
  paths.append(request.url().path().toUtf8());
  makeResponder(request, socket).write(QByteArray::number(request.body().size()), "text/plain");
  return true;
}

void EchoServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) {
  makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
}

QString Reply::message() const {
  return QJsonDocument::fromJson(body)
      .object()
      .value(QStringLiteral("error"))
      .toObject()
      .value(QStringLiteral("message"))
      .toString();
}

QList<Reply> parseReplies(const QByteArray &stream) {
  QList<Reply> out;
  qsizetype pos = 0;
  for (;;) {
    const qsizetype end = stream.indexOf("\r\n\r\n", pos);
    if (end < 0)
      return out;
    const QList<QByteArray> lines = stream.mid(pos, end - pos).split('\n');
    Reply r;
    r.status = lines.first().mid(9, 3).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
      const qsizetype colon = lines[i].indexOf(':');
      r.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    const qint64 length = r.headers.value("content-length").toLongLong();
    if (end + 4 + length > stream.size())
      return out;
    r.body = stream.mid(end + 4, length);
    pos = end + 4 + length;
    out.append(r);
  }
}

Client::Client(quint16 port, QSslSocket *tls, const QString &peerName) {
  socket.reset(tls ? tls : new QTcpSocket);
  QObject::connect(socket.get(), &QIODevice::readyRead, socket.get(), [this] { received += socket->readAll(); });
  QObject::connect(socket.get(), &QAbstractSocket::disconnected, socket.get(), [this] { closed = true; });
  if (tls)
    tls->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port, peerName);
  else
    socket->connectToHost(QHostAddress::LocalHost, port);
}

bool Client::waitReplies(int n, int ms) {
  return QTest::qWaitFor([&] { return replies().size() >= n; }, ms);
}

QByteArray post(const QByteArray &path, qint64 length, const QByteArray &extra) {
  return "POST " + path +
         " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: " + QByteArray::number(length) +
         "\r\n" + extra + "\r\n";
}

QByteArray get(const QByteArray &path, const QByteArray &extra) {
  return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + extra + "\r\n";
}

} // namespace gatetest
