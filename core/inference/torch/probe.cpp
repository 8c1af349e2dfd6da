// dragoman-torch-probe: prints what LibTorch offers on this machine. Built with the runtime so that
// a GPU machine can check its CUDA LibTorch without Qt (-DDRAGOMAN_ML_ONLY=ON).
#include "core/inference/torch/runtime.h"

#include <cstdio>

int main() {
  const dragoman::torchrt::RuntimeInfo info = dragoman::torchrt::runtimeInfo();
  std::printf("libtorch %s\ncuda %s (%d device%s)\nintra-op threads %d\n", info.libtorchVersion.c_str(),
              info.cudaAvailable ? "available" : "not available", info.cudaDeviceCount,
              info.cudaDeviceCount == 1 ? "" : "s", info.intraOpThreads);
  return 0;
}
