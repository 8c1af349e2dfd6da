#pragma once
// GPU memory from the NVIDIA driver's management library (NVML), loaded at run time: nothing is
// linked, and a machine without the driver simply has no reader. NVML sees every GPU and every
// process on it (this one's CUDA context included), which LibTorch's allocator cannot.

#include "core/common/result.h"
#include "core/telemetry/memory/memorysample.h"

#include <memory>
#include <vector>

namespace dragoman::telemetry {

class IDriverGpuReader {
public:
  virtual ~IDriverGpuReader() = default;
  // One entry per GPU; an error names what NVML said.
  virtual Result<std::vector<DriverGpu>> read() = 0;
};

class NvmlReader final : public IDriverGpuReader {
public:
  // Loads libnvidia-ml.so.1 and initialises it. The error says why not (no such library: no
  // NVIDIA driver on this machine).
  static Result<std::unique_ptr<NvmlReader>> open();
  ~NvmlReader() override; // shuts NVML down

  Result<std::vector<DriverGpu>> read() override;

private:
  struct Api;
  explicit NvmlReader(std::unique_ptr<Api> api);
  std::unique_ptr<Api> m_api;
};

} // namespace dragoman::telemetry
