#include "core/telemetry/metrics/gauge.h"

#include <QTest>

#include <thread>
#include <vector>

using dragoman::telemetry::Gauge;

class TestGauge : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void setAndAdd() {
    Gauge g;
    QCOMPARE(g.value(), 0.0);
    g.set(10);
    g.add(-2.5);
    QCOMPARE(g.value(), 7.5);
    g.set(-3);
    QCOMPARE(g.value(), -3.0);
  }

  void concurrentAddsBalance() {
    Gauge g;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&g] {
        for (int i = 0; i < 100'000; ++i) {
          g.add(1);
          g.add(-1);
        }
      });
    for (std::thread &t : threads)
      t.join();
    QCOMPARE(g.value(), 0.0);
  }
};

QTEST_GUILESS_MAIN(TestGauge)
#include "tst_gauge.moc"
