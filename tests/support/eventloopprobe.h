#pragma once
// Test helper: how long the thread that owns it was not answering its event loop. A 10 ms timer
// ticks on that thread; the gaps between ticks are kept (a gap well above 10 ms is time the loop
// spent inside one event).

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace dragoman::test {

class EventLoopProbe : public QObject {
public:
  EventLoopProbe() {
    m_timer.setInterval(10);
    connect(&m_timer, &QTimer::timeout, this, [this] {
      const qint64 now = m_clock.nsecsElapsed();
      if (m_last > 0)
        m_gaps.push_back(double(now - m_last) / 1e6);
      m_last = now;
    });
    m_clock.start();
    m_timer.start();
  }
  double maxGapMs() const { return m_gaps.empty() ? 0.0 : *std::max_element(m_gaps.begin(), m_gaps.end()); }
  double percentileMs(double p) const {
    if (m_gaps.empty())
      return 0.0;
    std::vector<double> g = m_gaps;
    std::sort(g.begin(), g.end());
    return g[std::min(g.size() - 1, std::size_t(p * double(g.size())))];
  }
  std::size_t ticks() const { return m_gaps.size(); }

private:
  QTimer m_timer;
  QElapsedTimer m_clock;
  qint64 m_last = 0;
  std::vector<double> m_gaps;
};

} // namespace dragoman::test
