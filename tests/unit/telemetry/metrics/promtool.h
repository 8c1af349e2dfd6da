#pragma once
// Runs `promtool check metrics` (Debian package prometheus) on exposition text. Tests skip with a
// clear message when promtool is not installed and fail on any problem it reports.

#include <QByteArray>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTest>

namespace dragoman::test {

struct PromtoolResult {
  bool available = false;
  bool finished = false;
  int exitCode = -1; // 0 valid, 1 parse error, 3 lint problems
  QString output;
};

inline PromtoolResult runPromtoolCheckMetrics(const QByteArray &text) {
  PromtoolResult r;
  const QString exe = QStandardPaths::findExecutable(QStringLiteral("promtool"));
  if (exe.isEmpty())
    return r;
  r.available = true;
  QProcess process;
  process.setProcessChannelMode(QProcess::MergedChannels);
  process.start(exe, {QStringLiteral("check"), QStringLiteral("metrics")});
  if (!process.waitForStarted(10000)) {
    r.output = process.errorString();
    return r;
  }
  process.write(text);
  process.closeWriteChannel();
  r.finished = process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit;
  r.exitCode = process.exitCode();
  r.output = QString::fromUtf8(process.readAll());
  return r;
}

} // namespace dragoman::test

#define DRAGOMAN_PROMTOOL_CHECK(text)                                                                                  \
  do {                                                                                                                 \
    const QByteArray promtoolInput_ = (text);                                                                          \
    const dragoman::test::PromtoolResult promtool_ = dragoman::test::runPromtoolCheckMetrics(promtoolInput_);          \
    if (!promtool_.available)                                                                                          \
      QSKIP("promtool not found: install the Debian package 'prometheus' "                                             \
            "(apt-get install --no-install-recommends prometheus) to validate the exposition text");                   \
    QVERIFY2(promtool_.finished &&promtool_.exitCode == 0,                                                             \
             qPrintable(QStringLiteral("promtool check metrics exited with %1:\n%2\n--- input ---\n%3")                \
                            .arg(promtool_.exitCode)                                                                   \
                            .arg(promtool_.output, QString::fromUtf8(promtoolInput_))));                               \
  } while (false)
