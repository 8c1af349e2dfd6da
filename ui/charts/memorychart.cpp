#include "ui/charts/memorychart.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPen>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>

namespace dragoman::ui {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

} // namespace

MemoryChart::MemoryChart(QWidget *parent) : QWidget(parent), m_chart(new QChart), m_x(new QValueAxis), m_y(new QValueAxis) {
  setObjectName(QStringLiteral("memoryChart"));
  setAccessibleName(tr("Memory over time"));
  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  m_chart->setTitle(tr("Memory"));
  m_chart->legend()->setAlignment(Qt::AlignBottom);
  m_x->setTitleText(tr("seconds ago"));
  m_x->setLabelFormat(QStringLiteral("%d"));
  m_y->setTitleText(tr("MiB"));
  m_y->setLabelFormat(QStringLiteral("%d"));
  m_y->setMin(0);
  m_chart->addAxis(m_x, Qt::AlignBottom);
  m_chart->addAxis(m_y, Qt::AlignLeft);
  m_view = new QChartView(m_chart, this);
  m_view->setObjectName(QStringLiteral("memoryChartView"));
  m_view->setAccessibleName(tr("Memory chart"));
  m_view->setRenderHint(QPainter::Antialiasing);
  layout->addWidget(m_view, 1);
  auto *bar = new QHBoxLayout;
  auto *windowLabel = new QLabel(tr("Show the last:"), this);
  auto *window = new QComboBox(this);
  window->setObjectName(QStringLiteral("memoryWindow"));
  window->setAccessibleName(tr("Time shown on the memory chart"));
  for (int minutes : {1, 5, 10, 30})
    window->addItem(tr("%n minute(s)", nullptr, minutes), minutes * 60);
  window->setCurrentIndex(2);
  windowLabel->setBuddy(window);
  connect(window, &QComboBox::currentIndexChanged, this, [this, window](int i) { setWindowSeconds(window->itemData(i).toInt()); });
  bar->addWidget(windowLabel);
  bar->addWidget(window);
  bar->addStretch(1);
  layout->insertLayout(0, bar);
  m_events = new QLabel(this);
  m_events->setObjectName(QStringLiteral("memoryEvents"));
  m_events->setWordWrap(true);
  m_events->setAccessibleName(tr("Memory events"));
  layout->addWidget(m_events);

  lineSeries(tr("System RAM used"), QColor(0x0d, 0x6e, 0xfd));
  lineSeries(tr("Process RSS"), QColor(0x19, 0x87, 0x54));
  m_alerts = new QScatterSeries;
  m_alerts->setName(tr("Alerts"));
  m_alerts->setColor(QColor(0xdc, 0x35, 0x45));
  m_alerts->setMarkerSize(11);
  m_modelEvents = new QScatterSeries;
  m_modelEvents->setName(tr("Model loaded/unloaded"));
  m_modelEvents->setColor(QColor(0x6f, 0x42, 0xc1));
  m_modelEvents->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
  m_modelEvents->setMarkerSize(9);
  for (QScatterSeries *s : {m_alerts, m_modelEvents}) {
    m_chart->addSeries(s);
    s->attachAxis(m_x);
    s->attachAxis(m_y);
  }
  m_timer.setInterval(100); // 10 Hz; a redraw only when a sample or an event arrived
  connect(&m_timer, &QTimer::timeout, this, [this] {
    if (m_dirty)
      redraw();
  });
  m_timer.start();
  redraw();
}

MemoryChart::~MemoryChart() = default;

QLineSeries *MemoryChart::lineSeries(const QString &name, const QColor &colour, bool dashed) {
  if (auto it = m_series.find(name); it != m_series.end())
    return it->second;
  auto *s = new QLineSeries;
  s->setName(name);
  QPen pen(colour);
  pen.setWidthF(dashed ? 1.5 : 2.0);
  if (dashed)
    pen.setStyle(Qt::DashLine);
  s->setPen(pen);
  m_chart->addSeries(s);
  s->attachAxis(m_x);
  s->attachAxis(m_y);
  m_series[name] = s;
  return s;
}

void MemoryChart::setWindowSeconds(int seconds) {
  m_windowSeconds = std::max(10, seconds);
  m_dirty = true;
}

void MemoryChart::setThresholds(const std::vector<telemetry::MemoryThreshold> &thresholds) {
  m_thresholds = thresholds;
  m_dirty = true;
}

void MemoryChart::clear() {
  m_samples.clear();
  m_eventLog.clear();
  m_dirty = true;
}

void MemoryChart::addSample(const telemetry::MemorySample &sample) {
  m_samples.push_back(sample);
  for (const telemetry::GpuMemory &g : sample.gpus) {
    lineSeries(tr("GPU %1 allocated").arg(g.device), QColor(0xfd, 0x7e, 0x14));
    lineSeries(tr("GPU %1 reserved").arg(g.device), QColor(0xff, 0xc1, 0x07));
  }
  const TimePoint oldest = sample.at - std::chrono::seconds(m_windowSeconds + 5);
  while (!m_samples.empty() && m_samples.front().at < oldest)
    m_samples.pop_front();
  while (!m_eventLog.empty() && m_eventLog.front().at < oldest)
    m_eventLog.pop_front();
  m_dirty = true;
}

