#include "tests/integration/audio/audiorig.h"

#include "tests/support/testpaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QThread>

#include <cmath>

namespace dragoman::test::live {
namespace {

QString script() { return sourceDir() + QStringLiteral("/scripts/virtual-audio.sh"); }

} // namespace

QString AudioRig::run(const QStringList &args, int *exitCode) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("DRAGOMAN_PA_DIR"), m_dir);
  p.setProcessEnvironment(env);
  p.start(QStringLiteral("bash"), QStringList{script()} + args);
  if (!p.waitForFinished(30000)) {
    p.kill();
    p.waitForFinished();
    *exitCode = -1;
    return QStringLiteral("timed out");
  }
  *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  return QString::fromUtf8(p.readAllStandardOutput()) + QString::fromUtf8(p.readAllStandardError());
}

bool AudioRig::start(QString *why) {
  // A folder per test process, so tests running in parallel do not stop each other's daemon.
  m_dir = QStringLiteral("/tmp/dragoman-pa-test-%1").arg(QCoreApplication::applicationPid());
  int code = 0;
  const QString out = run({QStringLiteral("start")}, &code);
  if (code != 0) {
    *why = QStringLiteral("virtual audio unavailable (scripts/virtual-audio.sh start failed: %1); install "
                          "pulseaudio pulseaudio-utils libasound2-plugins sox")
               .arg(out.trimmed());
    return false;
  }
  m_started = true;
  for (const QString &line : out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
    QString l = line.trimmed();
    if (l.startsWith(QLatin1String("export ")))
      l = l.mid(7);
    const qsizetype eq = l.indexOf(QLatin1Char('='));
    if (eq <= 0)
      continue;
    const QString key = l.left(eq);
    const QString value = l.mid(eq + 1);
    if (key == QLatin1String("input"))
      m_input = value;
    else if (key == QLatin1String("output"))
      m_output = value;
    else
      qputenv(key.toLatin1().constData(), value.toUtf8());
  }
  if (m_input.isEmpty() || m_output.isEmpty()) {
    *why = QStringLiteral("scripts/virtual-audio.sh start printed no input=/output= lines: %1").arg(out);
    return false;
  }
  return true;
}

void AudioRig::stop() {
  if (m_player) {
    m_player->kill();
    m_player->waitForFinished();
    m_player.reset();
  }
  if (!m_started)
    return;
  int code = 0;
  run({QStringLiteral("stop")}, &code);
  m_started = false;
}

AudioRig::~AudioRig() { stop(); }

bool AudioRig::playAsync(const QString &file) {
  m_player = std::make_unique<QProcess>();
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("DRAGOMAN_PA_DIR"), m_dir);
  m_player->setProcessEnvironment(env);
  m_player->start(QStringLiteral("bash"), QStringList{script(), QStringLiteral("play"), file});
  return m_player->waitForStarted(5000);
}

bool AudioRig::waitPlayed(int timeoutMs) {
  if (!m_player || !m_player->waitForFinished(timeoutMs))
    return false;
  if (m_player->exitCode() != 0)
    qWarning("play failed: %s", m_player->readAllStandardError().constData());
  return m_player->exitStatus() == QProcess::NormalExit && m_player->exitCode() == 0;
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
