#pragma once
// The models folder on disk: one sub-folder per model id, each with its files and
// dragoman-model.json. Answers "is it installed?" cheaply (sizes against the manifest), checks
// it thoroughly (every hash, offline), and removes a model without ever leaving the folder.

#include "core/common/result.h"
#include "core/models/manifest.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace dragoman::models {

enum class ModelState {
  NotInstalled, // no folder, or an empty one
  Partial,      // files or .part files but no manifest: a download stopped half way
  Installed,    // a manifest, and every file it lists present at its size
  Corrupt,      // a manifest, but a file is missing or has the wrong size, or the manifest is unreadable
};

QString stateName(ModelState state); // "not installed" | "partial" | "installed" | "corrupt"

struct ModelStatus {
  QString id;
  QString path;
  ModelState state = ModelState::NotInstalled;
  qint64 bytesOnDisk = 0;
  std::optional<Manifest> manifest;
  QString problem; // for Corrupt: which file and why
};

struct FileCheck {
  enum class Outcome { Ok, Missing, WrongSize, WrongHash };
  QString name;
  Outcome outcome = Outcome::Ok;
  qint64 expectedSize = 0;
  qint64 actualSize = 0;
  HashAlgorithm algorithm = HashAlgorithm::Sha256;
  QString expectedHash;
  QString actualHash;       // empty unless hashed
  QString describe() const; // "model.safetensors: ok" / "... sha256 is X, the manifest says Y"
};

struct VerifyReport {
  QString id;
  QString path;
  QList<FileCheck> files;
  bool ok() const;
  QStringList badFiles() const;
};

class ModelStore {
public:
  explicit ModelStore(QString root);
  const QString &root() const { return m_root; }

  // root/id, or ErrorKind::Usage when id is not a plain folder name (e.g. "../x").
  Result<QString> folderFor(const QString &id) const;
  // Sizes only: fast enough for `models list` over multi-GB models.
  ModelStatus inspect(const QString &id) const;
  // Sub-folders of root that hold a manifest (models installed from another catalogue included).
  QStringList installedIds() const;
  // Re-hashes every file the manifest lists. ErrorKind::Input when there is no readable manifest;
  // otherwise a report (check ok()). onFile is called after each file.
  Result<VerifyReport> verify(const QString &id, const std::function<void(const FileCheck &)> &onFile = {}) const;
  // Deletes root/id entirely. Refuses (ErrorKind::Usage) anything that resolves outside root,
  // a symbolic link included; ErrorKind::Input when there is nothing to remove.
  Status remove(const QString &id) const;

private:
  QString m_root;
};

} // namespace dragoman::models
