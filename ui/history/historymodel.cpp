#include "ui/history/historymodel.h"

#include <QColor>
#include <QDateTime>
#include <QFileInfo>

namespace dragoman::ui {

HistoryModel::HistoryModel(QObject *parent) : QAbstractTableModel(parent) {}

void HistoryModel::setSessions(const SessionList &sessions) {
  beginResetModel();
  m_sessions = sessions;
  endResetModel();
}

const storage::SessionSummary *HistoryModel::session(int row) const {
  return row >= 0 && row < int(m_sessions.size()) ? &m_sessions[std::size_t(row)] : nullptr;
}

int HistoryModel::rowOf(const QString &uuid) const {
  for (std::size_t i = 0; i < m_sessions.size(); ++i)
    if (m_sessions[i].info.uuid == uuid)
      return int(i);
  return -1;
}

int HistoryModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_sessions.size()); }
int HistoryModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant HistoryModel::data(const QModelIndex &index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const storage::SessionSummary &s = m_sessions[std::size_t(index.row())];
  const storage::SessionInfo &i = s.info;
  if (role == UuidRole)
    return i.uuid;
  if (role == Qt::ToolTipRole)
    return i.error.isEmpty() ? i.input : i.error;
  if (role == Qt::ForegroundRole && index.column() == StateColumn &&
      (i.state == storage::SessionState::Failed || i.state == storage::SessionState::Interrupted))
    return QColor(Qt::darkRed);
  if (role != Qt::DisplayRole)
    return {};
  switch (index.column()) {
  case StartedColumn: return QDateTime::fromMSecsSinceEpoch(i.startedMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
  case KindColumn: return i.kind;
  case StateColumn: return storage::sessionStateName(i.state);
  case LanguagesColumn: return QStringLiteral("%1 → %2").arg(i.sourceLanguage, i.targetLanguage);
  case SegmentsColumn: return QVariant::fromValue(qlonglong(s.segments));
  case DurationColumn: {
    if (!i.endedMs)
      return QStringLiteral("–");
    const qint64 seconds = (*i.endedMs - i.startedMs) / 1000;
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
  }
  case InputColumn: return i.kind == QLatin1String("live") ? i.input : QFileInfo(i.input).fileName();
  default: return {};
  }
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  switch (section) {
  case StartedColumn: return tr("Started");
  case KindColumn: return tr("Kind");
  case StateColumn: return tr("Ended");
  case LanguagesColumn: return tr("Languages");
  case SegmentsColumn: return tr("Segments");
  case DurationColumn: return tr("Length");
  case InputColumn: return tr("Input");
  default: return {};
  }
}

} // namespace dragoman::ui
