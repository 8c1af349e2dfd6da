#include "core/telemetry/memory/nvmlreader.h"

#include <QCoreApplication>
#include <QLibrary>

#include <cstring>
#include <type_traits>

namespace dragoman::telemetry {

namespace {

// The few NVML declarations used here, as the NVML API reference gives them (no header needed:
// the library is found at run time).
using nvmlReturn_t = int;
using nvmlDevice_t = struct nvmlDeviceOpaque *;
constexpr nvmlReturn_t kSuccess = 0;
constexpr nvmlReturn_t kInsufficientSize = 7;

struct NvmlMemory {
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
};

struct NvmlProcessInfoV2 {
  unsigned int pid;
  unsigned long long usedGpuMemory;
  unsigned int gpuInstanceId;
  unsigned int computeInstanceId;
};

struct NvmlProcessInfoV1 {
  unsigned int pid;
  unsigned long long usedGpuMemory;
};

constexpr unsigned long long kNotAvailable = ~0ULL; // usedGpuMemory when the driver cannot tell

} // namespace

struct NvmlReader::Api {
  QLibrary library;
  nvmlReturn_t (*init)() = nullptr;
  nvmlReturn_t (*shutdown)() = nullptr;
  const char *(*errorString)(nvmlReturn_t) = nullptr;
  nvmlReturn_t (*deviceCount)(unsigned int *) = nullptr;
  nvmlReturn_t (*deviceByIndex)(unsigned int, nvmlDevice_t *) = nullptr;
  nvmlReturn_t (*memoryInfo)(nvmlDevice_t, NvmlMemory *) = nullptr;
  nvmlReturn_t (*name)(nvmlDevice_t, char *, unsigned int) = nullptr;
  nvmlReturn_t (*processesV2)(nvmlDevice_t, unsigned int *, NvmlProcessInfoV2 *) = nullptr;
  nvmlReturn_t (*processesV1)(nvmlDevice_t, unsigned int *, NvmlProcessInfoV1 *) = nullptr;

  QString describe(nvmlReturn_t r) const {
    return errorString ? QString::fromUtf8(errorString(r)) : QStringLiteral("NVML error %1").arg(r);
  }

  template <typename Info> qint64 processBytes(nvmlDevice_t device, nvmlReturn_t (*get)(nvmlDevice_t, unsigned int *, Info *)) const {
    const auto self = static_cast<unsigned int>(QCoreApplication::applicationPid());
    std::vector<Info> infos(16);
    for (int attempt = 0; attempt < 3; ++attempt) {
      unsigned int count = static_cast<unsigned int>(infos.size());
      const nvmlReturn_t r = get(device, &count, infos.data());
      if (r == kInsufficientSize) {
        infos.resize(std::size_t(count) + 8);
        continue;
      }
      if (r != kSuccess)
        return -1;
      for (unsigned int i = 0; i < count; ++i)
        if (infos[i].pid == self)
          return infos[i].usedGpuMemory == kNotAvailable ? -1 : qint64(infos[i].usedGpuMemory);
      return 0;
    }
    return -1;
  }
};

Result<std::unique_ptr<NvmlReader>> NvmlReader::open() {
  auto api = std::make_unique<Api>();
  api->library.setFileNameAndVersion(QStringLiteral("nvidia-ml"), 1);
  if (!api->library.load())
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("NVML not available (%1): no NVIDIA driver on this machine?").arg(api->library.errorString()));
  auto resolve = [&](auto &fn, const char *symbol) {
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(api->library.resolve(symbol));
    return fn != nullptr;
  };
  const bool complete = resolve(api->init, "nvmlInit_v2") && resolve(api->shutdown, "nvmlShutdown") &&
                        resolve(api->deviceCount, "nvmlDeviceGetCount_v2") &&
                        resolve(api->deviceByIndex, "nvmlDeviceGetHandleByIndex_v2") &&
                        resolve(api->memoryInfo, "nvmlDeviceGetMemoryInfo");
  if (!complete)
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("NVML in %1 lacks the functions needed (a driver older than 2015?)").arg(api->library.fileName()));
  resolve(api->errorString, "nvmlErrorString");
  resolve(api->name, "nvmlDeviceGetName");
  if (!resolve(api->processesV2, "nvmlDeviceGetComputeRunningProcesses_v2"))
    resolve(api->processesV1, "nvmlDeviceGetComputeRunningProcesses");
  if (const nvmlReturn_t r = api->init(); r != kSuccess)
    return makeError(ErrorKind::EngineUnavailable, QStringLiteral("NVML did not start: %1").arg(api->describe(r)));
  return std::unique_ptr<NvmlReader>(new NvmlReader(std::move(api)));
}

NvmlReader::NvmlReader(std::unique_ptr<Api> api) : m_api(std::move(api)) {}

NvmlReader::~NvmlReader() { m_api->shutdown(); }

Result<std::vector<DriverGpu>> NvmlReader::read() {
  unsigned int count = 0;
  if (const nvmlReturn_t r = m_api->deviceCount(&count); r != kSuccess)
    return makeError(ErrorKind::Input, QStringLiteral("NVML could not count the GPUs: %1").arg(m_api->describe(r)));
  std::vector<DriverGpu> out;
  for (unsigned int i = 0; i < count; ++i) {
    nvmlDevice_t device = nullptr;
    if (const nvmlReturn_t r = m_api->deviceByIndex(i, &device); r != kSuccess)
      return makeError(ErrorKind::Input, QStringLiteral("NVML could not open GPU %1: %2").arg(i).arg(m_api->describe(r)));
    DriverGpu g;
    g.index = int(i);
    char name[96] = {};
    if (m_api->name && m_api->name(device, name, sizeof name) == kSuccess)
      g.name = QString::fromUtf8(name, qsizetype(strnlen(name, sizeof name)));
    NvmlMemory memory{};
    if (m_api->memoryInfo(device, &memory) == kSuccess) {
      g.totalBytes = qint64(memory.total);
      g.freeBytes = qint64(memory.free);
      g.usedBytes = qint64(memory.used);
    }
    if (m_api->processesV2)
      g.processBytes = m_api->processBytes(device, m_api->processesV2);
    else if (m_api->processesV1)
      g.processBytes = m_api->processBytes(device, m_api->processesV1);
    out.push_back(std::move(g));
  }
  return out;
}

} // namespace dragoman::telemetry
