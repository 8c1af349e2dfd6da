#include "ui/profiler/stagetablemodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace dragoman::ui {

StageTableModel::StageTableModel(QObject *parent) : QAbstractTableModel(parent) {
  m_rows = {{"asr.recognise", tr("Recognition"), {}, {}, -1},
            {"mt.translate", tr("Translation"), {}, {}, -1},
            {"tts.synthesize", tr("Speech synthesis"), {}, {}, -1},
            {"segment", tr("Whole segment (capture to speech)"), {}, {}, -1}};
}

void StageTableModel::setProfile(const telemetry::ProfileSnapshot &profile, const std::vector<telemetry::Finding> &findings) {
  int largest = -1;
  double largestShare = 0.0;
  int named = -1;
  for (std::size_t i = 0; i < m_rows.size(); ++i) {
    Row &r = m_rows[i];
    const telemetry::SectionStats *s = profile.section(r.section);
    r.stats = s ? *s : telemetry::SectionStats{};
    r.finding.clear();
    r.severity = -1;
    for (const telemetry::Finding &f : findings) // most severe first
      if (f.subject == r.section) {
        r.finding = QString::fromStdString(f.message);
        r.severity = int(f.severity);
        if (named < 0 && f.severity != telemetry::Severity::Info)
          named = int(i);
        break;
      }
    if (i + 1 < m_rows.size() && r.stats.count > 0 && r.stats.shareOfWall > largestShare) { // stages, not the journey
      largestShare = r.stats.shareOfWall;
      largest = int(i);
    }
  }
  m_bottleneck = named >= 0 ? named : largest;
  Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QString StageTableModel::bottleneckExplanation() const {
  if (m_bottleneck < 0)
    return tr("No stage has run yet.");
  const Row &r = m_rows[std::size_t(m_bottleneck)];
  if (!r.finding.isEmpty())
    return tr("Bottleneck: %1. %2").arg(r.label, r.finding);
  return tr("Bottleneck: %1, busy %2% of the time (p95 %3 ms). It limits how fast segments come out.")
      .arg(r.label)
      .arg(qRound(r.stats.shareOfWall * 100.0))
      .arg(qRound(r.stats.p95Ms));
}

int StageTableModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int StageTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant StageTableModel::data(const QModelIndex &index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const Row &r = m_rows[std::size_t(index.row())];
  const bool bottleneck = index.row() == m_bottleneck;
  const auto ms = [&](double v) { return r.stats.count ? QString::number(v, 'f', v < 10.0 ? 1 : 0) : QStringLiteral("–"); };
  switch (role) {
  case Qt::DisplayRole:
    switch (index.column()) {
    case StageColumn: return r.label;
    case CountColumn: return QVariant::fromValue(qulonglong(r.stats.count));
    case P50Column: return ms(r.stats.p50Ms);
    case P95Column: return ms(r.stats.p95Ms);
    case P99Column: return ms(r.stats.p99Ms);
    case ShareColumn: return r.stats.count ? QStringLiteral("%1%").arg(r.stats.shareOfWall * 100.0, 0, 'f', 0) : QStringLiteral("–");
    default: return {};
    }
  case Qt::TextAlignmentRole:
    return index.column() == StageColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
  case Qt::BackgroundRole:
    if (bottleneck)
      return QBrush(r.severity >= int(telemetry::Severity::Critical) ? QColor(0xf8, 0xd7, 0xda) : QColor(0xff, 0xf3, 0xcd));
    return {};
  case Qt::ForegroundRole:
    if (bottleneck)
      return QBrush(QColor(0x33, 0x26, 0x01));
    return {};
  case Qt::FontRole:
    if (bottleneck) {
      QFont f;
      f.setBold(true);
      return f;
    }
    return {};
  case Qt::ToolTipRole:
    if (bottleneck)
      return bottleneckExplanation();
    return r.finding.isEmpty() ? QVariant() : QVariant(r.finding);
  case BottleneckRole: return bottleneck;
  case SectionRole: return QString::fromLatin1(r.section);
  default: return {};
  }
}

QVariant StageTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  switch (section) {
  case StageColumn: return tr("Stage");
  case CountColumn: return tr("Count");
  case P50Column: return tr("p50 (ms)");
  case P95Column: return tr("p95 (ms)");
  case P99Column: return tr("p99 (ms)");
  case ShareColumn: return tr("Busy");
  default: return {};
  }
}

} // namespace dragoman::ui
