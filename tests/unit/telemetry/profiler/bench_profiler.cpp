// Profiler overhead per span, enabled and disabled, alone and with threads recording at once.
// Prints ns per span; asserts only loose sanity so that it never flakes on a busy machine.
#include "core/telemetry/profiler/profiler.h"

#include <QTest>

#include <thread>
#include <vector>

using namespace dragoman::telemetry;

class BenchProfiler : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void perSpan_data() {
    QTest::addColumn<bool>("enabled");
    QTest::newRow("enabled") << true;
    QTest::newRow("disabled") << false;
  }
  void perSpan() {
    QFETCH(bool, enabled);
    Profiler::measureSpanOverheadNs(enabled, 10000); // warm up
    const double ns = Profiler::measureSpanOverheadNs(enabled, 500000);
    qInfo("%s: %.1f ns per span", enabled ? "enabled" : "disabled", ns);
    QVERIFY(ns > 0.0);
    QVERIFY(ns < 50000.0);
  }

  void noProfilerOnThread() {
    constexpr int kSpans = 500000;
    const auto from = Profiler::Clock::now();
    for (int i = 0; i < kSpans; ++i) {
      DRAGOMAN_PROFILE_SCOPE("nowhere");
    }
    const double ns = std::chrono::duration<double, std::nano>(Profiler::Clock::now() - from).count() / kSpans;
    qInfo("no profiler on the thread: %.1f ns per span", ns);
    QVERIFY(ns < 50000.0);
  }

  void contended() {
    // Four threads recording nested spans into one profiler at full speed: the worst case for
    // its mutex (real spans are milliseconds apart).
    Profiler profiler;
    constexpr int kThreads = 4, kSpans = 50000;
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    const auto from = Profiler::Clock::now();
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&profiler, t] {
        const Profiler::ThreadScope scope(profiler, "bench " + std::to_string(t));
        for (int i = 0; i < kSpans / 2; ++i) {
          DRAGOMAN_PROFILE_SCOPE("outer");
          DRAGOMAN_PROFILE_SCOPE("inner");
        }
      });
    for (std::thread &t : threads)
      t.join();
    const double ns =
        std::chrono::duration<double, std::nano>(Profiler::Clock::now() - from).count() / kSpans; // per span per thread
    qInfo("%d threads at once: %.1f ns per span (wall per thread)", kThreads, ns);
    QCOMPARE(profiler.snapshot().section("inner")->count, std::uint64_t(kThreads * kSpans / 2));
    QVERIFY(ns < 50000.0);
  }
};

QTEST_APPLESS_MAIN(BenchProfiler)
#include "bench_profiler.moc"
