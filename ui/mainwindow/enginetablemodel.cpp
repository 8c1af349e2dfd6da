#include "ui/mainwindow/enginetablemodel.h"

#include <QBrush>
#include <QColor>

namespace dragoman::ui {

EngineTableModel::EngineTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void EngineTableModel::setEngines(const QList<EngineInfo> &engines) {
  beginResetModel();
  m_engines = engines;
  endResetModel();
}

int EngineTableModel::rowCount(const QModelIndex &parent) const {
  return parent.isValid() ? 0 : int(m_engines.size());
}

int EngineTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant EngineTableModel::data(const QModelIndex &index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const EngineInfo &e = m_engines.at(index.row());
  if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
    switch (index.column()) {
    case StageColumn: return stageName(e.stage);
    case NameColumn: return e.name;
    case StateColumn: return e.available ? tr("available") : tr("unavailable");
    case DetailColumn: {
      if (!e.available)
        return e.reason;
      if (!e.pairs.isEmpty())
        return describePairs(e.pairs);
      return e.languages.join(QStringLiteral(", "));
    }
    default: return {};
    }
  }
  if (role == Qt::ForegroundRole && index.column() == StateColumn)
    return QBrush(e.available ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));
  return {};
}

QVariant EngineTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  switch (section) {
  case StageColumn: return tr("Stage");
  case NameColumn: return tr("Engine");
  case StateColumn: return tr("State");
  case DetailColumn: return tr("Languages or reason");
  default: return {};
  }
}

} // namespace dragoman::ui
