#include "tests/support/modelserver.h"

#include <QFile>
#include <QRandomGenerator>

#include <QCryptographicHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QMutex>
#include <QMutexLocker>
#include <QPointer>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

namespace dragoman::test {

struct ServedFile {
  QString repo;
  QString path;
  QByteArray content; // what the listing describes
  bool lfs = false;
};

struct ModelServer::State {
  mutable QMutex mutex;
  QList<ServedFile> files;
  QMap<QString, QByteArray> instead;
  QMap<QString, QPair<qint64, int>> drops; // path -> (bytes, times left; -1 always)
  QMap<QString, qint64> stalls;
  QMap<QString, int> statuses;
  bool ignoreRange = false;
  bool redirect = false;
  int treePageSize = 0;
  QMap<QString, qint64> served;
  QMap<QString, int> requests;
  QMap<QString, QList<QByteArray>> ranges;
  QSet<QByteArray> requestIds;
  int repeated = 0;
};

namespace {

QByteArray gitBlobSha1(const QByteArray &content) {
  QCryptographicHash h(QCryptographicHash::Sha1);
  h.addData("blob " + QByteArray::number(content.size()) + '\0');
  h.addData(content);
  return h.result().toHex();
}

QByteArray reasonFor(int status) {
  switch (status) {
  case 200: return "OK";
  case 206: return "Partial Content";
  case 302: return "Found";
  case 401: return "Unauthorized";
  case 403: return "Forbidden";
  case 404: return "Not Found";
  case 416: return "Range Not Satisfiable";
  case 500: return "Internal Server Error";
  default: return "Status";
  }
}

QByteArray head(int status, qint64 length, const QList<QPair<QByteArray, QByteArray>> &headers = {}) {
  QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonFor(status) + "\r\n";
  out += "Content-Length: " + QByteArray::number(length) + "\r\nConnection: close\r\n";
  for (const auto &[name, value] : headers)
    out += name + ": " + value + "\r\n";
  return out + "\r\n";
}

} // namespace

// Lives on the server thread: owns the listening socket and every connection.
class ModelServer::Worker : public QObject {
public:
  explicit Worker(std::shared_ptr<State> state) : m_state(std::move(state)) {}

  quint16 listen() {
    m_server = new QTcpServer(this);
    connect(m_server, &QTcpServer::newConnection, this, [this] {
      while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
          m_buffers.remove(socket);
          socket->deleteLater();
        });
      }
    });
    return m_server->listen(QHostAddress::LocalHost, 0) ? m_server->serverPort() : 0;
  }

