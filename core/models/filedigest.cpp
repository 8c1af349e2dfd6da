#include "core/models/filedigest.h"

#include <QFile>
#include <QFileInfo>

namespace dragoman::models {
namespace {

QCryptographicHash::Algorithm qtAlgorithm(HashAlgorithm a) {
  return a == HashAlgorithm::Sha256 ? QCryptographicHash::Sha256 : QCryptographicHash::Sha1;
}

constexpr qint64 kChunk = 4 << 20;

} // namespace

QString algorithmName(HashAlgorithm algorithm) {
  return algorithm == HashAlgorithm::Sha256 ? QStringLiteral("sha256") : QStringLiteral("git-blob-sha1");
}

std::optional<HashAlgorithm> algorithmFromName(const QString &name) {
  if (name == QLatin1String("sha256"))
    return HashAlgorithm::Sha256;
  if (name == QLatin1String("git-blob-sha1"))
    return HashAlgorithm::GitBlobSha1;
  return std::nullopt;
}

FileDigest::FileDigest(HashAlgorithm algorithm, qint64 size) : m_algorithm(algorithm), m_hash(qtAlgorithm(algorithm)) {
  if (algorithm == HashAlgorithm::GitBlobSha1) {
    const QByteArray header = "blob " + QByteArray::number(size) + '\0';
    m_hash.addData(header);
  }
}

void FileDigest::addData(QByteArrayView data) {
  m_hash.addData(data);
}

QString FileDigest::hexResult() const {
  return QString::fromLatin1(m_hash.result().toHex());
}

Status hashInto(FileDigest &digest, const QString &path, qint64 length, const std::function<void(qint64)> &progress) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return makeError(ErrorKind::Input, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
  QByteArray buffer(kChunk, Qt::Uninitialized);
  qint64 done = 0;
  while (length < 0 || done < length) {
    const qint64 want = length < 0 ? kChunk : std::min(kChunk, length - done);
    const qint64 n = file.read(buffer.data(), want);
    if (n < 0)
      return makeError(ErrorKind::Input, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    if (n == 0)
      break;
    digest.addData(QByteArrayView(buffer.constData(), n));
    done += n;
    if (progress)
      progress(done);
  }
  if (length >= 0 && done != length)
    return makeError(ErrorKind::Input, QStringLiteral("%1 ended after %2 of %3 bytes").arg(path).arg(done).arg(length));
  return {};
}

Result<QString> hashFile(const QString &path, HashAlgorithm algorithm, const std::function<void(qint64)> &progress) {
  FileDigest digest(algorithm, QFileInfo(path).size());
  if (Status s = hashInto(digest, path, -1, progress); !s)
    return s.error();
  return digest.hexResult();
}

} // namespace dragoman::models
