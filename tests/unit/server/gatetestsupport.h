#pragma once
// The raw-socket harness of tst_requestgate: a QAbstractHttpServer that echoes body sizes, a
// client that records every byte it receives, and the request heads the tests send.

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSslSocket>
#include <QTcpSocket>

#include <memory>

namespace gatetest {

constexpr qint64 kMiB = 1024 * 1024;

// Answers every request with its body size; accepts WebSocket upgrades on /ws and echoes.
class EchoServer : public QAbstractHttpServer {
public:
  EchoServer();
  QList<qint64> bodySizes;
  QList<QByteArray> paths;
  int slowMs = 100;

protected:
  bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
  void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;
};

struct Reply {
  int status = 0;
  QHash<QByteArray, QByteArray> headers; // lowercase names
  QByteArray body;
  QString message() const; // error.message of a JSON body
};

// The complete responses at the start of a byte stream.
QList<Reply> parseReplies(const QByteArray &stream);

// A raw client that records everything it receives.
struct Client {
  std::unique_ptr<QTcpSocket> socket;
  QByteArray received;
  bool closed = false;

  explicit Client(quint16 port, QSslSocket *tls = nullptr, const QString &peerName = {});
  void send(const QByteArray &bytes) { socket->write(bytes); }
  QList<Reply> replies() const { return parseReplies(received); }
  bool waitReplies(int n, int ms = 3000);
};

QByteArray post(const QByteArray &path, qint64 length, const QByteArray &extra = {});
QByteArray get(const QByteArray &path, const QByteArray &extra = {});

} // namespace gatetest
