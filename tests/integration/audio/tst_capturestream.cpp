// CaptureStream on the virtual microphone: what is played into it comes back whole and in order.

#include "core/audio/audiofile.h"
#include "core/audio/capturestream.h"
#include "tests/integration/audio/audiorig.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace dragoman;

class TestCaptureStream : public QObject {
  Q_OBJECT
  test::live::AudioRig m_audio;

private Q_SLOTS:
  void initTestCase() {
    QString why;
    if (!m_audio.start(&why))
      QSKIP(qPrintable(why));
  }
  void cleanupTestCase() { m_audio.stop(); }

  void capturesWhatIsPlayed() {
    constexpr int rate = 16000;
    audio::StreamParams params;
    params.device = m_audio.input();
    params.sampleRate = rate;
    auto opened = audio::CaptureStream::open(params);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    audio::CaptureStream &capture = **opened;
    QCOMPARE(capture.sampleRate(), rate);
    QCOMPARE(capture.deviceName(), m_audio.input());

    const auto before = SteadyClock::now();
    QVERIFY(capture.start().ok());
    QVERIFY(test::live::waitForFirstFrames(capture, 5000));
    const double firstMs = millisBetween(before, SteadyClock::now());
    qInfo("first callback after %.1f ms; first frame estimated %.1f ms after start()", firstMs,
          millisBetween(before, capture.firstFrameTime()));
    QVERIFY(capture.isActive());

    QTemporaryDir dir;
    const std::vector<float> tone = test::live::chirp(rate, 1.0, 200.0, 3000.0);
    const QString wav = dir.filePath(QStringLiteral("chirp.wav"));
    QVERIFY(audio::writeWavFile(wav, AudioBuffer(tone, rate)).ok());

    std::vector<float> recorded;
    test::live::drainFor(capture, recorded, 200); // some silence first
    const std::size_t playedAt = recorded.size();
    QVERIFY(m_audio.playAsync(wav));
    QElapsedTimer timer;
    timer.start();
    while (!m_audio.waitPlayed(10))
      test::live::drainFor(capture, recorded, 10);
    test::live::drainFor(capture, recorded, 400);
    qInfo("play took %lld ms; recorded %zu frames, %llu captured, %llu overruns", timer.elapsed(), recorded.size(),
          capture.framesCaptured(), capture.overruns());

    QCOMPARE(capture.overruns(), quint64(0));
    QVERIFY(capture.isActive());
    // Everything the device delivered reached the consumer.
    QVERIFY(capture.framesCaptured() >= recorded.size());
    QVERIFY(capture.framesCaptured() - recorded.size() <= 4096);

    const long onset = test::live::firstAbove(recorded, 0.05f);
    QVERIFY2(onset >= 0, "the played chirp never arrived");
    QVERIFY(static_cast<std::size_t>(onset) >= playedAt);
    qInfo("chirp arrived %.1f ms after play started", 1000.0 * double(static_cast<std::size_t>(onset) - playedAt) / rate);
    long lag = 0;
    const double corr = test::live::bestCorrelation(recorded, tone, onset - 800, onset + 800, &lag);
    qInfo("normalised correlation %.4f at lag %ld", corr, lag);
    QVERIFY2(corr > 0.9, qPrintable(QStringLiteral("correlation %1").arg(corr)));

    // No gaps: every 20 ms of the chirp (fades aside) carries its energy (RMS 0.35).
    const std::size_t window = rate / 50;
    for (std::size_t w = 1; w + 1 < tone.size() / window; ++w) {
      const double r = test::live::rms(recorded, static_cast<std::size_t>(lag) + w * window, window);
      QVERIFY2(r > 0.25, qPrintable(QStringLiteral("window %1 has RMS %2").arg(w).arg(r)));
    }
    // And silence after it.
    QVERIFY(test::live::rms(recorded, static_cast<std::size_t>(lag) + tone.size() + window, window) < 0.01);

    // Frame times map onto the steady clock.
    const TimePoint t0 = capture.frameTime(0);
    QCOMPARE(t0, capture.firstFrameTime());
    QVERIFY(std::abs(millisBetween(t0, capture.frameTime(rate)) - 1000.0) < 0.01);

    capture.stop();
    QVERIFY(!capture.isActive());
  }

  void fallsBackToTheDeviceRate() {
    // The pulse plugin takes any rate; an absurd one is refused and the device's own rate used.
    audio::StreamParams params;
    params.device = m_audio.input();
    params.sampleRate = 1234567;
    auto opened = audio::CaptureStream::open(params);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    QVERIFY((*opened)->sampleRate() != 1234567);
    QVERIFY((*opened)->sampleRate() > 0);
  }

  void missingDeviceNamesIt() {
    audio::StreamParams params;
    params.device = QStringLiteral("no-such-microphone");
    auto opened = audio::CaptureStream::open(params);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, ErrorKind::Input);
    QVERIFY(opened.error().message.contains(QLatin1String("no-such-microphone")));
    QVERIFY(opened.error().message.contains(m_audio.input())); // lists what exists
    QVERIFY(opened.error().message.contains(QLatin1String("dragoman devices")));
  }
};

QTEST_GUILESS_MAIN(TestCaptureStream)
#include "tst_capturestream.moc"
