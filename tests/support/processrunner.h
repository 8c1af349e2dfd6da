#pragma once
// Runs the real `dragoman` binary for integration tests.

#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace dragoman::test {

struct ProcessResult {
  int exitCode = -1;
  bool crashed = false;
  QString out;
  QString err;
  qint64 elapsedMs = 0;
};

// An environment with XDG folders inside home (so no user config is read) and no DRAGOMAN_* variables.
QProcessEnvironment isolatedEnvironment(const QString &home);

// launcher: a command that runs the binary (e.g. setpriv with its options), or empty.
ProcessResult runDragoman(const QStringList &arguments, const QProcessEnvironment &environment,
                          int timeoutMs = 120000, const QStringList &launcher = {});

// Reads a running process's standard error until it contains `marker`, the process ends or
// timeoutMs pass; returns what was read.
QString readStderrUntil(QProcess &process, const QString &marker, int timeoutMs = 30000);

// The objects of a JSON-lines file (a captions file); empty when it cannot be read.
QList<QJsonObject> readJsonLines(const QString &path);
// The "fields" of every `--log-format json` line in `log` whose message is `message`.
QList<QJsonObject> loggedFields(const QString &log, const QString &message);

// The names of a process's threads now, as the kernel shows them (/proc/PID/task/*/comm).
QStringList threadNames(qint64 pid);

} // namespace dragoman::test
