#include "core/models/manifest.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>

namespace dragoman::models {

qint64 Manifest::totalBytes() const {
  qint64 total = 0;
  for (const ManifestFile &f : files)
    total += f.size;
  return total;
}

const ManifestFile *Manifest::find(const QString &name) const {
  for (const ManifestFile &f : files)
    if (f.name == name)
      return &f;
  return nullptr;
}

QJsonObject Manifest::toJson() const {
  QJsonArray list;
  for (const ManifestFile &f : files)
    list.append(QJsonObject{{QStringLiteral("name"), f.name},
                            {QStringLiteral("size"), double(f.size)},
                            {QStringLiteral("algorithm"), algorithmName(f.algorithm)},
                            {QStringLiteral("hash"), f.hash}});
  return QJsonObject{{QStringLiteral("format"), 1},
                     {QStringLiteral("id"), id},
                     {QStringLiteral("kind"), kind},
                     {QStringLiteral("repo"), repo},
                     {QStringLiteral("revision"), revision},
                     {QStringLiteral("endpoint"), endpoint},
                     {QStringLiteral("downloaded_at"), downloadedAt.toUTC().toString(Qt::ISODate)},
                     {QStringLiteral("files"), list}};
}

Result<Manifest> Manifest::fromJson(const QByteArray &json, const QString &origin) {
  auto bad = [&](const QString &what) {
    return makeError(ErrorKind::Input, QStringLiteral("model manifest %1: %2").arg(origin, what));
  };
  QJsonParseError parseError;
  const QJsonObject o = QJsonDocument::fromJson(json, &parseError).object();
  if (parseError.error != QJsonParseError::NoError)
    return bad(QStringLiteral("invalid JSON (%1)").arg(parseError.errorString()));
  Manifest m;
  m.id = o.value(QStringLiteral("id")).toString();
  m.kind = o.value(QStringLiteral("kind")).toString();
  m.repo = o.value(QStringLiteral("repo")).toString();
  m.revision = o.value(QStringLiteral("revision")).toString();
  m.endpoint = o.value(QStringLiteral("endpoint")).toString();
  m.downloadedAt = QDateTime::fromString(o.value(QStringLiteral("downloaded_at")).toString(), Qt::ISODate);
  if (m.id.isEmpty() || !o.value(QStringLiteral("files")).isArray())
    return bad(QStringLiteral("no id or no file list"));
  for (const QJsonValue &v : o.value(QStringLiteral("files")).toArray()) {
    const QJsonObject fo = v.toObject();
    ManifestFile f;
    f.name = fo.value(QStringLiteral("name")).toString();
    // JSON numbers are doubles: a size is a whole number a double holds exactly (below 2^53).
    const double size = fo.value(QStringLiteral("size")).toDouble(-1);
    f.size = size >= 0 && size <= 9007199254740992.0 && size == std::floor(size) ? qint64(size) : -1;
    f.hash = fo.value(QStringLiteral("hash")).toString().toLower();
    const std::optional<HashAlgorithm> algorithm = algorithmFromName(fo.value(QStringLiteral("algorithm")).toString());
    if (f.name.isEmpty() || f.name.contains(QLatin1String("..")) || f.name.startsWith(QLatin1Char('/')) || f.size < 0 ||
        f.hash.isEmpty() || !algorithm)
      return bad(QStringLiteral("file entry '%1' is incomplete").arg(f.name));
    f.algorithm = *algorithm;
    m.files << f;
  }
  return m;
}

Result<Manifest> Manifest::read(const QString &modelDir) {
  const QString path = QDir(modelDir).filePath(QLatin1String(fileName));
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return makeError(ErrorKind::Input, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
  return fromJson(file.readAll(), path);
}

Status Manifest::write(const QString &modelDir) const {
  const QString path = QDir(modelDir).filePath(QLatin1String(fileName));
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return makeError(ErrorKind::Output, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
  file.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
  if (!file.commit())
    return makeError(ErrorKind::Output, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
  return {};
}

} // namespace dragoman::models
