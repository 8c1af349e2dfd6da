// PlaybackStream on the virtual speaker, recorded back from the speaker's monitor.

#include "core/audio/capturestream.h"
#include "core/audio/playbackstream.h"
#include "tests/integration/audio/audiorig.h"

#include <QElapsedTimer>
#include <QTest>
#include <QThread>

using namespace dragoman;

namespace {
constexpr int kRate = 16000;
}

class TestPlaybackStream : public QObject {
  Q_OBJECT
  test::live::AudioRig m_audio;
  std::unique_ptr<audio::CaptureStream> m_monitor;
  std::unique_ptr<audio::PlaybackStream> m_playback;

  // Records the monitor while waiting until playback has finished (or timeoutMs).
  qint64 recordUntilSilent(std::vector<float> &recorded, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (m_playback->isPlaying() && timer.elapsed() < timeoutMs)
      test::live::drainFor(*m_monitor, recorded, 5);
    return timer.elapsed();
  }

private Q_SLOTS:
  void initTestCase() {
    QString why;
    if (!m_audio.start(&why))
      QSKIP(qPrintable(why));
    audio::StreamParams params;
    params.sampleRate = kRate;
    params.device = m_audio.outputMonitor();
    auto monitor = audio::CaptureStream::open(params);
    QVERIFY2(monitor.ok(), qPrintable(monitor.ok() ? QString() : monitor.error().message));
    m_monitor = std::move(*monitor);
    params.device = m_audio.output();
    auto playback = audio::PlaybackStream::open(params);
    QVERIFY2(playback.ok(), qPrintable(playback.ok() ? QString() : playback.error().message));
    m_playback = std::move(*playback);
    QCOMPARE(m_playback->sampleRate(), kRate);
    QCOMPARE(m_playback->deviceName(), m_audio.output());
    QVERIFY(m_monitor->start().ok());
    QVERIFY(test::live::waitForFirstFrames(*m_monitor, 5000));
    const auto before = SteadyClock::now();
    QVERIFY(m_playback->start().ok());
    QVERIFY(m_playback->isActive());
    qInfo("playback start() took %.1f ms", millisBetween(before, SteadyClock::now()));
  }
  void cleanupTestCase() {
    m_playback.reset();
    m_monitor.reset();
    m_audio.stop();
  }

  void playsWhatIsWritten() {
    QVERIFY(!m_playback->isPlaying());
    const std::vector<float> tone = test::live::chirp(kRate, 1.0, 200.0, 3000.0);
    std::vector<float> recorded;
    test::live::drainFor(*m_monitor, recorded, 200);
    const std::size_t writtenAt = recorded.size();
    QCOMPARE(m_playback->write(tone.data(), tone.size()), tone.size());
    QVERIFY(m_playback->isPlaying());
    QVERIFY(m_playback->queuedFrames() > 0);
    const qint64 ms = recordUntilSilent(recorded, 5000);
    QVERIFY(!m_playback->isPlaying());
    QCOMPARE(m_playback->queuedFrames(), std::size_t(0));
    qInfo("isPlaying() was true for %lld ms for 1000 ms of audio; underruns %llu", ms, m_playback->underruns());
    QVERIFY(ms >= 950 && ms < 2000);
    // 16000 frames are exactly 50 buffers of 320: the callbacks never had to pad.
    QCOMPARE(m_playback->underruns(), quint64(0));
    QCOMPARE(m_playback->framesPlayed(), quint64(tone.size()));
    test::live::drainFor(*m_monitor, recorded, 300);

    const long onset = test::live::firstAbove(recorded, 0.05f);
    QVERIFY2(onset >= 0, "nothing came out of the speaker");
    qInfo("written → heard on the monitor: %.1f ms", 1000.0 * double(static_cast<std::size_t>(onset) - writtenAt) / kRate);
    long lag = 0;
    const double corr = test::live::bestCorrelation(recorded, tone, onset - 800, onset + 800, &lag);
    qInfo("normalised correlation %.4f", corr);
    QVERIFY2(corr > 0.9, qPrintable(QStringLiteral("correlation %1").arg(corr)));
    QCOMPARE(m_monitor->overruns(), quint64(0));
  }

  void volumeScales() {
    m_playback->setVolume(0.5f);
    QCOMPARE(m_playback->volume(), 0.5f);
    const std::vector<float> tone = test::live::sine(kRate, 0.5, 440.0);
    std::vector<float> recorded;
    test::live::drainFor(*m_monitor, recorded, 100);
    m_playback->write(tone.data(), tone.size());
    recordUntilSilent(recorded, 5000);
    test::live::drainFor(*m_monitor, recorded, 300);
    m_playback->setVolume(1.0f);
    const long onset = test::live::firstAbove(recorded, 0.02f);
    QVERIFY(onset >= 0);
    const double r = test::live::rms(recorded, static_cast<std::size_t>(onset) + 800, 4000);
    qInfo("RMS at volume 0.5: %.3f (full: 0.354)", r);
    QVERIFY(std::abs(r - 0.177) < 0.03);
  }

  void clearStopsEarly() {
    const std::vector<float> tone = test::live::sine(kRate, 3.0, 440.0);
    std::vector<float> recorded;
    QCOMPARE(m_playback->write(tone.data(), tone.size()), tone.size());
    test::live::drainFor(*m_monitor, recorded, 300);
    QVERIFY(m_playback->isPlaying());
    const auto cleared = SteadyClock::now();
    m_playback->clear();
    QCOMPARE(m_playback->queuedFrames(), std::size_t(0)); // at once, before the callback runs
    const std::vector<float> blip = test::live::sine(kRate, 0.1, 880.0);
    QCOMPARE(m_playback->write(blip.data(), blip.size()), blip.size()); // written after clear(): kept
    QCOMPARE(m_playback->queuedFrames(), blip.size());
    const qint64 ms = recordUntilSilent(recorded, 5000);
    qInfo("clear(): silent %.1f ms later (%lld ms waited)", millisBetween(cleared, SteadyClock::now()), ms);
    QVERIFY(!m_playback->isPlaying());
    QVERIFY(ms < 1000);
    test::live::drainFor(*m_monitor, recorded, 500);
    // Heard: ~0.3 s of the tone, plus the blip; far less than the 3 s written.
    std::size_t loud = 0;
    for (float v : recorded)
      loud += std::abs(v) > 0.05f ? 1 : 0;
    qInfo("loud samples after clear: %.2f s", double(loud) / kRate);
    QVERIFY(loud < static_cast<std::size_t>(1.0 * kRate));
    QVERIFY(loud > static_cast<std::size_t>(0.15 * kRate));
  }

  void missingDeviceNamesIt() {
    audio::StreamParams params;
    params.device = QStringLiteral("no-such-speaker");
    auto opened = audio::PlaybackStream::open(params);
    QVERIFY(!opened.ok());
    QVERIFY(opened.error().message.contains(QLatin1String("no-such-speaker")));
    QVERIFY(opened.error().message.contains(m_audio.output()));
  }
};

QTEST_GUILESS_MAIN(TestPlaybackStream)
#include "tst_playbackstream.moc"
