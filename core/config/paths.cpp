// XDG locations and the environment variable list.

#include "core/config/config.h"
#include "core/config/schema.h"

#include <QFileInfo>
#include <QStandardPaths>

namespace dragoman::config {

namespace {

QString location(QStandardPaths::StandardLocation type) {
  return QStandardPaths::writableLocation(type) + QStringLiteral("/dragoman");
}

} // namespace

QString defaultConfigPath() {
  return location(QStandardPaths::GenericConfigLocation) + QStringLiteral("/dragoman.yaml");
}

QString dataDir() { return location(QStandardPaths::GenericDataLocation); }

QString apiKeysPath(const ServerConfig &server) {
  return server.keysFile.isEmpty() ? QFileInfo(defaultConfigPath()).absolutePath() + QStringLiteral("/api-keys.json")
                                   : server.keysFile;
}

QString cacheDir() { return location(QStandardPaths::GenericCacheLocation); }

QString modelsDir(const ModelsConfig &models) {
  return models.dir.isEmpty() ? dataDir() + QStringLiteral("/models") : models.dir;
}

QString databasePath(const StorageConfig &storage) {
  return storage.database.isEmpty() ? dataDir() + QStringLiteral("/history.sqlite") : storage.database;
}

QStringList environmentVariables() {
  QStringList names;
  for (const Key &key : schema::keys())
    names.append(key.environmentVariable());
  return names;
}

} // namespace dragoman::config
