// --help, --version, engines, devices and config as a subprocess.
#include "tests/support/processrunner.h"
#include "tests/support/testpaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman::test;

class TestInfoCommands : public QObject {
  Q_OBJECT
  QTemporaryDir m_home;
  QProcessEnvironment m_env;

private Q_SLOTS:
  void initTestCase() { m_env = isolatedEnvironment(m_home.path()); }

  void helpDocumentsEverything() {
    const ProcessResult r = runDragoman({QStringLiteral("--help")}, m_env);
    QCOMPARE(r.exitCode, 0);
    for (const char *c : {"translate", "devices", "engines", "config", "gui"})
      QVERIFY2(r.out.contains(QStringLiteral("dragoman ") + QLatin1String(c)), c);
    QVERIFY(r.out.contains(QStringLiteral("Exit codes")));
    QVERIFY(r.out.contains(QStringLiteral("DRAGOMAN_<SECTION>_<KEY>")));
    const ProcessResult t = runDragoman({QStringLiteral("translate"), QStringLiteral("--help")}, m_env);
    QCOMPARE(t.exitCode, 0);
    QVERIFY(t.out.contains(QStringLiteral("--srt")));
  }

  void versionNamesTheRuntime() {
    const ProcessResult r = runDragoman({QStringLiteral("--version")}, m_env);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith(QStringLiteral("dragoman ")));
    QVERIFY(r.out.contains(QStringLiteral("(git ")));
    QVERIFY(r.out.contains(QStringLiteral("Qt 6.")));
    QVERIFY(r.out.contains(QStringLiteral("LibTorch ")));
    QVERIFY(r.out.contains(QStringLiteral("CUDA ")));
  }

  void enginesListsTheOfflineTier() {
    const ProcessResult r = runDragoman({QStringLiteral("engines"), QStringLiteral("--json")}, m_env);
    QCOMPARE(r.exitCode, 0);
    const QJsonArray list = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QStringList available;
    for (const QJsonValue &v : list) {
      const QJsonObject e = v.toObject();
      QVERIFY(e.contains(QStringLiteral("stage")));
      if (e.value(QStringLiteral("available")).toBool())
        available << e.value(QStringLiteral("name")).toString();
      else
        QVERIFY(!e.value(QStringLiteral("reason")).toString().isEmpty());
    }
    QVERIFY2(available.contains(QStringLiteral("pocketsphinx")), qPrintable(r.out));
    QVERIFY(available.contains(QStringLiteral("apertium")));
    QVERIFY(available.contains(QStringLiteral("espeak-ng")));
    const ProcessResult text = runDragoman({QStringLiteral("engines")}, m_env);
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains(QStringLiteral("en→es")));
  }

  // engines --voice: on a fresh machine espeak-ng speaks German and the Piper voice to get is named;
  // a language nothing speaks is an unsupported one.
  void enginesSaysWhichVoice() {
    ProcessResult r = runDragoman({QStringLiteral("engines"), QStringLiteral("--voice"), QStringLiteral("de"), QStringLiteral("--json")}, m_env);
    QCOMPARE(r.exitCode, 0);
    QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(j.value(QStringLiteral("route")).toString(), QStringLiteral("espeak-ng"));
    QVERIFY2(j.value(QStringLiteral("summary")).toString().contains(QStringLiteral("dragoman models download piper-de_DE-thorsten-medium")),
             qPrintable(r.out));
    const ProcessResult text = runDragoman({QStringLiteral("engines"), QStringLiteral("--voice"), QStringLiteral("de")}, m_env);
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.startsWith(QStringLiteral("de: espeak-ng")), qPrintable(text.out));
    r = runDragoman({QStringLiteral("engines"), QStringLiteral("--voice"), QStringLiteral("xx")}, m_env);
    QCOMPARE(r.exitCode, 5); // nothing speaks it
    QVERIFY2(r.out.contains(QStringLiteral("no installed engine or known voice")), qPrintable(r.out));
  }

  void devicesRunsWithoutSoundCard() {
    const ProcessResult r = runDragoman({QStringLiteral("devices"), QStringLiteral("--json")}, m_env);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(QJsonDocument::fromJson(r.out.toUtf8()).isArray());
  }

  void configInitCheckShow() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/dragoman.yaml"));
    ProcessResult r = runDragoman({QStringLiteral("config"), QStringLiteral("init"), path}, m_env);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(QFile::exists(path));
    r = runDragoman({QStringLiteral("config"), QStringLiteral("init"), path}, m_env);
    QVERIFY(r.exitCode != 0);
    QVERIFY(r.err.contains(path));
    r = runDragoman({QStringLiteral("config"), QStringLiteral("check"), path}, m_env);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QStringLiteral("ok")));

    const QString bad = dir.filePath(QStringLiteral("bad.yaml"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("logging:\n  level: info\nserver:\n  port: 99999\n");
    f.close();
    r = runDragoman({QStringLiteral("config"), QStringLiteral("check"), bad}, m_env);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(bad + QStringLiteral(":4: server.port")), qPrintable(r.err));

    QProcessEnvironment env = m_env;
    env.insert(QStringLiteral("DRAGOMAN_TRANSLATION_TARGET_LANGUAGE"), QStringLiteral("fr"));
    r = runDragoman({QStringLiteral("config"), QStringLiteral("show"), QStringLiteral("--origin"),
                     QStringLiteral("--set"), QStringLiteral("tts.words_per_minute=200")},
                    env);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("DRAGOMAN_TRANSLATION_TARGET_LANGUAGE")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("command line")));
    r = runDragoman({QStringLiteral("config"), QStringLiteral("show")}, env);
    QVERIFY2(r.out.contains(QStringLiteral("target_language: \"fr\"")), qPrintable(r.out));
  }
};

QTEST_GUILESS_MAIN(TestInfoCommands)
#include "tst_infocommands.moc"
