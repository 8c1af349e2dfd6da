#pragma once
// The profiler dashboard: the real-time ratio and totals, the per-stage latency table with the
// bottleneck highlighted and explained, latency over time, queue depths, the last segments'
// timelines, and buttons that export the profile in each format (written off the GUI thread).

#include "core/common/types.h"
#include "core/telemetry/history/runrecord.h"

#include <QWidget>

#include <functional>

class QLabel;
class QTableView;

namespace dragoman {
class ThreadHost;
}

namespace dragoman::ui {

class LatencyChart;
class SegmentTimeline;
class StageTableModel;

class ProfilerDashboard : public QWidget {
  Q_OBJECT
public:
  // Answers the full profile (with its spans) for an export; empty when there is none.
  using ProfileSource = std::function<std::optional<telemetry::ProfileSnapshot>()>;

  // Exports are written on a thread from `threads`, which must outlive the dashboard.
  explicit ProfilerDashboard(ThreadHost &threads, QWidget *parent = nullptr);

  void setProfileSource(ProfileSource source) { m_source = std::move(source); }
  // The run so far (the session's telemetry record) and the queues now.
  void setRecord(const telemetry::RunRecord &record);
  void setQueueDepths(const QList<int> &depths, const QList<int> &highWater);
  void addSegment(const SegmentResult &result);
  void clear();
  // A past session's timings (from the history): the table, chart and timeline from its segments.
  void showSession(const QList<SegmentResult> &segments, const QString &title);
  // Per-stage statistics from segments' stage times, as the profiler would have measured them.
  static telemetry::ProfileSnapshot profileOf(const QList<SegmentResult> &segments);
  // Earlier runs of the same command from the history, newest first (the run just finished, when
  // stored, is the first): listed with what changed from the one before.
  void setEarlierRuns(const QList<telemetry::RunRecord> &runs);
  QString comparisonText() const;

  StageTableModel *stageModel() const { return m_stages; }
  LatencyChart *latencyChart() const { return m_latency; }
  SegmentTimeline *timeline() const { return m_timeline; }
  QString summaryText() const;
  QString bottleneckText() const;
  // Writes the profile to `path` in the format its extension names (.json, .csv, .txt, .trace.json
  // for Chrome/Perfetto) on a worker thread; exported() reports how it went.
  void exportTo(const QString &path);

Q_SIGNALS:
  void exported(const QString &path, const QString &error);

private:
  ThreadHost &m_threads;
  void chooseExport(const QString &format, const QString &suffix);

  StageTableModel *m_stages;
  QTableView *m_table = nullptr;
  QLabel *m_summary = nullptr;
  QLabel *m_bottleneck = nullptr;
  QLabel *m_queues = nullptr;
  QLabel *m_comparison = nullptr;
  LatencyChart *m_latency = nullptr;
  SegmentTimeline *m_timeline = nullptr;
  ProfileSource m_source;
};

} // namespace dragoman::ui
