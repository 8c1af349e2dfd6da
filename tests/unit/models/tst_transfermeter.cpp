#include "core/models/transfermeter.h"

#include <QTest>

using namespace dragoman::models;

class TestTransferMeter : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void formatsBytes_data() {
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("bytes") << qint64(512) << QStringLiteral("512 B");
    QTest::newRow("kB") << qint64(1500) << QStringLiteral("1.5 kB");
    QTest::newRow("MB") << qint64(151061672) << QStringLiteral("151.1 MB");
    QTest::newRow("GB") << qint64(3090000000) << QStringLiteral("3.09 GB");
  }

  void formatsBytes() {
    QFETCH(qint64, bytes);
    QFETCH(QString, text);
    QCOMPARE(formatBytes(bytes), text);
  }

  void formatsDurations() {
    QCOMPARE(formatDuration(7), QStringLiteral("0:07"));
    QCOMPARE(formatDuration(725), QStringLiteral("12:05"));
    QCOMPARE(formatDuration(3723), QStringLiteral("1:02:03"));
  }

  void rateAndTimeLeft() {
    TransferMeter m;
    m.start(1'000'000, 11'000'000, 0); // 1 MB resumed: it does not count as speed
    QCOMPARE(m.bytesPerSecond(), 0.0);
    QVERIFY(!m.secondsLeft());
    m.update(3'000'000, 1000);
    QCOMPARE(m.bytesPerSecond(), 2'000'000.0);
    QCOMPARE(*m.secondsLeft(), qint64(4));
    m.update(5'000'000, 2000);
    QCOMPARE(m.bytesPerSecond(), 2'000'000.0);
  }

  void rateFollowsTheRecentSpeed() {
    TransferMeter m;
    m.start(0, 1'000'000'000, 0);
    for (qint64 t = 1000; t <= 10000; t += 1000) // 1 MB/s for 10 s
      m.update(t * 1000, t);
    for (qint64 t = 11000; t <= 20000; t += 1000) // then 5 MB/s
      m.update(10'000'000 + (t - 10000) * 5000, t);
    QVERIFY2(m.bytesPerSecond() > 4'900'000.0 && m.bytesPerSecond() < 5'100'000.0,
             qPrintable(QString::number(m.bytesPerSecond())));
  }

  void lineShowsPercentSpeedAndEta() {
    TransferMeter m;
    m.start(0, 10'000'000, 0);
    m.update(4'000'000, 2000);
    const QString line = m.line(QStringLiteral("whisper-tiny"), 10);
    QVERIFY2(line.startsWith(QStringLiteral("whisper-tiny [####------]  40%")), qPrintable(line));
    QVERIFY2(line.contains(QStringLiteral("4.0 MB / 10.0 MB")), qPrintable(line));
    QVERIFY2(line.contains(QStringLiteral("2.0 MB/s")), qPrintable(line));
    QVERIFY2(line.contains(QStringLiteral("ETA 0:03")), qPrintable(line));
  }
};

QTEST_GUILESS_MAIN(TestTransferMeter)
#include "tst_transfermeter.moc"
