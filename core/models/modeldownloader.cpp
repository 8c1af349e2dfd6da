#include "core/models/modeldownloader.h"

#include "core/models/transfermeter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QStorageInfo>
#include <QUuid>

namespace dragoman::models {
namespace {

QNetworkRequest makeRequest(const QUrl &url, int stallTimeoutMs) {
  QNetworkRequest request(url);
  // Hugging Face answers /resolve/ for LFS files with a redirect to its CDN.
  request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
  request.setTransferTimeout(stallTimeoutMs);
  request.setHeader(QNetworkRequest::UserAgentHeader,
                    QStringLiteral("dragoman/%1").arg(QCoreApplication::applicationVersion()));
  // Byte ranges and hashes refer to the file itself, never to a compressed transfer of it.
  request.setRawHeader("Accept-Encoding", "identity");
  return request;
}

// The first byte of a 206 answer, from "Content-Range: bytes 100-999/1000"; -1 when absent.
qint64 contentRangeStart(const QNetworkReply &reply) {
  static const QRegularExpression range(QStringLiteral("^bytes\\s+(\\d+)-"));
  const QRegularExpressionMatch m = range.match(QString::fromLatin1(reply.rawHeader("Content-Range")));
  return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

int httpStatus(const QNetworkReply &reply) {
  return reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

ModelDownloader::ModelDownloader(CatalogueEntry entry, DownloadOptions options, QObject *parent)
    : QObject(parent), m_entry(std::move(entry)), m_options(std::move(options)),
      m_network(new QNetworkAccessManager(this)) {}

ModelDownloader::~ModelDownloader() {
  dropReply();
}

QString ModelDownloader::modelDir() const {
  return QDir(m_options.modelsDir).filePath(m_entry.id);
}

QString ModelDownloader::finalPath(const RemoteFile &f) const {
  return QDir(modelDir()).filePath(f.path);
}

void ModelDownloader::start() {
  QMetaObject::invokeMethod(this, &ModelDownloader::begin, Qt::QueuedConnection);
}

void ModelDownloader::cancel() {
  if (m_finished)
    return;
  m_cancelled = true;
  const qint64 kept = m_part.isOpen() ? m_fileBytes : 0;
  const QString part = m_part.fileName();
  QString message = QStringLiteral("the download of %1 was interrupted").arg(m_entry.id);
  if (kept > 0)
    message += QStringLiteral("; %1 kept in %2, run the same command to resume").arg(formatBytes(kept), part);
  finish(makeError(ErrorKind::Cancelled, message));
}

void ModelDownloader::begin() {
  if (m_finished)
    return;
  if (!isValidModelId(m_entry.id))
    return finish(makeError(ErrorKind::Usage, QStringLiteral("'%1' is not a valid model id").arg(m_entry.id)));
  Result<QUrl> endpoint = hub::endpointUrl(m_options.endpoint);
  if (!endpoint)
    return finish(endpoint.error());
  m_endpoint = *endpoint;
  // Every folder that holds one of the entry's files (a Piper voice lies deep in its repository).
  QStringList names = m_entry.files + m_entry.optionalFiles;
  for (const QStringList &group : m_entry.oneOf)
    names += group;
  for (const QString &name : std::as_const(names)) {
    const qsizetype slash = name.lastIndexOf(QLatin1Char('/'));
    const QString folder = slash < 0 ? QString() : name.left(slash);
    if (!m_folders.contains(folder))
      m_folders << folder;
  }
  if (m_folders.isEmpty())
    m_folders << QString();
  requestListing(hub::treeUrl(m_endpoint, m_entry.repo, m_entry.revision, m_folders.takeFirst()));
}

void ModelDownloader::requestListing(const QUrl &url) {
  qCDebug(lcModels, "listing %s", qUtf8Printable(url.toDisplayString()));
  m_requestUrl = url;
  m_reply = m_network->get(makeRequest(url, m_options.stallTimeoutMs));
  connect(m_reply, &QNetworkReply::finished, this, &ModelDownloader::onListingFinished);
}

void ModelDownloader::onListingFinished() {
  QNetworkReply *reply = m_reply;
  m_reply = nullptr;
  reply->deleteLater();
  if (m_finished)
    return;
  if (std::optional<Error> e = hub::replyError(*reply, m_requestUrl, m_options.endpoint))
    return finish(*e);
  Result<QList<RemoteFile>> page = hub::parseTree(reply->readAll(), m_requestUrl);
  if (!page)
    return finish(page.error());
  m_listing += *page;
  if (const QUrl next = hub::nextPage(reply->rawHeader("Link"), m_requestUrl); next.isValid() && !next.isEmpty())
    return requestListing(next);
  if (!m_folders.isEmpty())
    return requestListing(hub::treeUrl(m_endpoint, m_entry.repo, m_entry.revision, m_folders.takeFirst()));
  if (Status s = planFiles(); !s)
    return finish(s.error());
  nextFile();
}

Status ModelDownloader::planFiles() {
  auto inListing = [&](const QString &name) -> const RemoteFile * {
    for (const RemoteFile &f : m_listing)
      if (f.path == name)
        return &f;
    return nullptr;
  };
  auto plan = [&](const RemoteFile &f) {
    for (const RemoteFile &p : std::as_const(m_plan))
      if (p.path == f.path)
        return;
    m_plan << f;
  };
  for (const QString &name : m_entry.files) {
    const RemoteFile *f = inListing(name);
    if (!f)
      return makeError(ErrorKind::Input,
                       QStringLiteral("%1 (revision %2) at %3 has no %4, which %5 needs")
                           .arg(m_entry.repo, m_entry.revision, m_options.endpoint, name, m_entry.id));
    plan(*f);
  }
  // Alternatives, e.g. the weights as model.safetensors or pytorch_model.bin: the first of each
  // group that the repository lists is fetched.
  for (const QStringList &group : m_entry.oneOf) {
    const RemoteFile *found = nullptr;
    for (const QString &name : group)
      if ((found = inListing(name)))
        break;
    if (!found)
      return makeError(ErrorKind::Input, QStringLiteral("%1 (revision %2) at %3 has none of %4, one of which %5 needs")
                                             .arg(m_entry.repo, m_entry.revision, m_options.endpoint,
                                                  group.join(QStringLiteral(", ")), m_entry.id));
    plan(*found);
  }
  for (const QString &name : m_entry.optionalFiles)
    if (const RemoteFile *f = inListing(name))
      plan(*f);

  const QString dir = modelDir();
  if (!QDir().mkpath(dir))
    return makeError(
        ErrorKind::Output,
        QStringLiteral("cannot create the model folder %1 (models.dir is %2)").arg(dir, m_options.modelsDir));
  // An earlier manifest no longer describes the folder while files change under it.
  QFile::remove(QDir(dir).filePath(QLatin1String(Manifest::fileName)));

  qint64 needed = 0;
  for (const RemoteFile &f : m_plan) {
    m_totalBytes += f.size;
    const QFileInfo final(finalPath(f));
    if (!(final.exists() && final.size() == f.size))
      needed += f.size - std::clamp(QFileInfo(partPath(f)).size(), qint64(0), f.size);
  }
  const QStorageInfo storage(dir);
  if (storage.isValid() && storage.bytesAvailable() >= 0 && storage.bytesAvailable() < needed)
    return makeError(ErrorKind::Output,
                     QStringLiteral("not enough disk space in %1: %2 needs %3 more, %4 free")
                         .arg(dir, m_entry.id, formatBytes(needed), formatBytes(storage.bytesAvailable())));
  m_manifest = Manifest{m_entry.id, m_entry.kind, m_entry.repo, m_entry.revision, m_options.endpoint, {}, {}};
  Q_EMIT listed(int(m_plan.size()), m_totalBytes);
  return {};
}

void ModelDownloader::nextFile() {
  while (!m_finished && m_index < m_plan.size()) {
    const RemoteFile &f = m_plan.at(m_index);
    const QFileInfo final(finalPath(f));
    if (final.exists() && final.size() == f.size) {
      const Result<QString> hash = hashFile(final.filePath(), f.algorithm);
      if (hash && *hash == f.hash) {
        m_manifest.files << ManifestFile{f.path, f.size, f.algorithm, f.hash};
        m_doneBytes += f.size;
        Q_EMIT fileCompleted(f.path, f.size, FileOutcome::AlreadyPresent);
        ++m_index;
        continue;
      }
    }
    return beginFile();
  }
  if (m_finished)
    return;
  m_manifest.downloadedAt = QDateTime::currentDateTimeUtc();
  finish(m_manifest.write(modelDir()));
}

void ModelDownloader::beginFile() {
  const RemoteFile &f = m_plan.at(m_index);
  const QString part = partPath(f);
  if (!QDir().mkpath(QFileInfo(part).absolutePath()))
    return finish(makeError(ErrorKind::Output,
                            QStringLiteral("cannot create the folder %1").arg(QFileInfo(part).absolutePath())));
  m_requestUrl = hub::resolveUrl(m_endpoint, m_entry.repo, m_entry.revision, f.path);
  m_digest.emplace(f.algorithm, f.size);
  m_attempts = 0;
  m_rangeIgnored = false;
  m_rangeRefusedOnce = false;
  qint64 have = QFileInfo(part).isFile() ? QFileInfo(part).size() : 0;
  if (have > f.size)
    have = 0; // not a prefix of this file
  if (have > 0 && !hashInto(*m_digest, part, have)) {
    m_digest.emplace(f.algorithm, f.size);
    have = 0;
  }
  m_part.setFileName(part);
  // Unbuffered: what the digest has seen is on disk, so an interrupted .part resumes exactly.
  const QIODevice::OpenMode mode =
      QIODevice::WriteOnly | QIODevice::Unbuffered | (have > 0 ? QIODevice::Append : QIODevice::Truncate);
  if (!m_part.open(mode))
    return finish(makeError(ErrorKind::Output, QStringLiteral("cannot write %1: %2").arg(part, m_part.errorString())));
  m_fileBytes = have;
  m_resumedFrom = have;
  if (have == f.size)
    return completeFile();
  requestFile();
}

void ModelDownloader::requestFile() {
  const RemoteFile &f = m_plan.at(m_index);
  m_requestUrl = hub::resolveUrl(m_endpoint, m_entry.repo, m_entry.revision, f.path);
  QNetworkRequest request = makeRequest(m_requestUrl, m_options.stallTimeoutMs);
  if (m_fileBytes > 0) // kept when Qt follows a redirect to the CDN
    request.setRawHeader("Range", "bytes=" + QByteArray::number(m_fileBytes) + '-');
  // One id per request we make. After a connection closes early Qt may send a request again by
  // itself (and drop the answer); the id lets a server or a log tell those from real retries.
  request.setRawHeader("X-Request-Id", QUuid::createUuid().toByteArray(QUuid::WithoutBraces));
  qCDebug(lcModels, "fetching %s from byte %lld", qUtf8Printable(m_requestUrl.toDisplayString()), m_fileBytes);
  m_requestOffset = m_fileBytes;
  m_responseChecked = false;
  m_reply = m_network->get(request);
  connect(m_reply, &QNetworkReply::readyRead, this, &ModelDownloader::onFileData);
  connect(m_reply, &QNetworkReply::finished, this, &ModelDownloader::onFileFinished);
}

void ModelDownloader::startFileOver() {
  const RemoteFile &f = m_plan.at(m_index);
  m_part.resize(0);
  m_digest.emplace(f.algorithm, f.size);
  m_fileBytes = 0;
  m_resumedFrom = 0;
}

void ModelDownloader::onFileData() {
  QNetworkReply *reply = m_reply;
  if (!reply || m_finished)
    return;
  const int status = httpStatus(*reply);
  if (status < 200 || status >= 300)
    return; // an error body or a redirect: onFileFinished reports it
  const RemoteFile &f = m_plan.at(m_index);
  if (!m_responseChecked) {
    m_responseChecked = true;
    // 206 from where we asked: resume. 200 (or a range elsewhere): the server ignored the
    // range and sends the whole file, so the .part starts over.
    if (m_requestOffset > 0 && !(status == 206 && contentRangeStart(*reply) == m_requestOffset)) {
      qCInfo(lcModels, "%s: the server ignored the byte range; starting %s over", qUtf8Printable(m_options.endpoint),
             qUtf8Printable(f.path));
      startFileOver();
      m_rangeIgnored = true;
    }
  }
  const QByteArray chunk = reply->readAll();
  if (m_fileBytes + chunk.size() > f.size) {
    m_part.close();
    QFile::remove(m_part.fileName());
    return finish(makeError(ErrorKind::Input, QStringLiteral("corrupt download: %1 sends more than the %2 bytes its "
                                                             "listing gives for %3; the partial file was deleted")
                                                  .arg(m_requestUrl.toDisplayString())
                                                  .arg(f.size)
                                                  .arg(f.path)));
  }
  if (m_part.write(chunk) != chunk.size())
    return finish(makeError(ErrorKind::Output,
                            QStringLiteral("cannot write %1: %2").arg(m_part.fileName(), m_part.errorString())));
  m_digest->addData(chunk);
  m_fileBytes += chunk.size();
  m_fetched += chunk.size();
  emitProgress();
}

void ModelDownloader::onFileFinished() {
  QNetworkReply *reply = m_reply;
  if (!reply || m_finished)
    return;
  onFileData(); // whatever arrived before the end
  if (m_finished)
    return;
  m_reply = nullptr;
  reply->deleteLater();
  const RemoteFile &f = m_plan.at(m_index);
  const int status = httpStatus(*reply);
  if (status == 416 && !m_rangeRefusedOnce) {
    // The range starts past what the server has: the .part is stale. Start over, once.
    m_rangeRefusedOnce = true;
    startFileOver();
    return requestFile();
  }
  if (status >= 400 || (reply->error() != QNetworkReply::NoError && m_fileBytes == m_requestOffset &&
                        hub::isUnreachable(reply->error())))
    return finish(*hub::replyError(*reply, m_requestUrl, m_options.endpoint));
  if (reply->error() != QNetworkReply::NoError) {
    retryOrFail(reply->errorString());
    return;
  }
  // A connection closed early can also end a reply without an error: the length decides.
  if (m_fileBytes != f.size) {
    retryOrFail(QStringLiteral("the connection closed after %1 of %2 bytes").arg(m_fileBytes).arg(f.size));
    return;
  }
  completeFile();
}

bool ModelDownloader::retryOrFail(const QString &why) {
  const RemoteFile &f = m_plan.at(m_index);
  if (m_attempts < m_options.retries) {
    ++m_attempts;
    qCInfo(lcModels, "%s broke off at %lld of %lld bytes (%s); resuming (attempt %d of %d)", qUtf8Printable(f.path),
           m_fileBytes, f.size, qUtf8Printable(why), m_attempts, m_options.retries);
    requestFile();
    return true;
  }
  finish(makeError(
      ErrorKind::EngineUnavailable,
      QStringLiteral("the download of %1 broke off after %2 of %3 (%4); %5 is kept: run the same "
                     "command again to resume")
          .arg(m_requestUrl.toDisplayString(), formatBytes(m_fileBytes), formatBytes(f.size), why, m_part.fileName())));
  return false;
}

void ModelDownloader::completeFile() {
  const RemoteFile &f = m_plan.at(m_index);
  m_part.close();
  const QString part = m_part.fileName();
  const QString actual = m_digest->hexResult();
  if (actual != f.hash) {
    QFile::remove(part);
    return finish(
        makeError(ErrorKind::Input,
                  QStringLiteral("corrupt download: %1 from %2 has %3 %4, but the repository lists %5; the "
                                 "partial file was deleted, nothing was installed")
                      .arg(f.path, m_requestUrl.toDisplayString(), algorithmName(f.algorithm), actual, f.hash)));
  }
  const QString final = finalPath(f);
  if (QFileInfo::exists(final) && !QFile::remove(final))
    return finish(makeError(ErrorKind::Output, QStringLiteral("cannot replace %1").arg(final)));
  if (!QFile::rename(part, final))
    return finish(makeError(ErrorKind::Output, QStringLiteral("cannot rename %1 to %2").arg(part, final)));
  m_manifest.files << ManifestFile{f.path, f.size, f.algorithm, f.hash};
  m_doneBytes += f.size;
  m_fileBytes = 0;
  const bool resumed = m_resumedFrom > 0 && !m_rangeIgnored;
  Q_EMIT fileCompleted(f.path, f.size, resumed ? FileOutcome::Resumed : FileOutcome::Downloaded);
  ++m_index;
  nextFile();
}

void ModelDownloader::emitProgress() {
  const RemoteFile &f = m_plan.at(m_index);
  DownloadProgress p;
  p.file = f.path;
  p.fileNumber = m_index + 1;
  p.fileCount = int(m_plan.size());
  p.fileBytes = m_fileBytes;
  p.fileSize = f.size;
  p.bytes = m_doneBytes + m_fileBytes;
  p.totalBytes = m_totalBytes;
  p.fetchedBytes = m_fetched;
  Q_EMIT progress(p);
}

void ModelDownloader::dropReply() {
  if (QNetworkReply *reply = m_reply) {
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
  }
}

void ModelDownloader::finish(Status status) {
  if (m_finished)
    return;
  m_finished = true;
  m_result = std::move(status);
  dropReply();
  if (m_part.isOpen())
    m_part.close();
  if (m_result)
    qCDebug(lcModels, "%s installed in %s", qUtf8Printable(m_entry.id), qUtf8Printable(modelDir()));
  Q_EMIT finished();
}

} // namespace dragoman::models
