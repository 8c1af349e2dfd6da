#include "core/telemetry/memory/procmemoryreader.h"

#include <QFile>

#include <algorithm>
#include <map>
#include <optional>

namespace dragoman::telemetry {

namespace {

// "Key:   1234 kB" lines -> bytes. Lines that do not look like that are skipped; a known key with a
// value that is not a number is remembered as such so the caller can say so.
struct KeyValues {
  std::map<QByteArray, qint64> bytes;
  QByteArray badKey;
};

KeyValues parseKeyValues(const QByteArray &text) {
  KeyValues out;
  for (const QByteArray &rawLine : text.split('\n')) {
    const qsizetype colon = rawLine.indexOf(':');
    if (colon <= 0)
      continue;
    const QByteArray key = rawLine.left(colon).trimmed();
    const QList<QByteArray> parts = rawLine.mid(colon + 1).simplified().split(' ');
    if (parts.isEmpty() || parts.front().isEmpty())
      continue;
    bool ok = false;
    const qint64 number = parts.front().toLongLong(&ok);
    if (!ok || number < 0) {
      if (out.badKey.isEmpty())
        out.badKey = key;
      continue;
    }
    qint64 multiplier = 1;
    if (parts.size() > 1) {
      const QByteArray unit = parts[1].toLower();
      if (unit == "kb")
        multiplier = 1024; // the kernel's "kB" means KiB
      else if (unit == "mb")
        multiplier = qint64(1024) * 1024;
      else if (unit == "gb")
        multiplier = qint64(1024) * 1024 * 1024;
    }
    out.bytes[key] = number * multiplier;
  }
  return out;
}

std::optional<qint64> find(const KeyValues &kv, const char *key) {
  const auto it = kv.bytes.find(QByteArray(key));
  if (it == kv.bytes.end())
    return std::nullopt;
  return it->second;
}

Error missing(const char *key, const QString &file, const KeyValues &kv) {
  if (kv.badKey == key)
    return makeError(ErrorKind::Input,
                     QStringLiteral("%1: the %2 value is not a number").arg(file, QString::fromLatin1(key)));
  return makeError(ErrorKind::Input, QStringLiteral("%1 has no %2 line").arg(file, QString::fromLatin1(key)));
}

Result<QByteArray> readWhole(const QString &path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return makeError(ErrorKind::Input, QStringLiteral("could not read %1: %2").arg(path, file.errorString()));
  // /proc files report size 0: read until the end.
  return file.readAll();
}

} // namespace

ProcMemoryReader::ProcMemoryReader(QString meminfoPath, QString statusPath)
    : m_meminfoPath(std::move(meminfoPath)), m_statusPath(std::move(statusPath)) {}

Result<SystemMemory> ProcMemoryReader::parseMeminfo(const QByteArray &text) {
  const QString file = QStringLiteral("/proc/meminfo");
  const KeyValues kv = parseKeyValues(text);
  const std::optional<qint64> total = find(kv, "MemTotal");
  if (!total || *total <= 0)
    return missing("MemTotal", file, kv);
  SystemMemory m;
  m.totalBytes = *total;
  if (const std::optional<qint64> available = find(kv, "MemAvailable")) {
    m.availableBytes = *available;
  } else {
    const std::optional<qint64> free = find(kv, "MemFree");
    if (!free)
      return missing("MemAvailable", file, kv);
    m.availableBytes = *free + find(kv, "Buffers").value_or(0) + find(kv, "Cached").value_or(0);
  }
  m.availableBytes = std::min(m.availableBytes, m.totalBytes);
  return m;
}

Result<ProcessMemory> ProcMemoryReader::parseStatus(const QByteArray &text) {
  const QString file = QStringLiteral("/proc/self/status");
  const KeyValues kv = parseKeyValues(text);
  const std::optional<qint64> rss = find(kv, "VmRSS");
  if (!rss)
    return missing("VmRSS", file, kv);
  ProcessMemory m;
  m.rssBytes = *rss;
  m.peakRssBytes = std::max(find(kv, "VmHWM").value_or(*rss), *rss);
  return m;
}

Result<SystemMemory> ProcMemoryReader::systemMemory() {
  Result<QByteArray> text = readWhole(m_meminfoPath);
  if (!text)
    return text.error();
  return parseMeminfo(*text);
}

Result<ProcessMemory> ProcMemoryReader::processMemory() {
  Result<QByteArray> text = readWhole(m_statusPath);
  if (!text)
    return text.error();
  return parseStatus(*text);
}

} // namespace dragoman::telemetry
