// Trends between two runs: which changes are named, in which words and order, and which are noise.
#include "core/telemetry/history/trends.h"

#include <QTest>

using namespace dragoman;
using namespace dragoman::telemetry;

namespace {

RunRecord run(double asrP50, double asrP95, double mtP95, double ratio, qint64 peakMiB) {
  RunRecord r;
  r.command = QStringLiteral("translate");
  auto section = [](const char *name, double p50, double p95) {
    SectionStats s;
    s.name = name;
    s.count = 10;
    s.p50Ms = p50;
    s.p95Ms = p95;
    return s;
  };
  r.profile.sections = {section("asr.recognise", asrP50, asrP95), section("mt.translate", mtP95 / 2, mtP95)};
  r.realtimeRatio = ratio;
  r.peakRssBytes = peakMiB << 20;
  r.engines = {{QStringLiteral("asr"), QStringLiteral("whisper"), QStringLiteral("/m/base"), QStringLiteral("cpu"), 1, 1.0}};
  return r;
}

TrendOptions options() {
  TrendOptions o;
  o.sections = {{"asr.recognise", "ASR"}, {"mt.translate", "MT"}, {"tts.synthesize", "TTS"}};
  return o;
}

QStringList messages(const std::vector<Trend> &trends) {
  QStringList out;
  for (const Trend &t : trends)
    out << QString::fromStdString(t.message);
  return out;
}

} // namespace

class TestTrends : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void namesChangesPastTheThreshold_data() {
    QTest::addColumn<RunRecord>("before");
    QTest::addColumn<RunRecord>("after");
    QTest::addColumn<QStringList>("expected");
    const RunRecord base = run(600, 1200, 100, 0.40, 800);
    QTest::newRow("same") << base << base << QStringList{};
    QTest::newRow("asr p95 slower") << base << run(600, 1900, 100, 0.40, 800)
                                    << QStringList{QStringLiteral("ASR p95 1.2 s → 1.9 s (+58%)")};
    QTest::newRow("under 20% is not named") << base << run(700, 1400, 115, 0.46, 900) << QStringList{};
    QTest::newRow("tiny absolute moves are noise") << run(600, 1200, 2, 0.40, 800) << run(600, 1200, 4, 0.40, 800)
                                                   << QStringList{};
    QTest::newRow("worse first, then larger")
        << base << run(300, 1200, 180, 0.62, 1200)
        << QStringList{QStringLiteral("MT p50 50 ms → 90 ms (+80%)"), QStringLiteral("MT p95 100 ms → 180 ms (+80%)"),
                       QStringLiteral("compute / real time 0.40 → 0.62 (+55%)"), QStringLiteral("peak memory 800 MiB → 1.2 GiB (+50%)"),
                       QStringLiteral("ASR p50 600 ms → 300 ms (-50%)")};
    RunRecord unknown = base;
    unknown.realtimeRatio = -1.0;
    unknown.peakRssBytes = -1;
    QTest::newRow("unknown values are skipped") << unknown << run(600, 1200, 100, 0.9, 4000) << QStringList{};
  }
  void namesChangesPastTheThreshold() {
    QFETCH(RunRecord, before);
    QFETCH(RunRecord, after);
    QFETCH(QStringList, expected);
    const std::vector<Trend> t = compareRuns(before, after, options());
    QCOMPARE(messages(t).join(QLatin1Char('\n')), expected.join(QLatin1Char('\n')));
  }

  void directionAndValues() {
    const std::vector<Trend> t = compareRuns(run(600, 1200, 100, 0.4, 800), run(300, 1200, 100, 0.4, 800), options());
    QCOMPARE(t.size(), std::size_t(1));
    QCOMPARE(t[0].subject, std::string("ASR"));
    QCOMPARE(t[0].measure, std::string("p50"));
    QVERIFY(!t[0].worse);
    QCOMPARE(t[0].before, 600.0);
    QCOMPARE(t[0].after, 300.0);
    QCOMPARE(t[0].change, -0.5);
  }

  void engineChangesAreNamed() {
    RunRecord a = run(1, 1, 1, 1, 1), b = a;
    QVERIFY(engineChanges(a, b).isEmpty());
    b.engines[0].model = QStringLiteral("/m/tiny");
    b.engines[0].device = QStringLiteral("cuda:0");
    QCOMPARE(engineChanges(a, b), QStringList{QStringLiteral("asr: /m/base on cpu → /m/tiny on cuda:0")});
  }
};

Q_DECLARE_METATYPE(dragoman::telemetry::RunRecord)

QTEST_GUILESS_MAIN(TestTrends)
#include "tst_trends.moc"
