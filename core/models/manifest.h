#pragma once
// dragoman-model.json, written into a model's folder once every file is downloaded and verified.
// It records where the model came from and each file's size and hash, so that `models verify`
// works offline and `models list` can tell an installed model from a partial or damaged one.

#include "core/common/result.h"
#include "core/models/filedigest.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace dragoman::models {

struct ManifestFile {
  QString name; // relative to the model folder
  qint64 size = 0;
  HashAlgorithm algorithm = HashAlgorithm::Sha256;
  QString hash; // lower-case hex
  bool operator==(const ManifestFile &) const = default;
};

struct Manifest {
  static constexpr const char *fileName = "dragoman-model.json";

  QString id;
  QString kind;
  QString repo;
  QString revision;
  QString endpoint;
  QList<ManifestFile> files;
  QDateTime downloadedAt; // UTC

  qint64 totalBytes() const;
  const ManifestFile *find(const QString &name) const;

  QJsonObject toJson() const;
  // Errors are ErrorKind::Input naming origin.
  static Result<Manifest> fromJson(const QByteArray &json, const QString &origin);
  // <modelDir>/dragoman-model.json
  static Result<Manifest> read(const QString &modelDir);
  // Atomically (QSaveFile). Errors are ErrorKind::Output naming the path.
  Status write(const QString &modelDir) const;
};

} // namespace dragoman::models
