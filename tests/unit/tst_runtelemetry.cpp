// RunTelemetry over a real pipeline of fake engines: metrics counted from its results, the stats
// line, the summary with findings, the export on exit, the last run's profile, and a pipeline that
// ends before the telemetry does.
#include "app/context/runtelemetry.h"
#include "core/common/threadhost.h"
#include "core/pipeline/pipelinecontroller.h"
#include "core/telemetry/reports/profilereports.h"
#include "tests/support/fakeengines.h"
#include "tests/unit/telemetry/metrics/fakememory.h"

#include <QFile>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace dragoman;
using namespace dragoman::test;

namespace {

EngineFactories factories(FakeBehaviour asr) {
  return EngineFactories{
      [asr] { return Result<std::unique_ptr<IAsrEngine>>(std::make_unique<FakeAsr>(asr)); },
      [] { return Result<std::unique_ptr<ITranslator>>(std::make_unique<FakeTranslator>(FakeBehaviour{})); },
      [] { return Result<std::unique_ptr<ISynthesizer>>(std::make_unique<FakeSynthesizer>(FakeBehaviour{})); },
  };
}

// Runs n one-second segments through a pipeline whose ASR takes asrMs each.
void runSegments(RunTelemetry &telemetry, int n, int asrMs) {
  FakeBehaviour slow;
  slow.delayMs = asrMs;
  PipelineOptions options{4, QStringLiteral("en"), QStringLiteral("es"), true};
  options.profiler = telemetry.profiler();
  dragoman::ThreadHost threads;
  PipelineController pipeline(threads, factories(slow), options);
  telemetry.attach(pipeline);
  QSignalSpy done(&pipeline, &PipelineController::finished);
  QVERIFY(pipeline.start().ok());
  for (int i = 0; i < n; ++i) {
    AudioSegment s;
    s.id = quint64(i + 1);
    s.startSeconds = i;
    s.endSeconds = i + 1.0;
    s.audio = AudioBuffer(std::vector<float>(160, 0.1f), 16000);
    QVERIFY(pipeline.submit(std::move(s)));
  }
  pipeline.finishInput();
  QVERIFY(done.wait(10000));
}

} // namespace

class TestRunTelemetry : public QObject {
  Q_OBJECT

