#pragma once
// The model catalogue as rows: name, kind, engine, languages, size, state, and the download's
// progress (ProgressRole, 0..100, -1 when none runs) for the progress bar delegate.

#include "ui/models/modelsworker.h"

#include <QAbstractTableModel>

namespace dragoman::ui {

class ModelsModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Column { IdColumn, KindColumn, LanguagesColumn, SizeColumn, StateColumn, ProgressColumn, ColumnCount };
  enum Role { ProgressRole = Qt::UserRole + 1, IdRole, DownloadingRole };

  explicit ModelsModel(QObject *parent = nullptr);
  void setRows(const QList<ModelRow> &rows);
  void setProgress(const QString &id, qint64 bytes, qint64 total, const QString &file);
  void setDownloading(const QString &id, bool downloading, const QString &message = {});
  const ModelRow *row(int row) const;
  int rowOf(const QString &id) const;

  int rowCount(const QModelIndex &parent = {}) const override;
  int columnCount(const QModelIndex &parent = {}) const override;
  QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
  struct Item {
    ModelRow row;
    bool downloading = false;
    qint64 bytes = 0;
    qint64 total = 0;
    QString file;
    QString message; // the last download's outcome
  };
  QList<Item> m_items;
};

} // namespace dragoman::ui
