#pragma once
// System and process memory as the operating system reports it; the reader is an interface so
// that tests feed synthetic values (the real one reads /proc, see ProcMemoryReader).

#include "core/common/result.h"

#include <QtGlobal>

namespace dragoman::telemetry {

struct SystemMemory {
  qint64 totalBytes = 0;
  qint64 availableBytes = 0; // what can be allocated without swapping
};

struct ProcessMemory {
  qint64 rssBytes = 0;     // resident now
  qint64 peakRssBytes = 0; // high-water mark of resident memory
};

class IHostMemoryReader {
public:
  virtual ~IHostMemoryReader() = default;
  virtual Result<SystemMemory> systemMemory() = 0;
  virtual Result<ProcessMemory> processMemory() = 0;
};

} // namespace dragoman::telemetry
