// MemoryResponder between a memory monitor fed synthetic readings and a real pipeline of fake
// engines: which cleanup runs when a limit is passed, that it runs once per crossing, that it
// waits for a pipeline that has not started, and that it says what it did or why it did nothing.
#include "app/context/memoryresponder.h"
#include "core/common/threadhost.h"
#include "tests/support/engineevents.h"
#include "tests/support/fakeengines.h"
#include "tests/unit/telemetry/metrics/fakememory.h"

#include <QSignalSpy>
#include <QTest>

using namespace dragoman;
using namespace dragoman::test;

namespace {

// A recogniser that says where it runs.
class PlacedAsr : public FakeAsr {
public:
  PlacedAsr(QString model, QString device) : m_footprint{std::move(model), std::move(device), 64LL << 20} {}
  EngineFootprint footprint() const override { return m_footprint; }

private:
  EngineFootprint m_footprint;
};

Result<std::unique_ptr<IAsrEngine>> placed(const QString &model, const QString &device) {
  return std::unique_ptr<IAsrEngine>(std::make_unique<PlacedAsr>(model, device));
}

// A translator that says where it runs.
class PlacedTranslator : public FakeTranslator {
public:
  PlacedTranslator(QString model, QString device) : m_footprint{std::move(model), std::move(device), 32LL << 20} {}
  EngineFootprint footprint() const override { return m_footprint; }

private:
  EngineFootprint m_footprint;
};

Result<std::unique_ptr<ITranslator>> placedTranslator(const QString &model, const QString &device) {
  return std::unique_ptr<ITranslator>(std::make_unique<PlacedTranslator>(model, device));
}

EngineFactories gpuPipeline() {
  return EngineFactories{
      [] { return placed(QStringLiteral("whisper-small"), QStringLiteral("cuda:0")); },
      [] { return Result<std::unique_ptr<ITranslator>>(std::make_unique<FakeTranslator>()); },
      [] { return Result<std::unique_ptr<ISynthesizer>>(std::make_unique<FakeSynthesizer>()); },
  };
}

PipelineOptions options() { return PipelineOptions{4, QStringLiteral("en"), QStringLiteral("es"), true}; }

struct Rig {
  std::shared_ptr<HostMemoryState> host = std::make_shared<HostMemoryState>();
  std::shared_ptr<FakeGpu> gpu = std::make_shared<FakeGpu>();
  telemetry::MemoryMonitor monitor{gpu};

  Rig() {
    monitor.setHostReader(std::make_unique<FakeHostReader>(host));
    monitor.setDriverGpuReader(nullptr);
    gpu->gpus = {telemetry::GpuMemory{0, 1LL << 30, 1LL << 30, 1LL << 30, 1LL << 30, 8LL << 30, 24LL << 30}};
  }
  void gpuAllocated(qint64 bytes) { gpu->gpus[0].allocatedBytes = bytes; }
  // Process memory at 900 MiB, over a 512 MiB limit (cleared under 400 MiB) that runs `action`.
  void overProcessLimit(telemetry::MemoryAction action) {
    host->process.rssBytes = 900LL << 20;
    QVERIFY(monitor
                .addThreshold({QStringLiteral("process memory"), telemetry::MemoryMetric::processRss(), 512.0 * (1 << 20),
                               400.0 * (1 << 20), action})
                .ok());
  }
};

} // namespace

