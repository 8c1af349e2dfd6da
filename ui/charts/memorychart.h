#pragma once
// Memory over the last minutes (Qt Charts): system RAM in use, this process's resident memory, and
// each GPU's allocated and reserved memory, in MiB against "seconds ago". The limits are dashed
// lines, alerts red points, model loads and unloads labelled points. Samples are only stored when
// they arrive; a timer redraws, with one replace() per series, when something changed.

#include "core/telemetry/memory/memorysample.h"
#include "core/telemetry/memory/memorythreshold.h"

#include <QPointF>
#include <QTimer>
#include <QWidget>

#include <deque>
#include <map>
#include <vector>

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace dragoman::ui {

class MemoryChart : public QWidget {
  Q_OBJECT
public:
  explicit MemoryChart(QWidget *parent = nullptr);
  ~MemoryChart() override;

  void setWindowSeconds(int seconds); // how far back the chart looks (default 600)
  int windowSeconds() const { return m_windowSeconds; }
  void setThresholds(const std::vector<telemetry::MemoryThreshold> &thresholds);
  void clear();

  // The points each series holds after the last redraw, by series name ("Process RSS", ...).
  QList<QPointF> points(const QString &series) const;
  QStringList seriesNames() const;
  int redraws() const { return m_redraws; }
  // Labels of the model events now in view, oldest first ("loaded whisper (asr, 142 MiB)").
  QStringList eventLabels() const;

public Q_SLOTS:
  void addSample(const dragoman::telemetry::MemorySample &sample);
  void addAlert(const dragoman::telemetry::MemoryAlert &alert);
  void addEvent(dragoman::TimePoint at, const QString &label);
  void redraw(); // what the timer calls; public for tests

private:
  struct Event {
    TimePoint at;
    QString label;
    bool alert = false;
  };
  QLineSeries *lineSeries(const QString &name, const QColor &colour, bool dashed = false);
  double secondsAgo(TimePoint t, TimePoint now) const;

  QChart *m_chart;
  QChartView *m_view;
  QValueAxis *m_x;
  QValueAxis *m_y;
  QLabel *m_events;
  QScatterSeries *m_alerts;
  QScatterSeries *m_modelEvents;
  std::map<QString, QLineSeries *> m_series;
  std::deque<telemetry::MemorySample> m_samples;
  std::deque<Event> m_eventLog;
  std::vector<telemetry::MemoryThreshold> m_thresholds;
  QTimer m_timer;
  int m_windowSeconds = 600;
  int m_redraws = 0;
  bool m_dirty = false;
  TimePoint m_lastNow{};
};

} // namespace dragoman::ui
