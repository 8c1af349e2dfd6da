#include "core/telemetry/metrics/exposition.h"

#include <QTest>

#include <limits>

using namespace dragoman::telemetry;

class TestExposition : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void metricNames_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << "dragoman_segments_total" << true;
    QTest::newRow("colon") << "job:rate5m" << true;
    QTest::newRow("leading colon") << ":x" << true;
    QTest::newRow("leading underscore") << "_x1" << true;
    QTest::newRow("digits inside") << "a1b2" << true;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("leading digit") << "1abc" << false;
    QTest::newRow("dash") << "a-b" << false;
    QTest::newRow("space") << "a b" << false;
    QTest::newRow("dot") << "a.b" << false;
    QTest::newRow("non-ascii") << QStringLiteral("caf\u00e9") << false;
  }
  void metricNames() {
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(exposition::isValidMetricName(name), valid);
  }

  void labelNames_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << "stage" << true;
    QTest::newRow("underscore") << "_x" << true;
    QTest::newRow("digits inside") << "gpu0" << true;
    QTest::newRow("double underscore") << "__name__" << false;
    QTest::newRow("colon") << "a:b" << false;
    QTest::newRow("leading digit") << "0a" << false;
    QTest::newRow("empty") << "" << false;
  }
  void labelNames() {
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(exposition::isValidLabelName(name), valid);
  }

  void escaping() {
    QCOMPARE(exposition::escapeHelp(QStringLiteral("a\\b\nc \"q\"")), QByteArray("a\\\\b\\nc \"q\""));
    QCOMPARE(exposition::escapeLabelValue(QStringLiteral("a\\b\nc \"q\"")), QByteArray("a\\\\b\\nc \\\"q\\\""));
    QCOMPARE(exposition::escapeLabelValue(QStringLiteral("gr\u00fc\u00dfe")), QByteArray("gr\xc3\xbc\xc3\x9f"
                                                                                         "e"));
  }

  void values_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("zero") << 0.0 << QByteArray("0");
    QTest::newRow("negative zero") << -0.0 << QByteArray("0");
    QTest::newRow("one") << 1.0 << QByteArray("1");
    QTest::newRow("million") << 1e6 << QByteArray("1000000");
    QTest::newRow("big integer") << 123456789012.0 << QByteArray("123456789012");
    QTest::newRow("2^53 - 1") << 9007199254740991.0 << QByteArray("9007199254740991");
    QTest::newRow("negative") << -2.5 << QByteArray("-2.5");
    QTest::newRow("tenth") << 0.1 << QByteArray("0.1");
    QTest::newRow("sum noise") << 0.1 + 0.2 << QByteArray("0.30000000000000004");
    QTest::newRow("tiny") << 1e-7 << QByteArray("1e-07");
    QTest::newRow("huge") << 1e300 << QByteArray("1e+300");
    QTest::newRow("+Inf") << std::numeric_limits<double>::infinity() << QByteArray("+Inf");
    QTest::newRow("-Inf") << -std::numeric_limits<double>::infinity() << QByteArray("-Inf");
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << QByteArray("NaN");
  }
  void values() {
    QFETCH(double, value);
    QFETCH(QByteArray, text);
    QCOMPARE(exposition::formatValue(value), text);
  }
};

QTEST_GUILESS_MAIN(TestExposition)
#include "tst_exposition.moc"
