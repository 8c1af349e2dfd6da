#include "core/models/transfermeter.h"

#include <cmath>

namespace dragoman::models {
namespace {

constexpr qint64 kWindowMs = 5000;

} // namespace

void TransferMeter::start(qint64 done, qint64 total, qint64 nowMs) {
  m_samples = {{nowMs, done}};
  m_done = done;
  m_total = total;
}

void TransferMeter::update(qint64 done, qint64 nowMs) {
  m_done = done;
  m_samples.append({nowMs, done});
  // Keep one sample older than the window so the rate always spans it.
  while (m_samples.size() > 2 && nowMs - m_samples.at(1).ms >= kWindowMs)
    m_samples.removeFirst();
}

double TransferMeter::bytesPerSecond() const {
  if (m_samples.size() < 2)
    return 0.0;
  const Sample &first = m_samples.first();
  const Sample &last = m_samples.last();
  const qint64 ms = last.ms - first.ms;
  return ms < 200 ? 0.0 : double(last.bytes - first.bytes) * 1000.0 / double(ms);
}

std::optional<qint64> TransferMeter::secondsLeft() const {
  const double rate = bytesPerSecond();
  if (rate <= 0.0 || m_total <= 0)
    return std::nullopt;
  return qint64(std::ceil(double(std::max<qint64>(0, m_total - m_done)) / rate));
}

QString TransferMeter::line(const QString &label, int barWidth) const {
  const double fraction = m_total > 0 ? std::clamp(double(m_done) / double(m_total), 0.0, 1.0) : 0.0;
  const int filled = int(fraction * barWidth);
  QString out = label + QStringLiteral(" [") + QString(filled, QLatin1Char('#')) +
                QString(barWidth - filled, QLatin1Char('-')) + QStringLiteral("] ");
  out += QStringLiteral("%1%").arg(int(fraction * 100.0), 3);
  out += QStringLiteral("  %1 / %2").arg(formatBytes(m_done), formatBytes(m_total));
  if (const double rate = bytesPerSecond(); rate > 0.0)
    out += QStringLiteral("  %1/s").arg(formatBytes(qint64(rate)));
  if (const std::optional<qint64> left = secondsLeft())
    out += QStringLiteral("  ETA %1").arg(formatDuration(*left));
  return out;
}

QString formatBytes(qint64 bytes) {
  if (bytes < 1000)
    return QStringLiteral("%1 B").arg(bytes);
  static const char *units[] = {"kB", "MB", "GB", "TB"};
  double v = double(bytes);
  int unit = -1;
  while (v >= 1000.0 && unit < 3) {
    v /= 1000.0;
    ++unit;
  }
  return QStringLiteral("%1 %2").arg(v, 0, 'f', v < 10.0 && unit >= 2 ? 2 : 1).arg(QLatin1String(units[unit]));
}

QString formatDuration(qint64 seconds) {
  const qint64 h = seconds / 3600;
  const qint64 m = (seconds % 3600) / 60;
  const qint64 s = seconds % 60;
  if (h > 0)
    return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

} // namespace dragoman::models
