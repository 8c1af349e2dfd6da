#pragma once
// The model manager's disk and network work, on a thread of its own: what is installed (sizes
// only), downloads with progress (ModelDownloader lives here, driven by this thread's event loop),
// cancellation that keeps the partial files for a later resume, and removal.

#include "core/models/catalogue.h"
#include "core/models/modelstore.h"

#include <QObject>

#include <map>
#include <memory>

namespace dragoman::models {
class ModelDownloader;
}

namespace dragoman::ui {

struct ModelRow {
  models::CatalogueEntry entry;
  models::ModelState state = models::ModelState::NotInstalled;
  qint64 bytesOnDisk = 0;
  QString problem;
};

class ModelsWorker : public QObject {
  Q_OBJECT
public:
  ModelsWorker(QString modelsDir, QString endpoint, QObject *parent = nullptr);
  ~ModelsWorker() override;

public Q_SLOTS:
  void inspect(const QList<dragoman::models::CatalogueEntry> &entries);
  void download(const dragoman::models::CatalogueEntry &entry);
  void cancel(const QString &id);
  void remove(const QString &id);

Q_SIGNALS:
  void inspected(const QList<dragoman::ui::ModelRow> &rows);
  void progress(const QString &id, qint64 bytes, qint64 total, const QString &file);
  // error empty: installed. cancelled: stopped by cancel() (partial files kept).
  void downloadFinished(const QString &id, const QString &error, bool cancelled);
  void removed(const QString &id, const QString &error);

private:
  ModelRow row(const models::CatalogueEntry &entry) const;

  QString m_dir;
  QString m_endpoint;
  models::ModelStore m_store;
  std::map<QString, models::ModelDownloader *> m_downloads;
};

void registerModelMetaTypes();

} // namespace dragoman::ui

Q_DECLARE_METATYPE(dragoman::models::CatalogueEntry)
Q_DECLARE_METATYPE(dragoman::ui::ModelRow)
