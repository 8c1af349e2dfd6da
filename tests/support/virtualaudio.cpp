#include "tests/support/virtualaudio.h"

#include "tests/support/testpaths.h"

namespace dragoman::test {

VirtualAudio::VirtualAudio(QString folder) : m_folder(std::move(folder)) {}

VirtualAudio::~VirtualAudio() {
  if (m_player) {
    m_player->kill();
    m_player->waitForFinished();
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
  if (m_player) {
    m_player->kill();
    m_player->waitForFinished();
    m_player.reset();
  }
  QProcess p;
  p.setProcessEnvironment(scriptEnvironment());
  p.start(QStringLiteral("bash"), {script(), QStringLiteral("stop")});
  p.waitForFinished(30000);
}

bool VirtualAudio::playAsync(const QString &file) {
  m_player = std::make_unique<QProcess>();
  m_player->setProcessEnvironment(scriptEnvironment());
  m_player->start(QStringLiteral("bash"), {script(), QStringLiteral("play"), file});
  return m_player->waitForStarted(5000);
}

bool VirtualAudio::waitPlayed(int timeoutMs) {
  if (!m_player)
    return false;
  const bool ok = m_player->waitForFinished(timeoutMs) && m_player->exitStatus() == QProcess::NormalExit &&
                  m_player->exitCode() == 0;
  if (!ok)
    m_error = QStringLiteral("scripts/virtual-audio.sh play failed: %1")
                  .arg(QString::fromUtf8(m_player->readAllStandardError()).simplified());
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
