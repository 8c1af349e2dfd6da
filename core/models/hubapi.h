#pragma once
// The two parts of the Hugging Face Hub HTTP API the model manager uses, and how their failures
// read to a person:
//   GET {endpoint}/api/models/{repo}/tree/{revision}   JSON list of {type, path, size, oid, lfs?}
//   GET {endpoint}/{repo}/resolve/{revision}/{file}     the file (often a redirect to a CDN)
// For LFS files `lfs.oid` is the SHA-256 of the content; other files carry `oid`, the git blob id.

#include "core/common/result.h"
#include "core/models/filedigest.h"

#include <QList>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QString>
#include <QUrl>

#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcModels)

namespace dragoman::models {

struct RemoteFile {
  QString path;
  qint64 size = 0;
  HashAlgorithm algorithm = HashAlgorithm::GitBlobSha1;
  QString hash; // lower-case hex
};

namespace hub {

// The endpoint as a base URL, or ErrorKind::Config when it is not http(s).
Result<QUrl> endpointUrl(const QString &endpoint);
// The listing of a folder of the repository (its root when `folder` is empty).
QUrl treeUrl(const QUrl &endpoint, const QString &repo, const QString &revision, const QString &folder = {});
QUrl resolveUrl(const QUrl &endpoint, const QString &repo, const QString &revision, const QString &file);

// One page of the tree listing; directories are skipped. Errors (ErrorKind::Input) name url.
Result<QList<RemoteFile>> parseTree(const QByteArray &json, const QUrl &url);
// The rel="next" target of a Link header (the listing is paginated), or an empty URL.
QUrl nextPage(const QByteArray &linkHeader, const QUrl &base);

// True for failures that mean the server cannot be reached at all (DNS, refused, no route).
bool isUnreachable(QNetworkReply::NetworkError error);
// "cannot reach <endpoint>: <detail>; are you offline? ..." (ErrorKind::EngineUnavailable).
Error offlineError(const QString &endpoint, const QString &detail);
// The error of a finished reply to a request for `requested`: HTTP status >= 400
// (ErrorKind::Input, naming the URL) or a network failure (offline or broken off, ErrorKind::
// EngineUnavailable); nullopt when the reply succeeded.
std::optional<Error> replyError(const QNetworkReply &reply, const QUrl &requested, const QString &endpoint);

} // namespace hub
} // namespace dragoman::models
