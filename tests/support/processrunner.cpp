#include "tests/support/processrunner.h"

#include "tests/support/testpaths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>

namespace dragoman::test {

QProcessEnvironment isolatedEnvironment(const QString &home) {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  for (const QString &key : env.keys())
    if (key.startsWith(QLatin1String("DRAGOMAN_")) && key != QLatin1String("DRAGOMAN_SHARED"))
      env.remove(key);
  env.insert(QStringLiteral("HOME"), home);
  env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
  env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
  env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/cache"));
  env.remove(QStringLiteral("DISPLAY"));
  env.remove(QStringLiteral("WAYLAND_DISPLAY"));
  env.remove(QStringLiteral("QT_QPA_PLATFORM"));
  return env;
}

ProcessResult runDragoman(const QStringList &arguments, const QProcessEnvironment &environment, int timeoutMs,
                          const QStringList &launcher) {
  QProcess p;
  p.setProcessEnvironment(environment);
  QElapsedTimer timer;
  timer.start();
  if (launcher.isEmpty())
    p.start(dragomanBinary(), arguments);
  else
    p.start(launcher.first(), launcher.mid(1) + QStringList{dragomanBinary()} + arguments);
  ProcessResult r;
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished();
    r.crashed = true;
  }
  r.elapsedMs = timer.elapsed();
  r.crashed = r.crashed || p.exitStatus() == QProcess::CrashExit;
  r.exitCode = p.exitCode();
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err = QString::fromUtf8(p.readAllStandardError());
  return r;
}

QString readStderrUntil(QProcess &process, const QString &marker, int timeoutMs) {
  QString err;
  QElapsedTimer waited;
  waited.start();
  while (!err.contains(marker) && process.state() == QProcess::Running && waited.elapsed() < timeoutMs) {
    process.waitForReadyRead(200);
    err += QString::fromUtf8(process.readAllStandardError());
  }
  return err;
}

QStringList threadNames(qint64 pid) {
  QStringList names;
  const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
  for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
    QFile comm(tasks.filePath(task + QStringLiteral("/comm")));
    if (comm.open(QIODevice::ReadOnly))
      names << QString::fromUtf8(comm.readAll()).trimmed();
  }
  return names;
}

} // namespace dragoman::test
