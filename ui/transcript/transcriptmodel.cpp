#include "ui/transcript/transcriptmodel.h"

#include <QColor>
#include <QFont>
#include <QPalette>

#include <cmath>

namespace dragoman::ui {

TranscriptModel::TranscriptModel(QObject *parent) : QAbstractTableModel(parent) {}

QString TranscriptModel::clock(double seconds) {
  const qint64 tenths = qint64(std::llround(std::max(0.0, seconds) * 10.0));
  return QStringLiteral("%1:%2.%3")
      .arg(tenths / 600, 2, 10, QLatin1Char('0'))
      .arg((tenths / 10) % 60, 2, 10, QLatin1Char('0'))
      .arg(tenths % 10);
}

void TranscriptModel::setPartial(const Transcript &t) {
  const QString text = t.text.trimmed();
  if (text.isEmpty()) {
    if (!m_partial)
      return;
    const bool shown = partialShown();
    const int row = int(m_rows.size());
    if (shown)
      beginRemoveRows({}, row, row);
    m_partial.reset();
    if (shown)
      endRemoveRows();
    return;
  }
  if (m_partial) {
    if (m_partial->id != t.segmentId)
      m_partial->translation.clear(); // a provisional translation of the sentence that was committed
    m_partial->id = t.segmentId;
    m_partial->start = t.startSeconds;
    m_partial->end = t.endSeconds;
    m_partial->source = text;
    if (partialShown())
      rowChanged(int(m_rows.size()));
    return;
  }
  Row r;
  r.id = t.segmentId;
  r.start = t.startSeconds;
  r.end = t.endSeconds;
  r.source = text;
  const int row = int(m_rows.size());
  if (!m_readingMode)
    beginInsertRows({}, row, row);
  m_partial = r;
  if (!m_readingMode)
    endInsertRows();
}

int TranscriptModel::findRow(quint64 id) const {
  // Updates are for recent segments: look from the end.
  for (int i = int(m_rows.size()) - 1; i >= 0; --i)
    if (m_rows[std::size_t(i)].id == id)
      return i;
  return -1;
}

int TranscriptModel::appendRow(quint64 id, double start, double end) {
  const int row = int(m_rows.size()); // before the provisional row, which moves down
  beginInsertRows({}, row, row);
  Row r;
  r.id = id;
  r.start = start;
  r.end = end;
  m_rows.push_back(r);
  endInsertRows();
  return row;
}

void TranscriptModel::rowChanged(int row) { Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1)); }

void TranscriptModel::commitTranscript(const Transcript &t) {
  int row = findRow(t.segmentId);
  if (row < 0)
    row = appendRow(t.segmentId, t.startSeconds, t.endSeconds);
  Row &r = m_rows[std::size_t(row)];
  r.source = t.text.trimmed();
  r.start = t.startSeconds;
  r.end = t.endSeconds;
  rowChanged(row);
}

void TranscriptModel::setTranslation(const Translation &t) {
  if (t.provisional) { // for the provisional row, if it still shows that sentence
    if (!m_partial || m_partial->id != t.segmentId)
      return;
    m_partial->translation = t.text.trimmed();
    if (partialShown())
      rowChanged(int(m_rows.size()));
    return;
  }
  int row = findRow(t.segmentId);
  if (row < 0) {
    row = appendRow(t.segmentId, t.startSeconds, t.endSeconds);
    m_rows[std::size_t(row)].source = t.sourceText;
  }
  m_rows[std::size_t(row)].translation = t.text.trimmed();
  rowChanged(row);
}

void TranscriptModel::finishSegment(const SegmentResult &s) {
  int row = findRow(s.segmentId);
  if (row < 0)
    row = appendRow(s.segmentId, s.startSeconds, s.endSeconds);
  Row &r = m_rows[std::size_t(row)];
  r.source = s.sourceText;
  r.translation = s.translation.trimmed();
  r.error = s.error;
  r.confidence = s.confidence;
  r.echoGated = s.echoGated;
  r.loopCut = s.loopCut;
  rowChanged(row);
}

void TranscriptModel::clear() {
  beginResetModel();
  m_rows.clear();
  m_partial.reset();
  endResetModel();
}

