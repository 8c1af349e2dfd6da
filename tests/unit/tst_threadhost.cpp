// ThreadHost: threads made under their names, listed while they run and not after, background
// jobs that are waited for, and the declared-name check.
#include "core/common/threadhost.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <condition_variable>
#include <mutex>

using namespace dragoman;

namespace {

// A gate the test opens: threads wait on it so that they are still running while the test looks.
struct Gate {
  std::mutex mutex;
  std::condition_variable cv;
  bool open = false;
  void wait() {
    std::unique_lock lock(mutex);
    cv.wait(lock, [this] { return open; });
  }
  void release() {
    {
      const std::lock_guard lock(mutex);
      open = true;
    }
    cv.notify_all();
  }
};

QString osThreadName() {
  char name[16] = {};
#if defined(__linux__)
  pthread_getname_np(pthread_self(), name, sizeof name);
#endif
  return QString::fromLatin1(name);
}

} // namespace

class TestThreadHost : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void threadCarriesItsNameAndIsListedWhileItRuns() {
    ThreadHost host;
    Gate gate;
    QString seen;
    std::unique_ptr<QThread> t = host.thread("dm-asr", [&] {
      seen = osThreadName();
      gate.wait();
    });
    QCOMPARE(t->objectName(), QStringLiteral("dm-asr"));
    QVERIFY(host.running().isEmpty()); // not started yet
    t->start();
    QTRY_COMPARE(host.running(), QStringList{QStringLiteral("dm-asr")});
    gate.release();
    QVERIFY(t->wait(5000));
#if defined(__linux__)
    QCOMPARE(seen, QStringLiteral("dm-asr")); // what top -H, gdb and perf show
#endif
    QVERIFY(host.running().isEmpty());
  }

  void twoThreadsOfOneNameAreListedTwiceSorted() {
    ThreadHost host;
    Gate gate;
    auto a = host.thread("dm-tts", [&] { gate.wait(); });
    auto b = host.thread("dm-asr", [&] { gate.wait(); });
    auto c = host.thread("dm-asr", [&] { gate.wait(); });
    for (QThread *t : {a.get(), b.get(), c.get()})
      t->start();
    QTRY_COMPARE(host.running(), (QStringList{QStringLiteral("dm-asr"), QStringLiteral("dm-asr"), QStringLiteral("dm-tts")}));
    gate.release();
    for (QThread *t : {a.get(), b.get(), c.get()})
      QVERIFY(t->wait(5000));
    QVERIFY(host.running().isEmpty());
  }

  void loopRunsQueuedWorkOnItsThread() {
    ThreadHost host;
    std::unique_ptr<QThread> loop = host.loop("dm-store");
    QObject worker;
    worker.moveToThread(loop.get());
    loop->start();
    std::atomic<QThread *> ranOn{nullptr};
    QMetaObject::invokeMethod(&worker, [&] { ranOn = QThread::currentThread(); }, Qt::BlockingQueuedConnection);
    QCOMPARE(ranOn.load(), loop.get());
    QCOMPARE(host.running(), QStringList{QStringLiteral("dm-store")});
    loop->quit();
    QVERIFY(loop->wait(5000));
    QVERIFY(host.running().isEmpty());
  }

  void backgroundJobsAreWaitedForAndDeleteThemselves() {
    ThreadHost host;
    Gate gate;
    std::atomic_int done{0};
    for (int i = 0; i < 3; ++i)
      host.background("dm-settings", [&] {
        gate.wait();
        ++done;
      });
    QTRY_COMPARE(host.running().size(), 3);
    QVERIFY(!host.waitForBackground(50)); // they wait for the gate
    gate.release();
    QVERIFY(host.waitForBackground(5000));
    QCOMPARE(done.load(), 3);
    QTRY_VERIFY(host.running().isEmpty());
  }

  void destructorWaitsForBackgroundJobs() {
    std::atomic_bool finished{false};
    {
      ThreadHost host;
      host.background("dm-export", [&] {
        QThread::msleep(100);
        finished = true;
      });
    }
    QVERIFY(finished.load());
  }

  void declaredNamesAreAsked() {
    QStringList asked;
    ThreadHost host([&asked](const char *name) {
      asked << QString::fromLatin1(name);
      return true;
    });
    auto t = host.thread("dm-mt", [] {});
    auto l = host.loop("dm-history");
    QCOMPARE(asked, (QStringList{QStringLiteral("dm-mt"), QStringLiteral("dm-history")}));
  }
};

QTEST_GUILESS_MAIN(TestThreadHost)
#include "tst_threadhost.moc"
