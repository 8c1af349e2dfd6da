#include "tests/support/virtualaudio.h"

#include "tests/support/testpaths.h"

#include <QDeadlineTimer>

namespace dragoman::test {

VirtualAudio::VirtualAudio(QString folder) : m_folder(std::move(folder)) {}

VirtualAudio::~VirtualAudio() {
  for (const std::unique_ptr<QProcess> &player : m_players) {
    player->kill();
    player->waitForFinished();
  }
}

QString VirtualAudio::script() const { return sourceDir() + QStringLiteral("/scripts/virtual-audio.sh"); }

QProcessEnvironment VirtualAudio::scriptEnvironment() const {
  QProcessEnvironment env = environment(QProcessEnvironment::systemEnvironment());
  if (!m_folder.isEmpty())
    env.insert(QStringLiteral("DRAGOMAN_PA_DIR"), m_folder);
  return env;
}

bool VirtualAudio::start() {
  QProcess p;
  p.setProcessEnvironment(scriptEnvironment());
  p.start(QStringLiteral("bash"), {script(), QStringLiteral("start")});
  if (!p.waitForFinished(60000) || p.exitCode() != 0) {
    m_error = QStringLiteral("scripts/virtual-audio.sh start failed (%1); install pulseaudio pulseaudio-utils "
                             "libasound2-plugins sox")
                  .arg(QString::fromUtf8(p.readAllStandardError()).simplified());
    return false;
  }
  for (const QString &line : QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'))) {
    QString l = line.trimmed();
    if (l.startsWith(QLatin1String("export ")))
      l = l.mid(7);
    const qsizetype eq = l.indexOf(QLatin1Char('='));
    if (eq <= 0)
      continue;
    const QString key = l.left(eq), value = l.mid(eq + 1);
    if (key == QLatin1String("input"))
      m_input = value;
    else if (key == QLatin1String("output"))
      m_output = value;
    else
      m_vars.insert(key, value);
  }
  if (m_input.isEmpty() || m_output.isEmpty()) {
    m_error = QStringLiteral("scripts/virtual-audio.sh start printed no input= and output= lines");
    return false;
  }
  return true;
}

void VirtualAudio::stop() {
  for (const std::unique_ptr<QProcess> &player : m_players) {
    player->kill();
    player->waitForFinished();
  }
  m_players.clear();
  QProcess p;
  p.setProcessEnvironment(scriptEnvironment());
  p.start(QStringLiteral("bash"), {script(), QStringLiteral("stop")});
  p.waitForFinished(30000);
}

bool VirtualAudio::playAsync(const QString &file, const QString &sink) {
  auto player = std::make_unique<QProcess>();
  player->setProcessEnvironment(scriptEnvironment());
  QStringList args{script(), QStringLiteral("play"), file};
  if (!sink.isEmpty())
    args << sink;
  player->start(QStringLiteral("bash"), args);
  const bool started = player->waitForStarted(5000);
  m_players.push_back(std::move(player));
  return started;
}

bool VirtualAudio::waitPlayed(int timeoutMs) {
  if (m_players.empty())
    return false;
  // Still playing when the time is up: false, and the players are kept for the next call.
  const QDeadlineTimer deadline(timeoutMs);
  for (const std::unique_ptr<QProcess> &player : m_players)
    if (player->state() != QProcess::NotRunning && !player->waitForFinished(int(deadline.remainingTime())))
      return false;
  bool ok = true;
  for (const std::unique_ptr<QProcess> &player : m_players) {
    if (player->exitStatus() == QProcess::NormalExit && player->exitCode() == 0)
      continue;
    ok = false;
    m_error = QStringLiteral("scripts/virtual-audio.sh play failed: %1")
                  .arg(QString::fromUtf8(player->readAllStandardError()).simplified());
  }
  m_players.clear();
  return ok;
}

bool VirtualAudio::play(const QString &file) { return playAsync(file) && waitPlayed(120000); }

QString VirtualAudio::pactl(const QStringList &args) const {
  QProcess p;
  p.setProcessEnvironment(scriptEnvironment());
  p.start(QStringLiteral("pactl"), args);
  p.waitForFinished(10000);
  return QString::fromUtf8(p.readAllStandardOutput());
}

QProcessEnvironment VirtualAudio::environment(const QProcessEnvironment &base) const {
  QProcessEnvironment env = base;
  for (const QString &key : m_vars.keys())
    env.insert(key, m_vars.value(key));
  return env;
}

void VirtualAudio::exportToThisProcess() const {
  for (const QString &key : m_vars.keys())
    qputenv(qPrintable(key), m_vars.value(key).toUtf8());
}

} // namespace dragoman::test
