#include "ui/models/modelsworker.h"

#include "core/common/threadaffinity.h"
#include "core/models/modeldownloader.h"

namespace dragoman::ui {

void registerModelMetaTypes() {
  qRegisterMetaType<models::CatalogueEntry>();
  qRegisterMetaType<ModelRow>();
  qRegisterMetaType<QList<ModelRow>>();
  qRegisterMetaType<QList<models::CatalogueEntry>>();
}

ModelsWorker::ModelsWorker(QString modelsDir, QString endpoint, QObject *parent)
    : QObject(parent), m_dir(std::move(modelsDir)), m_endpoint(std::move(endpoint)), m_store(m_dir) {
  registerModelMetaTypes();
}

ModelsWorker::~ModelsWorker() {
  for (auto &[id, d] : m_downloads)
    d->cancel();
}

ModelRow ModelsWorker::row(const models::CatalogueEntry &entry) const {
  const models::ModelStatus s = m_store.inspect(entry.id);
  return ModelRow{entry, s.state, s.bytesOnDisk, s.problem};
}

void ModelsWorker::inspect(const QList<models::CatalogueEntry> &entries) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  QList<ModelRow> rows;
  for (const models::CatalogueEntry &e : entries)
    rows.append(row(e));
  Q_EMIT inspected(rows);
}

void ModelsWorker::download(const models::CatalogueEntry &entry) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (m_downloads.count(entry.id))
    return;
  models::DownloadOptions options;
  options.endpoint = m_endpoint;
  options.modelsDir = m_dir;
  auto *d = new models::ModelDownloader(entry, options, this);
  m_downloads[entry.id] = d;
  const QString id = entry.id;
  connect(d, &models::ModelDownloader::progress, this, [this, id](const models::DownloadProgress &p) {
    Q_EMIT progress(id, p.bytes, p.totalBytes, p.file);
  });
  connect(d, &models::ModelDownloader::finished, this, [this, d, id] {
    m_downloads.erase(id);
    const Status &s = d->result();
    Q_EMIT downloadFinished(id, s ? QString() : s.error().message, !s && s.error().kind == ErrorKind::Cancelled);
    d->deleteLater();
  });
  d->start();
}

void ModelsWorker::cancel(const QString &id) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (auto it = m_downloads.find(id); it != m_downloads.end())
    it->second->cancel();
}

void ModelsWorker::remove(const QString &id) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (m_downloads.count(id)) {
    Q_EMIT removed(id, tr("%1 is being downloaded; cancel it first").arg(id));
    return;
  }
  const Status s = m_store.remove(id);
  Q_EMIT removed(id, s ? QString() : s.error().message);
}

} // namespace dragoman::ui
