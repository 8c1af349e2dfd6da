#include "ui/models/modelsmodel.h"

#include "core/models/transfermeter.h"

#include <QColor>

namespace dragoman::ui {

ModelsModel::ModelsModel(QObject *parent) : QAbstractTableModel(parent) {}

void ModelsModel::setRows(const QList<ModelRow> &rows) {
  // Keep what is known about downloads in flight across a refresh.
  QList<Item> items;
  for (const ModelRow &r : rows) {
    Item item;
    if (const int old = rowOf(r.entry.id); old >= 0) {
      item = m_items[old];
    }
    item.row = r;
    items.append(item);
  }
  beginResetModel();
  m_items = items;
  endResetModel();
}

int ModelsModel::rowOf(const QString &id) const {
  for (int i = 0; i < m_items.size(); ++i)
    if (m_items[i].row.entry.id == id)
      return i;
  return -1;
}

const ModelRow *ModelsModel::row(int row) const { return row >= 0 && row < m_items.size() ? &m_items[row].row : nullptr; }

void ModelsModel::setProgress(const QString &id, qint64 bytes, qint64 total, const QString &file) {
  const int r = rowOf(id);
  if (r < 0)
    return;
  Item &item = m_items[r];
  item.downloading = true;
  item.bytes = bytes;
  item.total = total;
  item.file = file;
  Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
}

void ModelsModel::setDownloading(const QString &id, bool downloading, const QString &message) {
  const int r = rowOf(id);
  if (r < 0)
    return;
  m_items[r].downloading = downloading;
  m_items[r].message = message;
  if (downloading) {
    m_items[r].bytes = 0;
    m_items[r].total = 0;
  }
  Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
}

int ModelsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_items.size()); }
int ModelsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ModelsModel::data(const QModelIndex &index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const Item &item = m_items[index.row()];
  const models::CatalogueEntry &e = item.row.entry;
  const int percent = item.total > 0 ? int(item.bytes * 100 / item.total) : 0;
  switch (role) {
  case IdRole: return e.id;
  case DownloadingRole: return item.downloading;
  case ProgressRole: return item.downloading ? percent : -1;
  case Qt::ToolTipRole:
    if (!item.message.isEmpty())
      return item.message;
    return item.row.problem.isEmpty() ? e.description : item.row.problem;
  case Qt::ForegroundRole:
    if (index.column() == StateColumn && item.row.state == models::ModelState::Corrupt)
      return QColor(Qt::darkRed);
    return {};
  case Qt::DisplayRole:
    switch (index.column()) {
    case IdColumn: return e.id;
    case KindColumn: return QStringLiteral("%1 (%2)").arg(e.kind, e.engine);
    case LanguagesColumn:
      if (!e.sourceLanguage.isEmpty())
        return QStringLiteral("%1 → %2").arg(e.sourceLanguage, e.targetLanguage);
      return e.languages.size() > 6 ? tr("%n language(s)", nullptr, int(e.languages.size())) : e.languages.join(QStringLiteral(", "));
    case SizeColumn:
      return item.row.bytesOnDisk > 0 ? models::formatBytes(item.row.bytesOnDisk) : QStringLiteral("~") + models::formatBytes(e.approxBytes);
    case StateColumn: return item.downloading ? tr("downloading") : models::stateName(item.row.state);
    case ProgressColumn:
      if (item.downloading)
        return item.total > 0 ? tr("%1% (%2 of %3)").arg(percent).arg(models::formatBytes(item.bytes), models::formatBytes(item.total))
                              : tr("listing files…");
      return item.message;
    default: return {};
    }
  default: return {};
  }
}

QVariant ModelsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  switch (section) {
  case IdColumn: return tr("Model");
  case KindColumn: return tr("Kind");
  case LanguagesColumn: return tr("Languages");
  case SizeColumn: return tr("Size");
  case StateColumn: return tr("State");
  case ProgressColumn: return tr("Download");
  default: return {};
  }
}

} // namespace dragoman::ui
