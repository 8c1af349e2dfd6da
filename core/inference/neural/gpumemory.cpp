#include "core/inference/neural/gpumemory.h"

#include "core/inference/torch/runtime/cudamemory.h"

namespace dragoman {

namespace {

class TorchGpuMemory final : public telemetry::IGpuMemoryProvider {
public:
  std::vector<telemetry::GpuMemory> sample() override {
    std::vector<telemetry::GpuMemory> out;
    for (const torchrt::CudaMemoryStats &s : torchrt::cudaMemoryStats())
      out.push_back(telemetry::GpuMemory{s.device, s.allocatedBytes, s.reservedBytes, s.peakAllocatedBytes,
                                         s.peakReservedBytes, s.driverFreeBytes, s.driverTotalBytes});
    return out;
  }
  void releaseCachedMemory() override { torchrt::releaseCudaCache(); }
};

} // namespace

std::shared_ptr<telemetry::IGpuMemoryProvider> makeGpuMemoryProvider() {
  if (!torchrt::cudaMemoryStatsCompiledIn() || torchrt::cudaMemoryStats().empty())
    return nullptr;
  return std::make_shared<TorchGpuMemory>();
}

} // namespace dragoman
