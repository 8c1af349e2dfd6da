// `dragoman audio create-virtual-mic | remove-virtual-mic` against a real PulseAudio server.
#include "tests/support/processrunner.h"
#include "tests/support/virtualaudio.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman::test;

class TestVirtualMic : public QObject {
  Q_OBJECT
  VirtualAudio m_audio;
  QTemporaryDir m_home;
  QProcessEnvironment m_env;

  bool hasSource(const QString &name) const {
    for (const QString &line : m_audio.pactl({QStringLiteral("list"), QStringLiteral("short"), QStringLiteral("sources")})
                                   .split(QLatin1Char('\n')))
      if (line.section(QLatin1Char('\t'), 1, 1) == name)
        return true;
    return false;
  }

private Q_SLOTS:
  void initTestCase() {
    DRAGOMAN_REQUIRE_VIRTUAL_AUDIO(m_audio);
    m_env = m_audio.environment(isolatedEnvironment(m_home.path()));
  }

  void createIsIdempotentAndRemovable() {
    const QStringList create{QStringLiteral("audio"), QStringLiteral("create-virtual-mic"), QStringLiteral("--name"),
                             QStringLiteral("dgtest")};
    ProcessResult r = runDragoman(create, m_env);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.startsWith(QStringLiteral("created")));
    QVERIFY(r.out.contains(QStringLiteral("pulse:dgtest_sink")));
    QVERIFY(hasSource(QStringLiteral("dgtest_mic")));
    QVERIFY(hasSource(QStringLiteral("dgtest_sink.monitor")));

    r = runDragoman(create, m_env);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith(QStringLiteral("already there")));

    const QStringList remove{QStringLiteral("audio"), QStringLiteral("remove-virtual-mic"), QStringLiteral("--name"),
                             QStringLiteral("dgtest")};
    r = runDragoman(remove, m_env);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!hasSource(QStringLiteral("dgtest_mic")));
    QVERIFY(!hasSource(QStringLiteral("dgtest_sink.monitor")));
    r = runDragoman(remove, m_env);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QStringLiteral("no virtual microphone")));
  }

  void devicesListsPortAudioAndPulseNodes() {
    const ProcessResult r = runDragoman({QStringLiteral("devices"), QStringLiteral("--json")}, m_env);
    QCOMPARE(r.exitCode, 0);
    QStringList portAudio, pulseInputs, monitors;
    for (const QJsonValue &v : QJsonDocument::fromJson(r.out.toUtf8()).array()) {
      const QJsonObject d = v.toObject();
      const QString name = d.value(QStringLiteral("name")).toString();
      if (d.value(QStringLiteral("host_api")).toString() == QLatin1String("PulseAudio")) {
        if (d.value(QStringLiteral("input")).toBool())
          pulseInputs << name;
        if (d.value(QStringLiteral("monitor")).toBool())
          monitors << name;
      } else {
        portAudio << name;
      }
    }
    QVERIFY2(portAudio.contains(m_audio.input()) && portAudio.contains(m_audio.output()), qPrintable(r.out));
    QVERIFY(pulseInputs.contains(QStringLiteral("pulse:dragoman_in")));
    QVERIFY(monitors.contains(QStringLiteral("pulse:dragoman_out.monitor")));
  }

  void badNameAndNoServer() {
    ProcessResult r = runDragoman({QStringLiteral("audio"), QStringLiteral("create-virtual-mic"), QStringLiteral("--name"),
                                   QStringLiteral("a b")},
                                  m_env);
    QCOMPARE(r.exitCode, 2);
    QProcessEnvironment none = m_env;
    none.insert(QStringLiteral("PULSE_SERVER"), QStringLiteral("unix:/nonexistent/socket"));
    r = runDragoman({QStringLiteral("audio"), QStringLiteral("create-virtual-mic")}, none);
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.contains(QStringLiteral("no PulseAudio or PipeWire sound server")), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestVirtualMic)
#include "tst_virtualmic.moc"
