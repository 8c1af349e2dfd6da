#pragma once
// The memory monitor's view of GPU memory, from LibTorch's CUDA caching allocator and the driver.

#include "core/telemetry/memory/igpumemoryprovider.h"

#include <memory>

namespace dragoman {

// nullptr when this build's LibTorch has no CUDA or no GPU is visible: the monitor then samples
// host memory only.
std::shared_ptr<telemetry::IGpuMemoryProvider> makeGpuMemoryProvider();

} // namespace dragoman
