#include "core/inference/torch/runtime/memory.h"

#include <fstream>
#include <string>

namespace dragoman::torchrt {

namespace {

long long statusBytes(const char *field) { // "VmRSS:" -> bytes
  std::ifstream status("/proc/self/status");
  const std::string key(field);
  std::string line;
  while (std::getline(status, line))
    if (line.rfind(key, 0) == 0)
      return std::stoll(line.substr(key.size())) * 1024;
  return 0;
}

} // namespace

long long currentRssBytes() { return statusBytes("VmRSS:"); }
long long peakRssBytes() { return statusBytes("VmHWM:"); }

} // namespace dragoman::torchrt
