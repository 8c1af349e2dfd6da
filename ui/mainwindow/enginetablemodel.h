#pragma once
// The engines known on this machine, one row each: stage, name, state, details.

#include "core/inference/engineregistry.h"

#include <QAbstractTableModel>

namespace dragoman::ui {

class EngineTableModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Column { StageColumn, NameColumn, StateColumn, DetailColumn, ColumnCount };

  explicit EngineTableModel(QObject *parent = nullptr);
  void setEngines(const QList<EngineInfo> &engines);
  const QList<EngineInfo> &engines() const { return m_engines; }

  int rowCount(const QModelIndex &parent = {}) const override;
  int columnCount(const QModelIndex &parent = {}) const override;
  QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
  QList<EngineInfo> m_engines;
};

} // namespace dragoman::ui
