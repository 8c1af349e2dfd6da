#pragma once
// Past sessions as rows: when, what kind, how it ended, the languages, the segments, how long.

#include "ui/history/historyworker.h"

#include <QAbstractTableModel>

namespace dragoman::ui {

class HistoryModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Column { StartedColumn, KindColumn, StateColumn, LanguagesColumn, SegmentsColumn, DurationColumn, InputColumn, ColumnCount };
  enum Role { UuidRole = Qt::UserRole + 1 };

  explicit HistoryModel(QObject *parent = nullptr);
  void setSessions(const SessionList &sessions);
  const storage::SessionSummary *session(int row) const;
  int rowOf(const QString &uuid) const; // -1: not listed

  int rowCount(const QModelIndex &parent = {}) const override;
  int columnCount(const QModelIndex &parent = {}) const override;
  QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
  SessionList m_sessions;
};

} // namespace dragoman::ui
