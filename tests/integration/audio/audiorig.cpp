#include "tests/integration/audio/audiorig.h"

#include "tests/support/testpaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QThread>

#include <cmath>

namespace dragoman::test::live {

// A folder per test process, so tests running in parallel do not stop each other's daemon.
AudioRig::AudioRig()
    : m_audio(QStringLiteral("/tmp/dragoman-pa-test-%1").arg(QCoreApplication::applicationPid())) {}

bool AudioRig::start(QString *why) {
  if (!m_audio.start()) {
    *why = QStringLiteral("virtual audio unavailable: %1").arg(m_audio.error());
    return false;
  }
  m_audio.exportToThisProcess();
  m_started = true;
  return true;
}

void AudioRig::stop() {
  if (!m_started)
    return;
  m_audio.stop();
  m_started = false;
}

AudioRig::~AudioRig() { stop(); }

bool AudioRig::playAsync(const QString &file) { return m_audio.playAsync(file); }

bool AudioRig::waitPlayed(int timeoutMs) {
  const bool ok = m_audio.waitPlayed(timeoutMs);
  if (!ok)
    qWarning("%s", qPrintable(m_audio.error()));
  return ok;
}

std::vector<float> chirp(int rate, double seconds, double fromHz, double toHz) {
  const std::size_t n = static_cast<std::size_t>(seconds * rate);
  std::vector<float> s(n);
  const double k = (toHz - fromHz) / seconds;
  const double fade = 0.005 * rate;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = double(i) / rate;
    const double env = std::min({1.0, double(i) / fade, double(n - i) / fade});
    s[i] = static_cast<float>(0.5 * env * std::sin(2.0 * M_PI * (fromHz * t + 0.5 * k * t * t)));
  }
  return s;
}

std::vector<float> sine(int rate, double seconds, double hz) {
  std::vector<float> s(static_cast<std::size_t>(seconds * rate));
  for (std::size_t i = 0; i < s.size(); ++i)
    s[i] = static_cast<float>(0.5 * std::sin(2.0 * M_PI * hz * double(i) / rate));
  return s;
}

long firstAbove(const std::vector<float> &x, float threshold) {
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::abs(x[i]) > threshold)
      return static_cast<long>(i);
  return -1;
}

double bestCorrelation(const std::vector<float> &x, const std::vector<float> &tmpl, long from, long to, long *lag) {
  double tt = 0.0;
  for (float v : tmpl)
    tt += double(v) * v;
  double best = -1.0;
  for (long l = std::max(0L, from); l <= to; ++l) {
    if (static_cast<std::size_t>(l) + tmpl.size() > x.size())
      break;
    double xt = 0.0;
    double xx = 0.0;
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
      const double v = x[static_cast<std::size_t>(l) + i];
      xt += v * tmpl[i];
      xx += v * v;
    }
    const double c = xx > 0.0 && tt > 0.0 ? xt / std::sqrt(xx * tt) : 0.0;
    if (c > best) {
      best = c;
      *lag = l;
    }
  }
  return best;
}

double rms(const std::vector<float> &x, std::size_t from, std::size_t n) {
  double sum = 0.0;
  std::size_t count = 0;
  for (std::size_t i = from; i < from + n && i < x.size(); ++i, ++count)
    sum += double(x[i]) * x[i];
  return count ? std::sqrt(sum / double(count)) : 0.0;
}

bool waitForFirstFrames(audio::CaptureStream &capture, int timeoutMs) {
  QElapsedTimer timer;
  timer.start();
  while (!capture.hasStarted() && timer.elapsed() < timeoutMs)
    QThread::msleep(2);
  return capture.hasStarted();
}

void drainFor(audio::CaptureStream &capture, std::vector<float> &sink, int ms) {
  QElapsedTimer timer;
  timer.start();
  float buf[4096];
  do {
    std::size_t n;
    while ((n = capture.read(buf, std::size(buf))) > 0)
      sink.insert(sink.end(), buf, buf + n);
    QThread::msleep(10);
  } while (timer.elapsed() < ms);
}

} // namespace dragoman::test::live
