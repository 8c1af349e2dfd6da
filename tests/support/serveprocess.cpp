#include "tests/support/serveprocess.h"

#include "tests/support/testpaths.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace dragoman::test {

ServeProcess::~ServeProcess() {
  if (m_process.state() != QProcess::NotRunning) {
    m_process.terminate();
    if (!m_process.waitForFinished(20000)) {
      m_process.kill();
      m_process.waitForFinished(5000);
    }
  }
}

bool ServeProcess::start(const QStringList &arguments, const QProcessEnvironment &environment, int timeoutMs) {
  m_process.setProcessEnvironment(environment);
  m_process.start(dragomanBinary(), QStringList{QStringLiteral("--log-format"), QStringLiteral("json")} + arguments);
  if (!m_process.waitForStarted(10000)) {
    m_error = QStringLiteral("dragoman did not start: %1").arg(m_process.errorString());
    return false;
  }
  static const QRegularExpression serving(QStringLiteral("serving on (https?://[^\\s]+)"));
  QByteArray out;
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < timeoutMs) {
    m_process.waitForReadyRead(100);
    out += m_process.readAllStandardOutput();
    m_err += QString::fromUtf8(m_process.readAllStandardError());
    const QRegularExpressionMatch m = serving.match(QString::fromUtf8(out));
    if (m.hasMatch()) {
      m_base = QUrl(m.captured(1));
      return true;
    }
    if (m_process.state() == QProcess::NotRunning)
      break;
  }
  m_err += QString::fromUtf8(m_process.readAllStandardError());
  m_error = QStringLiteral("no \"serving on\" line (exit %1): %2").arg(m_process.exitCode()).arg(m_err);
  return false;
}

QUrl ServeProcess::url(const QString &path) const {
  QUrl u = m_base;
  const qsizetype q = path.indexOf(QLatin1Char('?'));
  u.setPath(q < 0 ? path : path.left(q));
  if (q >= 0)
    u.setQuery(path.mid(q + 1));
  return u;
}

void ServeProcess::terminate() { m_process.terminate(); }

int ServeProcess::waitForExit(int timeoutMs) {
  if (!m_process.waitForFinished(timeoutMs) && m_process.state() != QProcess::NotRunning)
    return -1;
  m_err += QString::fromUtf8(m_process.readAllStandardError());
  return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

QString ServeProcess::standardError() {
  m_err += QString::fromUtf8(m_process.readAllStandardError());
  return m_err;
}

QByteArray HttpResult::header(const QByteArray &name) const {
  for (const auto &[key, value] : headers)
    if (key.compare(name, Qt::CaseInsensitive) == 0)
      return value;
  return {};
}

QJsonObject HttpResult::json() const { return QJsonDocument::fromJson(body).object(); }

HttpResult httpRequest(const QByteArray &method, const QUrl &url, const QByteArray &body,
                       const QList<std::pair<QByteArray, QByteArray>> &headers, int timeoutMs,
                       const QList<QSslCertificate> &caCertificates) {
  QNetworkAccessManager manager;
  manager.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
  QNetworkRequest request(url);
  for (const auto &[name, value] : headers)
    request.setRawHeader(name, value);
  if (!caCertificates.isEmpty()) {
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.addCaCertificates(caCertificates);
    request.setSslConfiguration(ssl);
  }
  // HEAD through head(): as a custom verb QNetworkAccessManager would wait for a body.
  QNetworkReply *reply = method == "HEAD" ? manager.head(request) : manager.sendCustomRequest(request, method, body);
  QEventLoop loop;
  QTimer timer;
  timer.setSingleShot(true);
  QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
  QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
  timer.start(timeoutMs);
  loop.exec();
  HttpResult r;
  if (!reply->isFinished()) {
    r.error = QStringLiteral("no answer within %1 ms").arg(timeoutMs);
    reply->abort();
  } else {
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    for (const auto &pair : reply->rawHeaderPairs())
      r.headers.append({pair.first, pair.second});
    if (reply->error() != QNetworkReply::NoError && r.status == 0)
      r.error = reply->errorString();
  }
  reply->deleteLater();
  return r;
}

QByteArray rawExchange(quint16 port, const QByteArray &bytes, int timeoutMs) {
  QTcpSocket socket;
  socket.connectToHost(QStringLiteral("127.0.0.1"), port);
  if (!socket.waitForConnected(5000))
    return {};
  socket.write(bytes);
  socket.flush();
  QByteArray answer;
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < timeoutMs && socket.state() == QAbstractSocket::ConnectedState) {
    socket.waitForReadyRead(100);
    answer += socket.readAll();
  }
  answer += socket.readAll();
  return answer;
}

quint16 freePort() {
  QTcpServer probe;
  probe.listen(QHostAddress::LocalHost, 0);
  return probe.serverPort();
}

} // namespace dragoman::test
