#pragma once
// The journey of the last segments, one row each (Hotspot-style): capture, recognition,
// translation and synthesis as bars on a shared time axis, and a tick where playback began. Gaps
// between bars are time spent waiting in a queue.

#include "core/common/types.h"

#include <QWidget>

#include <deque>

namespace dragoman::ui {

class SegmentTimeline : public QWidget {
  Q_OBJECT
public:
  struct Bar {
    double start = -1.0; // seconds since the first capture; -1: the stage never ran
    double end = -1.0;
  };
  struct Row {
    quint64 id = 0;
    Bar capture, asr, mt, tts;
    double playback = -1.0;
  };

  explicit SegmentTimeline(QWidget *parent = nullptr);
  void addSegment(const SegmentResult &result);
  void clear();
  void setMaxRows(int rows);
  const std::deque<Row> &rows() const { return m_rows; }
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override { return {300, 120}; }

protected:
  void paintEvent(QPaintEvent *event) override;

private:
  double seconds(TimePoint t) const;
  std::deque<Row> m_rows;
  TimePoint m_origin{};
  int m_maxRows = 24;
};

} // namespace dragoman::ui
