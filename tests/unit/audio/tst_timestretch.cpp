// TimeStretcher (WSOLA) and the catch-up rate: at rate 1 the input comes out unchanged; faster
// rates shorten it by that factor while keeping its pitch (a resampler would raise it) and its
// level, with no clicks; the rate may change piece by piece; jfk.flac keeps its first and last
// samples. catchUpRate: 1 until half a second waits, the maximum from 2.5 s.

#include "core/audio/timestretch.h"
#include "tests/unit/audio/testsignals.h"

#include <QTest>

#include <cmath>
#include <numbers>

using namespace dragoman;
using namespace dragoman::audio;

namespace {

constexpr int kRate = test::kRate16k;

// A voiced-like tone: a fundamental and two harmonics.
std::vector<float> voiced(double seconds, double f0) {
  std::vector<float> x(std::size_t(seconds * kRate));
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double t = double(i) / kRate;
    x[i] = float(0.3 * std::sin(2 * std::numbers::pi * f0 * t) + 0.15 * std::sin(2 * std::numbers::pi * 2 * f0 * t + 0.5) +
                 0.08 * std::sin(2 * std::numbers::pi * 3 * f0 * t + 1.1));
  }
  return x;
}

std::vector<float> stretch(const std::vector<float> &in, double rate, std::size_t chunk = 160) {
  TimeStretcher s(in, kRate);
  std::vector<float> out;
  while (!s.done())
    if (s.next(out, chunk, rate) == 0)
      break;
  return out;
}

// The period, in samples: the shortest lag (2 to 20 ms) at which the middle second correlates with
// itself at 0.9 or more.
int period(const std::vector<float> &x) {
  const std::size_t from = x.size() / 2 - kRate / 2, n = std::size_t(kRate) / 2;
  double energy = 0;
  for (std::size_t i = from; i < from + n; ++i)
    energy += double(x[i]) * x[i];
  for (int lag = kRate / 500; lag <= kRate / 50; ++lag) {
    double dot = 0;
    for (std::size_t i = from; i < from + n; ++i)
      dot += double(x[i]) * x[i + std::size_t(lag)];
    if (dot > 0.9 * energy)
      return lag;
  }
  return 0;
}

double rms(const std::vector<float> &x) {
  double e = 0;
  for (float v : x)
    e += double(v) * v;
  return x.empty() ? 0.0 : std::sqrt(e / double(x.size()));
}

float largestStep(const std::vector<float> &x) {
  float step = 0;
  for (std::size_t i = 1; i < x.size(); ++i)
    step = std::max(step, std::abs(x[i] - x[i - 1]));
  return step;
}

} // namespace

class TestTimeStretch : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void rateOneCopiesTheInput() {
    const std::vector<float> in = voiced(1.3, 140.0);
    QVERIFY(stretch(in, 1.0) == in);
    QVERIFY(stretch(in, 0.5) == in); // below 1 is 1: it never slows down
  }

  void fasterKeepsThePitchAndTheLevel_data() {
    QTest::addColumn<double>("rate");
    QTest::newRow("1.2") << 1.2;
    QTest::newRow("1.5") << 1.5;
    QTest::newRow("2") << 2.0;
  }

  void fasterKeepsThePitchAndTheLevel() {
    QFETCH(double, rate);
    const std::vector<float> in = voiced(3.0, 140.0);
    const std::vector<float> out = stretch(in, rate);
    const double expected = double(in.size()) / rate;
    QVERIFY2(std::abs(double(out.size()) - expected) < 0.03 * expected,
             qPrintable(QStringLiteral("%1 samples, %2 expected").arg(out.size()).arg(expected)));
    // The same period (a resampler would divide it by the rate), the same level.
    QVERIFY(period(in) > 0);
    QVERIFY2(std::abs(period(out) - period(in)) <= 1, qPrintable(QStringLiteral("%1 vs %2").arg(period(out)).arg(period(in))));
    QVERIFY2(std::abs(20 * std::log10(rms(out) / rms(in))) < 1.0, qPrintable(QString::number(rms(out) / rms(in))));
    // No click where the frames join: no step larger than the tone's own steepest, with a margin.
    QVERIFY2(largestStep(out) < 1.25f * largestStep(in), qPrintable(QStringLiteral("%1 vs %2").arg(largestStep(out)).arg(largestStep(in))));
  }

  void theRateMayChangePieceByPiece() {
    const std::vector<float> in = voiced(3.0, 180.0);
    TimeStretcher s(in, kRate);
    std::vector<float> out;
    // The first second as it is, then 1.5 times faster.
    while (out.size() < std::size_t(kRate))
      QVERIFY(s.next(out, 160, 1.0) > 0);
    QCOMPARE(s.remainingInput(), in.size() - std::size_t(kRate));
    QVERIFY(std::equal(out.begin(), out.end(), in.begin()));
    while (!s.done())
      QVERIFY(s.next(out, 160, 1.5) > 0);
    QCOMPARE(s.remainingInput(), std::size_t(0));
    const double expected = kRate + 2.0 * kRate / 1.5;
    QVERIFY2(std::abs(double(out.size()) - expected) < 0.03 * expected, qPrintable(QString::number(out.size())));
    QVERIFY(largestStep(out) < 1.25f * largestStep(in));
    QCOMPARE(s.next(out, 160, 1.5), std::size_t(0));
  }

  void speechKeepsItsEnds() {
    const std::vector<float> in = test::jfk16k();
    if (in.empty())
      QSKIP("jfk.flac is not in the shared data folder (set DRAGOMAN_SHARED)");
    const std::vector<float> out = stretch(in, 1.3, 333);
    const double expected = double(in.size()) / 1.3;
    QVERIFY2(std::abs(double(out.size()) - expected) < 0.02 * expected, qPrintable(QString::number(out.size())));
    QVERIFY(std::equal(in.begin(), in.begin() + 100, out.begin()));
    QVERIFY(std::equal(in.end() - 10, in.end(), out.end() - 10));
    QVERIFY2(std::abs(20 * std::log10(rms(out) / rms(in))) < 1.0, qPrintable(QString::number(rms(out) / rms(in))));
  }

  void tooShortToStretchIsCopied() {
    const std::vector<float> in = voiced(0.04, 200.0);
    QVERIFY(stretch(in, 2.0) == in);
    QVERIFY(stretch({}, 2.0).empty());
  }

  void catchUpRate() {
    QCOMPARE(audio::catchUpRate(0.0, 1.4), 1.0);
    QCOMPARE(audio::catchUpRate(0.5, 1.4), 1.0);
    QVERIFY(qFuzzyCompare(audio::catchUpRate(1.5, 1.4), 1.2));
    QVERIFY(qFuzzyCompare(audio::catchUpRate(2.5, 1.4), 1.4));
    QVERIFY(qFuzzyCompare(audio::catchUpRate(60.0, 1.4), 1.4));
    QCOMPARE(audio::catchUpRate(60.0, 1.0), 1.0); // off
    QCOMPARE(audio::catchUpRate(std::nan(""), 1.4), 1.0);
  }
};

QTEST_APPLESS_MAIN(TestTimeStretch)
#include "tst_timestretch.moc"
