#include "core/inference/torch/runtime/runtime.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

namespace dragoman::torchrt {

RuntimeInfo runtimeInfo() {
  RuntimeInfo info;
  info.libtorchVersion = TORCH_VERSION;
  try {
    info.cudaAvailable = torch::cuda::is_available();
    info.cudaDeviceCount = info.cudaAvailable ? static_cast<int>(torch::cuda::device_count()) : 0;
  } catch (...) {
    // A broken driver must not stop the program from starting: report no CUDA.
    info.cudaAvailable = false;
    info.cudaDeviceCount = 0;
  }
  info.intraOpThreads = at::get_num_threads();
  return info;
}

} // namespace dragoman::torchrt
