// The declared threads (app/context/threads.cpp) against the threads a running `dragoman live`
// has: its /proc/PID/task/*/comm while it captures, speaks and serves the API. Every thread there
// is declared (by Dragoman's table, or as a library's), the session's own threads are all present
// under their names, and the table itself is sound (unique names the kernel keeps whole).
#include "app/context/threads.h"
#include "core/common/threadnames.h"
#include "tests/support/processrunner.h"
#include "tests/support/testpaths.h"
#include "tests/support/virtualaudio.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace dragoman;
using namespace dragoman::test;

class TestThreads : public QObject {
  Q_OBJECT
  QTemporaryDir m_home;

private Q_SLOTS:
  void tableIsSound() {
    QSet<QString> seen;
    for (const ThreadDeclaration &t : threadTable()) {
      const QString name = QString::fromLatin1(t.name);
      QVERIFY2(name.size() <= 15, qPrintable(name + QStringLiteral(": the kernel keeps 15 characters")));
      QVERIFY2(!seen.contains(name), qPrintable(name + QStringLiteral(" declared twice")));
      seen.insert(name);
      QVERIFY(*t.job && *t.blocksOn && *t.stops && *t.startsIn);
    }
    QVERIFY(undeclaredThread(QString::fromLatin1(threadnames::kPlayback)).isEmpty());
    QCOMPARE(undeclaredThread(QStringLiteral("mystery")), QStringLiteral("mystery"));
  }

  void liveHasOnlyDeclaredThreads() {
#if !defined(__linux__)
    QSKIP("thread names are read from /proc");
#endif
    const QString speech = sharedFile(QStringLiteral("data/speech/jfk.flac"));
    if (speech.isEmpty())
      QSKIP("shared file data/speech/jfk.flac not found: set DRAGOMAN_SHARED to the shared/ folder");
    VirtualAudio audio(QStringLiteral("/tmp/dragoman-pa-threads-%1").arg(QCoreApplication::applicationPid()));
    DRAGOMAN_REQUIRE_VIRTUAL_AUDIO(audio);
    QProcess p;
    QProcessEnvironment env = audio.environment(isolatedEnvironment(m_home.path()));
    // OpenBLAS starts its workers when it loads, before any code of ours runs, and they keep the
    // process's name (declared as a library's); with one thread it starts none, so that any other
    // thread left unnamed shows here.
    env.insert(QStringLiteral("OPENBLAS_NUM_THREADS"), QStringLiteral("1"));
    p.setProcessEnvironment(env);
    p.start(dragomanBinary(), {QStringLiteral("live"), QStringLiteral("--input-device"), audio.input(), QStringLiteral("--output-device"),
                               audio.output(), QStringLiteral("--duration"), QStringLiteral("30"), QStringLiteral("--quiet"),
                               QStringLiteral("--serve"), QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(p.waitForStarted(10000));
    const QString err = readStderrUntil(p, QStringLiteral("live: "));
    QVERIFY2(p.state() == QProcess::Running, qPrintable(err));
    // Speech in, so that every stage works, speech plays and the callbacks have run.
    QVERIFY(audio.playAsync(speech));
    QSet<QString> all;
    qsizetype mains = 0; // threads named as the process: the main thread, and any thread nobody named
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 12000 && p.state() == QProcess::Running) {
      const QStringList now = threadNames(p.processId());
      for (const QString &name : now)
        all.insert(name);
      mains = std::max(mains, now.count(QStringLiteral("dragoman")));
      QTest::qWait(250);
    }
    (void)audio.waitPlayed(30000);
    p.terminate();
    p.waitForFinished(60000);
    audio.stop();
    QStringList names = all.values();
    names.sort();
    qInfo("threads seen: %s", qPrintable(names.join(QStringLiteral(", "))));
    QCOMPARE(mains, qsizetype(1)); // only the main thread goes unnamed
    for (const QString &name : names)
      QVERIFY2(undeclaredThread(name).isEmpty(), qPrintable(QStringLiteral("thread '%1' is not declared in app/context/threads.cpp").arg(name)));
    for (const char *expected : {threadnames::kCapture, threadnames::kAsr, threadnames::kMt, threadnames::kTts, threadnames::kPlayback,
                                 threadnames::kCaptureCallback, threadnames::kPlaybackCallback, threadnames::kApiTranslate})
      QVERIFY2(all.contains(QString::fromLatin1(expected)), qPrintable(QStringLiteral("no thread named %1").arg(QLatin1String(expected))));
  }
};

QTEST_GUILESS_MAIN(TestThreads)
#include "tst_threads.moc"
