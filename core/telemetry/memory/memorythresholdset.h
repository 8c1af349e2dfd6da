#pragma once
// Thresholds with hysteresis over memory samples: each threshold is either clear or raised, and
// an alert is produced only when that state changes, so one crossing gives exactly one alert.

#include "core/common/result.h"
#include "core/telemetry/memory/memorysample.h"
#include "core/telemetry/memory/memorythreshold.h"

#include <optional>
#include <vector>

namespace dragoman::telemetry {

class MemoryThresholdSet {
public:
  // Config errors: an empty or repeated name, a non-finite limit, clearAt not below raiseAt, a
  // fraction limit outside 0..1, a negative GPU device.
  Status add(MemoryThreshold threshold);
  bool remove(const QString &name);
  std::vector<MemoryThreshold> thresholds() const;
  bool isRaised(const QString &name) const;

  // Alerts for the thresholds this sample raises or clears, in the order they were added. A
  // metric the sample does not have (no such GPU, an unread value) leaves its threshold as it is.
  std::vector<MemoryAlert> evaluate(const MemorySample &sample);

  static std::optional<double> valueOf(const MemoryMetric &metric, const MemorySample &sample);

private:
  struct Entry {
    MemoryThreshold threshold;
    bool raised = false;
  };
  std::vector<Entry> m_entries;
};

} // namespace dragoman::telemetry
