#pragma once
// GPU memory as LibTorch's CUDA caching allocator and the driver see it, per device. No torch type
// and no Qt here. Built against a LibTorch without CUDA (Debian's), or run without a GPU, the
// functions return nothing and do nothing.

#include <cstdint>
#include <vector>

namespace dragoman::torchrt {

struct CudaMemoryStats {
  int device = 0;
  std::int64_t allocatedBytes = 0;     // held by live tensors
  std::int64_t reservedBytes = 0;      // held by the caching allocator (in use or cached)
  std::int64_t peakAllocatedBytes = 0; // since start (or the allocator's last peak reset)
  std::int64_t peakReservedBytes = 0;
  // cudaMemGetInfo: free on the device for every process, and its size. -1 when unknown: the
  // driver is asked only about devices this process already uses (asking about another would
  // create a CUDA context there, some hundreds of MiB).
  std::int64_t driverFreeBytes = -1;
  std::int64_t driverTotalBytes = -1;
};

// True when this build's LibTorch has the CUDA caching allocator (compile time; says nothing about
// whether a GPU is present).
bool cudaMemoryStatsCompiledIn();

// One entry per visible CUDA device; empty without CUDA or GPU. Never throws.
std::vector<CudaMemoryStats> cudaMemoryStats();

// Returns the caching allocator's unused cached blocks to the driver (emptyCache()); memory held
// by live tensors stays. No-op without CUDA. Never throws.
void releaseCudaCache();

} // namespace dragoman::torchrt
