#pragma once
// GPU memory as the inference runtime sees it. The LibTorch implementation is an adapter over
// core/inference/torch/cudamemory.h, written elsewhere; MemoryMonitor takes nullptr for no GPU.

#include "core/telemetry/memory/memorysample.h"

#include <vector>

namespace dragoman::telemetry {

class IGpuMemoryProvider {
public:
  virtual ~IGpuMemoryProvider() = default;
  // One entry per device; empty when there is no GPU. Called on the monitor's thread.
  virtual std::vector<GpuMemory> sample() = 0;
  // Returns cached, unused blocks to the driver (LibTorch: emptyCache()).
  virtual void releaseCachedMemory() = 0;
};

} // namespace dragoman::telemetry