private:
  void onReadable(QTcpSocket *socket) {
    // One request per connection ("Connection: close"): a client that wrote a second request
    // before it saw the close gets no answer here and sends it again on a new connection.
    if (socket->property("answered").toBool()) {
      socket->readAll();
      return;
    }
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
      return;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    m_buffers.remove(socket);
    socket->setProperty("answered", true);
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    QMap<QByteArray, QByteArray> headers;
    for (qsizetype i = 1; i < lines.size(); ++i) {
      const qsizetype colon = lines.at(i).indexOf(':');
      if (colon > 0)
        headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
    }
    const QUrl url(QString::fromLatin1(requestLine.value(1)));
    respond(socket, QUrl::fromPercentEncoding(url.path(QUrl::FullyEncoded).toLatin1()), url.query(), headers);
  }

  void respond(QTcpSocket *socket, const QString &path, const QString &query,
               const QMap<QByteArray, QByteArray> &headers) {
    static const QRegularExpression tree(QStringLiteral("^/api/models/([^/]+/[^/]+)/tree/[^/]+(?:/(.+))?$"));
    static const QRegularExpression resolve(QStringLiteral("^/([^/]+/[^/]+)/resolve/[^/]+/(.+)$"));
    static const QRegularExpression cdn(QStringLiteral("^/cdn/([^/]+/[^/]+)/(.+)$"));
    if (const QRegularExpressionMatch m = tree.match(path); m.hasMatch())
      return sendTree(socket, m.captured(1), m.captured(2), query);
    if (const QRegularExpressionMatch m = resolve.match(path); m.hasMatch())
      return sendFile(socket, m.captured(1), m.captured(2), headers, true);
    if (const QRegularExpressionMatch m = cdn.match(path); m.hasMatch())
      return sendFile(socket, m.captured(1), m.captured(2), headers, false);
    send(socket, head(404, 9) + "not found");
  }

  // The files directly in `folder` (the root when empty), as the Hub lists one folder.
  void sendTree(QTcpSocket *socket, const QString &repo, const QString &folder, const QString &query) {
    QMutexLocker lock(&m_state->mutex);
    m_state->requests[QString()] += 1;
    if (const int status = m_state->statuses.value(QString()); status) {
      lock.unlock();
      return send(socket, head(status, 5) + "error");
    }
    QJsonArray all;
    all.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("directory")},
                           {QStringLiteral("oid"), QString::fromLatin1(gitBlobSha1("dir"))},
                           {QStringLiteral("size"), 0},
                           {QStringLiteral("path"), QStringLiteral("onnx")}});
    for (const ServedFile &f : m_state->files) {
      const qsizetype slash = f.path.lastIndexOf(QLatin1Char('/'));
      if (f.repo != repo || (slash < 0 ? QString() : f.path.left(slash)) != folder)
        continue;
      QJsonObject o{{QStringLiteral("type"), QStringLiteral("file")},
                    {QStringLiteral("size"), double(f.content.size())},
                    {QStringLiteral("path"), f.path}};
      if (f.lfs) {
        const QByteArray sha256 = QCryptographicHash::hash(f.content, QCryptographicHash::Sha256).toHex();
        const QByteArray pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256 + "\nsize " +
                                   QByteArray::number(f.content.size()) + '\n';
        o.insert(QStringLiteral("oid"), QString::fromLatin1(gitBlobSha1(pointer)));
        o.insert(QStringLiteral("lfs"), QJsonObject{{QStringLiteral("oid"), QString::fromLatin1(sha256)},
                                                    {QStringLiteral("size"), double(f.content.size())},
                                                    {QStringLiteral("pointerSize"), double(pointer.size())}});
      } else {
        o.insert(QStringLiteral("oid"), QString::fromLatin1(gitBlobSha1(f.content)));
      }
      all.append(o);
    }
    bool known = false;
    for (const ServedFile &f : m_state->files)
      known = known || f.repo == repo;
    const int pageSize = m_state->treePageSize;
    lock.unlock();
    if (!known)
      return send(socket, head(404, 14) + "no such model");
    // Pagination as the Hub does it: a cursor in the query, the next page in a Link header.
    const int from = query.startsWith(QLatin1String("cursor=")) ? query.mid(7).toInt() : 0;
    const int count = pageSize > 0 ? pageSize : int(all.size());
    QJsonArray page;
    for (int i = from; i < std::min<int>(from + count, int(all.size())); ++i)
      page.append(all.at(i));
    QList<QPair<QByteArray, QByteArray>> extra{{"Content-Type", "application/json"}};
    if (from + count < all.size())
      extra.append({"Link", "</api/models/" + repo.toLatin1() +
                                "/tree/main?cursor=" + QByteArray::number(from + count) + ">; rel=\"next\""});
    const QByteArray body = QJsonDocument(page).toJson(QJsonDocument::Compact);
    send(socket, head(200, body.size(), extra) + body);
  }

  void sendFile(QTcpSocket *socket, const QString &repo, const QString &path,
                const QMap<QByteArray, QByteArray> &headers, bool viaResolve) {
    QMutexLocker lock(&m_state->mutex);
    State &s = *m_state;
    const ServedFile *file = nullptr;
    for (const ServedFile &f : s.files)
      if (f.repo == repo && f.path == path)
        file = &f;
    const QByteArray range = headers.value("range");
    // A request id seen before (through a redirect, the CDN leg is new): the client's HTTP layer
    // sending the same request again on its own, not the downloader asking. Answered in full,
    // without injected failures, and not counted.
    const QByteArray id = headers.value("x-request-id") + (viaResolve ? "" : "/cdn");
    const bool repeated = !headers.value("x-request-id").isEmpty() && s.requestIds.contains(id);
    s.requestIds.insert(id);
    if (repeated) {
      ++s.repeated;
    } else {
      s.requests[path] += 1;
      s.ranges[path].append(range);
    }
    if (!file) {
      lock.unlock();
      return send(socket, head(404, 14) + "no such file\r\n");
    }
    if (const int status = s.statuses.value(path); status) {
      lock.unlock();
      return send(socket, head(status, 5) + "error");
    }
    if (viaResolve && s.redirect) {
      const QByteArray location = "/cdn/" + repo.toLatin1() + '/' + QUrl::toPercentEncoding(path, "/") + "?sig=test";
      lock.unlock();
      return send(socket, head(302, 6, {{"Location", location}}) + "Found.");
    }
    const QByteArray content = s.instead.value(path, file->content);
    const qint64 size = content.size();
    qint64 from = 0;
    static const QRegularExpression bytes(QStringLiteral("^bytes=(\\d+)-$"));
    const QRegularExpressionMatch m = bytes.match(QString::fromLatin1(range));
    if (m.hasMatch() && !s.ignoreRange) {
      from = m.captured(1).toLongLong();
      if (from >= size) {
        lock.unlock();
        return send(socket, head(416, 0, {{"Content-Range", "bytes */" + QByteArray::number(size)}}));
      }
    }
    QByteArray response =
        from > 0 ? head(206, size - from,
                        {{"Content-Range", "bytes " + QByteArray::number(from) + '-' + QByteArray::number(size - 1) +
                                               '/' + QByteArray::number(size)},
                         {"Accept-Ranges", "bytes"}})
                 : head(200, size, {{"Accept-Ranges", "bytes"}});
    qint64 length = size - from;
    bool stall = false;
    bool drop = false;
    if (auto it = s.drops.find(path); !repeated && it != s.drops.end() && it->second != 0) {
      length = std::min(length, it->first);
      drop = true;
      if (it->second > 0)
        --it->second;
    } else if (auto st = s.stalls.find(path); !repeated && st != s.stalls.end()) {
      length = std::min(length, *st);
      stall = true;
    }
    if (!repeated)
      s.served[path] += length;
    lock.unlock();
    response += content.mid(from, length);
    if (stall) {
      socket->write(response); // and nothing more: the client waits until it gives up
      return;
    }
    if (drop) {
      // Close a moment after the last byte, as a connection lost mid-transfer: the client is
      // reading the body by then.
      socket->write(response);
      socket->flush();
      QTimer::singleShot(100, socket, [socket] { socket->disconnectFromHost(); });
      return;
    }
    send(socket, response);
  }

  // Writes everything, then closes once it is sent: a short body reads as a dropped connection.
  static void send(QTcpSocket *socket, const QByteArray &data) {
    socket->write(data);
    socket->disconnectFromHost();
  }

  std::shared_ptr<State> m_state;
  QPointer<QTcpServer> m_server;
  QMap<QTcpSocket *, QByteArray> m_buffers;
};

