#include "tests/support/processrunner.h"

#include "tests/support/testpaths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
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

QList<QJsonObject> readJsonLines(const QString &path) {
  QList<QJsonObject> out;
  QFile f(path);
  if (f.open(QIODevice::ReadOnly))
    for (const QByteArray &line : f.readAll().split('\n'))
      if (!line.isEmpty())
        out << QJsonDocument::fromJson(line).object();
  return out;
}

QList<QJsonObject> loggedFields(const QString &log, const QString &message) {
  QList<QJsonObject> out;
  for (const QString &line : log.split(QLatin1Char('\n'))) {
    const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
    if (o.value(QStringLiteral("message")).toString() == message)
      out << o.value(QStringLiteral("fields")).toObject();
  }
  return out;
}

} // namespace dragoman::test
