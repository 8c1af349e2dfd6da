#include "core/models/modelstore.h"

#include "core/models/catalogue.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

namespace dragoman::models {
namespace {

qint64 folderSize(const QString &path) {
  qint64 total = 0;
  QDirIterator it(path, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    it.next();
    total += it.fileInfo().size();
  }
  return total;
}

bool isStrictlyInside(const QString &path, const QString &root) {
  return path.startsWith(root + QLatin1Char('/')) && path.size() > root.size() + 1;
}

} // namespace

QString stateName(ModelState state) {
  switch (state) {
  case ModelState::NotInstalled: return QStringLiteral("not installed");
  case ModelState::Partial: return QStringLiteral("partial");
  case ModelState::Installed: return QStringLiteral("installed");
  case ModelState::Corrupt: return QStringLiteral("corrupt");
  }
  return {};
}

QString FileCheck::describe() const {
  switch (outcome) {
  case Outcome::Ok: return QStringLiteral("%1: ok").arg(name);
  case Outcome::Missing: return QStringLiteral("%1: missing").arg(name);
  case Outcome::WrongSize:
    return QStringLiteral("%1: %2 bytes, the manifest says %3").arg(name).arg(actualSize).arg(expectedSize);
  case Outcome::WrongHash:
    return QStringLiteral("%1: %2 is %3, the manifest says %4")
        .arg(name, algorithmName(algorithm), actualHash, expectedHash);
  }
  return name;
}

bool VerifyReport::ok() const {
  return badFiles().isEmpty();
}

QStringList VerifyReport::badFiles() const {
  QStringList out;
  for (const FileCheck &f : files)
    if (f.outcome != FileCheck::Outcome::Ok)
      out << f.name;
  return out;
}

ModelStore::ModelStore(QString root) : m_root(QDir::cleanPath(QDir(root).absolutePath())) {}

Result<QString> ModelStore::folderFor(const QString &id) const {
  if (!isValidModelId(id))
    return makeError(
        ErrorKind::Usage,
        QStringLiteral("'%1' is not a model id: a model is one folder directly inside the models folder %2")
            .arg(id, m_root));
  return QDir(m_root).filePath(id);
}

ModelStatus ModelStore::inspect(const QString &id) const {
  ModelStatus status;
  status.id = id;
  Result<QString> folder = folderFor(id);
  if (!folder)
    return status;
  status.path = *folder;
  const QDir dir(status.path);
  if (!dir.exists())
    return status;
  status.bytesOnDisk = folderSize(status.path);
  const bool manifestPresent = QFileInfo::exists(dir.filePath(QLatin1String(Manifest::fileName)));
  if (!manifestPresent) {
    const bool empty = dir.entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty();
    status.state = empty ? ModelState::NotInstalled : ModelState::Partial;
    return status;
  }
  Result<Manifest> manifest = Manifest::read(status.path);
  if (!manifest) {
    status.state = ModelState::Corrupt;
    status.problem = manifest.error().message;
    return status;
  }
  status.manifest = *manifest;
  status.state = ModelState::Installed;
  for (const ManifestFile &f : manifest->files) {
    const QFileInfo info(dir.filePath(f.name));
    if (!info.isFile() || info.size() != f.size) {
      status.state = ModelState::Corrupt;
      status.problem =
          info.isFile()
              ? QStringLiteral("%1 has %2 bytes, the manifest says %3").arg(f.name).arg(info.size()).arg(f.size)
              : QStringLiteral("%1 is missing").arg(f.name);
      break;
    }
  }
  return status;
}

QStringList ModelStore::installedIds() const {
  QStringList out;
  const QDir root(m_root);
  for (const QString &name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
    if (isValidModelId(name) &&
        QFileInfo::exists(root.filePath(name + QLatin1Char('/') + QLatin1String(Manifest::fileName))))
      out << name;
  return out;
}

Result<VerifyReport> ModelStore::verify(const QString &id, const std::function<void(const FileCheck &)> &onFile) const {
  Result<QString> folder = folderFor(id);
  if (!folder)
    return folder.error();
  if (!QFileInfo::exists(QDir(*folder).filePath(QLatin1String(Manifest::fileName))))
    return makeError(ErrorKind::Input, QStringLiteral("%1 is not installed: %2 has no %3 (run 'dragoman models "
                                                      "download %1')")
                                           .arg(id, *folder, QLatin1String(Manifest::fileName)));
  Result<Manifest> manifest = Manifest::read(*folder);
  if (!manifest)
    return manifest.error();
  VerifyReport report{id, *folder, {}};
  for (const ManifestFile &f : manifest->files) {
    FileCheck check;
    check.name = f.name;
    check.expectedSize = f.size;
    check.algorithm = f.algorithm;
    check.expectedHash = f.hash;
    const QString path = QDir(*folder).filePath(f.name);
    const QFileInfo info(path);
    check.actualSize = info.isFile() ? info.size() : 0;
    if (!info.isFile()) {
      check.outcome = FileCheck::Outcome::Missing;
    } else if (info.size() != f.size) {
      check.outcome = FileCheck::Outcome::WrongSize;
    } else {
      Result<QString> hash = hashFile(path, f.algorithm);
      if (!hash)
        return hash.error();
      check.actualHash = *hash;
      check.outcome = *hash == f.hash ? FileCheck::Outcome::Ok : FileCheck::Outcome::WrongHash;
    }
    report.files << check;
    if (onFile)
      onFile(check);
  }
  return report;
}

Status ModelStore::remove(const QString &id) const {
  Result<QString> folder = folderFor(id);
  if (!folder)
    return folder.error();
  const QFileInfo info(*folder);
  if (!info.exists() && !info.isSymLink())
    return makeError(ErrorKind::Input, QStringLiteral("%1 is not installed: %2 does not exist").arg(id, *folder));
  const QString rootReal = QFileInfo(m_root).canonicalFilePath();
  const QString real = info.canonicalFilePath();
  if (info.isSymLink())
    return makeError(ErrorKind::Usage, QStringLiteral("refusing to remove %1: it is a symbolic link to %2, not a "
                                                      "folder of the models folder %3; delete the link by hand")
                                           .arg(*folder, info.symLinkTarget(), m_root));
  if (rootReal.isEmpty() || !isStrictlyInside(real, rootReal))
    return makeError(ErrorKind::Usage, QStringLiteral("refusing to remove %1: it resolves to %2, outside the models "
                                                      "folder %3")
                                           .arg(*folder, real, m_root));
  if (!info.isDir())
    return makeError(ErrorKind::Usage, QStringLiteral("refusing to remove %1: it is not a folder").arg(*folder));
  if (!QDir(real).removeRecursively())
    return makeError(ErrorKind::Output, QStringLiteral("could not remove all of %1").arg(real));
  return {};
}

} // namespace dragoman::models
