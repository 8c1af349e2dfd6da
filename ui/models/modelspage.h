#pragma once
// The model manager: every model of the catalogue with its state and size, Download (with a
// progress bar, resumable), Cancel (keeps what was fetched) and Remove. The downloads and the
// disk checks run on the ModelsWorker's thread.

#include "core/models/catalogue.h"

#include <QThread>
#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QTableView;

namespace dragoman {
class ThreadHost;
}

namespace dragoman::ui {

class ModelsModel;
class ModelsWorker;

class ModelsPage : public QWidget {
  Q_OBJECT
public:
  // Downloads and checks run on a thread from `threads`, which must outlive the page.
  explicit ModelsPage(ThreadHost &threads, QWidget *parent = nullptr);
  ~ModelsPage() override;

  // Where models go and where they come from (models.dir, models.endpoint), and what can be fetched.
  void setup(const QString &modelsDir, const QString &endpoint, const models::Catalogue &catalogue);
  ModelsModel *model() const { return m_model; }
  QString statusText() const;

public Q_SLOTS:
  void refresh();
  void download(const QString &id);
  void cancel(const QString &id);
  void remove(const QString &id);

Q_SIGNALS:
  void downloadFinished(const QString &id, const QString &error, bool cancelled);
  void refreshed();

private:
  QString selectedId() const;
  void updateButtons();

  std::unique_ptr<QThread> m_thread;
  ModelsWorker *m_worker = nullptr;
  ModelsModel *m_model;
  QList<models::CatalogueEntry> m_entries;
  QTableView *m_view = nullptr;
  QPushButton *m_download = nullptr;
  QPushButton *m_cancel = nullptr;
  QPushButton *m_remove = nullptr;
  QLabel *m_status = nullptr;
};

} // namespace dragoman::ui
