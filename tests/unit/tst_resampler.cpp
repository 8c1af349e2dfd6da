#include "core/audio/resampler.h"

#include <QTest>

#include <cmath>

using namespace dragoman;

namespace {

AudioBuffer sine(double hz, int rate, double seconds) {
  std::vector<float> s(std::size_t(seconds * rate));
  for (std::size_t i = 0; i < s.size(); ++i)
    s[i] = 0.5f * float(std::sin(2.0 * M_PI * hz * double(i) / rate));
  return AudioBuffer(std::move(s), rate);
}

int zeroCrossings(const std::vector<float> &s) {
  int n = 0;
  for (std::size_t i = 1; i < s.size(); ++i)
    n += (s[i - 1] < 0.0f) != (s[i] < 0.0f) ? 1 : 0;
  return n;
}

} // namespace

class TestResampler : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void keepsPitchAndLength_data() {
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::newRow("48k→16k") << 48000 << 16000;
    QTest::newRow("44.1k→16k") << 44100 << 16000;
    QTest::newRow("22.05k→16k") << 22050 << 16000;
    QTest::newRow("8k→16k") << 8000 << 16000;
    QTest::newRow("16k→22.05k") << 16000 << 22050;
  }
  void keepsPitchAndLength() {
    QFETCH(int, from);
    QFETCH(int, to);
    const AudioBuffer in = sine(440.0, from, 1.0);
    Result<AudioBuffer> out = audio::resample(in, to);
    QVERIFY(out.ok());
    QCOMPARE(out->sampleRate(), to);
    QVERIFY(std::abs(double(out->size()) - to) <= 2.0);
    // 440 Hz: 880 zero crossings a second, whatever the rate.
    QVERIFY(std::abs(zeroCrossings(out->samples()) - 880) <= 3);
  }

  void sameRateIsUnchanged() {
    const AudioBuffer in = sine(100.0, 16000, 0.1);
    Result<AudioBuffer> out = audio::resample(in, 16000);
    QVERIFY(out.ok());
    QCOMPARE(out->samples(), in.samples());
  }

  void rejectsNonsenseRates() {
    QVERIFY(!audio::resample(sine(100.0, 16000, 0.1), 0).ok());
    QVERIFY(!audio::resample(AudioBuffer(std::vector<float>(10), 0), 16000).ok());
  }
};

QTEST_GUILESS_MAIN(TestResampler)
#include "tst_resampler.moc"
