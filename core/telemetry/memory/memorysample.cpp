#include "core/telemetry/memory/memorysample.h"

#include "core/telemetry/memory/memorythreshold.h"

#include <cmath>

namespace dragoman::telemetry {

const GpuMemory *MemorySample::gpu(int device) const {
  for (const GpuMemory &g : gpus) {
    if (g.device == device)
      return &g;
  }
  return nullptr;
}

double MemorySample::systemUsedFraction() const {
  if (systemTotalBytes <= 0 || systemAvailableBytes < 0)
    return -1.0;
  return double(systemTotalBytes - systemAvailableBytes) / double(systemTotalBytes);
}

qint64 MemorySample::modelBytes() const {
  qint64 total = 0;
  for (const ModelMemory &m : models)
    total += m.bytes;
  return total;
}

QString formatBytes(double bytes) {
  static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  const bool negative = bytes < 0;
  double v = std::fabs(bytes);
  int unit = 0;
  while (v >= 1024.0 && unit < 5) {
    v /= 1024.0;
    ++unit;
  }
  // One decimal under 100 of a unit, none above (and never for plain bytes).
  const int decimals = (unit == 0 || v >= 99.95) ? 0 : 1;
  return QStringLiteral("%1%2 %3")
      .arg(negative ? QStringLiteral("-") : QString())
      .arg(v, 0, 'f', decimals)
      .arg(QLatin1String(units[unit]));
}

void registerMemoryMetaTypes() {
  qRegisterMetaType<GpuMemory>();
  qRegisterMetaType<ModelMemory>();
  qRegisterMetaType<DriverGpu>();
  qRegisterMetaType<MemorySample>();
  qRegisterMetaType<MemoryAlert>();
}

} // namespace dragoman::telemetry
