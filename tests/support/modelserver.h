#pragma once
// A loopback HTTP/1.1 server in Hugging Face's URL layout, for model download tests:
//   GET /api/models/{owner}/{name}/tree/{revision}    JSON listing (LFS entries carry lfs.oid = SHA-256)
//   GET /{owner}/{name}/resolve/{revision}/{file}     the file, honouring "Range: bytes=N-"
//   GET /cdn/{owner}/{name}/{file}                    the same, when resolve redirects (setRedirect)
// It runs on its own thread, so a test may block (waiting for a child process) while it serves.
// Failures can be injected per file: a dropped connection, a stall, an HTTP status, other bytes
// than the listing describes. Every setter is thread-safe and takes effect on the next request.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QThread>

#include <memory>

namespace dragoman::test {

class ModelServer {
public:
  ModelServer();
  ~ModelServer();
  ModelServer(const ModelServer &) = delete;
  ModelServer &operator=(const ModelServer &) = delete;

  // Listens on 127.0.0.1 on a free port.
  bool start();
  quint16 port() const;
  QString endpoint() const; // "http://127.0.0.1:PORT"

  // lfs: listed like weights (lfs.oid = SHA-256), else like a small git file (oid = git blob id).
  void addFile(const QString &repo, const QString &path, const QByteArray &content, bool lfs);
  // Keep the listing of path but serve these bytes instead.
  void serveInstead(const QString &path, const QByteArray &content);

  // Closes the connection after `bytes` of the body of path, `times` times (-1: always).
  void dropAfter(const QString &path, qint64 bytes, int times = 1);
  // Sends `bytes` of the body of path and then nothing, keeping the connection open.
  void stallAfter(const QString &path, qint64 bytes);
  // Answers requests for path (resolve) with this HTTP status; an empty path means the listing.
  void failWith(const QString &path, int status);
  void setIgnoreRange(bool ignore);  // answer 200 with the whole file even when asked for a range
  void setRedirect(bool redirect);   // resolve answers 302 to /cdn/...
  void setTreePageSize(int entries); // > 0: paginate the listing with Link: <...>; rel="next"
  void clearFailures();

  // The counters below leave out requests whose X-Request-Id was seen before: after a connection
  // closes early, Qt's HTTP layer may send a request again by itself and drop the answer; those
  // are not the downloader fetching anything, and are only counted by repeatedRequests().
  qint64 bytesServed(const QString &path) const;             // body bytes of path written so far
  int requestCount(const QString &path) const;               // requests for path (resolve and cdn), listing: ""
  QList<QByteArray> rangeHeaders(const QString &path) const; // the Range header of each request ("" when none)
  int repeatedRequests() const;
  void resetCounters();

  struct State;

private:
  std::shared_ptr<State> m_state;
  QThread m_thread;
  class Worker;
  Worker *m_worker = nullptr;
  quint16 m_port = 0;
};

// Test data helpers shared by the download tests.
QByteArray randomBytes(qsizetype size, quint32 seed); // deterministic for a seed
QByteArray readAll(const QString &path);             // empty when unreadable

} // namespace dragoman::test
