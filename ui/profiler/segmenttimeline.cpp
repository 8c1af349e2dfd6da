#include "ui/profiler/segmenttimeline.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace dragoman::ui {
namespace {

constexpr int kRowHeight = 16;
constexpr int kTop = 22;  // the legend
constexpr int kLeft = 52; // the segment labels
constexpr int kBottom = 20;

struct Stage {
  const char *name;
  QColor colour;
};

} // namespace

SegmentTimeline::SegmentTimeline(QWidget *parent) : QWidget(parent) {
  setObjectName(QStringLiteral("segmentTimeline"));
  setAccessibleName(tr("Segment timeline"));
  setAccessibleDescription(tr("One row per segment: capture, recognition, translation and synthesis bars"));
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

double SegmentTimeline::seconds(TimePoint t) const {
  if (t == TimePoint{})
    return -1.0;
  return std::chrono::duration<double>(t - m_origin).count();
}

void SegmentTimeline::addSegment(const SegmentResult &r) {
  const StageTimes &t = r.times;
  const TimePoint first = t.captureStart != TimePoint{} ? t.captureStart : t.asrStart;
  if (first == TimePoint{})
    return;
  if (m_origin == TimePoint{} || first < m_origin)
    m_origin = first;
  Row row;
  row.id = r.segmentId;
  const auto bar = [this](TimePoint a, TimePoint b) {
    return a != TimePoint{} && b != TimePoint{} && a <= b ? Bar{seconds(a), seconds(b)} : Bar{};
  };
  row.capture = bar(t.captureStart, t.captureEnd);
  row.asr = bar(t.asrStart, t.asrDone);
  row.mt = bar(t.mtStart, t.mtDone);
  row.tts = bar(t.ttsStart, t.ttsDone);
  row.playback = seconds(t.playbackStart);
  // A segment seen again (played after it finished) replaces its row.
  auto same = std::find_if(m_rows.begin(), m_rows.end(), [&](const Row &x) { return x.id == row.id; });
  if (same != m_rows.end())
    *same = row;
  else
    m_rows.push_back(row);
  while (int(m_rows.size()) > m_maxRows)
    m_rows.pop_front();
  updateGeometry();
  update();
}

void SegmentTimeline::clear() {
  m_rows.clear();
  m_origin = {};
  update();
}

void SegmentTimeline::setMaxRows(int rows) {
  m_maxRows = std::max(1, rows);
  while (int(m_rows.size()) > m_maxRows)
    m_rows.pop_front();
  update();
}

QSize SegmentTimeline::sizeHint() const { return {600, kTop + kBottom + kRowHeight * std::max<int>(4, int(m_rows.size()))}; }

void SegmentTimeline::paintEvent(QPaintEvent *) {
  QPainter p(this);
  p.fillRect(rect(), palette().color(QPalette::Base));
  const Stage stages[] = {{QT_TR_NOOP("capture"), QColor(0x9e, 0x9e, 0x9e)},
                          {QT_TR_NOOP("recognition"), QColor(0x0d, 0x6e, 0xfd)},
                          {QT_TR_NOOP("translation"), QColor(0x19, 0x87, 0x54)},
                          {QT_TR_NOOP("synthesis"), QColor(0xfd, 0x7e, 0x14)},
                          {QT_TR_NOOP("playback"), QColor(0x6f, 0x42, 0xc1)}};
  int x = kLeft;
  p.setPen(palette().color(QPalette::Text));
  for (const Stage &s : stages) {
    p.fillRect(x, 6, 10, 10, s.colour);
    const QString name = tr(s.name);
    p.drawText(x + 14, 16, name);
    x += 24 + p.fontMetrics().horizontalAdvance(name);
  }
  if (m_rows.empty()) {
    p.drawText(rect().adjusted(kLeft, kTop, 0, 0), Qt::AlignLeft | Qt::AlignTop, tr("No segment yet."));
    return;
  }
  double from = m_rows.front().capture.start >= 0 ? m_rows.front().capture.start : m_rows.front().asr.start;
  double to = from + 0.1;
  for (const Row &r : m_rows) {
    for (const Bar &b : {r.capture, r.asr, r.mt, r.tts})
      if (b.start >= 0) {
        from = std::min(from, b.start);
        to = std::max(to, b.end);
      }
    to = std::max(to, r.playback);
  }
  const double width = std::max(1, this->width() - kLeft - 8);
  const auto px = [&](double s) { return kLeft + int((s - from) / (to - from) * width); };
  int y = kTop;
  for (const Row &r : m_rows) {
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(0, y, kLeft - 6, kRowHeight), Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("#%1").arg(r.id));
    const Bar bars[] = {r.capture, r.asr, r.mt, r.tts};
    for (int i = 0; i < 4; ++i)
      if (bars[i].start >= 0)
        p.fillRect(QRect(px(bars[i].start), y + 3, std::max(2, px(bars[i].end) - px(bars[i].start)), kRowHeight - 6), stages[i].colour);
    if (r.playback >= 0)
      p.fillRect(QRect(px(r.playback) - 1, y + 1, 3, kRowHeight - 2), stages[4].colour);
    y += kRowHeight;
  }
  // The time axis: about six ticks at round seconds.
  p.setPen(palette().color(QPalette::Mid));
  p.drawLine(kLeft, y + 2, kLeft + int(width), y + 2);
  const double span = to - from;
  const double step = std::pow(10.0, std::floor(std::log10(std::max(span / 6.0, 1e-3))));
  const double tick = span / step > 30 ? step * 5 : span / step > 12 ? step * 2 : step;
  p.setPen(palette().color(QPalette::Text));
  for (double s = std::ceil(from / tick) * tick; s <= to; s += tick) {
    p.drawLine(px(s), y + 2, px(s), y + 5);
    p.drawText(px(s) - 20, y + 6, 40, 14, Qt::AlignHCenter | Qt::AlignTop, QStringLiteral("%1 s").arg(s, 0, 'f', tick < 1.0 ? 1 : 0));
  }
}

} // namespace dragoman::ui
