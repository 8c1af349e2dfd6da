#pragma once
// Test helper: how long the thread that owns it was not answering its event loop. A 10 ms timer
// ticks on that thread; the gaps between ticks are kept (a gap well above 10 ms is time the loop
// spent inside one event, or time the thread waited for a core). The loop's own work is kept apart:
// from the dispatcher's awake() to its next aboutToBlock() is one pass of the loop handling what
// woke it (under the GLib dispatcher, Qt's default on Linux, not every source is inside it).
// On Linux the longest gap is also split by the kernel's account of the thread
// (/proc/thread-self/schedstat): the time it ran, the time it waited for a core, and the rest,
// which it spent blocked (a lock, a page fault, a system call, a stopped machine).

#include <QAbstractEventDispatcher>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

namespace dragoman::test {

class EventLoopProbe : public QObject {
public:
  EventLoopProbe() {
    m_timer.setInterval(10);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
      const qint64 now = m_clock.nsecsElapsed();
      const SchedStat stat = readSchedStat();
      if (m_last > 0) {
        m_gaps.push_back(double(now - m_last) / 1e6);
        if (m_gaps.back() >= maxGapMs()) {
          m_longestRanMs = double(stat.ranNs - m_lastStat.ranNs) / 1e6;
          m_longestQueuedMs = double(stat.queuedNs - m_lastStat.queuedNs) / 1e6;
        }
      }
      m_last = now;
      m_lastStat = stat;
    });
    if (QAbstractEventDispatcher *dispatcher = QThread::currentThread()->eventDispatcher()) {
      connect(dispatcher, &QAbstractEventDispatcher::awake, this, [this] { m_awake = m_clock.nsecsElapsed(); });
      connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, [this] {
        if (m_awake > 0)
          m_longestPassMs = std::max(m_longestPassMs, double(m_clock.nsecsElapsed() - m_awake) / 1e6);
        m_awake = 0;
      });
    }
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
  // The longest time the loop spent handling events between two waits.
  double longestPassMs() const { return m_longestPassMs; }
  // In the longest gap: how long the thread ran, and how long it was ready but waited for a core
  // (0 where the kernel does not say).
  double longestGapRanMs() const { return m_longestRanMs; }
  double longestGapQueuedMs() const { return m_longestQueuedMs; }

  // Waits as the application's loop does, blocked in the dispatcher until an event comes, until
  // done() or timeoutMs. QTest::qWait and qWaitFor sleep up to 10 ms between passes of the loop, a
  // late tick the probe would count against the code under test.
  static bool waitUntil(const std::function<bool()> &done, int timeoutMs) {
    if (done())
      return true;
    QEventLoop loop;
    QTimer check;
    check.setInterval(5);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
      if (done())
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    check.start();
    loop.exec();
    return done();
  }
  static void waitFor(int ms) {
    QElapsedTimer clock;
    clock.start();
    waitUntil([&clock, ms] { return clock.elapsed() >= ms; }, ms + 1000);
  }

private:
  struct SchedStat {
    unsigned long long ranNs = 0;
    unsigned long long queuedNs = 0;
  };
  static SchedStat readSchedStat() {
    SchedStat s;
#if defined(__linux__)
    if (std::FILE *f = std::fopen("/proc/thread-self/schedstat", "r")) {
      if (std::fscanf(f, "%llu %llu", &s.ranNs, &s.queuedNs) != 2)
        s = {};
      std::fclose(f);
    }
#endif
    return s;
  }

  QTimer m_timer;
  SchedStat m_lastStat;
  double m_longestRanMs = 0.0;
  double m_longestQueuedMs = 0.0;
  QElapsedTimer m_clock;
  qint64 m_last = 0;
  qint64 m_awake = 0;
  double m_longestPassMs = 0.0;
  std::vector<double> m_gaps;
};

} // namespace dragoman::test
