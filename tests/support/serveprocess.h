#pragma once
// A running `dragoman serve` (or `live --serve`) and a small synchronous HTTP client over real
// loopback sockets, for the server's integration tests.

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <utility>

namespace dragoman::test {

class ServeProcess {
public:
  ServeProcess() = default;
  ~ServeProcess(); // SIGTERM, then SIGKILL after 20 s
  ServeProcess(const ServeProcess &) = delete;
  ServeProcess &operator=(const ServeProcess &) = delete;

  // Runs `dragoman --log-format json ARGS` and waits for its "serving on URL" line. False (with
  // error()) when it exits first or says nothing in timeoutMs.
  bool start(const QStringList &arguments, const QProcessEnvironment &environment, int timeoutMs = 60000);
  QUrl url(const QString &path = {}) const; // http(s)://127.0.0.1:PORT/path
  int port() const { return m_base.port(); }
  QString error() const { return m_error; }
  QProcess &process() { return m_process; }

  void terminate();                       // SIGTERM
  int waitForExit(int timeoutMs = 60000); // exit code, -1 on crash or timeout
  QString standardError();                // everything so far

private:
  QProcess m_process;
  QUrl m_base;
  QString m_error;
  QString m_err;
};

struct HttpResult {
  int status = 0;      // 0: no answer (the error says why)
  QString error;
  QByteArray body;
  QList<std::pair<QByteArray, QByteArray>> headers;
  QByteArray header(const QByteArray &name) const; // case-insensitive
  QJsonObject json() const;
};

// One request with QNetworkAccessManager; waits at most timeoutMs. caCertificates: trusted for
// HTTPS (a test's self-signed certificate).
HttpResult httpRequest(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                       const QList<std::pair<QByteArray, QByteArray>> &headers = {}, int timeoutMs = 60000,
                       const QList<QSslCertificate> &caCertificates = {});

// Raw bytes over a plain TCP socket; returns what the server sent back until it closed the
// connection or timeoutMs passed. For requests no well-behaved client library would send.
QByteArray rawExchange(quint16 port, const QByteArray &bytes, int timeoutMs = 10000);

// A TCP port that was free a moment ago (for a second listener whose number a test must know).
quint16 freePort();

} // namespace dragoman::test
