#include "ui/charts/latencychart.h"

#include <QPen>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>

namespace dragoman::ui {
namespace {

constexpr int kMaxPoints = 2000; // per series; the oldest go first

} // namespace

LatencyChart::LatencyChart(QWidget *parent) : QWidget(parent), m_chart(new QChart), m_x(new QValueAxis), m_y(new QValueAxis) {
  setObjectName(QStringLiteral("latencyChart"));
  setAccessibleName(tr("Latency over time"));
  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  m_chart->setTitle(tr("Latency per segment"));
  m_chart->legend()->setAlignment(Qt::AlignBottom);
  m_x->setTitleText(tr("position in the input (s)"));
  m_x->setLabelFormat(QStringLiteral("%d"));
  m_y->setTitleText(tr("ms"));
  m_y->setLabelFormat(QStringLiteral("%d"));
  m_chart->addAxis(m_x, Qt::AlignBottom);
  m_chart->addAxis(m_y, Qt::AlignLeft);
  const QString names[] = {tr("Recognition"), tr("Translation"), tr("Synthesis"), tr("Whole segment")};
  const QColor colours[] = {QColor(0x0d, 0x6e, 0xfd), QColor(0x19, 0x87, 0x54), QColor(0xfd, 0x7e, 0x14), QColor(0x6c, 0x75, 0x7d)};
  for (int i = 0; i < SeriesCount; ++i) {
    auto *s = new QLineSeries;
    s->setName(names[i]);
    QPen pen(colours[i]);
    pen.setWidthF(2.0);
    if (i == Journey)
      pen.setStyle(Qt::DotLine);
    s->setPen(pen);
    s->setPointsVisible(true);
    m_chart->addSeries(s);
    s->attachAxis(m_x);
    s->attachAxis(m_y);
    m_series[std::size_t(i)] = s;
  }
  auto *view = new QChartView(m_chart, this);
  view->setObjectName(QStringLiteral("latencyChartView"));
  view->setAccessibleName(tr("Latency chart"));
  view->setRenderHint(QPainter::Antialiasing);
  layout->addWidget(view);
  m_timer.setInterval(100);
  connect(&m_timer, &QTimer::timeout, this, [this] {
    if (m_dirty)
      redraw();
  });
  m_timer.start();
  redraw();
}

LatencyChart::~LatencyChart() = default;

void LatencyChart::addSegment(const SegmentResult &r) {
  const double x = r.endSeconds;
  const StageTimes &t = r.times;
  const auto add = [&](Series s, TimePoint a, TimePoint b) {
    const double ms = millisBetween(a, b);
    if (ms < 0.0)
      return;
    QList<QPointF> &pts = m_points[std::size_t(s)];
    pts.append(QPointF(x, ms));
    if (pts.size() > kMaxPoints)
      pts.removeFirst();
  };
  add(Recognition, t.asrStart, t.asrDone);
  add(Translation, t.mtStart, t.mtDone);
  add(Synthesis, t.ttsStart, t.ttsDone);
  const TimePoint end = t.ttsDone != TimePoint{} ? t.ttsDone : t.mtDone != TimePoint{} ? t.mtDone : t.asrDone;
  add(Journey, t.captureStart, end);
  m_dirty = true;
}

void LatencyChart::clear() {
  for (QList<QPointF> &p : m_points)
    p.clear();
  m_dirty = true;
}

QList<QPointF> LatencyChart::points(Series series) const { return m_series[std::size_t(series)]->points(); }

void LatencyChart::redraw() {
  m_dirty = false;
  ++m_redraws;
  double maxX = 10.0;
  double maxY = 100.0;
  for (int i = 0; i < SeriesCount; ++i) {
    for (const QPointF &p : m_points[std::size_t(i)]) {
      maxX = std::max(maxX, p.x());
      maxY = std::max(maxY, p.y());
    }
    m_series[std::size_t(i)]->replace(m_points[std::size_t(i)]); // one replace() per series per redraw
  }
  m_x->setRange(0, std::ceil(maxX));
  m_y->setRange(0, std::ceil(maxY * 1.1 / 100.0) * 100.0);
}

} // namespace dragoman::ui
