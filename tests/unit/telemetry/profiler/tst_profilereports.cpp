// Profile reports: JSON, CSV, text and Chrome trace parse and hold what the snapshot holds;
// writeProfile writes atomically and names the path when it cannot.
#include "core/telemetry/profiler/profiler.h"
#include "core/telemetry/reports/profilereports.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <thread>

using namespace dragoman;
using namespace dragoman::telemetry;
using namespace std::chrono_literals;

namespace {

SectionStats section(const char *name, const char *parent, std::uint64_t count, double totalMs) {
  SectionStats s;
  s.name = name;
  s.parent = parent;
  s.count = count;
  s.totalMs = totalMs;
  s.meanMs = totalMs / static_cast<double>(count);
  s.minMs = s.meanMs / 2;
  s.maxMs = s.meanMs * 2;
  s.p50Ms = s.meanMs;
  s.p95Ms = s.meanMs * 1.5;
  s.p99Ms = s.meanMs * 1.9;
  s.shareOfWall = totalMs / 10000.0;
  s.threads = {ThreadShare{"asr", count, totalMs}};
  return s;
}

// Hand-made, not sorted by total time, with a name that needs CSV quoting.
ProfileSnapshot sample() {
  ProfileSnapshot p;
  p.wallMs = 10000.0;
  p.started = std::chrono::system_clock::time_point(std::chrono::milliseconds(1714564800000));
  p.sections = {section("mt.translate", "", 10, 900.0), section("asr.transcribe", "", 10, 7100.0),
                section("asr.decode, \"greedy\"", "asr.transcribe", 40, 5000.0)};
  p.threads = {ThreadInfo{1, "asr", false, 60, 7100.0}, ThreadInfo{2, "segment 1", true, 1, 9000.0}};
  p.events = {SpanEvent{"asr.transcribe", "asr", 1, 100.0, 710.0, 0, false},
              SpanEvent{"segment.journey", "segment 1", 2, 50.0, 9000.0, 0, true}};
  p.droppedEvents = 3;
  return p;
}

// A real profile: two threads with nested spans and a cross-thread track.
ProfileSnapshot recorded() {
  Profiler profiler;
  const SpanId journey = profiler.begin("segment.journey", "segment 7");
  auto work = [&profiler](const char *thread) {
    const Profiler::ThreadScope scope(profiler, thread);
    for (int i = 0; i < 3; ++i) {
      DRAGOMAN_PROFILE_SCOPE("stage");
      DRAGOMAN_PROFILE_SCOPE("stage.step");
      std::this_thread::sleep_for(100us);
    }
  };
  std::thread a(work, "asr"), b(work, "mt");
  a.join();
  b.join();
  profiler.end(journey);
  return profiler.snapshot();
}

} // namespace