void TranscriptModel::setReadingMode(bool on) {
  if (on == m_readingMode)
    return;
  const int row = int(m_rows.size());
  if (!m_partial) {
    m_readingMode = on;
    return;
  }
  if (on) {
    beginRemoveRows({}, row, row);
    m_readingMode = true;
    endRemoveRows();
  } else {
    beginInsertRows({}, row, row);
    m_readingMode = false;
    endInsertRows();
  }
}

const TranscriptModel::Row *TranscriptModel::rowAt(int row, bool *provisional) const {
  *provisional = false;
  if (row >= 0 && row < int(m_rows.size()))
    return &m_rows[std::size_t(row)];
  if (row == int(m_rows.size()) && partialShown()) {
    *provisional = true;
    return &*m_partial;
  }
  return nullptr;
}

int TranscriptModel::rowCount(const QModelIndex &parent) const {
  return parent.isValid() ? 0 : int(m_rows.size()) + (partialShown() ? 1 : 0);
}

int TranscriptModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString TranscriptModel::toolTip(const Row &r, bool provisional) const {
  QStringList lines;
  lines << tr("%1 to %2").arg(clock(r.start), clock(r.end));
  if (provisional)
    lines << tr("Still being heard: this text may change.");
  if (r.confidence)
    lines << tr("Recognition confidence: %1%").arg(std::lround(*r.confidence * 100.0));
  if (r.echoGated)
    lines << tr("Part of this audio was muted while Dragoman was speaking (echo gate).");
  if (r.loopCut)
    lines << tr("The recogniser repeated itself here; the repetition was cut.");
  if (!r.error.isEmpty())
    lines << tr("Failed: %1").arg(r.error);
  return lines.join(QLatin1Char('\n'));
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  bool provisional = false;
  const Row *r = rowAt(index.row(), &provisional);
  if (!r)
    return {};
  switch (role) {
  case Qt::DisplayRole:
    switch (index.column()) {
    case TimeColumn: return clock(r->start);
    case SourceColumn: return r->source;
    case TranslationColumn:
      if (!r->error.isEmpty() && r->translation.isEmpty())
        return tr("(failed: %1)").arg(r->error);
      return r->translation;
    default: return {};
    }
  case Qt::ToolTipRole: return toolTip(*r, provisional);
  case Qt::FontRole:
    if (provisional) {
      QFont f;
      f.setItalic(true);
      return f;
    }
    return {};
  case Qt::ForegroundRole:
    if (provisional)
      return QPalette().color(QPalette::Disabled, QPalette::Text);
    if (!r->error.isEmpty())
      return QColor(Qt::darkRed);
    return {};
  case Qt::AccessibleTextRole:
    if (provisional && index.column() == SourceColumn)
      return tr("Provisional: %1").arg(r->source);
    if (provisional && index.column() == TranslationColumn && !r->translation.isEmpty())
      return tr("Provisional translation: %1").arg(r->translation);
    return {};
  case ProvisionalRole: return provisional;
  case SegmentIdRole: return r->id;
  case StartSecondsRole: return r->start;
  case ErrorRole: return r->error;
  default: return {};
  }
}

QVariant TranscriptModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  switch (section) {
  case TimeColumn: return tr("Time");
  case SourceColumn: return tr("Heard");
  case TranslationColumn: return tr("Translation");
  default: return {};
  }
}

QString TranscriptModel::text(const QModelIndexList &selection) const {
  std::vector<int> rows;
  if (selection.isEmpty()) {
    for (int i = 0; i < rowCount(); ++i)
      rows.push_back(i);
  } else {
    for (const QModelIndex &i : selection)
      if (i.isValid() && std::find(rows.begin(), rows.end(), i.row()) == rows.end())
        rows.push_back(i.row());
    std::sort(rows.begin(), rows.end());
  }
  QStringList blocks;
  for (int row : rows) {
    bool provisional = false;
    const Row *r = rowAt(row, &provisional);
    if (!r)
      continue;
    QString block = QStringLiteral("[%1] %2").arg(clock(r->start), r->source);
    if (!provisional && !r->translation.isEmpty())
      block += QStringLiteral("\n  → ") + r->translation;
    blocks << block;
  }
  return blocks.join(QLatin1Char('\n'));
}

} // namespace dragoman::ui
