#pragma once
// A memory limit with hysteresis and what to do when it is crossed, and the alert it raises.

#include "core/common/types.h"

#include <QMetaType>
#include <QString>

namespace dragoman::telemetry {

struct MemoryMetric {
  enum class Kind {
    ProcessRss,          // bytes
    SystemUsedFraction,  // (total - available) / total, 0..1
    GpuReservedFraction, // reserved / driver total of `device`, 0..1
    GpuAllocatedBytes,   // bytes allocated on `device`
  };
  Kind kind = Kind::ProcessRss;
  int device = 0; // GPU metrics only

  static MemoryMetric processRss() { return {Kind::ProcessRss, 0}; }
  static MemoryMetric systemUsedFraction() { return {Kind::SystemUsedFraction, 0}; }
  static MemoryMetric gpuReservedFraction(int device) { return {Kind::GpuReservedFraction, device}; }
  static MemoryMetric gpuAllocatedBytes(int device) { return {Kind::GpuAllocatedBytes, device}; }

  bool isFraction() const { return kind == Kind::SystemUsedFraction || kind == Kind::GpuReservedFraction; }
  bool isGpu() const { return kind == Kind::GpuReservedFraction || kind == Kind::GpuAllocatedBytes; }
  bool operator==(const MemoryMetric &) const = default;
};

enum class MemoryAction { None, ReleaseGpuCache, UnloadIdleModels, FallBackToSmallerModel, FallBackToCpu };

// Raised when the value reaches raiseAt; cleared only once it falls to clearAt (< raiseAt), so a
// value wandering between the two raises nothing new.
struct MemoryThreshold {
  using Metric = MemoryMetric;
  using Action = MemoryAction;

  QString name;
  MemoryMetric metric;
  double raiseAt = 0.0;
  double clearAt = 0.0;
  MemoryAction action = MemoryAction::None; // run when raised, not when cleared
};

struct MemoryAlert {
  QString threshold;   // MemoryThreshold::name
  bool raised = false; // false: cleared
  double value = 0.0;  // the metric's value (bytes or fraction)
  double limit = 0.0;  // raiseAt when raised, clearAt when cleared
  MemoryAction action = MemoryAction::None;
  TimePoint at{};
  // Plain English, e.g. "process memory 7.9 GiB is above the 7.5 GiB limit: unloading idle models".
  QString message;
};

// "ReleaseGpuCache" ... (for logs and configuration).
QString memoryActionName(MemoryAction action);
// "process memory", "system memory use", "GPU 0 reserved memory", "GPU 0 allocated memory".
QString memoryMetricDescription(const MemoryMetric &metric);
// The value as a person reads it: bytes as formatBytes(), fractions as "93.4%".
QString formatMemoryMetricValue(const MemoryMetric &metric, double value);

} // namespace dragoman::telemetry

Q_DECLARE_METATYPE(dragoman::telemetry::MemoryAlert)
