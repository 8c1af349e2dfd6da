// Memory pressure on a running pipeline with the real Whisper engine on the CPU, configured as a
// user would (`--set memory...`): a process memory limit below what the process uses switches
// recognition to memory.fallback_asr_model, or unloads the idle engines; the memory monitor's
// model list, the metrics and the run summary follow. MT and TTS are fakes: only ASR has models.
#include "app/context/appcontext.h"
#include "app/context/runtelemetry.h"
#include "core/common/threadhost.h"
#include "tests/support/engineevents.h"
#include "tests/support/fakeengines.h"
#include "tests/support/whisperfolder.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace dragoman;
using namespace dragoman::test;

namespace {

AudioSegment tone(quint64 id) {
  std::vector<float> s(16000);
  for (std::size_t i = 0; i < s.size(); ++i)
    s[i] = 0.3f * float(std::sin(2.0 * 3.14159265 * 440.0 * double(i) / 16000.0));
  AudioSegment seg;
  seg.id = id;
  seg.startSeconds = double(id - 1);
  seg.endSeconds = double(id);
  seg.audio = AudioBuffer(std::move(s), 16000);
  return seg;
}

bool modelRegistered(RunTelemetry &t, const QString &model) {
  for (const telemetry::ModelMemory &m : t.memory().models())
    if (m.model == model)
      return true;
  return false;
}

} // namespace

class TestMemoryPressure : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the stages' threads come from here, as from the application's
  QTemporaryDir m_home;
  QTemporaryDir m_large;
  QTemporaryDir m_small;

  std::unique_ptr<AppContext> context(const QStringList &overrides) {
    cli::GlobalOptions global;
    global.overrides = overrides;
    Result<std::unique_ptr<AppContext>> made = AppContext::create(global);
    if (!made)
      qWarning("%s", qPrintable(made.error().message));
    return made ? std::move(made).value() : nullptr;
  }

  static EngineFactories realAsr(const AppContext &c) {
    EngineFactories f = c.engineFactories();
    f.translator = [] { return Result<std::unique_ptr<ITranslator>>(std::make_unique<FakeTranslator>()); };
    f.synthesizer = [] { return Result<std::unique_ptr<ISynthesizer>>(std::make_unique<FakeSynthesizer>()); };
    return f;
  }

private Q_SLOTS:
  void initTestCase() {
    qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
  }

  void smallerModelTakesOverRecognition() {
    DRAGOMAN_REQUIRE_TINY_WHISPER(large, m_large);
    DRAGOMAN_REQUIRE_TINY_WHISPER(small, m_small);
    std::unique_ptr<AppContext> c = context(
        {QStringLiteral("asr.engine=whisper"), QStringLiteral("asr.model=") + large, QStringLiteral("asr.beam_size=1"),
         QStringLiteral("inference.device=cpu"), QStringLiteral("memory.rss_limit_mb=1"),
         QStringLiteral("memory.on_pressure=smaller-model"), QStringLiteral("memory.fallback_asr_model=") + small,
         QStringLiteral("memory.sample_interval_ms=100")});
    QVERIFY(c);
    RunTelemetry telemetry(c->config());
    PipelineOptions options = c->pipelineOptions();
    options.profiler = telemetry.profiler();
    PipelineController pipeline(m_threads, realAsr(*c), options);
    EngineEvents loaded(pipeline, &PipelineController::engineLoaded);
    EngineEvents unloaded(pipeline, &PipelineController::engineUnloaded);
    QSignalSpy results(&pipeline, &PipelineController::segmentFinished);
    QSignalSpy done(&pipeline, &PipelineController::finished);
    telemetry.attach(pipeline, c->engineFallbacks());
    telemetry.start(); // before the pipeline, as `live` does: the switch waits for it
    QVERIFY(pipeline.start().ok());

    QTRY_VERIFY_WITH_TIMEOUT(loaded.has(Stage::Asr, small), 30000);
    QVERIFY(unloaded.has(Stage::Asr, large));
    QTRY_VERIFY(modelRegistered(telemetry, small));
    QVERIFY(!modelRegistered(telemetry, large));

    QVERIFY(pipeline.submit(tone(1)));
    pipeline.finishInput();
    QVERIFY(done.wait(60000));
    QCOMPARE(results.count(), 1);
    QVERIFY2(results.at(0).at(0).value<SegmentResult>().error.isEmpty(),
             qPrintable(results.at(0).at(0).value<SegmentResult>().error));
    telemetry.stop();

    QVERIFY(telemetry.metrics().prometheusText().contains("dragoman_memory_actions_total{action=\"smaller_model\"} 1"));
    const QString summary = telemetry.summary();
    QVERIFY2(summary.contains(QStringLiteral("switching recognition to the smaller model ") + small), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("unloaded ") + large + QStringLiteral(" (asr, cpu): ")), qPrintable(summary));
  }

  // unload-idle-models with idle_unload_s 0: every engine goes as soon as it is idle, and the next
  // segment loads Whisper again from its folder.
  void idleEnginesAreUnloadedAndComeBack() {
    DRAGOMAN_REQUIRE_TINY_WHISPER(large, m_large);
    std::unique_ptr<AppContext> c = context(
        {QStringLiteral("asr.engine=whisper"), QStringLiteral("asr.model=") + large, QStringLiteral("asr.beam_size=1"),
         QStringLiteral("inference.device=cpu"), QStringLiteral("memory.rss_limit_mb=1"),
         QStringLiteral("memory.on_pressure=unload-idle-models"), QStringLiteral("memory.idle_unload_s=0"),
         QStringLiteral("memory.sample_interval_ms=100")});
    QVERIFY(c);
    RunTelemetry telemetry(c->config());
    PipelineOptions options = c->pipelineOptions();
    PipelineController pipeline(m_threads, realAsr(*c), options);
    EngineEvents loaded(pipeline, &PipelineController::engineLoaded);
    EngineEvents unloaded(pipeline, &PipelineController::engineUnloaded);
    QSignalSpy results(&pipeline, &PipelineController::segmentFinished);
    telemetry.attach(pipeline, c->engineFallbacks());
    QVERIFY(pipeline.start().ok());
    telemetry.start();
    QTRY_VERIFY_WITH_TIMEOUT(unloaded.has(Stage::Asr, large), 10000);
    QTRY_VERIFY(!modelRegistered(telemetry, large));

    QVERIFY(pipeline.submit(tone(1)));
    QTRY_COMPARE_WITH_TIMEOUT(results.count(), 1, 60000);
    QVERIFY(results.at(0).at(0).value<SegmentResult>().error.isEmpty());
    int asrLoads = 0;
    for (const EngineLoad &e : loaded.events)
      asrLoads += e.stage == Stage::Asr ? 1 : 0;
    QVERIFY2(asrLoads >= 2, qPrintable(QString::number(asrLoads)));
    pipeline.cancel();
    pipeline.wait();
    telemetry.stop();
    QVERIFY(telemetry.metrics().prometheusText().contains("dragoman_memory_actions_total{action=\"unload_idle_models\"} 1"));
  }
};

QTEST_GUILESS_MAIN(TestMemoryPressure)
#include "tst_memorypressure.moc"
