#include "core/audio/resampler.h"
#include "core/audio/streamresampler.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace dragoman;

namespace {

std::vector<float> sine(double hz, int rate, double seconds) {
  std::vector<float> s(static_cast<std::size_t>(seconds * rate));
  for (std::size_t i = 0; i < s.size(); ++i)
    s[i] = static_cast<float>(0.5 * std::sin(2.0 * M_PI * hz * double(i) / rate));
  return s;
}

int zeroCrossings(const std::vector<float> &s, std::size_t from, std::size_t to) {
  int n = 0;
  for (std::size_t i = from + 1; i < to && i < s.size(); ++i)
    n += (s[i - 1] < 0.0f) != (s[i] < 0.0f) ? 1 : 0;
  return n;
}

// Feeds `in` in random-sized chunks (1..chunkMax), then flushes.
std::vector<float> streamed(audio::StreamResampler &r, const std::vector<float> &in, std::size_t chunkMax) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> size(1, chunkMax);
  std::vector<float> out;
  for (std::size_t pos = 0; pos < in.size();) {
    const std::size_t n = std::min(size(rng), in.size() - pos);
    const std::vector<float> part = r.process(in.data() + pos, n);
    out.insert(out.end(), part.begin(), part.end());
    pos += n;
  }
  const std::vector<float> tail = r.flush();
  out.insert(out.end(), tail.begin(), tail.end());
  return out;
}

} // namespace

class TestStreamResampler : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void matchesOneShot_data() {
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::newRow("48k→16k") << 48000 << 16000;
    QTest::newRow("44.1k→16k") << 44100 << 16000;
    QTest::newRow("16k→48k") << 16000 << 48000;
  }
  void matchesOneShot() {
    QFETCH(int, from);
    QFETCH(int, to);
    // A sweep of two tones with a little noise: content across the band.
    std::vector<float> in = sine(440.0, from, 2.0);
    const std::vector<float> second = sine(1330.0, from, 2.0);
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> noise(-0.01f, 0.01f);
    for (std::size_t i = 0; i < in.size(); ++i)
      in[i] = 0.6f * in[i] + 0.3f * second[i] + noise(rng);

    auto r = audio::StreamResampler::create(from, to);
    QVERIFY(r.ok());
    const std::vector<float> chunked = streamed(**r, in, 700);
    Result<AudioBuffer> whole = audio::resample(AudioBuffer(in, from), to);
    QVERIFY(whole.ok());
    const std::vector<float> &ref = whole->samples();

    QVERIFY2(std::abs(double(chunked.size()) - double(ref.size())) <= 4.0,
             qPrintable(QStringLiteral("%1 vs %2 samples").arg(chunked.size()).arg(ref.size())));
    // After the first 5 ms the two agree sample by sample.
    const std::size_t skip = static_cast<std::size_t>(0.005 * to);
    const std::size_t n = std::min(chunked.size(), ref.size());
    float worst = 0.0f;
    for (std::size_t i = skip; i < n; ++i)
      worst = std::max(worst, std::abs(chunked[i] - ref[i]));
    QVERIFY2(worst < 1e-4f, qPrintable(QStringLiteral("max difference %1").arg(double(worst))));
  }

  void keepsPitch_data() { matchesOneShot_data(); }
  void keepsPitch() {
    QFETCH(int, from);
    QFETCH(int, to);
    auto r = audio::StreamResampler::create(from, to);
    QVERIFY(r.ok());
    QCOMPARE((*r)->fromRate(), from);
    QCOMPARE((*r)->toRate(), to);
    const std::vector<float> out = streamed(**r, sine(440.0, from, 1.0), 320);
    QVERIFY(std::abs(double(out.size()) - to) <= 4.0);
    // 440 Hz: 880 zero crossings a second; count over the middle 0.8 s (704).
    const int zc = zeroCrossings(out, static_cast<std::size_t>(0.1 * to), static_cast<std::size_t>(0.9 * to));
    QVERIFY2(std::abs(zc - 704) <= 2, qPrintable(QString::number(zc)));
  }

  void passesThroughEqualRates() {
    auto r = audio::StreamResampler::create(16000, 16000);
    QVERIFY(r.ok());
    const std::vector<float> in = sine(440.0, 16000, 0.1);
    QCOMPARE((*r)->process(in.data(), in.size()), in);
    QVERIFY((*r)->flush().empty());
    QVERIFY((*r)->process(nullptr, 0).empty());
  }

  void canStreamAgainAfterFlush() {
    auto r = audio::StreamResampler::create(48000, 16000);
    QVERIFY(r.ok());
    const std::vector<float> in = sine(440.0, 48000, 0.5);
    const std::vector<float> first = streamed(**r, in, 1000);
    const std::vector<float> second = streamed(**r, in, 1000);
    QCOMPARE(first.size(), second.size());
    for (std::size_t i = 0; i < first.size(); ++i)
      QVERIFY(std::abs(first[i] - second[i]) < 1e-6f);
  }

  void rejectsBadRates() {
    QVERIFY(!audio::StreamResampler::create(0, 16000).ok());
    QVERIFY(!audio::StreamResampler::create(16000, -1).ok());
  }
};

QTEST_GUILESS_MAIN(TestStreamResampler)
#include "tst_streamresampler.moc"
