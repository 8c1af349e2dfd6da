#pragma once
// Latency over the session (Qt Charts): for each finished segment, how long recognition,
// translation and synthesis took, and the whole journey from the first captured sample to the
// synthesized speech, in milliseconds against the segment's position in the input.

#include "core/common/types.h"

#include <QPointF>
#include <QTimer>
#include <QWidget>

#include <array>

class QChart;
class QLineSeries;
class QValueAxis;

namespace dragoman::ui {

class LatencyChart : public QWidget {
  Q_OBJECT
public:
  enum Series { Recognition, Translation, Synthesis, Journey, SeriesCount };

  explicit LatencyChart(QWidget *parent = nullptr);
  ~LatencyChart() override;

  void addSegment(const SegmentResult &result);
  void clear();
  QList<QPointF> points(Series series) const;
  int redraws() const { return m_redraws; }
  void redraw();

private:
  QChart *m_chart;
  QValueAxis *m_x;
  QValueAxis *m_y;
  std::array<QLineSeries *, SeriesCount> m_series{};
  std::array<QList<QPointF>, SeriesCount> m_points;
  QTimer m_timer;
  bool m_dirty = false;
  int m_redraws = 0;
};

} // namespace dragoman::ui
