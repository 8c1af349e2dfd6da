#include "core/inference/torch/runtime/cudamemory.h"
#include "core/inference/torch/runtime/runtime.h"

#include <QTest>

using namespace dragoman::torchrt;

class TestCudaMemory : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void statsMatchTheRuntime() {
    const RuntimeInfo info = runtimeInfo();
    const std::vector<CudaMemoryStats> stats = cudaMemoryStats();
    // A CUDA LibTorch whose CUDA headers did not reach cudamemory.cpp would silently report nothing.
    QVERIFY2(!info.cudaAvailable || cudaMemoryStatsCompiledIn(),
             "LibTorch has CUDA and a GPU, but cudamemory.cpp was built without <cuda_runtime_api.h> or "
             "<c10/cuda/impl/cuda_cmake_macros.h>: check the include directories torch's CMake targets give");
    if (!info.cudaAvailable) {
      QVERIFY(stats.empty()); // CPU-only LibTorch (Debian's) or no GPU
      releaseCudaCache();     // a no-op that must not throw
      return;
    }
    QCOMPARE(int(stats.size()), info.cudaDeviceCount);
    for (std::size_t i = 0; i < stats.size(); ++i) {
      const CudaMemoryStats &s = stats[i];
      QCOMPARE(s.device, int(i));
      QVERIFY(s.allocatedBytes >= 0);
      QVERIFY(s.reservedBytes >= s.allocatedBytes);
      QVERIFY(s.peakAllocatedBytes >= s.allocatedBytes);
      QVERIFY(s.peakReservedBytes >= s.reservedBytes);
      if (s.driverTotalBytes >= 0) {
        QVERIFY(s.driverTotalBytes > 0);
        QVERIFY(s.driverFreeBytes >= 0 && s.driverFreeBytes <= s.driverTotalBytes);
      }
    }
    releaseCudaCache();
    for (const CudaMemoryStats &s : cudaMemoryStats())
      QVERIFY(s.reservedBytes >= s.allocatedBytes);
  }
};

QTEST_GUILESS_MAIN(TestCudaMemory)
#include "tst_cudamemory.moc"
