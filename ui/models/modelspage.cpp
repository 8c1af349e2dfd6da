#include "ui/models/modelspage.h"
#include "core/common/threadaffinity.h"
#include "core/common/threadhost.h"
#include "core/common/threadnames.h"

#include "ui/models/modelsmodel.h"
#include "ui/models/modelsworker.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace dragoman::ui {
namespace {

// Draws a progress bar in the Download column while a download runs.
class ProgressDelegate : public QStyledItemDelegate {
public:
  using QStyledItemDelegate::QStyledItemDelegate;
  void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override {
    const int percent = index.data(ModelsModel::ProgressRole).toInt();
    if (percent < 0) {
      QStyledItemDelegate::paint(painter, option, index);
      return;
    }
    QStyleOptionProgressBar bar;
    bar.rect = option.rect.adjusted(2, 2, -2, -2);
    bar.minimum = 0;
    bar.maximum = 100;
    bar.progress = percent;
    bar.text = index.data().toString();
    bar.textVisible = true;
    bar.state = QStyle::State_Enabled | QStyle::State_Horizontal;
    QApplication::style()->drawControl(QStyle::CE_ProgressBar, &bar, painter);
  }
};

} // namespace

ModelsPage::ModelsPage(ThreadHost &threads, QWidget *parent)
    : QWidget(parent), m_thread(threads.loop(threadnames::kModels)), m_model(new ModelsModel(this)) {
  setObjectName(QStringLiteral("modelsPage"));
  registerModelMetaTypes();
  auto *layout = new QVBoxLayout(this);
  auto *about = new QLabel(tr("Neural models from Hugging Face. Downloads resume where they stopped; "
                              "without a model Dragoman uses the offline engines."),
                           this);
  about->setWordWrap(true);
  layout->addWidget(about);
  m_view = new QTableView(this);
  m_view->setObjectName(QStringLiteral("modelsTable"));
  m_view->setAccessibleName(tr("Models"));
  m_view->setModel(m_model);
  m_view->setItemDelegateForColumn(ModelsModel::ProgressColumn, new ProgressDelegate(m_view));
  m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_view->setSelectionMode(QAbstractItemView::SingleSelection);
  m_view->verticalHeader()->hide();
  m_view->horizontalHeader()->setSectionResizeMode(ModelsModel::ProgressColumn, QHeaderView::Stretch);
  layout->addWidget(m_view, 1);
  auto *buttons = new QHBoxLayout;
  m_download = new QPushButton(tr("&Download"), this);
  m_download->setObjectName(QStringLiteral("modelDownload"));
  m_cancel = new QPushButton(tr("&Cancel download"), this);
  m_cancel->setObjectName(QStringLiteral("modelCancel"));
  m_remove = new QPushButton(tr("&Remove"), this);
  m_remove->setObjectName(QStringLiteral("modelRemove"));
  auto *refreshButton = new QPushButton(tr("Re&fresh"), this);
  refreshButton->setObjectName(QStringLiteral("modelsRefresh"));
  connect(m_download, &QPushButton::clicked, this, [this] { download(selectedId()); });
  connect(m_cancel, &QPushButton::clicked, this, [this] { cancel(selectedId()); });
  connect(m_remove, &QPushButton::clicked, this, [this] { remove(selectedId()); });
  connect(refreshButton, &QPushButton::clicked, this, &ModelsPage::refresh);
  m_status = new QLabel(this);
  m_status->setObjectName(QStringLiteral("modelsStatus"));
  m_status->setAccessibleName(tr("Model manager status"));
  m_status->setWordWrap(true);
  buttons->addWidget(m_status, 1);
  buttons->addWidget(refreshButton);
  buttons->addWidget(m_download);
  buttons->addWidget(m_cancel);
  buttons->addWidget(m_remove);
  layout->addLayout(buttons);
  connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ModelsPage::updateButtons);
  connect(m_model, &QAbstractItemModel::dataChanged, this, &ModelsPage::updateButtons);
  connect(m_model, &QAbstractItemModel::modelReset, this, &ModelsPage::updateButtons);
  updateButtons();
}

ModelsPage::~ModelsPage() {
  m_thread->quit();
  m_thread->wait();
}

void ModelsPage::setup(const QString &modelsDir, const QString &endpoint, const models::Catalogue &catalogue) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (m_worker) {
    m_thread->quit();
    m_thread->wait();
  }
  m_entries = catalogue.entries();
  m_worker = new ModelsWorker(modelsDir, endpoint);
  m_worker->moveToThread(m_thread.get());
  connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
  connect(m_worker, &ModelsWorker::inspected, this, [this](const QList<ModelRow> &rows) {
    m_model->setRows(rows);
    Q_EMIT refreshed();
  });
  connect(m_worker, &ModelsWorker::progress, m_model, &ModelsModel::setProgress);
  connect(m_worker, &ModelsWorker::downloadFinished, this, [this](const QString &id, const QString &error, bool cancelled) {
    m_model->setDownloading(id, false, error.isEmpty() ? tr("installed") : cancelled ? tr("cancelled; Download resumes it") : error);
    m_status->setText(error.isEmpty() ? tr("%1 is installed.").arg(id) : cancelled ? tr("%1: download cancelled.").arg(id)
                                                                                    : tr("%1: %2").arg(id, error));
    refresh();
    Q_EMIT downloadFinished(id, error, cancelled);
  });
  connect(m_worker, &ModelsWorker::removed, this, [this](const QString &id, const QString &error) {
    m_status->setText(error.isEmpty() ? tr("%1 removed.").arg(id) : error);
    refresh();
  });
  m_thread->start();
  m_status->setText(tr("Models are kept in %1").arg(modelsDir));
  refresh();
}

void ModelsPage::refresh() {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (!m_worker)
    return;
  QMetaObject::invokeMethod(m_worker, [w = m_worker, entries = m_entries] { w->inspect(entries); }, Qt::QueuedConnection);
}

void ModelsPage::download(const QString &id) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  const int row = m_model->rowOf(id);
  if (!m_worker || row < 0)
    return;
  m_model->setDownloading(id, true);
  const models::CatalogueEntry entry = m_model->row(row)->entry;
  m_status->setText(tr("Downloading %1…").arg(id));
  QMetaObject::invokeMethod(m_worker, [w = m_worker, entry] { w->download(entry); }, Qt::QueuedConnection);
}

void ModelsPage::cancel(const QString &id) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (m_worker)
    QMetaObject::invokeMethod(m_worker, [w = m_worker, id] { w->cancel(id); }, Qt::QueuedConnection);
}

void ModelsPage::remove(const QString &id) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (m_worker && !id.isEmpty())
    QMetaObject::invokeMethod(m_worker, [w = m_worker, id] { w->remove(id); }, Qt::QueuedConnection);
}

QString ModelsPage::selectedId() const {
  const QModelIndexList rows = m_view->selectionModel()->selectedRows();
  return rows.isEmpty() ? QString() : rows.first().data(ModelsModel::IdRole).toString();
}

QString ModelsPage::statusText() const { return m_status->text(); }

void ModelsPage::updateButtons() {
  const int row = m_model->rowOf(selectedId());
  const bool downloading = row >= 0 && m_model->index(row, 0).data(ModelsModel::DownloadingRole).toBool();
  const ModelRow *r = m_model->row(row);
  m_download->setEnabled(r && !downloading && r->state != models::ModelState::Installed);
  m_cancel->setEnabled(downloading);
  m_remove->setEnabled(r && !downloading && r->state != models::ModelState::NotInstalled);
}

} // namespace dragoman::ui
