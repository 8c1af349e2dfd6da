#include "core/telemetry/metrics/standardmetrics.h"

#include "promtool.h"

#include <QTest>

using namespace dragoman::telemetry;

class TestStandardMetrics : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void registersEveryFamily() {
    MetricsRegistry r;
    const StandardMetrics m = registerStandardMetrics(r);
    const QStringList expected{"dragoman_audio_seconds_processed_total",
                               "dragoman_frames_dropped_total",
                               "dragoman_gpu_driver_memory_bytes",
                               "dragoman_gpu_memory_bytes",
                               "dragoman_memory_actions_total",
                               "dragoman_memory_bytes",
                               "dragoman_model_load_seconds",
                               "dragoman_queue_depth",
                               "dragoman_retractions_total",
                               "dragoman_segments_total",
                               "dragoman_stage_errors_total",
                               "dragoman_stage_latency_seconds",
                               "dragoman_translation_replacements_total",
                               "dragoman_tts_first_audio_seconds"};
    QCOMPARE(r.familyNames(), expected);
    for (const QString &name : expected)
      QVERIFY2(name.startsWith(QLatin1String("dragoman_")), qPrintable(name));
    QCOMPARE(m.gpuMemoryBytes.labelKeys(), (QStringList{"device", "kind"}));
    QCOMPARE(m.segments.name(), QLatin1String(metricnames::kSegments));
  }

  void sameInstancesTwice() {
    MetricsRegistry r;
    const StandardMetrics a = registerStandardMetrics(r);
    const StandardMetrics b = registerStandardMetrics(r);
    QCOMPARE(&a.retractions, &b.retractions);
    QCOMPARE(&a.audioSecondsProcessed, &b.audioSecondsProcessed);
    QCOMPARE(&a.segments.with({QStringLiteral("asr")}), &b.segments.with({QStringLiteral("asr")}));
  }

  void stagesReadZeroUpFront() {
    MetricsRegistry r;
    registerStandardMetrics(r, {QStringLiteral("asr"), QStringLiteral("translation")});
    const QByteArray text = r.prometheusText();
    QVERIFY(text.contains("dragoman_segments_total{stage=\"asr\"} 0\n"));
    QVERIFY(text.contains("dragoman_stage_errors_total{stage=\"translation\"} 0\n"));
    QVERIFY(text.contains("dragoman_stage_latency_seconds_bucket{stage=\"asr\",le=\"+Inf\"} 0\n"));
    QVERIFY(text.contains("dragoman_queue_depth{stage=\"translation\"} 0\n"));
    QVERIFY(text.contains("dragoman_retractions_total 0\n"));
  }

  void promtoolAcceptsTheStandardSet() {
    MetricsRegistry r;
    const StandardMetrics m = registerStandardMetrics(r, {QStringLiteral("asr"), QStringLiteral("tts")});
    m.segments.with({QStringLiteral("asr")}).inc();
    m.stageLatency.with({QStringLiteral("asr")}).observe(0.42);
    m.queueDepth.with({QStringLiteral("tts")}).set(3);
    m.audioSecondsProcessed.inc(12.5);
    m.framesDropped.with({QStringLiteral("overrun")}).inc(480);
    m.memoryBytes.with({QStringLiteral("rss")}).set(512.0 * 1024 * 1024);
    m.gpuMemoryBytes.with({QStringLiteral("0"), QStringLiteral("reserved")}).set(3.0 * 1024 * 1024 * 1024);
    m.modelLoadSeconds.with({QStringLiteral("whisper-small")}).set(2.75);
    m.retractions.inc(2);
    m.memoryActions.with({QStringLiteral("unload_idle_models")}).inc();
    m.gpuDriverMemoryBytes.with({QStringLiteral("0"), QStringLiteral("process")}).set(812.0 * 1024 * 1024);
    DRAGOMAN_PROMTOOL_CHECK(r.prometheusText());
  }
};

QTEST_GUILESS_MAIN(TestStandardMetrics)
#include "tst_standardmetrics.moc"
