#pragma once
// Per-stage latency for the profiler dashboard: count, p50, p95, p99 and share of the run's wall
// time for recognition, translation, synthesis and a segment's whole journey. The bottleneck (the
// stage a finding names first, or else the one with the largest share) is highlighted, and its
// tooltip says why.

#include "core/telemetry/bottlenecks/bottlenecks.h"
#include "core/telemetry/profiler/snapshot.h"

#include <QAbstractTableModel>

#include <vector>

namespace dragoman::ui {

class StageTableModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Column { StageColumn, CountColumn, P50Column, P95Column, P99Column, ShareColumn, ColumnCount };
  enum Role { BottleneckRole = Qt::UserRole + 1, SectionRole };

  explicit StageTableModel(QObject *parent = nullptr);

  // Rows keep their order (the pipeline's); values change in place.
  void setProfile(const telemetry::ProfileSnapshot &profile, const std::vector<telemetry::Finding> &findings);
  int bottleneckRow() const { return m_bottleneck; } // -1: none yet
  QString bottleneckExplanation() const;

  int rowCount(const QModelIndex &parent = {}) const override;
  int columnCount(const QModelIndex &parent = {}) const override;
  QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
  struct Row {
    const char *section;
    QString label;
    telemetry::SectionStats stats;
    QString finding; // the finding's message for this section, if any
    int severity = -1;
  };
  std::vector<Row> m_rows;
  int m_bottleneck = -1;
};

} // namespace dragoman::ui
