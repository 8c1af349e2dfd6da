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

  // Which segments lost audio to the gate: a segment is marked when its span overlaps a silenced
  // stretch, even by one block; stretches before the finished segments are dropped.
  void gatedSpansMarkOverlappingSegments() {
    GatedSpans spans;
    QVERIFY(!spans.overlaps(0.0, 10.0));
    spans.add(16000, 16320);  // 1.00 .. 1.02 s
    spans.add(16320, 24000);  // adjacent: merged, to 1.5 s
    spans.add(48000, 48320);  // 3.00 .. 3.02 s
    QCOMPARE(spans.size(), std::size_t(2));
    QVERIFY(spans.overlaps(0.5, 1.01));   // speech that ran into the gate
    QVERIFY(spans.overlaps(1.2, 2.0));    // began while gated
    QVERIFY(!spans.overlaps(1.5, 2.9));   // between the stretches: untouched
    QVERIFY(!spans.overlaps(0.0, 1.0));   // ends where the gate began
    QVERIFY(spans.overlaps(2.9, 3.01));
    spans.add(10, 5); // empty: ignored
    QCOMPARE(spans.size(), std::size_t(2));
    spans.forgetBefore(2.0);
    QCOMPARE(spans.size(), std::size_t(1));
    QVERIFY(!spans.overlaps(0.5, 1.2));
    QVERIFY(spans.overlaps(3.0, 4.0));
  }
};

QTEST_GUILESS_MAIN(TestEchoGate)
#include "tst_echogate.moc"
