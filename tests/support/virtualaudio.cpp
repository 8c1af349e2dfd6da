#include "tests/support/virtualaudio.h"

#include "tests/support/testpaths.h"

#include <QProcess>

namespace dragoman::test {

QString VirtualAudio::script() const { return sourceDir() + QStringLiteral("/scripts/virtual-audio.sh"); }

bool VirtualAudio::start() {
  QProcess p;
  p.start(QStringLiteral("bash"), {script(), QStringLiteral("start")});
  if (!p.waitForFinished(60000) || p.exitCode() != 0) {
    m_error = QString::fromUtf8(p.readAllStandardError()).simplified();
    if (m_error.isEmpty())
      m_error = QStringLiteral("scripts/virtual-audio.sh start failed");
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
  QProcess p;
  p.start(QStringLiteral("bash"), {script(), QStringLiteral("stop")});
  p.waitForFinished(30000);
}

bool VirtualAudio::play(const QString &file) {
  QProcess p;
  p.setProcessEnvironment(environment(QProcessEnvironment::systemEnvironment()));
  p.start(QStringLiteral("bash"), {script(), QStringLiteral("play"), file});
  const bool ok = p.waitForFinished(120000) && p.exitCode() == 0;
  if (!ok)
    m_error = QStringLiteral("scripts/virtual-audio.sh play %1 failed: %2")
                  .arg(file, QString::fromUtf8(p.readAllStandardError()).simplified());
  return ok;
}

QString VirtualAudio::pactl(const QStringList &args) const {
  QProcess p;
  p.setProcessEnvironment(environment(QProcessEnvironment::systemEnvironment()));
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
