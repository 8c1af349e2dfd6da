// findDevice() against the virtual devices: default, numbers, exact, substring, ambiguous, unknown.

#include "core/audio/devicefinder.h"
#include "tests/integration/audio/audiorig.h"

#include <QTest>

using namespace dragoman;

class TestDeviceFinder : public QObject {
  Q_OBJECT
  test::live::AudioRig m_audio;
  std::unique_ptr<audio::PortAudioSession> m_session;

private Q_SLOTS:
  void initTestCase() {
    QString why;
    if (!m_audio.start(&why))
      QSKIP(qPrintable(why));
    m_session = std::make_unique<audio::PortAudioSession>();
    QVERIFY(m_session->ok());
  }
  void cleanupTestCase() {
    m_session.reset();
    m_audio.stop();
  }

  void findsDefault() {
    for (bool input : {true, false}) {
      Result<int> a = audio::findDevice(QStringLiteral("default"), input);
      QVERIFY2(a.ok(), qPrintable(a.ok() ? QString() : a.error().message));
      Result<int> b = audio::findDevice(QString(), input);
      QVERIFY(b.ok());
      QCOMPARE(*a, *b);
    }
  }

  void findsExactNameBeforeSubstring() {
    // "dragoman_out" is also a substring of "dragoman_out_monitor": the exact name wins.
    Result<int> out = audio::findDevice(m_audio.output(), false);
    QVERIFY2(out.ok(), qPrintable(out.ok() ? QString() : out.error().message));
    QCOMPARE(audio::deviceName(*out), m_audio.output());
  }

  void findsCaseInsensitiveSubstring() {
    Result<int> in = audio::findDevice(m_audio.input().toUpper(), true);
    QVERIFY2(in.ok(), qPrintable(in.ok() ? QString() : in.error().message));
    QCOMPARE(audio::deviceName(*in), m_audio.input());
    Result<int> mon = audio::findDevice(QStringLiteral("OUT_MON"), true);
    QVERIFY(mon.ok());
    QCOMPARE(audio::deviceName(*mon), m_audio.outputMonitor());
  }

  void findsNumbers() {
    Result<int> in = audio::findDevice(m_audio.input(), true);
    QVERIFY(in.ok());
    Result<int> byNumber = audio::findDevice(QString::number(*in), true);
    QVERIFY(byNumber.ok());
    QCOMPARE(*byNumber, *in);
    Result<int> tooBig = audio::findDevice(QStringLiteral("9999"), true);
    QVERIFY(!tooBig.ok());
    QVERIFY(tooBig.error().message.contains(QLatin1String("9999")));
  }

  void ambiguousNameListsCandidates() {
    Result<int> r = audio::findDevice(QStringLiteral("dragoman"), false);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Input);
    const QString msg = r.error().message;
    QVERIFY2(msg.contains(QLatin1String("ambiguous")), qPrintable(msg));
    QVERIFY(msg.contains(m_audio.input()));
    QVERIFY(msg.contains(m_audio.output()));
    QVERIFY(!msg.contains(QLatin1Char('\n')));
  }

  void unknownNameListsDevices() {
    Result<int> r = audio::findDevice(QStringLiteral("no-such-speaker"), false);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Input);
    const QString msg = r.error().message;
    QVERIFY(msg.contains(QLatin1String("no-such-speaker")));
    QVERIFY(msg.contains(m_audio.output()));
    QVERIFY(msg.contains(QLatin1String("dragoman devices")));
  }

  void chooseSetupKeepsAcceptedRate() {
    audio::StreamParams p;
    p.device = m_audio.input();
    p.sampleRate = 16000;
    Result<audio::StreamSetup> s = audio::chooseStreamSetup(p, true);
    QVERIFY(s.ok());
    QCOMPARE(s->sampleRate, 16000);
    QCOMPARE(s->deviceName, m_audio.input());
    p.sampleRate = 0;
    s = audio::chooseStreamSetup(p, true);
    QVERIFY(s.ok());
    QVERIFY(s->sampleRate > 0); // the device's default
  }
};

QTEST_GUILESS_MAIN(TestDeviceFinder)
#include "tst_devicefinder.moc"