ModelServer::ModelServer() : m_state(std::make_shared<State>()) {}

ModelServer::~ModelServer() {
  m_thread.quit();
  m_thread.wait();
}

bool ModelServer::start() {
  m_worker = new Worker(m_state);
  m_worker->moveToThread(&m_thread);
  QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
  m_thread.start();
  QMetaObject::invokeMethod(
      m_worker, [this] { return m_worker->listen(); }, Qt::BlockingQueuedConnection, &m_port);
  return m_port != 0;
}

quint16 ModelServer::port() const {
  return m_port;
}

QString ModelServer::endpoint() const {
  return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

void ModelServer::addFile(const QString &repo, const QString &path, const QByteArray &content, bool lfs) {
  QMutexLocker lock(&m_state->mutex);
  m_state->files.append(ServedFile{repo, path, content, lfs});
}

void ModelServer::serveInstead(const QString &path, const QByteArray &content) {
  QMutexLocker lock(&m_state->mutex);
  m_state->instead.insert(path, content);
}

void ModelServer::dropAfter(const QString &path, qint64 bytes, int times) {
  QMutexLocker lock(&m_state->mutex);
  m_state->drops.insert(path, {bytes, times});
}

void ModelServer::stallAfter(const QString &path, qint64 bytes) {
  QMutexLocker lock(&m_state->mutex);
  m_state->stalls.insert(path, bytes);
}

void ModelServer::failWith(const QString &path, int status) {
  QMutexLocker lock(&m_state->mutex);
  m_state->statuses.insert(path, status);
}

void ModelServer::setIgnoreRange(bool ignore) {
  QMutexLocker lock(&m_state->mutex);
  m_state->ignoreRange = ignore;
}

void ModelServer::setRedirect(bool redirect) {
  QMutexLocker lock(&m_state->mutex);
  m_state->redirect = redirect;
}

void ModelServer::setTreePageSize(int entries) {
  QMutexLocker lock(&m_state->mutex);
  m_state->treePageSize = entries;
}

void ModelServer::clearFailures() {
  QMutexLocker lock(&m_state->mutex);
  m_state->instead.clear();
  m_state->drops.clear();
  m_state->stalls.clear();
  m_state->statuses.clear();
  m_state->ignoreRange = false;
}

qint64 ModelServer::bytesServed(const QString &path) const {
  QMutexLocker lock(&m_state->mutex);
  return m_state->served.value(path);
}

int ModelServer::requestCount(const QString &path) const {
  QMutexLocker lock(&m_state->mutex);
  return m_state->requests.value(path);
}

QList<QByteArray> ModelServer::rangeHeaders(const QString &path) const {
  QMutexLocker lock(&m_state->mutex);
  return m_state->ranges.value(path);
}

int ModelServer::repeatedRequests() const {
  QMutexLocker lock(&m_state->mutex);
  return m_state->repeated;
}

void ModelServer::resetCounters() {
  QMutexLocker lock(&m_state->mutex);
  m_state->repeated = 0;
  m_state->served.clear();
  m_state->requests.clear();
  m_state->ranges.clear();
}

QByteArray randomBytes(qsizetype size, quint32 seed) {
  QByteArray out(size, Qt::Uninitialized);
  QRandomGenerator rng(seed);
  for (char &c : out)
    c = char(rng.bounded(256));
  return out;
}

QByteArray readAll(const QString &path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace dragoman::test
