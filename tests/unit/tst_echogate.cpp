#include "core/audio/echogate.h"

#include <QTest>

using namespace dragoman;
using namespace dragoman::audio;
using namespace std::chrono_literals;

class TestEchoGate : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void gatesWhilePlayingAndForTheTail() {
    EchoGate gate(true, 300ms);
    const TimePoint t0 = SteadyClock::now();
    std::vector<float> block(160, 0.5f);
    QVERIFY(!gate.process(block.data(), block.size(), false, t0));
    QCOMPARE(block[0], 0.5f);
    QVERIFY(gate.process(block.data(), block.size(), true, t0 + 10ms));
    QCOMPARE(block[0], 0.0f);
    std::fill(block.begin(), block.end(), 0.5f);
    QVERIFY(gate.process(block.data(), block.size(), false, t0 + 200ms)); // tail
    std::fill(block.begin(), block.end(), 0.5f);
    QVERIFY(gate.process(block.data(), block.size(), false, t0 + 310ms)); // still within 300 ms of 10 ms
    std::fill(block.begin(), block.end(), 0.5f);
    QVERIFY(!gate.process(block.data(), block.size(), false, t0 + 320ms));
    QCOMPARE(block[0], 0.5f);
    QCOMPARE(gate.gatedFrames(), quint64(3 * 160));
  }

  void disabledNeverGates() {
    EchoGate gate(false, 300ms);
    std::vector<float> block(160, 0.5f);
    QVERIFY(!gate.process(block.data(), block.size(), true, SteadyClock::now()));
    QCOMPARE(block[0], 0.5f);
    QCOMPARE(gate.gatedFrames(), quint64(0));
  }
};

QTEST_GUILESS_MAIN(TestEchoGate)
#include "tst_echogate.moc"