void MemoryChart::addAlert(const telemetry::MemoryAlert &alert) {
  if (!alert.raised)
    return;
  m_eventLog.push_back(Event{alert.at == TimePoint{} ? SteadyClock::now() : alert.at, alert.message, true});
  m_dirty = true;
}

void MemoryChart::addEvent(TimePoint at, const QString &label) {
  m_eventLog.push_back(Event{at, label, false});
  m_dirty = true;
}

double MemoryChart::secondsAgo(TimePoint t, TimePoint now) const {
  return -std::chrono::duration<double>(now - t).count();
}

void MemoryChart::redraw() {
  m_dirty = false;
  ++m_redraws;
  const TimePoint now = m_samples.empty() ? SteadyClock::now() : std::max(m_samples.back().at, SteadyClock::now());
  m_lastNow = now;
  std::map<QString, QList<QPointF>> lines;
  double top = 64.0;
  qint64 systemTotal = -1;
  std::map<int, qint64> gpuTotal;
  const QString ram = tr("System RAM used");
  const QString rss = tr("Process RSS");
  lines[ram];
  lines[rss];
  for (const telemetry::MemorySample &s : m_samples) {
    const double x = secondsAgo(s.at, now);
    if (s.systemTotalBytes > 0 && s.systemAvailableBytes >= 0) {
      lines[ram].append({x, double(s.systemTotalBytes - s.systemAvailableBytes) / kMiB});
      systemTotal = s.systemTotalBytes;
    }
    if (s.processRssBytes >= 0)
      lines[rss].append({x, double(s.processRssBytes) / kMiB});
    for (const telemetry::GpuMemory &g : s.gpus) {
      lines[tr("GPU %1 allocated").arg(g.device)].append({x, double(g.allocatedBytes) / kMiB});
      lines[tr("GPU %1 reserved").arg(g.device)].append({x, double(g.reservedBytes) / kMiB});
      if (g.driverTotalBytes > 0)
        gpuTotal[g.device] = g.driverTotalBytes;
    }
  }
  // Limits as horizontal lines across the window, where they can be drawn in bytes.
  for (const telemetry::MemoryThreshold &t : m_thresholds) {
    double bytes = -1.0;
    switch (t.metric.kind) {
    case telemetry::MemoryMetric::Kind::ProcessRss:
    case telemetry::MemoryMetric::Kind::GpuAllocatedBytes: bytes = t.raiseAt; break;
    case telemetry::MemoryMetric::Kind::SystemUsedFraction:
      if (systemTotal > 0)
        bytes = t.raiseAt * double(systemTotal);
      break;
    case telemetry::MemoryMetric::Kind::GpuReservedFraction:
      if (auto it = gpuTotal.find(t.metric.device); it != gpuTotal.end())
        bytes = t.raiseAt * double(it->second);
      break;
    }
    if (bytes <= 0.0)
      continue;
    const QString name = tr("limit: %1").arg(t.name);
    lineSeries(name, QColor(0xdc, 0x35, 0x45), true);
    lines[name] = {QPointF(-m_windowSeconds, bytes / kMiB), QPointF(0.0, bytes / kMiB)};
  }
  for (auto &[name, series] : m_series) {
    const QList<QPointF> &pts = lines[name];
    for (const QPointF &p : pts)
      top = std::max(top, p.y());
    series->replace(pts); // one replace() per series per redraw
  }
  QList<QPointF> alerts;
  QList<QPointF> models;
  QStringList labels;
  const double y = top * 1.02;
  for (const Event &e : m_eventLog) {
    const double x = secondsAgo(e.at, now);
    if (x < -m_windowSeconds)
      continue;
    (e.alert ? alerts : models).append(QPointF(x, e.alert ? y : top * 0.97));
    labels << QStringLiteral("%1 s ago: %2").arg(std::lround(-x)).arg(e.label);
  }
  m_alerts->replace(alerts);
  m_modelEvents->replace(models);
  m_x->setRange(-m_windowSeconds, 0);
  m_y->setRange(0, std::ceil(top * 1.1 / 64.0) * 64.0);
  m_events->setText(labels.isEmpty() ? tr("No memory alerts or model changes in view.") : labels.mid(std::max(0, int(labels.size()) - 4)).join(QLatin1Char('\n')));
  m_events->setProperty("labels", labels);
}

QList<QPointF> MemoryChart::points(const QString &series) const {
  if (series == m_alerts->name())
    return m_alerts->points();
  if (series == m_modelEvents->name())
    return m_modelEvents->points();
  const auto it = m_series.find(series);
  return it == m_series.end() ? QList<QPointF>{} : it->second->points();
}

QStringList MemoryChart::seriesNames() const {
  QStringList names;
  for (const auto &[name, s] : m_series)
    names << name;
  return names;
}

QStringList MemoryChart::eventLabels() const { return m_events->property("labels").toStringList(); }

} // namespace dragoman::ui
