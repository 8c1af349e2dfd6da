#include "core/models/hubapi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QRegularExpression>

Q_LOGGING_CATEGORY(lcModels, "dragoman.models")

namespace dragoman::models::hub {
namespace {

// Each path segment percent-encoded, the slashes between them kept.
QString encodePath(const QString &path) {
  QStringList parts;
  for (const QString &p : path.split(QLatin1Char('/')))
    parts << QString::fromLatin1(QUrl::toPercentEncoding(p));
  return parts.join(QLatin1Char('/'));
}

// A revision such as "refs/pr/1" is one segment to the Hub: its slashes are encoded too.
QString encodeSegment(const QString &s) {
  return QString::fromLatin1(QUrl::toPercentEncoding(s));
}

QUrl join(const QUrl &base, const QString &encodedPath) {
  QString s = base.toString(QUrl::FullyEncoded);
  while (s.endsWith(QLatin1Char('/')))
    s.chop(1);
  return QUrl(s + QLatin1Char('/') + encodedPath, QUrl::StrictMode);
}

bool isHex(const QString &s, int length) {
  static const QRegularExpression hex(QStringLiteral("^[0-9a-f]+$"));
  return s.size() == length && hex.match(s).hasMatch();
}

QString httpReason(int status, const QNetworkReply &reply) {
  const QString reason = reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
  return reason.isEmpty() ? QStringLiteral("HTTP %1").arg(status)
                          : QStringLiteral("HTTP %1 %2").arg(status).arg(reason);
}

} // namespace

Result<QUrl> endpointUrl(const QString &endpoint) {
  const QUrl url(endpoint.trimmed(), QUrl::StrictMode);
  if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
      url.host().isEmpty())
    return makeError(ErrorKind::Config,
                     QStringLiteral("models.endpoint '%1' is not an http:// or https:// URL").arg(endpoint));
  return url;
}

QUrl treeUrl(const QUrl &endpoint, const QString &repo, const QString &revision, const QString &folder) {
  QString path = QStringLiteral("api/models/%1/tree/%2").arg(encodePath(repo), encodeSegment(revision));
  if (!folder.isEmpty())
    path += QLatin1Char('/') + encodePath(folder);
  return join(endpoint, path);
}

QUrl resolveUrl(const QUrl &endpoint, const QString &repo, const QString &revision, const QString &file) {
  return join(endpoint,
              QStringLiteral("%1/resolve/%2/%3").arg(encodePath(repo), encodeSegment(revision), encodePath(file)));
}

Result<QList<RemoteFile>> parseTree(const QByteArray &json, const QUrl &url) {
  auto bad = [&](const QString &what) {
    return makeError(ErrorKind::Input,
                     QStringLiteral("unexpected answer from %1: %2").arg(url.toDisplayString(), what));
  };
  QJsonParseError parseError;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
  if (parseError.error != QJsonParseError::NoError || !doc.isArray())
    return bad(QStringLiteral("not a JSON list of files"));
  QList<RemoteFile> out;
  for (const QJsonValue &v : doc.array()) {
    const QJsonObject o = v.toObject();
    if (o.value(QStringLiteral("type")).toString() != QLatin1String("file"))
      continue;
    RemoteFile f;
    f.path = o.value(QStringLiteral("path")).toString();
    f.size = qint64(o.value(QStringLiteral("size")).toDouble(-1));
    if (const QJsonObject lfs = o.value(QStringLiteral("lfs")).toObject(); !lfs.isEmpty()) {
      f.algorithm = HashAlgorithm::Sha256;
      f.hash = lfs.value(QStringLiteral("oid")).toString().toLower();
      f.size = qint64(lfs.value(QStringLiteral("size")).toDouble(double(f.size)));
      if (!isHex(f.hash, 64))
        return bad(QStringLiteral("'%1' has no SHA-256 (lfs.oid)").arg(f.path));
    } else {
      f.algorithm = HashAlgorithm::GitBlobSha1;
      f.hash = o.value(QStringLiteral("oid")).toString().toLower();
      if (!isHex(f.hash, 40))
        return bad(QStringLiteral("'%1' has no git blob id (oid)").arg(f.path));
    }
    if (f.path.isEmpty() || f.size < 0)
      return bad(QStringLiteral("a file entry has no path or size"));
    out << f;
  }
  return out;
}

QUrl nextPage(const QByteArray &linkHeader, const QUrl &base) {
  // Link: <https://huggingface.co/api/models/x/tree/main?cursor=...>; rel="next"
  static const QRegularExpression next(QStringLiteral("<([^>]+)>\\s*;[^,]*rel=\"?next\"?"));
  const QRegularExpressionMatch m = next.match(QString::fromLatin1(linkHeader));
  return m.hasMatch() ? base.resolved(QUrl(m.captured(1))) : QUrl();
}

bool isUnreachable(QNetworkReply::NetworkError error) {
  switch (error) {
  case QNetworkReply::ConnectionRefusedError:
  case QNetworkReply::HostNotFoundError:
  case QNetworkReply::TimeoutError:
  case QNetworkReply::TemporaryNetworkFailureError:
  case QNetworkReply::NetworkSessionFailedError:
  case QNetworkReply::UnknownNetworkError:
  case QNetworkReply::ProxyConnectionRefusedError:
  case QNetworkReply::ProxyNotFoundError:
  case QNetworkReply::ProxyTimeoutError:
  case QNetworkReply::SslHandshakeFailedError: return true;
  default: return false;
  }
}

Error offlineError(const QString &endpoint, const QString &detail) {
  return makeError(ErrorKind::EngineUnavailable,
                   QStringLiteral("cannot reach %1: %2; are you offline? models already downloaded keep working; "
                                  "set models.endpoint to a mirror")
                       .arg(endpoint, detail));
}

std::optional<Error> replyError(const QNetworkReply &reply, const QUrl &requested, const QString &endpoint) {
  const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  QString url = requested.toDisplayString();
  if (reply.url() != requested) // followed a redirect, e.g. to a CDN
    url += QStringLiteral(" (redirected to %1)").arg(reply.url().toDisplayString());
  if (status == 401 || status == 403)
    return makeError(ErrorKind::Input, QStringLiteral("access denied (%1) for %2: the repository may be private or "
                                                      "gated, or the mirror refuses it")
                                           .arg(httpReason(status, reply), url));
  if (status == 404)
    return makeError(ErrorKind::Input, QStringLiteral("not found (%1): %2; check the repository and revision in the "
                                                      "catalogue, or models.endpoint")
                                           .arg(httpReason(status, reply), url));
  if (status >= 400)
    return makeError(ErrorKind::Input, QStringLiteral("the server answered %1 for %2; try again later or set "
                                                      "models.endpoint to a mirror")
                                           .arg(httpReason(status, reply), url));
  if (reply.error() == QNetworkReply::NoError)
    return std::nullopt;
  if (isUnreachable(reply.error()) || status == 0)
    return offlineError(endpoint, reply.errorString());
  return makeError(ErrorKind::EngineUnavailable,
                   QStringLiteral("the transfer from %1 broke off: %2").arg(url, reply.errorString()));
}

} // namespace dragoman::models::hub
