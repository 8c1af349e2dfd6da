#pragma once
// What MemoryMonitor measures: system RAM, this process, each GPU and the models loaded. Immutable
// values for queued signals (DESIGN.md habit 3); byte counts are qint64, unknown values -1.

#include "core/common/types.h"

#include <QMetaType>
#include <QString>

#include <vector>

namespace dragoman::telemetry {

struct GpuMemory {
  int device = 0;
  qint64 allocatedBytes = 0; // held by live tensors (LibTorch's caching allocator)
  qint64 reservedBytes = 0;  // held by the caching allocator, in use or cached
  qint64 peakAllocatedBytes = 0;
  qint64 peakReservedBytes = 0;
  qint64 driverFreeBytes = -1;  // free on the device for everyone (cudaMemGetInfo); -1 unknown
  qint64 driverTotalBytes = -1; // the device's memory; -1 unknown
};

// A GPU as the NVIDIA driver reports it (NVML): every GPU in the machine, whether or not this
// process uses it, read without creating a CUDA context. Indices are NVML's (nvidia-smi's order),
// which need not be CUDA's: GpuMemory::device is LibTorch's.
struct DriverGpu {
  int index = 0;
  QString name;              // "NVIDIA H100 80GB HBM3"
  qint64 totalBytes = -1;
  qint64 usedBytes = -1;     // by every process
  qint64 freeBytes = -1;
  qint64 processBytes = -1;  // this process's, CUDA context included; 0: none; -1: unknown
};

// Registered by whoever loads a model (MemoryMonitor::registerModel).
struct ModelMemory {
  QString model;  // e.g. "whisper-small"
  QString device; // "cpu", "cuda:0"
  qint64 bytes = 0;
};

struct MemorySample {
  TimePoint at{};
  qint64 systemTotalBytes = -1;
  qint64 systemAvailableBytes = -1;
  qint64 processRssBytes = -1;
  qint64 processPeakRssBytes = -1;
  std::vector<GpuMemory> gpus;
  std::vector<DriverGpu> driverGpus; // NVML; empty without the NVIDIA driver
  std::vector<ModelMemory> models;
  QString error; // why values are missing (-1), e.g. "could not read /proc/meminfo: ..."; empty when all were read

  const GpuMemory *gpu(int device) const;
  // (total - available) / total, or -1 when unknown.
  double systemUsedFraction() const;
  qint64 modelBytes() const; // sum over models
};

// "7.9 GiB", "512 MiB", "12.5 KiB", "300 B" (binary units; one decimal under 100).
QString formatBytes(double bytes);

// qRegisterMetaType for the memory value types (queued connections across threads).
void registerMemoryMetaTypes();

} // namespace dragoman::telemetry

Q_DECLARE_METATYPE(dragoman::telemetry::GpuMemory)
Q_DECLARE_METATYPE(dragoman::telemetry::ModelMemory)
Q_DECLARE_METATYPE(dragoman::telemetry::DriverGpu)
Q_DECLARE_METATYPE(dragoman::telemetry::MemorySample)
