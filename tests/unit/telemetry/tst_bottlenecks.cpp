// Bottleneck rules, data-driven: which findings a profile and its gauges produce, their order,
// severity and wording.
#include "core/telemetry/bottlenecks/bottlenecks.h"

#include <QTest>

using namespace dragoman::telemetry;

namespace {

SectionLoad section(const char *name, const char *label, double totalMs, double p95Ms) {
  return SectionLoad{name, label, 10, totalMs, p95Ms};
}

QueueSeries queue(const char *name, int capacity, std::vector<int> depths) {
  QueueSeries q{name, capacity, {}};
  for (std::size_t i = 0; i < depths.size(); ++i)
    q.depth.emplace_back(double(i) * 10.0, depths[i]);
  return q;
}

QString rulesOf(const std::vector<Finding> &fs) {
  QStringList out;
  for (const Finding &f : fs)
    out << QString::fromStdString(f.rule + ":" + f.subject + ":" + severityName(f.severity));
  return out.join(QLatin1Char(' '));
}

} // namespace

Q_DECLARE_METATYPE(BottleneckInput)

class TestBottlenecks : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void rules_data() {
    QTest::addColumn<BottleneckInput>("input");
    QTest::addColumn<QString>("expected");
    const BottleneckInput quiet{10000, {section("asr.transcribe", "ASR", 2000, 300)}, {}, 60, 20};
    QTest::newRow("nothing to report") << quiet << QString();
    QTest::newRow("heavy section") << BottleneckInput{10000, {section("asr.transcribe", "ASR", 7100, 300)}, {}, 0, 0}
                                   << QStringLiteral("share:asr.transcribe:info");
    QTest::newRow("over budget") << BottleneckInput{10000, {section("asr.transcribe", "ASR", 1000, 1500)}, {}, 0, 0}
                                 << QStringLiteral("budget:asr.transcribe:warning");
    QTest::newRow("twice the budget") << BottleneckInput{10000, {section("asr.transcribe", "ASR", 1000, 2500)}, {}, 0, 0}
                                      << QStringLiteral("budget:asr.transcribe:critical");
    QTest::newRow("budget of another section") << BottleneckInput{10000, {section("mt.translate", "MT", 100, 5000)}, {}, 0, 0}
                                               << QString();
    QTest::newRow("near real time") << BottleneckInput{10000, {}, {}, 100, 85} << QStringLiteral("realtime:pipeline:warning");
    QTest::newRow("behind real time") << BottleneckInput{10000, {}, {}, 100, 130} << QStringLiteral("realtime:pipeline:critical");
    QTest::newRow("no audio, no ratio") << BottleneckInput{10000, {}, {}, 0, 130} << QString();
    QTest::newRow("queue grows") << BottleneckInput{10000, {}, {queue("MT queue", 8, {0, 1, 3, 4, 6})}, 0, 0}
                                 << QStringLiteral("queue:MT queue:warning");
    QTest::newRow("queue full") << BottleneckInput{10000, {}, {queue("MT queue", 8, {0, 2, 4, 6, 8})}, 0, 0}
                                << QStringLiteral("queue:MT queue:critical");
    QTest::newRow("queue wanders") << BottleneckInput{10000, {}, {queue("MT queue", 8, {0, 3, 0, 3, 0, 3})}, 0, 0}
                                   << QString();
    QTest::newRow("too few samples") << BottleneckInput{10000, {}, {queue("MT queue", 8, {0, 8})}, 0, 0} << QString();
    QTest::newRow("most severe first")
        << BottleneckInput{10000, {section("asr.transcribe", "ASR", 7100, 300), section("tts.synthesize", "TTS", 100, 900)},
                           {queue("TTS queue", 4, {0, 1, 2, 3, 4})}, 100, 90}
        << QStringLiteral("queue:TTS queue:critical realtime:pipeline:warning share:asr.transcribe:info");
  }
  void rules() {
    QFETCH(BottleneckInput, input);
    QFETCH(QString, expected);
    BottleneckThresholds t;
    t.budgetMs["asr.transcribe"] = 1000;
    QCOMPARE(rulesOf(findBottlenecks(input, t)), expected);
  }

  void messageReadsAsTheExample() {
    BottleneckThresholds t;
    t.budgetMs["asr.decode"] = 1000;
    const auto fs = findBottlenecks(BottleneckInput{10000, {section("asr.decode", "ASR decode", 7100, 1900)}, {}, 0, 0}, t);
    QCOMPARE(fs.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(fs[0].message),
             QStringLiteral("ASR decode takes 71% of pipeline time; p95 1.9 s exceeds the 1.0 s budget"));
    const auto q = findBottlenecks(BottleneckInput{10000, {}, {queue("MT queue", 8, {0, 2, 4, 6, 8})}, 0, 0}, t);
    QCOMPARE(QString::fromStdString(q[0].message),
             QStringLiteral("MT queue grew from 0 to 8 of 8 in 40 s: the stage it feeds cannot keep up"));
  }

  void thresholdsAreConfigurable() {
    const BottleneckInput in{10000, {section("asr.transcribe", "ASR", 3000, 100)}, {}, 100, 70};
    BottleneckThresholds t;
    QVERIFY(findBottlenecks(in, t).empty());
    t.shareOfWall = 0.25;
    t.realtimeWarning = 0.6;
    QCOMPARE(rulesOf(findBottlenecks(in, t)), QStringLiteral("realtime:pipeline:warning share:asr.transcribe:info"));
  }

  void durations() {
    QCOMPARE(QString::fromStdString(formatDuration(1900)), QStringLiteral("1.9 s"));
    QCOMPARE(QString::fromStdString(formatDuration(340)), QStringLiteral("340 ms"));
    QCOMPARE(QString::fromStdString(formatDuration(0.012)), QStringLiteral("12 µs"));
  }
};

QTEST_GUILESS_MAIN(TestBottlenecks)
#include "tst_bottlenecks.moc"
