#include "core/telemetry/metrics/standardmetrics.h"

namespace dragoman::telemetry {

StandardMetrics registerStandardMetrics(MetricsRegistry &registry, const QStringList &stages) {
  using namespace metricnames;
  const QStringList stage{QStringLiteral("stage")};
  StandardMetrics m{
      registry.counterFamily(QLatin1String(kSegments), QStringLiteral("Segments a pipeline stage finished."), stage),
      registry.counterFamily(QLatin1String(kStageErrors), QStringLiteral("Segments a pipeline stage failed on."),
                             stage),
      registry.histogramFamily(QLatin1String(kStageLatency),
                               QStringLiteral("Seconds a pipeline stage spent on one segment."),
                               Histogram::latencySecondsBuckets(), stage),
      registry.gaugeFamily(QLatin1String(kQueueDepth), QStringLiteral("Items waiting in a stage's input queue."),
                           stage),
      registry.counter(QLatin1String(kAudioSecondsProcessed), QStringLiteral("Seconds of input audio taken in.")),
      registry.counterFamily(QLatin1String(kFramesDropped), QStringLiteral("Audio frames lost, by reason."),
                             {QStringLiteral("reason")}),
      registry.gaugeFamily(QLatin1String(kMemoryBytes), QStringLiteral("Process and system memory in bytes."),
                           {QStringLiteral("kind")}),
      registry.gaugeFamily(QLatin1String(kGpuMemoryBytes), QStringLiteral("GPU memory in bytes, by device."),
                           {QStringLiteral("device"), QStringLiteral("kind")}),
      registry.gaugeFamily(QLatin1String(kGpuDriverMemoryBytes),
                           QStringLiteral("GPU memory in bytes as the NVIDIA driver reports it (NVML), by GPU."),
                           {QStringLiteral("gpu"), QStringLiteral("kind")}),
      registry.gaugeFamily(QLatin1String(kModelLoadSeconds), QStringLiteral("Seconds the last load of a model took."),
                           {QStringLiteral("model")}),
      registry.counter(QLatin1String(kRetractions),
                       QStringLiteral("Partial words shown while streaming and later changed or withdrawn.")),
      registry.counter(QLatin1String(kTranslationReplacements),
                       QStringLiteral("Provisional translations shown while streaming that the next one replaced rather than extended.")),
      registry.counterFamily(QLatin1String(kMemoryActions),
                             QStringLiteral("Cleanups run because a memory limit was passed, by action."),
                             {QStringLiteral("action")}),
      registry.histogram(QLatin1String(kTtsFirstAudio),
                         QStringLiteral("Seconds from the start of a segment's speech synthesis to its first piece of audio."),
                         Histogram::latencySecondsBuckets()),
  };
  for (const QString &s : stages) {
    m.segments.with({s});
    m.stageErrors.with({s});
    m.stageLatency.with({s});
    m.queueDepth.with({s});
  }
  return m;
}

} // namespace dragoman::telemetry
