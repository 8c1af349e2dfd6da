#include "core/telemetry/memory/memorymonitor.h"

#include "fakememory.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <thread>

using namespace dragoman::telemetry;
using dragoman::test::FakeClock;
using dragoman::test::FakeDriverReader;
using dragoman::test::FakeGpu;
using dragoman::test::FakeHostReader;
using dragoman::test::HostMemoryState;

namespace {

constexpr double GiB = 1024.0 * 1024.0 * 1024.0;

struct Rig {
  std::shared_ptr<HostMemoryState> host = std::make_shared<HostMemoryState>();
  std::shared_ptr<FakeGpu> gpu = std::make_shared<FakeGpu>();
  std::unique_ptr<MemoryMonitor> monitor;

  explicit Rig(bool withGpu = true) {
    monitor = std::make_unique<MemoryMonitor>(withGpu ? gpu : nullptr);
    monitor->setHostReader(std::make_unique<FakeHostReader>(host));
    monitor->setClock(FakeClock{});
    monitor->setDriverGpuReader(nullptr); // not this machine's NVIDIA driver, if it has one
  }
  void rss(double gib) { host->process.rssBytes = qint64(gib * GiB); }
};

} // namespace

class TestMemoryMonitor : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void realProcSample() {
    MemoryMonitor monitor; // /proc and no GPU
    const MemorySample s = monitor.sampleNow();
    QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
    QVERIFY(s.systemTotalBytes > 0);
    QVERIFY(s.systemAvailableBytes > 0);
    QVERIFY(s.processRssBytes > 0);
    QVERIFY(s.processPeakRssBytes >= s.processRssBytes);
    QVERIFY(s.systemUsedFraction() > 0 && s.systemUsedFraction() < 1);
    QVERIFY(s.gpus.empty());
    QVERIFY(s.at != dragoman::TimePoint{});
  }

  void sampleCarriesEverything() {
    Rig rig;
    GpuMemory g;
    g.device = 0;
    g.allocatedBytes = 100;
    g.reservedBytes = 200;
    g.driverTotalBytes = 1000;
    rig.gpu->gpus = {g};
    rig.monitor->registerModel({QStringLiteral("whisper-small"), QStringLiteral("cuda:0"), 500});
    rig.monitor->registerModel({QStringLiteral("opus-mt-en-de"), QStringLiteral("cpu"), 300});
    rig.monitor->registerModel({QStringLiteral("whisper-small"), QStringLiteral("cuda:0"), 550}); // replaces

    QSignalSpy spy(rig.monitor.get(), &MemoryMonitor::sampled);
    const MemorySample s = rig.monitor->sampleNow();
    QCOMPARE(spy.count(), 1);
    const auto emitted = spy.at(0).at(0).value<MemorySample>();
    QCOMPARE(emitted.processRssBytes, s.processRssBytes);
    QCOMPARE(s.systemTotalBytes, 16LL << 30);
    QCOMPARE(s.processRssBytes, 1LL << 30);
    QCOMPARE(s.gpus.size(), std::size_t(1));
    QCOMPARE(s.gpu(0)->reservedBytes, qint64(200));
    QVERIFY(s.gpu(1) == nullptr);
    QCOMPARE(s.models.size(), std::size_t(2));
    QCOMPARE(s.modelBytes(), qint64(850));

    QVERIFY(rig.monitor->unregisterModel(QStringLiteral("whisper-small")));
    QVERIFY(!rig.monitor->unregisterModel(QStringLiteral("whisper-small")));
    QCOMPARE(rig.monitor->sampleNow().models.size(), std::size_t(1));
  }

  // NVML's view of every GPU travels in the sample; a driver that fails is named in its error.
  void driverGpusFromNvml() {
    Rig rig(false);
    auto driver = std::make_unique<FakeDriverReader>();
    FakeDriverReader *fake = driver.get();
    fake->gpus = {DriverGpu{0, QStringLiteral("Fake GPU"), 24LL << 30, 3LL << 30, 21LL << 30, 812LL << 20}};
    rig.monitor->setDriverGpuReader(std::move(driver));
    MemorySample s = rig.monitor->sampleNow();
    QCOMPARE(s.driverGpus.size(), std::size_t(1));
    QCOMPARE(s.driverGpus[0].name, QStringLiteral("Fake GPU"));
    QCOMPARE(s.driverGpus[0].processBytes, 812LL << 20);
    QVERIFY(s.error.isEmpty());
    fake->error = QStringLiteral("NVML could not count the GPUs: GPU is lost");
    QTest::ignoreMessage(QtWarningMsg, "memory sample incomplete: NVML could not count the GPUs: GPU is lost");
    s = rig.monitor->sampleNow();
    QVERIFY(s.driverGpus.empty());
    QCOMPARE(s.processRssBytes, 1LL << 30); // the rest is still read
    QVERIFY(s.error.contains(QLatin1String("GPU is lost")));
  }

  // The real library: read when this machine has the NVIDIA driver, otherwise a reason.
  void nvmlOpensOrSaysWhy() {
    dragoman::Result<std::unique_ptr<NvmlReader>> nvml = NvmlReader::open();
    if (!nvml) {
      QCOMPARE(nvml.error().kind, dragoman::ErrorKind::EngineUnavailable);
      QVERIFY2(nvml.error().message.startsWith(QLatin1String("NVML")), qPrintable(nvml.error().message));
      return;
    }
    const auto gpus = (*nvml)->read();
    QVERIFY2(gpus.ok(), gpus.ok() ? "" : qPrintable(gpus.error().message));
    for (const DriverGpu &g : *gpus) {
      QVERIFY(g.totalBytes > 0);
      QVERIFY(g.usedBytes >= 0 && g.usedBytes <= g.totalBytes);
      QVERIFY(!g.name.isEmpty());
    }
  }

  void unreadableValuesAreReported() {
    Rig rig(false);
    rig.host->systemFails = true;
    // Logged once, not once per sample, until the problem changes.
    QTest::ignoreMessage(QtWarningMsg, "memory sample incomplete: could not read /proc/meminfo: fake failure");
    QTest::failOnWarning(QRegularExpression(QStringLiteral("could not read /proc/meminfo")));
    rig.monitor->sampleNow();
    MemorySample s = rig.monitor->sampleNow();
    QCOMPARE(s.systemTotalBytes, qint64(-1));
    QCOMPARE(s.processRssBytes, 1LL << 30);
    QVERIFY2(s.error.contains(QLatin1String("could not read /proc/meminfo")), qPrintable(s.error));
    rig.host->systemFails = false;
    rig.host->processFails = true;
    QTest::ignoreMessage(QtWarningMsg, "memory sample incomplete: could not read /proc/self/status: fake failure");
    s = rig.monitor->sampleNow();
    QCOMPARE(s.processRssBytes, qint64(-1));
    QVERIFY(s.systemTotalBytes > 0);
    QVERIFY(s.error.contains(QLatin1String("/proc/self/status")));
  }

  // The same value sequence as a chart would show; one alert per crossing, one action per raise.
  void hysteresisFiresOncePerCrossing_data() {
    QTest::addColumn<QList<double>>("rssGiB");
    QTest::addColumn<QString>("transitions");
    QTest::newRow("climb and stay") << QList<double>{6, 7, 7.5, 7.9, 8.5, 7.2, 7.6, 8} << "..R.....";
    QTest::newRow("wander then clear") << QList<double>{7.6, 7.4, 7.1, 7.49, 7.0, 6.0, 7.5} << "R...C.R";
    QTest::newRow("saw-tooth") << QList<double>{8, 6, 8, 6, 8, 6} << "RCRCRC";
  }
  void hysteresisFiresOncePerCrossing() {
    QFETCH(QList<double>, rssGiB);
    QFETCH(QString, transitions);
    Rig rig;
    QVERIFY(rig.monitor
                ->addThreshold({QStringLiteral("process"), MemoryMetric::processRss(), 7.5 * GiB, 7.0 * GiB,
                                MemoryAction::UnloadIdleModels})
                .ok());
    std::vector<MemoryAlert> handled;
    std::vector<MemoryAlert> callbacks;
    rig.monitor->setActionHandler(MemoryAction::UnloadIdleModels, [&](const MemoryAlert &a) { handled.push_back(a); });
    rig.monitor->addAlertCallback([&](const MemoryAlert &a) { callbacks.push_back(a); });
    QSignalSpy spy(rig.monitor.get(), &MemoryMonitor::alert);

    QString seen;
    for (double v : rssGiB) {
      rig.rss(v);
      const qsizetype before = spy.count();
      rig.monitor->sampleNow();
      QVERIFY(spy.count() - before <= 1);
      if (spy.count() == before)
        seen += u'.';
      else
        seen += spy.last().at(0).value<MemoryAlert>().raised ? u'R' : u'C';
    }
    QCOMPARE(seen, transitions);
    const qsizetype raises = transitions.count(u'R');
    QCOMPARE(qsizetype(handled.size()), raises);
    QCOMPARE(qsizetype(callbacks.size()), qsizetype(spy.count()));
    for (const MemoryAlert &a : handled) {
      QVERIFY(a.raised);
      QCOMPARE(a.action, MemoryAction::UnloadIdleModels);
      QVERIFY(a.message.endsWith(QLatin1String(": unloading idle models")));
    }
    for (qsizetype i = 0; i < spy.count(); ++i) {
      const auto a = spy.at(i).at(0).value<MemoryAlert>();
      QCOMPARE(a.message, callbacks[std::size_t(i)].message);
      QCOMPARE(a.threshold, QStringLiteral("process"));
      QCOMPARE(a.limit, a.raised ? 7.5 * GiB : 7.0 * GiB);
    }
  }

  void alertMessageAndClear() {
    Rig rig;
    QVERIFY(rig.monitor
                ->addThreshold({QStringLiteral("process"), MemoryMetric::processRss(), 7.5 * GiB, 7.0 * GiB,
                                MemoryAction::UnloadIdleModels})
                .ok());
    QSignalSpy spy(rig.monitor.get(), &MemoryMonitor::alert);
    rig.rss(7.9);
    rig.monitor->sampleNow();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).value<MemoryAlert>().message,
             QStringLiteral("process memory 7.9 GiB is above the 7.5 GiB limit: unloading idle models"));
    QVERIFY(rig.monitor->isRaised(QStringLiteral("process")));
    rig.rss(6.8);
    rig.monitor->sampleNow();
    QCOMPARE(spy.count(), 2);
    const auto cleared = spy.at(1).at(0).value<MemoryAlert>();
    QVERIFY(!cleared.raised);
    QCOMPARE(cleared.action, MemoryAction::None);
    QCOMPARE(cleared.message, QStringLiteral("process memory 6.8 GiB is back under 7.0 GiB"));
    QVERIFY(!rig.monitor->isRaised(QStringLiteral("process")));
  }

  void releaseGpuCacheDefaultsToTheProvider() {
    Rig rig;
    GpuMemory g;
    g.device = 0;
    g.allocatedBytes = qint64(10 * GiB);
    g.reservedBytes = qint64(23 * GiB);
    g.driverTotalBytes = qint64(24 * GiB);
    rig.gpu->gpus = {g};
    QVERIFY(rig.monitor
                ->addThreshold({QStringLiteral("gpu"), MemoryMetric::gpuReservedFraction(0), 0.9, 0.8,
                                MemoryAction::ReleaseGpuCache})
                .ok());
    QSignalSpy spy(rig.monitor.get(), &MemoryMonitor::alert);
    rig.monitor->sampleNow();
    QCOMPARE(rig.gpu->releases, 1);
    rig.monitor->sampleNow(); // the fake released down to allocated: 10/24 clears
    QCOMPARE(spy.count(), 2);
    QVERIFY(!spy.at(1).at(0).value<MemoryAlert>().raised);
    QCOMPARE(rig.gpu->releases, 1);

    // A handler of one's own replaces the default; an empty one restores it.
    int custom = 0;
    rig.monitor->setActionHandler(MemoryAction::ReleaseGpuCache, [&](const MemoryAlert &) { ++custom; });
    rig.gpu->gpus[0].reservedBytes = qint64(23 * GiB);
    rig.monitor->sampleNow();
    QCOMPARE(custom, 1);
    QCOMPARE(rig.gpu->releases, 1);
    rig.gpu->gpus[0].reservedBytes = qint64(1 * GiB);
    rig.monitor->sampleNow();
    rig.monitor->setActionHandler(MemoryAction::ReleaseGpuCache, {});
    rig.gpu->gpus[0].reservedBytes = qint64(23 * GiB);
    rig.monitor->sampleNow();
    QCOMPARE(custom, 1);
    QCOMPARE(rig.gpu->releases, 2);
  }

  void eachActionReachesItsHandler() {
    Rig rig;
    const MemoryAction actions[] = {MemoryAction::UnloadIdleModels, MemoryAction::FallBackToSmallerModel,
                                    MemoryAction::FallBackToCpu, MemoryAction::None};
    std::map<MemoryAction, int> calls;
    for (int i = 0; i < 4; ++i) {
      QVERIFY(rig.monitor
                  ->addThreshold({QStringLiteral("t%1").arg(i), MemoryMetric::processRss(), (2 + i) * GiB,
                                  (1.5 + i) * GiB, actions[i]})
                  .ok());
      rig.monitor->setActionHandler(actions[i], [&calls, a = actions[i]](const MemoryAlert &) { ++calls[a]; });
    }
    rig.rss(10); // raises all four at once
    rig.monitor->sampleNow();
    QCOMPARE(calls[MemoryAction::UnloadIdleModels], 1);
    QCOMPARE(calls[MemoryAction::FallBackToSmallerModel], 1);
    QCOMPARE(calls[MemoryAction::FallBackToCpu], 1);
    QCOMPARE(calls[MemoryAction::None], 0); // None runs nothing
    rig.monitor->sampleNow();
    QCOMPARE(calls[MemoryAction::FallBackToCpu], 1);
    QVERIFY(rig.monitor->removeThreshold(QStringLiteral("t0")));
    QCOMPARE(rig.monitor->thresholds().size(), std::size_t(3));
    QVERIFY(
        !rig.monitor->addThreshold({QStringLiteral("t1"), MemoryMetric::processRss(), 2, 1, MemoryAction::None}).ok());
  }

  void boundedHistory() {
    Rig rig;
    rig.monitor->setHistoryLimit(3);
    for (int i = 1; i <= 5; ++i) {
      rig.host->process.rssBytes = i * 1000;
      rig.monitor->sampleNow();
    }
    std::vector<MemorySample> h = rig.monitor->history();
    QCOMPARE(h.size(), std::size_t(3));
    QCOMPARE(h[0].processRssBytes, qint64(3000));
    QCOMPARE(h[2].processRssBytes, qint64(5000));
    QCOMPARE(h[2].at - h[1].at, std::chrono::seconds(1)); // the injected clock
    rig.monitor->setHistoryLimit(1);
    h = rig.monitor->history();
    QCOMPARE(h.size(), std::size_t(1));
    QCOMPARE(h[0].processRssBytes, qint64(5000));
    rig.monitor->setHistoryLimit(0); // at least one
    QCOMPARE(rig.monitor->historyLimit(), 1);
  }

  void timerSamples() {
    Rig rig;
    QSignalSpy spy(rig.monitor.get(), &MemoryMonitor::sampled);
    rig.monitor->setInterval(10);
    QCOMPARE(rig.monitor->interval(), 10);
    rig.monitor->start();
    QVERIFY(rig.monitor->isRunning());
    QCOMPARE(spy.count(), 1); // start() samples at once
    QTRY_VERIFY(spy.count() >= 4);
    rig.monitor->stop();
    QVERIFY(!rig.monitor->isRunning());
    const qsizetype stopped = spy.count();
    QTest::qWait(50);
    QCOMPARE(spy.count(), stopped);
  }

  void registerModelFromOtherThreads() {
    Rig rig;
    std::vector<std::thread> loaders;
    for (int t = 0; t < 4; ++t)
      loaders.emplace_back([&rig, t] {
        for (int i = 0; i < 200; ++i) {
          rig.monitor->registerModel({QStringLiteral("m%1-%2").arg(t).arg(i), QStringLiteral("cpu"), 1});
          if (i % 2)
            rig.monitor->unregisterModel(QStringLiteral("m%1-%2").arg(t).arg(i));
        }
      });
    for (int i = 0; i < 20; ++i)
      rig.monitor->sampleNow();
    for (std::thread &t : loaders)
      t.join();
    QCOMPARE(rig.monitor->sampleNow().models.size(), std::size_t(400));
  }

  void worksOnItsOwnThread() {
    dragoman::telemetry::registerMemoryMetaTypes();
    QThread worker;
    Rig rig;
    QVERIFY(rig.monitor
                ->addThreshold(
                    {QStringLiteral("process"), MemoryMetric::processRss(), 0.5 * GiB, 0.25 * GiB, MemoryAction::None})
                .ok());
    rig.monitor->setInterval(5);
    rig.monitor->moveToThread(&worker);
    std::atomic<int> samples{0};
    QList<MemoryAlert> alerts;
    QObject receiver; // lives here: the signals arrive queued, as values
    connect(rig.monitor.get(), &MemoryMonitor::sampled, &receiver, [&](const MemorySample &s) {
      QVERIFY(QThread::currentThread() == thread());
      QCOMPARE(s.processRssBytes, 1LL << 30);
      ++samples;
    });
    connect(rig.monitor.get(), &MemoryMonitor::alert, &receiver, [&](const MemoryAlert &a) { alerts.append(a); });
    worker.start();
    QMetaObject::invokeMethod(rig.monitor.get(), [m = rig.monitor.get()] { m->start(); });
    QTRY_VERIFY(samples >= 3);
    QCOMPARE(alerts.size(), 1);
    QVERIFY(alerts.front().raised);
    QMetaObject::invokeMethod(
        rig.monitor.get(),
        [m = rig.monitor.get()] {
          m->stop();
          m->moveToThread(QCoreApplication::instance()->thread());
        },
        Qt::BlockingQueuedConnection);
    worker.quit();
    worker.wait();
  }
};

QTEST_GUILESS_MAIN(TestMemoryMonitor)
#include "tst_memorymonitor.moc"
