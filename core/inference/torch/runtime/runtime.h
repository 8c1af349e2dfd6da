#pragma once
// The LibTorch runtime as seen by the rest of Dragoman. No torch type and no Qt here
// (this folder builds alone with -DDRAGOMAN_ML_ONLY=ON on a GPU machine).

#include <string>

namespace dragoman::torchrt {

struct RuntimeInfo {
  std::string libtorchVersion; // e.g. "1.13.1"
  bool cudaAvailable = false;  // LibTorch built with CUDA and a GPU present
  int cudaDeviceCount = 0;
  int intraOpThreads = 0;
};

// Asks LibTorch; cheap after the first call.
RuntimeInfo runtimeInfo();

} // namespace dragoman::torchrt
