// Two pipelines (a call's two directions) whose recognisers share one model take turns on it in
// the order their speech ended, whatever order the work arrived in: each stage thread names the
// end of its segment's audio (TurnGate::Due) before the engine asks for its turn.
#include "core/common/threadhost.h"
#include "core/common/turngate.h"
#include "core/pipeline/pipelinecontroller.h"
#include "tests/support/fakeengines.h"

#include <QSignalSpy>
#include <QTest>

#include <mutex>

using namespace dragoman;
using namespace dragoman::test;

namespace {

struct Submission {
  int pipeline; // 0: me, 1: them
  int endedMs;  // the segment's end of speech, after the test's epoch
};

} // namespace

Q_DECLARE_METATYPE(QList<Submission>)

class TestPipelineTurns : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads;
private Q_SLOTS:
  void sharedModelServesTheOldestSpeechFirst_data() {
    QTest::addColumn<QList<Submission>>("submissions"); // in the order submitted
    QTest::addColumn<QStringList>("served");           // "pipeline:endedMs" in the order recognised
    QTest::newRow("later speech asked first") << QList<Submission>{{0, 900}, {1, 200}} << QStringList{"1:200", "0:900"};
    QTest::newRow("in order") << QList<Submission>{{1, 100}, {0, 300}} << QStringList{"1:100", "0:300"};
    // The gate orders what waits at it: each pipeline's first segment. A pipeline's later segment
    // waits in its own queue (in order) until the one before it is done, so "them" at 100 ms,
    // queued behind "them" at 500 ms, comes next only because its pipeline is served first.
    QTest::newRow("interleaved") << QList<Submission>{{0, 700}, {1, 500}, {0, 800}, {1, 100}}
                                 << QStringList{"1:500", "1:100", "0:700", "0:800"};
  }

  void sharedModelServesTheOldestSpeechFirst() {
    QFETCH(QList<Submission>, submissions);
    QFETCH(QStringList, served);
    TurnGate model; // the shared model's turns
    std::mutex orderMutex;
    QStringList order;
    std::array<std::unique_ptr<PipelineController>, 2> pipelines;
    std::array<std::shared_ptr<std::atomic_int>, 2> ended{std::make_shared<std::atomic_int>(-1),
                                                          std::make_shared<std::atomic_int>(-1)};
    const TimePoint epoch = SteadyClock::now() - std::chrono::seconds(10);
    for (int i = 0; i < 2; ++i) {
      FakeBehaviour asr;
      asr.turns = &model;
      // The engine knows its segment only by its size: the size says when it ended.
      const FakeBehaviour mt;
      pipelines[std::size_t(i)] = std::make_unique<PipelineController>(
          m_threads,
          EngineFactories{[asr] { return Result<std::unique_ptr<IAsrEngine>>(std::make_unique<FakeAsr>(asr)); },
                          [mt] { return Result<std::unique_ptr<ITranslator>>(std::make_unique<FakeTranslator>(mt)); },
                          {}},
          PipelineOptions{8, QStringLiteral("en"), QStringLiteral("es"), false});
      connect(pipelines[std::size_t(i)].get(), &PipelineController::transcriptReady, this, [&, i](const Transcript &t) {
        const std::lock_guard lock(orderMutex);
        order.append(QStringLiteral("%1:%2").arg(i).arg(t.text.section(QLatin1Char(' '), 1).toInt() - 1000));
      });
      QVERIFY(pipelines[std::size_t(i)]->start().ok());
    }
    std::array<int, 2> queued{0, 0};
    {
      TurnGate::Turn held(model); // every recognition has to wait
      for (const Submission &s : submissions) {
        AudioSegment seg = segment(quint64(++queued[std::size_t(s.pipeline)]), std::size_t(1000 + s.endedMs));
        seg.times.captureStart = epoch;
        seg.times.captureEnd = epoch + std::chrono::milliseconds(s.endedMs);
        const int before = model.waiting();
        QVERIFY(pipelines[std::size_t(s.pipeline)]->submit(std::move(seg)));
        // One stage thread per pipeline: the second segment of a pipeline waits in its queue, not
        // at the gate, until the first is done.
        if (queued[std::size_t(s.pipeline)] == 1)
          QVERIFY(QTest::qWaitFor([&] { return model.waiting() == before + 1; }, 5000));
      }
    }
    for (auto &p : pipelines)
      p->finishInput();
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), served.size(), 5000);
    QCOMPARE(order, served);
    for (auto &p : pipelines)
      p->wait();
  }
};

QTEST_GUILESS_MAIN(TestPipelineTurns)
#include "tst_pipelineturns.moc"
