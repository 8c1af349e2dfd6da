#include "core/telemetry/metrics/counter.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

using dragoman::telemetry::Counter;

class TestCounter : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void startsAtZeroAndAdds() {
    Counter c;
    QCOMPARE(c.value(), 0.0);
    QVERIFY(c.inc());
    QVERIFY(c.inc(2.5));
    QVERIFY(c.inc(0.0));
    QCOMPARE(c.value(), 3.5);
  }

  void rejectsNegativeAndNaN() {
    Counter c;
    c.inc(4);
    QVERIFY(!c.inc(-1));
    QVERIFY(!c.inc(-0.001));
    QVERIFY(!c.inc(std::numeric_limits<double>::quiet_NaN()));
    QCOMPARE(c.value(), 4.0);
  }

  void concurrentIncrementsSumExactly() {
    constexpr int kThreads = 8;
    constexpr int kPerThread = 200'000;
    Counter c;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&c, t] {
        for (int i = 0; i < kPerThread; ++i)
          c.inc(t % 2 == 0 ? 1.0 : 0.5); // halves and ones stay exact in a double
      });
    for (std::thread &t : threads)
      t.join();
    QCOMPARE(c.value(), kThreads / 2 * kPerThread * 1.0 + kThreads / 2 * kPerThread * 0.5);
  }
};

QTEST_GUILESS_MAIN(TestCounter)
#include "tst_counter.moc"