class TestMemoryResponder : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the stages' threads come from here, as from the application's
private Q_SLOTS:
  void cpuFallbackMovesOnlyStagesOnAGpu() {
    Rig rig;
    QVERIFY(rig.monitor
                .addThreshold({QStringLiteral("GPU memory"), telemetry::MemoryMetric::gpuAllocatedBytes(0), 4.0 * (1LL << 30),
                               3.0 * (1LL << 30), telemetry::MemoryAction::FallBackToCpu})
                .ok());
    MemoryResponder responder(rig.monitor, std::chrono::seconds(60));
    PipelineController pipeline(m_threads, gpuPipeline(), options());
    EngineEvents loaded(pipeline, &PipelineController::engineLoaded);
    EngineEvents unloaded(pipeline, &PipelineController::engineUnloaded);
    EngineFallbacks fallbacks;
    fallbacks.cpu.asr = [] { return placed(QStringLiteral("whisper-small"), QStringLiteral("cpu")); };
    fallbacks.cpu.translator = [] { return Result<std::unique_ptr<ITranslator>>(std::make_unique<FakeTranslator>()); };
    responder.attach(pipeline, fallbacks);
    QVERIFY(pipeline.start().ok());
    QTRY_COMPARE(loaded.count(), 3);

    rig.gpuAllocated(5LL << 30);
    rig.monitor.sampleNow();
    QTRY_COMPARE(loaded.count(), 4);
    QCOMPARE(loaded.events.last().stage, Stage::Asr);
    QCOMPARE(loaded.events.last().footprint.device, QStringLiteral("cpu"));
    QCOMPARE(unloaded.count(), 1);
    QCOMPARE(unloaded.events.first().footprint.device, QStringLiteral("cuda:0"));
    QVERIFY2(responder.actions().contains(QStringLiteral("moving asr to the CPU")),
             qPrintable(responder.actions().join(QLatin1Char('\n'))));

    // Still over the limit: the move is not repeated.
    rig.monitor.sampleNow();
    rig.monitor.sampleNow();
    QTest::qWait(100);
    QCOMPARE(loaded.count(), 4);

    // Cleared, then passed again: nothing is on the GPU any more.
    rig.gpuAllocated(1LL << 30);
    rig.monitor.sampleNow();
    rig.gpuAllocated(6LL << 30);
    rig.monitor.sampleNow();
    QTest::qWait(100);
    QCOMPARE(loaded.count(), 4);
    QVERIFY(responder.actions().last().contains(QStringLiteral("no stage runs on a GPU")));
  }

  // The monitor starts before the pipeline is made (translate) and before it starts (live): the
  // action waits for it.
  void actionWaitsForThePipeline() {
    Rig rig;
    rig.overProcessLimit(telemetry::MemoryAction::FallBackToSmallerModel);
    MemoryResponder responder(rig.monitor, std::chrono::seconds(60));
    PipelineController pipeline(m_threads, gpuPipeline(), options());
    EngineEvents loaded(pipeline, &PipelineController::engineLoaded);
    EngineFallbacks fallbacks;
    fallbacks.smallerAsr = [] { return placed(QStringLiteral("whisper-tiny"), QStringLiteral("cuda:0")); };
    fallbacks.smallerAsrModel = QStringLiteral("whisper-tiny");
    // translate: the limit is passed before the pipeline even exists.
    rig.monitor.sampleNow();
    QVERIFY(responder.actions().join(QLatin1Char('\n')).contains(QStringLiteral("waits for the pipeline")));
    responder.attach(pipeline, fallbacks);
    rig.monitor.sampleNow();

    QVERIFY(pipeline.start().ok());
    QTRY_COMPARE(loaded.count(), 3);
    rig.monitor.sampleNow();
    QTRY_COMPARE(loaded.count(), 4);
    QCOMPARE(loaded.events.last().footprint.model, QStringLiteral("whisper-tiny"));
    QVERIFY(responder.actions().contains(QStringLiteral("switching recognition to the smaller model whisper-tiny")));
    QVERIFY(responder.actions().contains(QStringLiteral("unloaded whisper-small (asr, cuda:0): 64.0 MiB")));

    // Passed again later: already on the smaller model, so it says so and loads nothing.
    rig.host->process.rssBytes = 100LL << 20;
    rig.monitor.sampleNow();
    rig.host->process.rssBytes = 900LL << 20;
    rig.monitor.sampleNow();
    QTest::qWait(100);
    QCOMPARE(loaded.count(), 4);
    QVERIFY(responder.actions().last().contains(QStringLiteral("already uses the smaller model")));
  }

  // While the limit stays passed, every sample asks again: engines that were busy at the crossing
  // are unloaded once they have been idle long enough.
  void unloadRepeatsWhileOverTheLimit() {
    Rig rig;
    rig.overProcessLimit(telemetry::MemoryAction::UnloadIdleModels);
    MemoryResponder responder(rig.monitor, std::chrono::milliseconds(1000));
    PipelineController pipeline(m_threads, gpuPipeline(), options());
    EngineEvents loaded(pipeline, &PipelineController::engineLoaded);
    EngineEvents unloaded(pipeline, &PipelineController::engineUnloaded);
    responder.attach(pipeline, {});
    QVERIFY(pipeline.start().ok());
    rig.monitor.sampleNow(); // just loaded: none idle for a second yet
    QTRY_COMPARE(loaded.count(), 3);
    QTest::qWait(100);
    QCOMPARE(unloaded.count(), 0);
    QTest::qWait(1200);
    rig.monitor.sampleNow();
    QTRY_COMPARE(unloaded.count(), 3);
    QVERIFY(responder.actions().contains(QStringLiteral("unloading engines idle for 1 s or more (memory.idle_unload_s)")));
  }

  // Translation has its own smaller model (memory.fallback_mt_model): both stages switch at once.
  void translationSwitchesToItsSmallerModel() {
    Rig rig;
    rig.overProcessLimit(telemetry::MemoryAction::FallBackToSmallerModel);
    MemoryResponder responder(rig.monitor, std::chrono::seconds(60));
    PipelineController pipeline(m_threads, gpuPipeline(), options());
    EngineEvents loaded(pipeline, &PipelineController::engineLoaded);
    EngineFallbacks fallbacks;
    fallbacks.smallerAsr = [] { return placed(QStringLiteral("whisper-tiny"), QStringLiteral("cuda:0")); };
    fallbacks.smallerAsrModel = QStringLiteral("whisper-tiny");
    fallbacks.smallerTranslator = [] { return placedTranslator(QStringLiteral("opus-mt-en-es"), QStringLiteral("cuda:0")); };
    fallbacks.smallerTranslatorModel = QStringLiteral("opus-mt-en-es");
    responder.attach(pipeline, fallbacks);
    QVERIFY(pipeline.start().ok());
    QTRY_COMPARE(loaded.count(), 3);
    rig.monitor.sampleNow();
    QTRY_COMPARE(loaded.count(), 5);
    QStringList models;
    for (const auto &e : loaded.events)
      models << e.footprint.model;
    QVERIFY2(models.contains(QStringLiteral("whisper-tiny")) && models.contains(QStringLiteral("opus-mt-en-es")), qPrintable(models.join(QLatin1Char(' '))));
    QVERIFY(responder.actions().contains(QStringLiteral("switching recognition to the smaller model whisper-tiny")));
    QVERIFY(responder.actions().contains(QStringLiteral("switching translation to the smaller model opus-mt-en-es")));
  }

  void smallerModelNeedsOneConfigured() {
    Rig rig;
    rig.overProcessLimit(telemetry::MemoryAction::FallBackToSmallerModel);
    MemoryResponder responder(rig.monitor, std::chrono::seconds(60));
    PipelineController pipeline(m_threads, gpuPipeline(), options());
    responder.attach(pipeline, {});
    QVERIFY(pipeline.start().ok());
    rig.monitor.sampleNow();
    QCOMPARE(responder.actions(),
             QStringList{QStringLiteral("no smaller model to switch to: set memory.fallback_asr_model or memory.fallback_mt_model")});
  }
};

QTEST_GUILESS_MAIN(TestMemoryResponder)
#include "tst_memoryresponder.moc"
