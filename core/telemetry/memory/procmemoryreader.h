#pragma once
// Linux: /proc/meminfo (MemTotal, MemAvailable) and /proc/self/status (VmRSS, VmHWM).

#include "core/telemetry/memory/hostmemory.h"

#include <QByteArray>
#include <QString>

namespace dragoman::telemetry {

class ProcMemoryReader final : public IHostMemoryReader {
public:
  explicit ProcMemoryReader(QString meminfoPath = QStringLiteral("/proc/meminfo"),
                            QString statusPath = QStringLiteral("/proc/self/status"));

  Result<SystemMemory> systemMemory() override;
  Result<ProcessMemory> processMemory() override;

  // The parsers, for tests. Lines are "Key:   value [kB]"; unknown lines are skipped. Without
  // MemAvailable (Linux before 3.14) available is MemFree + Buffers + Cached; without VmHWM the
  // peak is VmRSS. A missing MemTotal or VmRSS, or a value that is not a number, is an error.
  static Result<SystemMemory> parseMeminfo(const QByteArray &text);
  static Result<ProcessMemory> parseStatus(const QByteArray &text);

private:
  QString m_meminfoPath;
  QString m_statusPath;
};

} // namespace dragoman::telemetry
