#include "core/telemetry/memory/procmemoryreader.h"

#include <QTemporaryDir>
#include <QTest>

using dragoman::telemetry::ProcMemoryReader;

namespace {
constexpr qint64 KiB = 1024;
} // namespace

class TestProcMemoryReader : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void thisMachine() {
    ProcMemoryReader reader;
    const auto system = reader.systemMemory();
    QVERIFY2(system.ok(), system.ok() ? "" : qPrintable(system.error().message));
    QVERIFY(system->totalBytes > 0);
    QVERIFY(system->availableBytes > 0);
    QVERIFY(system->availableBytes <= system->totalBytes);
    const auto process = reader.processMemory();
    QVERIFY2(process.ok(), process.ok() ? "" : qPrintable(process.error().message));
    QVERIFY(process->rssBytes > 0);
    QVERIFY(process->peakRssBytes >= process->rssBytes);
    QVERIFY(process->rssBytes < system->totalBytes);
  }

  void meminfo() {
    const QByteArray text = "MemTotal:       16318480 kB\n"
                            "MemFree:         1234567 kB\n"
                            "MemAvailable:    8000000 kB\n"
                            "Buffers:          100000 kB\n"
                            "HugePages_Total:       0\n"
                            "Hugepagesize:       2048 kB\n";
    const auto m = ProcMemoryReader::parseMeminfo(text);
    QVERIFY(m.ok());
    QCOMPARE(m->totalBytes, 16318480 * KiB);
    QCOMPARE(m->availableBytes, 8000000 * KiB);
  }

  void meminfoWithoutMemAvailable() {
    // Linux before 3.14, and CRLF line ends and odd spacing for good measure.
    const QByteArray text = "MemTotal:  1000 kB\r\nMemFree:  100 kB\r\nBuffers:\t20 kB\r\nCached: 30 kB\r\n";
    const auto m = ProcMemoryReader::parseMeminfo(text);
    QVERIFY(m.ok());
    QCOMPARE(m->availableBytes, 150 * KiB);
  }

  void meminfoErrors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray() << "/proc/meminfo has no MemTotal line";
    QTest::newRow("garbage") << QByteArray("\x01\x02 not meminfo\n::::\n") << "/proc/meminfo has no MemTotal line";
    QTest::newRow("not a number") << QByteArray("MemTotal: lots kB\nMemAvailable: 5 kB\n")
                                  << "/proc/meminfo: the MemTotal value is not a number";
    QTest::newRow("no available") << QByteArray("MemTotal: 1000 kB\n") << "/proc/meminfo has no MemAvailable line";
  }
  void meminfoErrors() {
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    const auto m = ProcMemoryReader::parseMeminfo(text);
    QVERIFY(!m.ok());
    QCOMPARE(m.error().message, message);
  }

  void status() {
    const QByteArray text = "Name:\tdragoman\nVmPeak:\t  900000 kB\nVmHWM:\t   50000 kB\nVmRSS:\t   40000 kB\n"
                            "Threads:\t5\n";
    const auto m = ProcMemoryReader::parseStatus(text);
    QVERIFY(m.ok());
    QCOMPARE(m->rssBytes, 40000 * KiB);
    QCOMPARE(m->peakRssBytes, 50000 * KiB);

    const auto noPeak = ProcMemoryReader::parseStatus("VmRSS: 10 kB\n");
    QVERIFY(noPeak.ok());
    QCOMPARE(noPeak->peakRssBytes, 10 * KiB);

    const auto none = ProcMemoryReader::parseStatus("Name:\tkthreadd\n");
    QVERIFY(!none.ok());
    QCOMPARE(none.error().message, QStringLiteral("/proc/self/status has no VmRSS line"));
  }

  void unreadableFiles() {
    QTemporaryDir dir;
    ProcMemoryReader reader(dir.filePath(QStringLiteral("no-meminfo")), dir.filePath(QStringLiteral("no-status")));
    const auto system = reader.systemMemory();
    QVERIFY(!system.ok());
    QCOMPARE(system.error().kind, dragoman::ErrorKind::Input);
    QVERIFY2(system.error().message.startsWith(QStringLiteral("could not read ") + dir.filePath("no-meminfo")),
             qPrintable(system.error().message));
    QVERIFY(!reader.processMemory().ok());
  }
};

QTEST_GUILESS_MAIN(TestProcMemoryReader)
#include "tst_procmemoryreader.moc"