  QTemporaryDir m_home;

private Q_SLOTS:
  void initTestCase() { qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8()); }

  void countsAndReports() {
    config::Config config;
    config.profiling.exportOnExit = m_home.filePath(QStringLiteral("run.csv"));
    config.profiling.budgetAsrMs = 10; // every recognition (30 ms) is over it
    RunTelemetry telemetry(config);
    QVERIFY(telemetry.profiler());
    telemetry.start();
    runSegments(telemetry, 5, 30);
    // The pipeline is gone: nothing below may touch it.
    telemetry.stop();
    const QByteArray metrics = telemetry.metrics().prometheusText();
    QVERIFY2(metrics.contains("dragoman_segments_total{stage=\"asr\"} 5"), metrics.constData());
    QVERIFY(metrics.contains("dragoman_audio_seconds_processed_total 5"));
    QVERIFY(metrics.contains("dragoman_stage_latency_seconds_count{stage=\"asr\"} 5"));
    QVERIFY2(metrics.contains("dragoman_model_load_seconds{model=\"fake-asr\"}"), metrics.constData());
    const QString line = telemetry.statsLine();
    QVERIFY2(line.startsWith(QStringLiteral("asr 5× p50 ")) && line.contains(QStringLiteral(" | mt 5× ")), qPrintable(line));
    const std::vector<telemetry::Finding> found = telemetry.findings();
    QVERIFY(!found.empty());
    QCOMPARE(found.front().rule, std::string("budget"));
    QVERIFY2(QString::fromStdString(found.front().message).startsWith(QLatin1String("ASR")), found.front().message.c_str());
    const QString summary = telemetry.summary();
    QVERIFY2(summary.contains(QLatin1String("5 segments, 0 errors")) && summary.contains(QLatin1String("exceeds the 10 ms budget")),
             qPrintable(summary));
    QVERIFY(telemetry.exportOnExit().ok());
    QFile csv(config.profiling.exportOnExit);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QVERIFY(csv.readAll().startsWith("section,parent,count"));
    QVERIFY(telemetry.saveRun().ok());
    QFile last(RunTelemetry::lastProfilePath());
    QVERIFY(last.open(QIODevice::ReadOnly));
    const Result<telemetry::ProfileSnapshot> back = telemetry::profileFromJson(last.readAll());
    QVERIFY(back.ok());
    QVERIFY(back->section("asr.recognise") && back->section("asr.recognise")->count == 5);
  }

  // Each run leaves its record; the next run of the same command is compared with it (read with
  // readLastRun(), off the GUI thread in a session).
  void trendAgainstThePreviousRun() {
    config::Config config;
    {
      RunTelemetry first(config, QStringLiteral("trend-test"));
      QVERIFY(first.trends().empty());
      first.start();
      runSegments(first, 4, 10);
      first.stop();
      const telemetry::RunRecord r = first.record();
      QCOMPARE(r.command, QStringLiteral("trend-test"));
      QCOMPARE(r.segments, quint64(4));
      QCOMPARE(r.audioSeconds, 4.0);
      QCOMPARE(r.engines.size(), std::size_t(3));
      QVERIFY(r.realtimeRatio > 0.0);
      QVERIFY(r.profile.section("asr.recognise"));
      QVERIFY(first.saveRun().ok());
    }
    QVERIFY(!RunTelemetry::readLastRun(QStringLiteral("another-command"))); // kept per command
    const std::optional<telemetry::RunRecord> before = RunTelemetry::readLastRun(QStringLiteral("trend-test"));
    QVERIFY(before);
    RunTelemetry second(config, QStringLiteral("trend-test"));
    QVERIFY(second.trends().empty()); // nothing read by the constructor
    second.setPreviousRun(*before);
    second.start();
    runSegments(second, 4, 80);
    second.stop();
    const std::vector<telemetry::Trend> trends = second.trends();
    // ASR's p50 went from about 10 ms to 80 ms or more (the real-time ratio moves with it).
    const auto asr = std::find_if(trends.begin(), trends.end(),
                                  [](const telemetry::Trend &t) { return t.subject == "ASR" && t.measure == "p50"; });
    QVERIFY(asr != trends.end());
    QVERIFY(asr->worse);
    QVERIFY2(asr->after >= 80.0 && asr->change > 1.0, asr->message.c_str());
    const QString summary = second.summary();
    QVERIFY2(summary.contains(QLatin1String("since the previous trend-test run (")) &&
                 summary.contains(QLatin1String("  ASR p50 ")),
             qPrintable(summary));
    QVERIFY(second.saveRun().ok());
    const Result<telemetry::RunRecord> previous = telemetry::readRunRecord(RunTelemetry::previousRunPath());
    QVERIFY(previous.ok());
    QVERIFY(previous->profile.section("asr.recognise")->p50Ms < 50.0);
    const Result<telemetry::RunRecord> last = telemetry::readRunRecord(RunTelemetry::lastRunPath());
    QVERIFY(last.ok());
    QVERIFY(last->profile.section("asr.recognise")->p50Ms >= 80.0);

    // Another command has no previous run to compare with.
    RunTelemetry other(config, QStringLiteral("other-test"));
    other.start();
    runSegments(other, 1, 1);
    other.stop();
    QVERIFY(other.trends().empty());
    QVERIFY(!other.summary().contains(QLatin1String("since the previous")));
  }

  // The NVIDIA driver's view of the GPUs reaches the metrics and the summary.
  void driverGpusInSummaryAndMetrics() {
    config::Config config;
    RunTelemetry telemetry(config);
    auto driver = std::make_unique<FakeDriverReader>();
    driver->gpus = {telemetry::DriverGpu{0, QStringLiteral("Fake GPU"), 24LL << 30, 3LL << 30, 21LL << 30, 812LL << 20}};
    telemetry.memory().setDriverGpuReader(std::move(driver));
    telemetry.start();
    telemetry.stop();
    const QString summary = telemetry.summary();
    QVERIFY2(summary.contains(QStringLiteral("  GPU 0 (Fake GPU): 3.0 GiB of 24.0 GiB used, this process 812 MiB")),
             qPrintable(summary));
    const QByteArray metrics = telemetry.metrics().prometheusText();
    QVERIFY2(metrics.contains("dragoman_gpu_driver_memory_bytes{gpu=\"0\",kind=\"process\"} 851443712"), metrics.constData());
    QVERIFY(metrics.contains("dragoman_gpu_driver_memory_bytes{gpu=\"0\",kind=\"total\"} 25769803776"));
  }

  // Frames the capture side lost reach the metrics as they grow, across a reopened device whose
  // counter starts again, and the summary.
  void captureLossesAreCounted() {
    config::Config config;
    RunTelemetry telemetry(config);
    RunTelemetry::CaptureCounters counters;
    telemetry.watchCapture([&counters] { return counters; });
    telemetry.start();
    counters = {480, 16000};
    // Read once a second.
    QTRY_VERIFY(telemetry.metrics().prometheusText().contains("dragoman_frames_dropped_total{reason=\"overrun\"} 480\n"));
    QByteArray metrics = telemetry.metrics().prometheusText();
    QVERIFY(metrics.contains("dragoman_frames_dropped_total{reason=\"echo_gate\"} 16000\n"));
    counters = {100, 24000}; // the device was reopened: its overruns count from 0 again
    telemetry.stop();
    counters = {999999, 999999}; // not read after stop()
    metrics = telemetry.metrics().prometheusText();
    QVERIFY2(metrics.contains("dragoman_frames_dropped_total{reason=\"overrun\"} 580\n"), metrics.constData());
    QVERIFY(metrics.contains("dragoman_frames_dropped_total{reason=\"echo_gate\"} 24000\n"));
    const QString summary = telemetry.summary();
    QVERIFY2(summary.contains(QStringLiteral("capture: 580 frames lost to overruns, 1.5 s silenced by the echo gate")),
             qPrintable(summary));
  }

  void profilingOff() {
    config::Config config;
    config.profiling.enabled = false;
    config.profiling.exportOnExit = m_home.filePath(QStringLiteral("off.json"));
    RunTelemetry telemetry(config);
    QVERIFY(!telemetry.profiler());
    telemetry.start();
    runSegments(telemetry, 2, 1);
    telemetry.stop();
    QVERIFY(telemetry.metrics().prometheusText().contains("dragoman_segments_total{stage=\"asr\"} 2"));
    QVERIFY(telemetry.summary().contains(QLatin1String("profiling.enabled is off")));
    const Status s = telemetry.exportOnExit();
    QVERIFY(!s.ok());
    QVERIFY(s.error().message.contains(config.profiling.exportOnExit));
  }
};

QTEST_GUILESS_MAIN(TestRunTelemetry)
#include "tst_runtelemetry.moc"
