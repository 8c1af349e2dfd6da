// Run records: every field survives JSON and a file, and a damaged record is refused with an
// error naming the field or the file.
#include "core/telemetry/history/runrecord.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;
using namespace dragoman::telemetry;

namespace {

RunRecord sample() {
  RunRecord r;
  r.command = QStringLiteral("live");
  r.started = std::chrono::system_clock::time_point(std::chrono::milliseconds(1795000000123LL));
  r.wallSeconds = 61.25;
  r.audioSeconds = 58.5;
  r.segments = 14;
  r.errors = 1;
  r.realtimeRatio = 0.4321;
  r.peakRssBytes = 812LL << 20;
  r.engines = {{QStringLiteral("asr"), QStringLiteral("whisper"), QStringLiteral("/models/whisper-base"),
                QStringLiteral("cuda:0"), 290403760, 1288.5},
               {QStringLiteral("translation"), QStringLiteral("apertium"), QString(), QString(), 0, 12.0}};
  r.memoryActions = {QStringLiteral("unloading engines idle for 60 s or more (memory.idle_unload_s)"),
                     QStringLiteral("unloaded espeak-ng (tts)")};
  r.findings = {{"budget", "asr.recognise", Severity::Critical, 1900.0, 800.0,
                 "ASR takes 71% of pipeline time; p95 1.9 s exceeds the 800 ms budget"}};
  SectionStats s;
  s.name = "asr.recognise";
  s.count = 14;
  s.totalMs = 9000.0;
  s.meanMs = 642.857;
  s.minMs = 120.0;
  s.maxMs = 2100.0;
  s.p50Ms = 600.0;
  s.p95Ms = 1900.0;
  s.p99Ms = 2100.0;
  s.shareOfWall = 0.1469;
  s.threads = {{"asr", 14, 9000.0}};
  r.profile.sections = {s};
  r.profile.threads = {{1, "asr", false, 30, 9100.0}};
  r.profile.wallMs = 61250.0;
  r.profile.started = r.started;
  r.profile.events = {{"asr.recognise", "asr", 1, 10.0, 500.0, 0, false}};
  return r;
}

QByteArray edit(const QByteArray &json, const char *key, const QJsonValue &value) {
  QJsonObject o = QJsonDocument::fromJson(json).object();
  o.insert(QLatin1String(key), value);
  return QJsonDocument(o).toJson();
}

} // namespace

class TestRunRecord : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void roundTrip() {
    const RunRecord r = sample();
    const Result<RunRecord> back = runRecordFromJson(runRecordToJson(r));
    QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
    QCOMPARE(back->command, r.command);
    QCOMPARE(back->started, r.started);
    QCOMPARE(back->wallSeconds, r.wallSeconds);
    QCOMPARE(back->audioSeconds, r.audioSeconds);
    QCOMPARE(back->segments, r.segments);
    QCOMPARE(back->errors, r.errors);
    QCOMPARE(back->realtimeRatio, r.realtimeRatio);
    QCOMPARE(back->peakRssBytes, r.peakRssBytes);
    QVERIFY(back->engines == r.engines);
    QCOMPARE(back->memoryActions, r.memoryActions);
    QCOMPARE(back->findings.size(), std::size_t(1));
    QCOMPARE(back->findings[0].severity, Severity::Critical);
    QCOMPARE(back->findings[0].message, r.findings[0].message);
    QCOMPARE(back->findings[0].limit, 800.0);
    const SectionStats *s = back->profile.section("asr.recognise");
    QVERIFY(s);
    QCOMPARE(s->p95Ms, 1900.0);
    QCOMPARE(s->count, std::uint64_t(14));
    QCOMPARE(back->profile.threads.size(), std::size_t(1));
    QVERIFY(back->profile.events.empty()); // a history keeps statistics only
  }

  void refusesWhatItCannotRead_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    const QByteArray good = runRecordToJson(sample());
    QTest::newRow("not json") << QByteArray("{\"format\":") << QStringLiteral("invalid JSON at byte");
    QTest::newRow("a profile") << edit(good, "format", QStringLiteral("dragoman.profile"))
                               << QStringLiteral("\"format\" is not \"dragoman.run\"");
    QTest::newRow("newer") << edit(good, "version", 2) << QStringLiteral("version 2 is not 1");
    QTest::newRow("segments as text") << edit(good, "segments", QStringLiteral("14"))
                                      << QStringLiteral("\"segments\" must be a number");
    QJsonObject engine{{QStringLiteral("stage"), QStringLiteral("asr")}};
    QTest::newRow("engine without fields") << edit(good, "engines", QJsonArray{engine})
                                           << QStringLiteral("engine 0: \"engine\" must be a string");
    QTest::newRow("profile missing") << edit(good, "profile", QJsonValue(QJsonValue::Null))
                                     << QStringLiteral("\"profile\" must be an object");
    QTest::newRow("profile damaged") << edit(good, "profile", QJsonObject{{QStringLiteral("format"), QStringLiteral("x")}})
                                     << QStringLiteral("profile: not a readable Dragoman profile");
  }
  void refusesWhatItCannotRead() {
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    const Result<RunRecord> r = runRecordFromJson(json);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Input);
    QVERIFY2(r.error().message.startsWith(QLatin1String("not a readable Dragoman run record: ")), qPrintable(r.error().message));
    QVERIFY2(r.error().message.contains(error), qPrintable(r.error().message));
  }

  void filesNameTheirPath() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("runs/last.json"));
    QVERIFY(writeRunRecord(sample(), path).ok());
    Result<RunRecord> back = readRunRecord(path);
    QVERIFY(back.ok());
    QCOMPARE(back->segments, quint64(14));

    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{\"format\":\"dragoman.run\",\"version\":1");
    f.close();
    back = readRunRecord(path);
    QVERIFY(!back.ok());
    QVERIFY2(back.error().message.startsWith(path), qPrintable(back.error().message));

    back = readRunRecord(dir.filePath(QStringLiteral("missing.json")));
    QVERIFY(!back.ok());
    QVERIFY(back.error().message.contains(QLatin1String("missing.json")));

    const QString blocked = dir.filePath(QStringLiteral("file"));
    QFile plain(blocked);
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    const Status s = writeRunRecord(sample(), blocked + QStringLiteral("/under/last.json"));
    QVERIFY(!s.ok());
    QCOMPARE(s.error().kind, ErrorKind::Output);
    QVERIFY(s.error().message.contains(blocked));
  }
};

QTEST_GUILESS_MAIN(TestRunRecord)
#include "tst_runrecord.moc"
