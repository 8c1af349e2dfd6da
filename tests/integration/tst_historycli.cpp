// The history end to end with the real binary and real engines: `translate` records a session,
// `history` lists, shows, searches, exports (SRT checked cue by cue) and deletes it; and a
// `translate` killed with SIGKILL mid-session leaves a sound database holding every segment it
// finished more than the durability window before the kill, its session marked interrupted.
#include "core/storage/historyreader.h"
#include "core/storage/opendatabase.h"
#include "tests/support/processrunner.h"
#include "tests/support/testpaths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <unistd.h>

using namespace dragoman;
using namespace dragoman::test;

namespace {

constexpr int kWindowMs = 100;

QStringList quick() {
  return {QStringLiteral("--set"), QStringLiteral("storage.flush_interval_ms=%1").arg(kWindowMs)};
}

} // namespace

class TestHistoryCli : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void recordListShowSearchExportDelete() {
    DRAGOMAN_REQUIRE_SHARED(clip, "data/speech/jfk.flac");
    QTemporaryDir home;
    const QProcessEnvironment env = isolatedEnvironment(home.path());
    const ProcessResult run = runDragoman(QStringList{QStringLiteral("translate"), clip, QStringLiteral("--quiet")} + quick(), env);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));

    ProcessResult list = runDragoman({QStringLiteral("history"), QStringLiteral("list"), QStringLiteral("--json")}, env);
    QCOMPARE(list.exitCode, 0);
    const QJsonArray sessions = QJsonDocument::fromJson(list.out.toUtf8()).array();
    QCOMPARE(sessions.size(), 1);
    const QJsonObject s = sessions[0].toObject();
    QCOMPARE(s.value(QStringLiteral("state")).toString(), QStringLiteral("finished"));
    QCOMPARE(s.value(QStringLiteral("kind")).toString(), QStringLiteral("translate"));
    QVERIFY(s.value(QStringLiteral("segments")).toInt() >= 3);
    const QString id = QString::number(s.value(QStringLiteral("id")).toInt());

    const ProcessResult show = runDragoman({QStringLiteral("history"), QStringLiteral("show"), id, QStringLiteral("--json")}, env);
    QCOMPARE(show.exitCode, 0);
    const QJsonObject doc = QJsonDocument::fromJson(show.out.toUtf8()).object();
    const QJsonArray segs = doc.value(QStringLiteral("segments")).toArray();
    QCOMPARE(segs.size(), s.value(QStringLiteral("segments")).toInt());
    QStringList engines;
    for (const QJsonValue &e : doc.value(QStringLiteral("session")).toObject().value(QStringLiteral("engines")).toArray())
      engines << e.toObject().value(QStringLiteral("engine")).toString();
    QVERIFY2(engines.contains(QStringLiteral("pocketsphinx")) && engines.contains(QStringLiteral("apertium")),
             qPrintable(engines.join(QLatin1Char(' '))));
    const QString firstWord = segs.last().toObject().value(QStringLiteral("source")).toString().split(QLatin1Char(' ')).value(1);
    QVERIFY(!firstWord.isEmpty());

    const ProcessResult found = runDragoman({QStringLiteral("history"), QStringLiteral("search"), firstWord, QStringLiteral("--json")}, env);
    QCOMPARE(found.exitCode, 0);
    QVERIFY2(!QJsonDocument::fromJson(found.out.toUtf8()).array().isEmpty(), qPrintable(found.out));

    const QString srtPath = home.filePath(QStringLiteral("out.srt"));
    const ProcessResult srt = runDragoman({QStringLiteral("history"), QStringLiteral("export"), id, QStringLiteral("--format"),
                                           QStringLiteral("srt"), QStringLiteral("--side"), QStringLiteral("both"),
                                           QStringLiteral("--output"), srtPath},
                                          env);
    QVERIFY2(srt.exitCode == 0, qPrintable(srt.err));
    QFile file(srtPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList cues = QString::fromUtf8(file.readAll()).trimmed().split(QStringLiteral("\n\n"));
    const QRegularExpression cue(QStringLiteral("^\\d+\\n\\d\\d:\\d\\d:\\d\\d,\\d\\d\\d --> \\d\\d:\\d\\d:\\d\\d,\\d\\d\\d\\n.+\\n.+$"));
    QCOMPARE(cues.size(), segs.size());
    for (const QString &c : cues)
      QVERIFY2(cue.match(c).hasMatch(), qPrintable(c));

    // The run's telemetry record is kept with the session: one translate run, with its real-time ratio.
    const ProcessResult runs = runDragoman({QStringLiteral("profile"), QStringLiteral("history"), QStringLiteral("--command"),
                                            QStringLiteral("translate")},
                                           env);
    QVERIFY2(runs.exitCode == 0, qPrintable(runs.err));
    const QStringList rows = runs.out.trimmed().split(QLatin1Char('\n'));
    QCOMPARE(rows.size(), 2);
    QVERIFY2(rows[0].contains(QLatin1String("ASR p95")) && QRegularExpression(QStringLiteral("\\s\\d+\\.\\d\\d\\s")).match(rows[1]).hasMatch(),
             qPrintable(runs.out));

    const ProcessResult refused = runDragoman({QStringLiteral("history"), QStringLiteral("delete"), id}, env);
    QCOMPARE(refused.exitCode, 2);
    QVERIFY(refused.err.contains(QLatin1String("--yes")));
    QCOMPARE(runDragoman({QStringLiteral("history"), QStringLiteral("delete"), id, QStringLiteral("--yes")}, env).exitCode, 0);
    const ProcessResult gone = runDragoman({QStringLiteral("history"), QStringLiteral("show"), id}, env);
    QCOMPARE(gone.exitCode, 4);
    QVERIFY(gone.err.contains(QLatin1String("no session")));
  }

  // The --stats summary compares with the previous run kept in the history database: the files
  // under runs/ are removed in between, so that they cannot be what it read.
  void trendComesFromTheDatabase() {
    DRAGOMAN_REQUIRE_SHARED(clip, "data/speech/jfk.flac");
    QTemporaryDir home;
    const QProcessEnvironment env = isolatedEnvironment(home.path());
    const QStringList args{QStringLiteral("translate"), clip, QStringLiteral("--quiet"), QStringLiteral("--stats")};
    const ProcessResult first = runDragoman(args, env);
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    QVERIFY(!first.err.contains(QLatin1String("since the previous")));
    QVERIFY(QDir(home.filePath(QStringLiteral("data/dragoman/runs"))).removeRecursively());
    const ProcessResult second = runDragoman(args, env);
    QVERIFY2(second.exitCode == 0, qPrintable(second.err));
    QVERIFY2(second.err.contains(QLatin1String("since the previous translate run (")), qPrintable(second.err));
  }

  // A history that cannot be written does not stop the work: the captions and outputs come, and
  // the log says history is not being saved, and why.
  void unwritableHistoryKeepsTranslating() {
    DRAGOMAN_REQUIRE_SHARED(clip, "data/speech/jfk.flac");
    QTemporaryDir home;
    QFile blocker(home.filePath(QStringLiteral("not-a-folder")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString database = blocker.fileName() + QStringLiteral("/history.sqlite");
    const QString srt = home.filePath(QStringLiteral("out.srt"));
    const ProcessResult run = runDragoman({QStringLiteral("translate"), clip, QStringLiteral("--srt"), srt, QStringLiteral("--set"),
                                           QStringLiteral("storage.database=") + database},
                                          isolatedEnvironment(home.path()));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.count(QStringLiteral("] en: ")) >= 3, qPrintable(run.out));
    QVERIFY(QFileInfo(srt).size() > 0);
    QVERIFY2(run.err.contains(QLatin1String("history is not being saved")) && run.err.contains(blocker.fileName()),
             qPrintable(run.err));
  }

  // A history folder the user may not write to. Root writes anywhere, so as root the run drops to
  // the unprivileged `nobody` (setpriv) and the folder belongs to it, read-only.
  void readOnlyHistoryFolderKeepsTranslating() {
    DRAGOMAN_REQUIRE_SHARED(clip, "data/speech/jfk.flac");
    QTemporaryDir home;
    const QString locked = home.filePath(QStringLiteral("locked"));
    QVERIFY(QDir().mkpath(locked));
    QStringList launcher;
    if (::geteuid() == 0) {
      const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
      if (setpriv.isEmpty())
        QSKIP("running as root without setpriv (util-linux): cannot run as a user that permissions stop");
      const uid_t nobody = 65534;
      QVERIFY(::chown(qPrintable(home.path()), nobody, nobody) == 0);
      QVERIFY(::chown(qPrintable(locked), nobody, nobody) == 0);
      launcher = {setpriv, QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"), QStringLiteral("--clear-groups"),
                  QStringLiteral("--")};
    }
    QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup |
                                              QFile::ReadOther | QFile::ExeOther));
    const QString database = locked + QStringLiteral("/history.sqlite");
    const QString srt = home.filePath(QStringLiteral("out.srt"));
    const ProcessResult run = runDragoman({QStringLiteral("translate"), clip, QStringLiteral("--srt"), srt, QStringLiteral("--set"),
                                           QStringLiteral("storage.database=") + database},
                                          isolatedEnvironment(home.path()), 120000, launcher);
    QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.count(QStringLiteral("] en: ")) >= 3, qPrintable(run.out));
    QVERIFY(QFileInfo(srt).size() > 0);
    QVERIFY2(run.err.contains(QLatin1String("history is not being saved")) && run.err.contains(database), qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(database));
    qInfo("%s", qPrintable(run.err.split(QLatin1Char('\n')).filter(QStringLiteral("history")).join(QLatin1Char('\n'))));
  }

  void killedMidSessionLosesOnlyTheWindow() {
    DRAGOMAN_REQUIRE_SHARED(clip, "data/speech/jfk.flac");
    QTemporaryDir home;
    QProcess p;
    p.setProcessEnvironment(isolatedEnvironment(home.path()));
    p.start(dragomanBinary(), QStringList{QStringLiteral("translate"), clip} + quick());
    QVERIFY(p.waitForStarted());
    // Each caption's first line "[00:00.1 → 00:02.3] en: ..." is printed as its segment finishes.
    QElapsedTimer clock;
    clock.start();
    QList<std::pair<qint64, QString>> captions; // (when, start time)
    const QRegularExpression line(QStringLiteral("^\\[(\\d\\d:\\d\\d\\.\\d)"));
    QByteArray pending;
    qint64 killAt = -1;
    while (p.state() == QProcess::Running && clock.elapsed() < 120000) {
      p.waitForReadyRead(50);
      pending += p.readAllStandardOutput();
      qsizetype nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const QString l = QString::fromUtf8(pending.left(nl));
        pending.remove(0, nl + 1);
        if (const QRegularExpressionMatch m = line.match(l); m.hasMatch())
          captions.append({clock.elapsed(), m.captured(1)});
      }
      if (killAt < 0 && captions.size() >= 2)
        killAt = clock.elapsed() + 600;
      if (killAt >= 0 && clock.elapsed() >= killAt) {
        ::kill(pid_t(p.processId()), SIGKILL);
        break;
      }
    }
    const qint64 killedAt = clock.elapsed();
    QVERIFY2(killAt >= 0, "fewer than two captions before translate ended");
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);

    const QString path = home.filePath(QStringLiteral("data/dragoman/history.sqlite"));
    {
      // The store's own opening: integrity checked (no "damaged" note), the session marked interrupted.
      Result<storage::OpenedDatabase> opened = storage::openHistoryDatabase(path);
      QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
      QCOMPARE(opened->notes.size(), 1);
      QVERIFY2(opened->notes[0].contains(QLatin1String("interrupted")), qPrintable(opened->notes.join(QLatin1Char('\n'))));
    }
    Result<std::unique_ptr<storage::HistoryReader>> reader = storage::HistoryReader::open(path);
    QVERIFY(reader.ok());
    const std::vector<storage::SessionSummary> sessions = (*reader)->sessions().value();
    QCOMPARE(sessions.size(), std::size_t(1));
    QCOMPARE(sessions[0].info.state, storage::SessionState::Interrupted);
    const std::vector<storage::StoredSegment> stored = (*reader)->segments(sessions[0].info.uuid).value();
    QStringList storedStarts;
    for (const storage::StoredSegment &s : stored)
      storedStarts << QStringLiteral("%1:%2").arg(qint64(s.startSeconds) / 60, 2, 10, QLatin1Char('0'))
                          .arg(s.startSeconds - 60.0 * double(qint64(s.startSeconds) / 60), 4, 'f', 1, QLatin1Char('0'));
    int mustHave = 0;
    for (const auto &[when, start] : captions) {
      if (killedAt - when <= kWindowMs + 300) // inside the window (plus the commit itself): may be lost
        continue;
      ++mustHave;
      QVERIFY2(storedStarts.contains(start), qPrintable(QStringLiteral("caption at %1 printed %2 ms before the kill is missing; stored: %3")
                                                           .arg(start)
                                                           .arg(killedAt - when)
                                                           .arg(storedStarts.join(QLatin1Char(' ')))));
    }
    QVERIFY2(mustHave >= 2, qPrintable(QString::number(mustHave)));
    qInfo("killed %lld ms after the first caption; %d captions printed, %zu segments stored", killedAt - captions.first().first,
          int(captions.size()), stored.size());
  }
};

QTEST_GUILESS_MAIN(TestHistoryCli)
#include "tst_historycli.moc"
