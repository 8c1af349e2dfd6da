#pragma once
// The two hashes a Hugging Face repository lists for its files: LFS files (the weights) carry
// the SHA-256 of their content, small files kept in git carry the git blob id, SHA-1 over
// "blob <size>\0" followed by the content. Both are fed incrementally while a download streams.

#include "core/common/result.h"

#include <QCryptographicHash>
#include <QString>

#include <functional>
#include <optional>

namespace dragoman::models {

enum class HashAlgorithm { Sha256, GitBlobSha1 };

QString algorithmName(HashAlgorithm algorithm); // "sha256" | "git-blob-sha1" (the manifest's spelling)
std::optional<HashAlgorithm> algorithmFromName(const QString &name);

class FileDigest {
public:
  // size: the whole file's length; the git blob header needs it before the first byte.
  FileDigest(HashAlgorithm algorithm, qint64 size);
  void addData(QByteArrayView data);
  QString hexResult() const; // lower-case hex
  HashAlgorithm algorithm() const { return m_algorithm; }

private:
  HashAlgorithm m_algorithm;
  QCryptographicHash m_hash;
};

// Hashes up to `length` bytes of path (-1: all of it) into digest. progress(bytesRead) is called
// every few MiB so that a caller can show how far a multi-GB check has got.
Status hashInto(FileDigest &digest, const QString &path, qint64 length = -1,
                const std::function<void(qint64)> &progress = {});

// The digest of the whole file, sized by the file itself.
Result<QString> hashFile(const QString &path, HashAlgorithm algorithm,
                         const std::function<void(qint64)> &progress = {});

} // namespace dragoman::models
