#include "core/telemetry/metrics/metricsregistry.h"

#include "promtool.h"

#include <QTest>

#include <limits>
#include <thread>
#include <vector>

using namespace dragoman::telemetry;

class TestMetricsRegistry : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void sameNameAndLabelsIsSameInstance() {
    MetricsRegistry r;
    Counter &a = r.counter(QStringLiteral("x_total"), QStringLiteral("X."), {{"stage", "asr"}});
    Counter &b = r.counter(QStringLiteral("x_total"), QStringLiteral("X."), {{"stage", "asr"}});
    Counter &c = r.counter(QStringLiteral("x_total"), QStringLiteral("X."), {{"stage", "tts"}});
    QCOMPARE(&a, &b);
    QVERIFY(&a != &c);
    a.inc();
    QCOMPARE(b.value(), 1.0);
    QCOMPARE(c.value(), 0.0);

    // Label order does not matter.
    Gauge &g1 = r.gauge(QStringLiteral("g"), QStringLiteral("G."), {{"a", "1"}, {"b", "2"}});
    Gauge &g2 = r.gauge(QStringLiteral("g"), QStringLiteral("G."), {{"b", "2"}, {"a", "1"}});
    QCOMPARE(&g1, &g2);

    Histogram &h1 = r.histogram(QStringLiteral("h_seconds"), QStringLiteral("H."), {1, 2});
    Histogram &h2 =
        r.histogram(QStringLiteral("h_seconds"), QStringLiteral("H."), {1, 2, std::numeric_limits<double>::infinity()});
    QCOMPARE(&h1, &h2); // a trailing +Inf is implied anyway
    QCOMPARE(r.familyNames(), (QStringList{"g", "h_seconds", "x_total"}));
  }

  void clashesAreErrors_data() {
    QTest::addColumn<int>("kind"); // 0 counter, 1 gauge, 2 histogram
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("labelKeys");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("counter as gauge") << 1 << "requests_total" << QStringList{"code"}
                                      << "already registered as a counter";
    QTest::newRow("counter as histogram")
        << 2 << "requests_total" << QStringList{"code"} << "already registered as a counter, not a histogram";
    QTest::newRow("other label keys") << 0 << "requests_total" << QStringList{"method"} << "labels {code}";
    QTest::newRow("more label keys") << 0 << "requests_total" << QStringList{"code", "method"} << "labels {code}";
    QTest::newRow("no label keys") << 0 << "requests_total" << QStringList{} << "not no labels";
    QTest::newRow("histogram other buckets") << 2 << "latency_seconds" << QStringList{} << "other buckets";
    QTest::newRow("invalid metric name") << 0 << "9lives" << QStringList{} << "is not valid";
    QTest::newRow("dash in name") << 1 << "queue-depth" << QStringList{} << "is not valid";
    QTest::newRow("invalid label name") << 0 << "ok_total" << QStringList{"bad-key"} << "label name 'bad-key'";
    QTest::newRow("reserved label name") << 1 << "ok" << QStringList{"__meta"} << "label name '__meta'";
    QTest::newRow("le on a histogram") << 2 << "new_seconds" << QStringList{"le"} << "reserved";
    QTest::newRow("collides with histogram series") << 0 << "latency_seconds_count" << QStringList{} << "collides";
    QTest::newRow("histogram collides with metric")
        << 2 << "jobs" << QStringList{} << "collides with the metric 'jobs_count'";
  }
  void clashesAreErrors() {
    QFETCH(int, kind);
    QFETCH(QString, name);
    QFETCH(QStringList, labelKeys);
    QFETCH(QString, messagePart);
    MetricsRegistry r;
    QVERIFY(r.tryCounter(QStringLiteral("requests_total"), QStringLiteral("R."), {{"code", "200"}}).ok());
    QVERIFY(r.tryHistogram(QStringLiteral("latency_seconds"), QStringLiteral("L."), {1, 2}).ok());
    QVERIFY(r.tryGauge(QStringLiteral("jobs_count"), QStringLiteral("J.")).ok());

    Labels labels;
    for (const QString &key : labelKeys)
      labels[key] = QStringLiteral("v");
    dragoman::Error error;
    switch (kind) {
    case 0: {
      auto c = r.tryCounter(name, QStringLiteral("help"), labels);
      QVERIFY(!c.ok());
      error = c.error();
      break;
    }
    case 1: {
      auto g = r.tryGauge(name, QStringLiteral("help"), labels);
      QVERIFY(!g.ok());
      error = g.error();
      break;
    }
    default: {
      auto h = r.tryHistogram(name, QStringLiteral("help"), {1, 5}, labels);
      QVERIFY(!h.ok());
      error = h.error();
      break;
    }
    }
    QCOMPARE(error.kind, dragoman::ErrorKind::Internal);
    QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
    // The failed call registered nothing.
    QCOMPARE(r.familyNames(), (QStringList{"jobs_count", "latency_seconds", "requests_total"}));
  }

  void invalidBucketsAreErrors_data() {
    QTest::addColumn<std::vector<double>>("bounds");
    QTest::newRow("descending") << std::vector<double>{2, 1};
    QTest::newRow("repeated") << std::vector<double>{1, 1};
    QTest::newRow("NaN") << std::vector<double>{1, std::numeric_limits<double>::quiet_NaN()};
    QTest::newRow("+Inf in the middle") << std::vector<double>{1, std::numeric_limits<double>::infinity(), 2};
    QTest::newRow("-Inf") << std::vector<double>{-std::numeric_limits<double>::infinity(), 1};
  }
  void invalidBucketsAreErrors() {
    QFETCH(std::vector<double>, bounds);
    MetricsRegistry r;
    auto h = r.tryHistogram(QStringLiteral("h_seconds"), QStringLiteral("H."), bounds);
    QVERIFY(!h.ok());
    QVERIFY2(h.error().message.contains(QLatin1String("strictly ascending")), qPrintable(h.error().message));
  }

  void familiesResolveLabelValuesInOrder() {
    MetricsRegistry r;
    GaugeFamily gpu = r.gaugeFamily(QStringLiteral("gpu_bytes"), QStringLiteral("GPU."),
                                    {QStringLiteral("kind"), QStringLiteral("device")});
    QVERIFY(gpu.isValid());
    QCOMPARE(r.prometheusText(), QByteArray()); // declared families without series are not exported
    gpu.with({QStringLiteral("reserved"), QStringLiteral("0")}).set(5);
    QCOMPARE(&gpu.with({QStringLiteral("reserved"), QStringLiteral("0")}),
             &r.gauge(QStringLiteral("gpu_bytes"), QStringLiteral("GPU."), {{"device", "0"}, {"kind", "reserved"}}));
    auto wrong = gpu.tryWith({QStringLiteral("reserved")});
    QVERIFY(!wrong.ok());
    QVERIFY2(wrong.error().message.contains(QLatin1String("takes 2 label values (kind, device), not 1")),
             qPrintable(wrong.error().message));
    QVERIFY(!CounterFamily().tryWith({}).ok());

    const dragoman::Status clash = r.declareFamily(QStringLiteral("gpu_bytes"), QString(), MetricType::Counter,
                                                   {QStringLiteral("kind"), QStringLiteral("device")});
    QVERIFY(!clash.ok());
    QVERIFY(r.declareFamily(QStringLiteral("gpu_bytes"), QString(), MetricType::Gauge,
                            {QStringLiteral("device"), QStringLiteral("kind")})
                .ok());

    HistogramFamily latency =
        r.histogramFamily(QStringLiteral("lat_seconds"), QStringLiteral("L."), {0.5, 1}, {QStringLiteral("stage")});
    latency.with({QStringLiteral("asr")}).observe(0.7);
    QCOMPARE(latency.with({QStringLiteral("asr")}).count(), std::uint64_t(1));
    QCOMPARE(latency.with({QStringLiteral("asr")}).upperBounds(), (std::vector<double>{0.5, 1}));
  }

  void labelValuesAreEscaped() {
    MetricsRegistry r;
    r.counter(QStringLiteral("files_total"), QStringLiteral("Files.\nAll of them, C:\\ too."),
              {{"path", QStringLiteral("C:\\dir \"x\"\nnext")}})
        .inc(2);
    const QByteArray expected = "# HELP files_total Files.\\nAll of them, C:\\\\ too.\n"
                                "# TYPE files_total counter\n"
                                "files_total{path=\"C:\\\\dir \\\"x\\\"\\nnext\"} 2\n";
    QCOMPARE(r.prometheusText(), expected);
    DRAGOMAN_PROMTOOL_CHECK(r.prometheusText());
  }

  void exactExposition() {
    MetricsRegistry r;
    r.counter(QStringLiteral("app_requests_total"), QStringLiteral("Requests handled."),
              {{"method", "get"}, {"code", "200"}})
        .inc(3);
    r.counter(QStringLiteral("app_requests_total"), QStringLiteral("Requests handled."),
              {{"code", "500"}, {"method", "post"}})
        .inc();
    r.gauge(QStringLiteral("app_temperature_celsius"), QStringLiteral("Temperature.")).set(-2.5);
    Histogram &h = r.histogram(QStringLiteral("app_latency_seconds"), QStringLiteral("Latency."), {0.25, 0.5, 1},
                               {{"stage", "asr"}});
    for (double v : {0.125, 0.25, 0.375, 2.0})
      h.observe(v);
    r.gauge(QStringLiteral("app_no_help_bytes"), QString()).set(1e6);

    const QByteArray expected = "# HELP app_latency_seconds Latency.\n"
                                "# TYPE app_latency_seconds histogram\n"
                                "app_latency_seconds_bucket{stage=\"asr\",le=\"0.25\"} 2\n"
                                "app_latency_seconds_bucket{stage=\"asr\",le=\"0.5\"} 3\n"
                                "app_latency_seconds_bucket{stage=\"asr\",le=\"1\"} 3\n"
                                "app_latency_seconds_bucket{stage=\"asr\",le=\"+Inf\"} 4\n"
                                "app_latency_seconds_sum{stage=\"asr\"} 2.75\n"
                                "app_latency_seconds_count{stage=\"asr\"} 4\n"
                                "# TYPE app_no_help_bytes gauge\n"
                                "app_no_help_bytes 1000000\n"
                                "# HELP app_requests_total Requests handled.\n"
                                "# TYPE app_requests_total counter\n"
                                "app_requests_total{code=\"200\",method=\"get\"} 3\n"
                                "app_requests_total{code=\"500\",method=\"post\"} 1\n"
                                "# HELP app_temperature_celsius Temperature.\n"
                                "# TYPE app_temperature_celsius gauge\n"
                                "app_temperature_celsius -2.5\n";
    QCOMPARE(r.prometheusText(), expected);
  }

  void promtoolAcceptsTheExposition() {
    MetricsRegistry r;
    r.counter(QStringLiteral("demo_events_total"), QStringLiteral("Events, \"quoted\" and \\ escaped.\nTwo lines."),
              {{"source", QStringLiteral("mic \"1\"\\\nline")}})
        .inc(7);
    r.gauge(QStringLiteral("demo_ratio"), QStringLiteral("A ratio."), {{"kind", "nan"}})
        .set(std::numeric_limits<double>::quiet_NaN());
    r.gauge(QStringLiteral("demo_ratio"), QStringLiteral("A ratio."), {{"kind", "inf"}})
        .set(std::numeric_limits<double>::infinity());
    r.gauge(QStringLiteral("demo_ratio"), QStringLiteral("A ratio."), {{"kind", "tiny"}}).set(1.5e-9);
    r.gauge(QStringLiteral("demo_memory_bytes"), QStringLiteral("Memory."),
            {{"kind", QStringLiteral("gr\u00fc\u00dfe")}})
        .set(8e9);
    Histogram &h = r.histogram(QStringLiteral("demo_duration_seconds"), QStringLiteral("Durations."),
                               Histogram::latencySecondsBuckets(), {{"stage", "mt"}});
    for (int i = 0; i < 100; ++i)
      h.observe(i * 0.037);
    r.histogram(QStringLiteral("demo_duration_seconds"), QStringLiteral("Durations."),
                Histogram::latencySecondsBuckets(), {{"stage", "tts"}});
    DRAGOMAN_PROMTOOL_CHECK(r.prometheusText());
  }

  // The check above would notice: promtool rejects a lint problem and a parse error.
  void promtoolCatchesProblems() {
    const auto lint = dragoman::test::runPromtoolCheckMetrics("# HELP foo Foo.\n# TYPE foo counter\nfoo 1\n");
    if (!lint.available)
      QSKIP("promtool not found: install the Debian package 'prometheus'");
    QCOMPARE(lint.exitCode, 3); // a counter without _total
    QCOMPARE(dragoman::test::runPromtoolCheckMetrics("foo{a=\"b} 1\n").exitCode, 1);
  }

  void concurrentIncrementsFromThreadsSumExactly() {
    MetricsRegistry r;
    constexpr int kThreads = 8;
    constexpr int kPerThread = 100'000;
    std::vector<std::thread> threads;
    std::vector<Counter *> seen(kThreads);
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&r, &seen, t] {
        // Every thread registers the same series itself (concurrent registration) ...
        Counter &c = r.counter(QStringLiteral("work_total"), QStringLiteral("Work."), {{"pool", "main"}});
        Histogram &h = r.histogram(QStringLiteral("work_seconds"), QStringLiteral("Work."), {0.5});
        seen[std::size_t(t)] = &c;
        for (int i = 0; i < kPerThread; ++i) {
          c.inc();
          h.observe(i % 2 == 0 ? 0.25 : 1.0);
          if (i % 10'000 == 0)
            (void)r.prometheusText(); // ... and exports while others update
        }
      });
    for (std::thread &t : threads)
      t.join();
    for (Counter *c : seen)
      QCOMPARE(c, seen.front());
    QCOMPARE(seen.front()->value(), double(kThreads) * kPerThread);
    const HistogramSnapshot s = r.histogram(QStringLiteral("work_seconds"), QStringLiteral("Work."), {0.5}).snapshot();
    QCOMPARE(s.count, std::uint64_t(kThreads) * kPerThread);
    QCOMPARE(s.cumulativeCounts.front(), std::uint64_t(kThreads) * kPerThread / 2);
    QVERIFY(r.prometheusText().contains("work_total{pool=\"main\"} 800000\n"));
  }
};

QTEST_GUILESS_MAIN(TestMetricsRegistry)
#include "tst_metricsregistry.moc"
