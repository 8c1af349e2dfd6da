#include "core/inference/torch/runtime/cudamemory.h"

// Debian's CPU-only LibTorch ships c10/cuda headers but neither CUDA's runtime headers nor the
// generated c10/cuda/impl/cuda_cmake_macros.h nor libc10_cuda: all three must be there before the
// allocator is used. A CUDA LibTorch passes CUDA's include directory through its CMake targets.
#if __has_include(<c10/cuda/CUDACachingAllocator.h>) && __has_include(<c10/cuda/impl/cuda_cmake_macros.h>) &&   \
    __has_include(<cuda_runtime_api.h>)
#define DRAGOMAN_CUDA_MEMORY 1
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <cuda_runtime_api.h>
#include <torch/cuda.h>
#else
#define DRAGOMAN_CUDA_MEMORY 0
#endif

namespace dragoman::torchrt {

#if DRAGOMAN_CUDA_MEMORY

namespace {

// StatType::AGGREGATE (small and large pools together); 0 in every LibTorch since 1.4.
constexpr std::size_t kAggregate = 0;

bool haveGpu() {
  try {
    return torch::cuda::is_available();
  } catch (...) {
    return false; // a broken driver reads as no GPU
  }
}

} // namespace

bool cudaMemoryStatsCompiledIn() {
  return true;
}

std::vector<CudaMemoryStats> cudaMemoryStats() {
  std::vector<CudaMemoryStats> out;
  if (!haveGpu())
    return out;
  try {
    const int count = static_cast<int>(c10::cuda::device_count());
    for (int device = 0; device < count; ++device) {
      const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(static_cast<c10::DeviceIndex>(device));
      CudaMemoryStats s;
      s.device = device;
      s.allocatedBytes = stats.allocated_bytes[kAggregate].current;
      s.reservedBytes = stats.reserved_bytes[kAggregate].current;
      s.peakAllocatedBytes = stats.allocated_bytes[kAggregate].peak;
      s.peakReservedBytes = stats.reserved_bytes[kAggregate].peak;
      // The allocator reserved memory there, so this process has a context on the device already.
      if (s.peakReservedBytes > 0) {
        const c10::cuda::CUDAGuard guard(static_cast<c10::DeviceIndex>(device));
        std::size_t freeBytes = 0;
        std::size_t totalBytes = 0;
        if (cudaMemGetInfo(&freeBytes, &totalBytes) == cudaSuccess) {
          s.driverFreeBytes = static_cast<std::int64_t>(freeBytes);
          s.driverTotalBytes = static_cast<std::int64_t>(totalBytes);
        } else {
          static_cast<void>(cudaGetLastError()); // clear it, so later CUDA calls do not report it
        }
      }
      out.push_back(s);
    }
  } catch (...) {
    // Device lost or driver trouble: report what was read so far.
  }
  return out;
}

void releaseCudaCache() {
  if (!haveGpu())
    return;
  try {
    c10::cuda::CUDACachingAllocator::emptyCache();
  } catch (...) {
    // Nothing to release, or the device is gone: either way nothing more to do here.
  }
}

#else

bool cudaMemoryStatsCompiledIn() {
  return false;
}
std::vector<CudaMemoryStats> cudaMemoryStats() {
  return {};
}
void releaseCudaCache() {}

#endif

} // namespace dragoman::torchrt
