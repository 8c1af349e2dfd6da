#pragma once
// Synthetic host memory, GPU memory and time for the memory monitor's tests.

#include "core/telemetry/memory/hostmemory.h"
#include "core/telemetry/memory/igpumemoryprovider.h"
#include "core/telemetry/memory/nvmlreader.h"

#include <chrono>
#include <memory>

namespace dragoman::test {

// What the fake reader returns next; the test keeps a shared pointer and changes it between samples.
struct HostMemoryState {
  telemetry::SystemMemory system{16LL << 30, 8LL << 30};
  telemetry::ProcessMemory process{1LL << 30, 1LL << 30};
  bool systemFails = false;
  bool processFails = false;
};

class FakeHostReader final : public telemetry::IHostMemoryReader {
public:
  explicit FakeHostReader(std::shared_ptr<HostMemoryState> state) : m_state(std::move(state)) {}
  Result<telemetry::SystemMemory> systemMemory() override {
    if (m_state->systemFails)
      return makeError(ErrorKind::Input, QStringLiteral("could not read /proc/meminfo: fake failure"));
    return m_state->system;
  }
  Result<telemetry::ProcessMemory> processMemory() override {
    if (m_state->processFails)
      return makeError(ErrorKind::Input, QStringLiteral("could not read /proc/self/status: fake failure"));
    return m_state->process;
  }

private:
  std::shared_ptr<HostMemoryState> m_state;
};

class FakeGpu final : public telemetry::IGpuMemoryProvider {
public:
  std::vector<telemetry::GpuMemory> sample() override { return gpus; }
  void releaseCachedMemory() override {
    ++releases;
    for (telemetry::GpuMemory &g : gpus)
      g.reservedBytes = g.allocatedBytes;
  }

  std::vector<telemetry::GpuMemory> gpus;
  int releases = 0;
};

// What the NVIDIA driver "reports"; fails with `error` when it is set.
class FakeDriverReader final : public telemetry::IDriverGpuReader {
public:
  Result<std::vector<telemetry::DriverGpu>> read() override {
    if (!error.isEmpty())
      return makeError(ErrorKind::Input, error);
    return gpus;
  }
  std::vector<telemetry::DriverGpu> gpus;
  QString error;
};

// A clock that advances one second per reading.
struct FakeClock {
  TimePoint now = TimePoint{} + std::chrono::hours(1);
  TimePoint operator()() {
    now += std::chrono::seconds(1);
    return now;
  }
};

} // namespace dragoman::test
