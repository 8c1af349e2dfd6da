#include "core/telemetry/memory/memorythreshold.h"

#include "core/telemetry/memory/memorysample.h"

namespace dragoman::telemetry {

QString memoryActionName(MemoryAction action) {
  switch (action) {
  case MemoryAction::None: return QStringLiteral("None");
  case MemoryAction::ReleaseGpuCache: return QStringLiteral("ReleaseGpuCache");
  case MemoryAction::UnloadIdleModels: return QStringLiteral("UnloadIdleModels");
  case MemoryAction::FallBackToSmallerModel: return QStringLiteral("FallBackToSmallerModel");
  case MemoryAction::FallBackToCpu: return QStringLiteral("FallBackToCpu");
  }
  return QStringLiteral("Unknown");
}

QString memoryMetricDescription(const MemoryMetric &metric) {
  switch (metric.kind) {
  case MemoryMetric::Kind::ProcessRss: return QStringLiteral("process memory");
  case MemoryMetric::Kind::SystemUsedFraction: return QStringLiteral("system memory use");
  case MemoryMetric::Kind::GpuReservedFraction: return QStringLiteral("GPU %1 reserved memory").arg(metric.device);
  case MemoryMetric::Kind::GpuAllocatedBytes: return QStringLiteral("GPU %1 allocated memory").arg(metric.device);
  }
  return QStringLiteral("memory");
}

QString formatMemoryMetricValue(const MemoryMetric &metric, double value) {
  if (!metric.isFraction())
    return formatBytes(value);
  QString percent = QString::number(value * 100.0, 'f', 1);
  if (percent.endsWith(QLatin1String(".0")))
    percent.chop(2);
  return percent + u'%';
}

} // namespace dragoman::telemetry
