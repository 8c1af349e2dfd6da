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

// A recogniser of a model shared with the other pipeline: it takes its turn on the model, as
// WhisperAsr does, and notes "pipeline:endedMs" (its segment's size says when it ended) while it
// holds it, so the order is the order of the turns.
class SharedModelAsr : public IAsrEngine {
public:
  SharedModelAsr(TurnGate &model, int pipeline, std::mutex &mutex, QStringList &order)
      : m_model(model), m_pipeline(pipeline), m_mutex(mutex), m_order(order) {}
  QString name() const override { return QStringLiteral("shared"); }
  Result<QString> transcribe(const AudioBuffer &audio, const AbortFlag &) override {
    const TurnGate::Turn turn(m_model);
    const std::lock_guard lock(m_mutex);
    m_order.append(QStringLiteral("%1:%2").arg(m_pipeline).arg(qint64(audio.size()) - 1000));
    return QStringLiteral("heard");
  }

private:
  TurnGate &m_model;
  int m_pipeline;
  std::mutex &m_mutex;
  QStringList &m_order;
};

} // namespace

Q_DECLARE_METATYPE(QList<Submission>)

class TestPipelineTurns : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads;
private Q_SLOTS:
  // (The gate orders what waits at it: a pipeline's later segments wait in its own queue until
  // the one before is done, so each pipeline here has one segment.)
  void sharedModelServesTheOldestSpeechFirst_data() {
    QTest::addColumn<QList<Submission>>("submissions"); // in the order submitted
    QTest::addColumn<QStringList>("served");           // "pipeline:endedMs" in the order recognised
    QTest::newRow("later speech asked first") << QList<Submission>{{0, 900}, {1, 200}} << QStringList{"1:200", "0:900"};
    QTest::newRow("in order") << QList<Submission>{{1, 100}, {0, 300}} << QStringList{"1:100", "0:300"};
    QTest::newRow("same end: in the order asked") << QList<Submission>{{0, 400}, {1, 400}} << QStringList{"0:400", "1:400"};
  }

  void sharedModelServesTheOldestSpeechFirst() {
    QFETCH(QList<Submission>, submissions);
    QFETCH(QStringList, served);
    TurnGate model; // the shared model's turns
    std::mutex orderMutex;
    QStringList order;
    std::array<std::unique_ptr<PipelineController>, 2> pipelines;
    const TimePoint epoch = SteadyClock::now() - std::chrono::seconds(10);
    for (int i = 0; i < 2; ++i) {
      pipelines[std::size_t(i)] = std::make_unique<PipelineController>(
          m_threads,
          EngineFactories{[&, i] {
                            return Result<std::unique_ptr<IAsrEngine>>(
                                std::make_unique<SharedModelAsr>(model, i, orderMutex, order));
                          },
                          [] { return Result<std::unique_ptr<ITranslator>>(std::make_unique<FakeTranslator>()); },
                          {}},
          PipelineOptions{8, QStringLiteral("en"), QStringLiteral("es"), false});
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
        QVERIFY(QTest::qWaitFor([&] { return model.waiting() == before + 1; }, 5000));
      }
    }
    for (auto &p : pipelines)
      p->finishInput();
    for (auto &p : pipelines)
      p->wait();
    QCOMPARE(order, served);
  }
};

QTEST_GUILESS_MAIN(TestPipelineTurns)
#include "tst_pipelineturns.moc"