class TestProfileReports : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void formatNames_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("format"); // -1: none
    QTest::newRow("json") << QStringLiteral("json") << int(ProfileFormat::Json);
    QTest::newRow("csv") << QStringLiteral("CSV") << int(ProfileFormat::Csv);
    QTest::newRow("txt") << QStringLiteral("txt") << int(ProfileFormat::Text);
    QTest::newRow("text") << QStringLiteral("text") << int(ProfileFormat::Text);
    QTest::newRow("chrome") << QStringLiteral("chrome") << int(ProfileFormat::Chrome);
    QTest::newRow("unknown") << QStringLiteral("xml") << -1;
    QTest::newRow("empty") << QString() << -1;
  }
  void formatNames() {
    QFETCH(QString, name);
    QFETCH(int, format);
    const auto f = profileFormatFromName(name);
    QCOMPARE(f.has_value() ? int(*f) : -1, format);
    if (f)
      QCOMPARE(profileFormatFromName(profileFormatName(*f)), f);
  }

  void formatFromPath() {
    QCOMPARE(profileFormatFromPath(u"/tmp/run.CSV"), ProfileFormat::Csv);
    QCOMPARE(profileFormatFromPath(u"run.txt"), ProfileFormat::Text);
    QCOMPARE(profileFormatFromPath(u"run.trace.json"), ProfileFormat::Chrome);
    QCOMPARE(profileFormatFromPath(u"run.json"), ProfileFormat::Json);
    QVERIFY(!profileFormatFromPath(u"run.xml"));
  }

  void json() {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(profileToJson(sample()), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject root = doc.object();
    QCOMPARE(root.value(u"wall_ms").toDouble(), 10000.0);
    QCOMPARE(root.value(u"dropped_events").toInt(), 3);
    QCOMPARE(root.value(u"event_count").toInt(), 2);
    QCOMPARE(root.value(u"started").toString(), QStringLiteral("2024-05-01T12:00:00.000Z"));
    const QJsonArray sections = root.value(u"sections").toArray();
    QCOMPARE(sections.size(), 3);
    const QJsonObject decode = sections.at(2).toObject();
    QCOMPARE(decode.value(u"name").toString(), QStringLiteral("asr.decode, \"greedy\""));
    QCOMPARE(decode.value(u"parent").toString(), QStringLiteral("asr.transcribe"));
    QCOMPARE(decode.value(u"count").toInt(), 40);
    for (const char *key : {"total_ms", "mean_ms", "min_ms", "max_ms", "p50_ms", "p95_ms", "p99_ms", "share_of_wall"})
      QVERIFY2(decode.value(QLatin1String(key)).isDouble(), key);
    QCOMPARE(decode.value(u"p95_ms").toDouble(), 187.5);
    QCOMPARE(decode.value(u"threads").toArray().at(0).toObject().value(u"name").toString(), QStringLiteral("asr"));
    const QJsonArray threads = root.value(u"threads").toArray();
    QCOMPARE(threads.size(), 2);
    QCOMPARE(threads.at(1).toObject().value(u"track").toBool(), true);
    QCOMPARE(threads.at(1).toObject().value(u"busy_ms").toDouble(), 9000.0);
  }

  // A saved profile reads back whole, so `profile export` can turn it into any format later.
  void jsonRoundTrip() {
    for (const ProfileSnapshot &original : {sample(), recorded()}) {
      const Result<ProfileSnapshot> back = profileFromJson(profileToJson(original));
      QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
      QCOMPARE(back->sections.size(), original.sections.size());
      for (std::size_t i = 0; i < original.sections.size(); ++i) {
        QCOMPARE(back->sections[i].name, original.sections[i].name);
        QCOMPARE(back->sections[i].count, original.sections[i].count);
        QVERIFY(std::abs(back->sections[i].p95Ms - original.sections[i].p95Ms) < 1e-3);
      }
      QCOMPARE(back->events.size(), original.events.size());
      for (std::size_t i = 0; i < original.events.size(); ++i) {
        QCOMPARE(back->events[i].thread, original.events[i].thread);
        QCOMPARE(back->events[i].crossThread, original.events[i].crossThread);
        QVERIFY(std::abs(back->events[i].durationUs - original.events[i].durationUs) < 1e-2);
      }
      QCOMPARE(back->droppedEvents, original.droppedEvents);
      QCOMPARE(std::chrono::duration_cast<std::chrono::milliseconds>(back->started.time_since_epoch()).count(),
               std::chrono::duration_cast<std::chrono::milliseconds>(original.started.time_since_epoch()).count());
      // The Chrome trace of the read-back profile has the original's events, tracks and names
      // (times agree to the JSON's rounding, checked above).
      auto shape = [](const ProfileSnapshot &p) {
        QStringList out;
        const QJsonArray events = QJsonDocument::fromJson(profileToChromeTrace(p)).object().value(QStringLiteral("traceEvents")).toArray();
        for (const QJsonValue &v : events) {
          const QJsonObject e = v.toObject();
          out << e.value(QStringLiteral("name")).toString() + QLatin1Char('/') + e.value(QStringLiteral("ph")).toString() +
                     QLatin1Char('/') + QString::number(e.value(QStringLiteral("tid")).toInt()) + QLatin1Char('/') +
                     e.value(QStringLiteral("args")).toObject().value(QStringLiteral("name")).toString();
        }
        return out;
      };
      QCOMPARE(shape(*back), shape(original));
    }
  }

  void readingNamesWhatIsWrong_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << QByteArray("{\"format\": ") << QStringLiteral("invalid JSON at byte");
    QTest::newRow("other json") << QByteArray("{\"traceEvents\": []}") << QStringLiteral("\"format\" is not \"dragoman.profile\"");
    QTest::newRow("newer") << QByteArray("{\"format\":\"dragoman.profile\",\"version\":2}") << QStringLiteral("version 2 is not 1");
    QTest::newRow("mistyped") << QByteArray("{\"format\":\"dragoman.profile\",\"version\":1,\"started\":\"\",\"wall_ms\":\"10\"}")
                              << QStringLiteral("\"wall_ms\" must be a number");
    QTest::newRow("unknown thread")
        << QByteArray("{\"format\":\"dragoman.profile\",\"version\":1,\"started\":\"\",\"wall_ms\":1,\"dropped_events\":0,"
                      "\"sections\":[],\"threads\":[],\"events\":[{\"section\":\"a\",\"thread_id\":9,\"start_us\":0,"
                      "\"duration_us\":1,\"depth\":0,\"cross_thread\":false}]}")
        << QStringLiteral("event 0 names thread 9");
  }
  void readingNamesWhatIsWrong() {
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const Result<ProfileSnapshot> r = profileFromJson(json);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.contains(expected), qPrintable(r.error().message));
    QCOMPARE(r.error().kind, ErrorKind::Input);
  }

  void csv() {
    const QList<QByteArray> lines = profileToCsv(sample()).split('\n');
    QCOMPARE(lines.size(), 5); // header, 3 rows, the empty rest after the last CRLF
    QCOMPARE(lines[0], QByteArray("section,parent,count,total_ms,mean_ms,min_ms,max_ms,p50_ms,p95_ms,p99_ms,share\r"));
    QVERIFY(lines[4].isEmpty());
    QVERIFY(lines[1].startsWith("mt.translate,,10,900.000,90.000,"));
    QVERIFY(lines[3].startsWith("\"asr.decode, \"\"greedy\"\"\",asr.transcribe,40,5000.000,"));
    QVERIFY(lines[3].endsWith(",0.5000\r"));
    for (int i = 1; i < 4; ++i) // 11 fields once the quoted comma is left out
      QCOMPARE(QByteArray(lines[i]).replace("\"asr.decode, \"\"greedy\"\"\"", "x").count(','), 10);
  }

  void textListsSlowestFirst() {
    const QString text = QString::fromUtf8(profileToText(sample()));
    const qsizetype asr = text.indexOf(u"asr.transcribe  ");
    const qsizetype decode = text.indexOf(u"asr.decode, \"greedy\"");
    const qsizetype mt = text.indexOf(u"mt.translate");
    QVERIFY(text.contains(u"Section"));
    QVERIFY(asr > 0 && decode > asr && mt > decode);
    QVERIFY(text.contains(u"71.0%"));
    QVERIFY(text.contains(u"segment 1 (track)"));
    // Aligned: the Count column ends at the same place on every section line.
    const QStringList lines = text.split(u'\n');
    const auto header = std::find_if(lines.begin(), lines.end(), [](const QString &l) { return l.startsWith(u"Section"); });
    QVERIFY(header != lines.end());
    const qsizetype countEnd = header->indexOf(u"Count") + 5;
    for (auto it = header + 1; it != header + 4; ++it)
      QVERIFY2(it->at(countEnd - 1).isDigit() && it->at(countEnd) == u' ', qPrintable(*it));
    QVERIFY(QString::fromUtf8(profileToText(ProfileSnapshot{})).contains(u"No spans recorded"));
  }

  void chromeTrace() {
    const ProfileSnapshot profile = recorded();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(profileToChromeTrace(profile), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(doc.object().value(u"displayTimeUnit").toString(), QStringLiteral("ms"));
    const QJsonArray events = doc.object().value(u"traceEvents").toArray();

    QMap<qint64, QString> threadNames;
    QMap<qint64, double> lastTs;
    int complete = 0;
    for (const auto &v : events) {
      const QJsonObject e = v.toObject();
      for (const char *key : {"name", "ph", "pid", "tid"})
        QVERIFY2(e.contains(QLatin1String(key)), key);
      const QString ph = e.value(u"ph").toString();
      if (ph == u"M") {
        if (e.value(u"name").toString() == u"thread_name")
          threadNames.insert(e.value(u"tid").toInteger(), e.value(u"args").toObject().value(u"name").toString());
        continue;
      }
      QCOMPARE(ph, QStringLiteral("X"));
      for (const char *key : {"cat", "ts", "dur"})
        QVERIFY2(e.value(QLatin1String(key)).isDouble() || e.value(QLatin1String(key)).isString(), key);
      const qint64 tid = e.value(u"tid").toInteger();
      const double ts = e.value(u"ts").toDouble();
      QVERIFY(e.value(u"dur").toDouble() >= 0.0);
      QVERIFY2(ts >= lastTs.value(tid, 0.0), "ts ascends per tid");
      lastTs[tid] = ts;
      QVERIFY2(threadNames.contains(tid), "thread_name metadata before the events");
      ++complete;
    }
    QCOMPARE(complete, int(profile.events.size()));
    QCOMPARE(complete, 13); // 2 threads x 3 x 2 nested, and the journey
    QStringList names = threadNames.values(); // threads in the order they registered, then tracks
    QCOMPARE(names.takeLast(), QStringLiteral("segment 7"));
    names.sort();
    QCOMPARE(names.join(u','), QStringLiteral("asr,mt"));
  }

  void writesAtomically_data() {
    QTest::addColumn<int>("format");
    QTest::newRow("json") << int(ProfileFormat::Json);
    QTest::newRow("csv") << int(ProfileFormat::Csv);
    QTest::newRow("txt") << int(ProfileFormat::Text);
    QTest::newRow("chrome") << int(ProfileFormat::Chrome);
  }
  void writesAtomically() {
    QFETCH(int, format);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("profile.out"));
    const Status st = writeProfile(sample(), ProfileFormat(format), path);
    QVERIFY2(st.ok(), st.ok() ? "" : qPrintable(st.error().message));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), profileTo(sample(), ProfileFormat(format)));
  }

  void unwritablePathNamesIt() {
    const QString missing = QStringLiteral("/nonexistent-dragoman-folder/sub/profile.json");
    Status st = writeProfile(sample(), ProfileFormat::Json, missing);
    QVERIFY(!st.ok());
    QCOMPARE(st.error().kind, ErrorKind::Output);
    QVERIFY2(st.error().message.contains(missing), qPrintable(st.error().message));

    QTemporaryDir dir; // a folder where the file should be
    st = writeProfile(sample(), ProfileFormat::Csv, dir.path());
    QVERIFY(!st.ok());
    QVERIFY2(st.error().message.contains(dir.path()), qPrintable(st.error().message));
  }
};

QTEST_GUILESS_MAIN(TestProfileReports)
#include "tst_profilereports.moc"
