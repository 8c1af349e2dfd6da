// dragoman profile export against the real binary: a recorded profile saved as JSON turns into
// each format; the last run's profile is the default input; bad input and output are named.
#include "app/cli/exitcodes.h"
#include "core/telemetry/profiler/profiler.h"
#include "core/telemetry/reports/profilereports.h"
#include "tests/support/processrunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace dragoman;
using namespace dragoman::test;

namespace {

QByteArray recordedProfileJson() {
  telemetry::Profiler profiler;
  const telemetry::SpanId journey = profiler.begin("segment", "segment 1");
  std::thread worker([&profiler] {
    const telemetry::Profiler::ThreadScope scope(profiler, "asr");
    for (int i = 0; i < 4; ++i) {
      DRAGOMAN_PROFILE_SCOPE("asr.recognise");
      DRAGOMAN_PROFILE_SCOPE("whisper.decode.step");
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  worker.join();
  profiler.end(journey);
  return telemetry::profileToJson(profiler.snapshot());
}

QByteArray readAll(const QString &path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestProfileCli : public QObject {
  Q_OBJECT

  QTemporaryDir m_home;
  QProcessEnvironment m_env;
  QString m_saved;

  ProcessResult exportProfile(const QStringList &args) {
    return runDragoman(QStringList{QStringLiteral("profile"), QStringLiteral("export")} + args, m_env, 60000);
  }

private Q_SLOTS:
  void initTestCase() {
    m_env = isolatedEnvironment(m_home.path());
    m_saved = m_home.filePath(QStringLiteral("run.json"));
    QFile f(m_saved);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(recordedProfileJson());
  }

  void convertsToEveryFormat() {
    const QString dir = m_home.filePath(QStringLiteral("out"));
    QVERIFY(QDir().mkpath(dir));
    // By --format, and by the output's name.
    const ProcessResult csv = exportProfile({QStringLiteral("--input"), m_saved, QStringLiteral("--format"),
                                             QStringLiteral("csv"), QStringLiteral("--output"), dir + QStringLiteral("/p.csv")});
    QVERIFY2(csv.exitCode == cli::ExitOk, qPrintable(csv.err));
    const QList<QByteArray> rows = readAll(dir + QStringLiteral("/p.csv")).trimmed().split('\n');
    QVERIFY(rows.value(0).startsWith("section,parent,count,total_ms"));
    QCOMPARE(rows.size(), 4); // header, asr.recognise, whisper.decode.step, segment
    const ProcessResult chrome = exportProfile({QStringLiteral("--input"), m_saved, QStringLiteral("--output"),
                                                dir + QStringLiteral("/p.trace.json")});
    QVERIFY2(chrome.exitCode == cli::ExitOk, qPrintable(chrome.err));
    const QJsonArray events =
        QJsonDocument::fromJson(readAll(dir + QStringLiteral("/p.trace.json"))).object().value(QStringLiteral("traceEvents")).toArray();
    int steps = 0;
    for (const QJsonValue &e : events)
      steps += e.toObject().value(QStringLiteral("name")).toString() == QLatin1String("whisper.decode.step") ? 1 : 0;
    QCOMPARE(steps, 4);
    const ProcessResult text = exportProfile({QStringLiteral("--input"), m_saved, QStringLiteral("--format"),
                                              QStringLiteral("txt"), QStringLiteral("--output"), dir + QStringLiteral("/p.txt")});
    QVERIFY2(text.exitCode == cli::ExitOk, qPrintable(text.err));
    QVERIFY(readAll(dir + QStringLiteral("/p.txt")).contains("asr.recognise"));
  }

  void lastRunIsTheDefaultInput() {
    const QString out = m_home.filePath(QStringLiteral("last.csv"));
    const ProcessResult none = exportProfile({QStringLiteral("--output"), out});
    QCOMPARE(none.exitCode, int(cli::ExitInput));
    QVERIFY2(none.err.contains(QLatin1String("no run has been profiled yet")), qPrintable(none.err));
    // live keeps its profile at $XDG_DATA_HOME/dragoman/profiles/last.json.
    const QString last = m_env.value(QStringLiteral("XDG_DATA_HOME")) + QStringLiteral("/dragoman/profiles/last.json");
    QVERIFY(QDir().mkpath(QFileInfo(last).absolutePath()));
    QVERIFY(QFile::copy(m_saved, last));
    const ProcessResult r = exportProfile({QStringLiteral("--output"), out});
    QVERIFY2(r.exitCode == cli::ExitOk, qPrintable(r.err));
    QVERIFY(readAll(out).contains("whisper.decode.step"));
    QVERIFY(QFile::remove(last));
  }

  void badInputAndOutputAreNamed_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("no output") << QByteArray("{}") << QStringList{} << int(cli::ExitUsage) << QStringLiteral("needs --output");
    QTest::newRow("unknown format") << QByteArray("{}") << QStringList{QStringLiteral("--format"), QStringLiteral("xml"), QStringLiteral("--output"), QStringLiteral("x")}
                                    << int(cli::ExitUsage) << QStringLiteral("--format must be json, csv, txt or chrome");
    QTest::newRow("not json") << QByteArray("\xff\xfe garbage") << QStringList{QStringLiteral("--output"), QStringLiteral("x.csv")}
                              << int(cli::ExitInput) << QStringLiteral("invalid JSON");
    QTest::newRow("a trace, not a profile") << QByteArray("{\"traceEvents\": []}") << QStringList{QStringLiteral("--output"), QStringLiteral("x.csv")}
                                            << int(cli::ExitInput) << QStringLiteral("not a readable Dragoman profile");
    QTest::newRow("unwritable output") << QByteArray() << QStringList{QStringLiteral("--output"), QStringLiteral("/nonexistent-dir/p.csv")}
                                       << int(cli::ExitOutput) << QStringLiteral("/nonexistent-dir/p.csv");
  }
  void badInputAndOutputAreNamed() {
    QFETCH(QByteArray, input);
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QString path = m_saved; // empty input: the good profile
    if (!input.isEmpty()) {
      path = m_home.filePath(QStringLiteral("bad.json"));
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
      f.write(input);
    }
    const ProcessResult r = exportProfile(QStringList{QStringLiteral("--input"), path} + args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestProfileCli)
#include "tst_profilecli.moc"
