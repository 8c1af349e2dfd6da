#pragma once
// Speed and time left for a transfer, and the one-line progress bar a terminal shows.
// Time comes in from the caller (milliseconds), so the arithmetic is testable without waiting.

#include <QList>
#include <QString>

#include <optional>

namespace dragoman::models {

class TransferMeter {
public:
  // total: bytes when complete; done: already there before this run (a resumed .part).
  void start(qint64 done, qint64 total, qint64 nowMs);
  void update(qint64 done, qint64 nowMs);

  qint64 done() const { return m_done; }
  qint64 total() const { return m_total; }
  // Over the last few seconds, so the figure follows the current speed; 0 until measurable.
  double bytesPerSecond() const;
  std::optional<qint64> secondsLeft() const;
  // e.g. "whisper-tiny [########----------]  41%  62.0 MB / 151.1 MB  12.3 MB/s  ETA 0:07"
  QString line(const QString &label, int barWidth = 24) const;

private:
  struct Sample {
    qint64 ms;
    qint64 bytes;
  };
  QList<Sample> m_samples;
  qint64 m_done = 0;
  qint64 m_total = 0;
};

QString formatBytes(qint64 bytes);      // "512 B", "1.5 kB", "151.1 MB", "3.09 GB" (decimal units, as the Hub)
QString formatDuration(qint64 seconds); // "0:07", "12:05", "1:02:03"

} // namespace dragoman::models
