#include "core/audio/filesegmenter.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace dragoman;
using namespace dragoman::audio;

namespace {

constexpr int kRate = 16000;

// Builds audio from (seconds, amplitude) pieces: amplitude 0 is faint noise, otherwise a 220 Hz tone.
AudioBuffer pieces(std::initializer_list<std::pair<double, float>> parts) {
  std::mt19937 rng(7);
  std::normal_distribution<float> noise(0.0f, 0.0005f);
  std::vector<float> s;
  for (auto [seconds, amplitude] : parts) {
    const auto n = std::size_t(seconds * kRate);
    for (std::size_t i = 0; i < n; ++i)
      s.push_back(noise(rng) + amplitude * float(std::sin(2.0 * M_PI * 220.0 * double(s.size()) / kRate)));
  }
  return AudioBuffer(std::move(s), kRate);
}

} // namespace

class TestFileSegmenter : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void splitsAtPauses() {
    const AudioBuffer audio = pieces({{0.5, 0}, {1.0, 0.3f}, {1.0, 0}, {1.5, 0.3f}, {0.5, 0}});
    const auto ranges = findSpeech(audio, SegmenterParams{});
    QCOMPARE(ranges.size(), std::size_t(2));
    // Speech at 0.5–1.5 s and 2.5–4.0 s, padded by 0.2 s.
    QVERIFY(std::abs(double(ranges[0].begin) / kRate - 0.3) < 0.03);
    QVERIFY(std::abs(double(ranges[0].end) / kRate - 1.7) < 0.03);
    QVERIFY(std::abs(double(ranges[1].begin) / kRate - 2.3) < 0.03);
    QVERIFY(std::abs(double(ranges[1].end) / kRate - 4.2) < 0.03);
  }

  void shortPausesDoNotSplit() {
    const AudioBuffer audio = pieces({{0.3, 0}, {1.0, 0.3f}, {0.2, 0}, {1.0, 0.3f}, {0.3, 0}});
    QCOMPARE(findSpeech(audio, SegmenterParams{}).size(), std::size_t(1));
  }

  void dropsClicks() {
    const AudioBuffer audio = pieces({{0.5, 0}, {0.05, 0.5f}, {1.0, 0}});
    QCOMPARE(findSpeech(audio, SegmenterParams{}).size(), std::size_t(0));
  }

  void silenceHasNoSpeech() {
    QVERIFY(findSpeech(pieces({{3.0, 0}}), SegmenterParams{}).empty());
    QVERIFY(findSpeech(AudioBuffer(), SegmenterParams{}).empty());
  }

  void splitsLongSpeech() {
    SegmenterParams p;
    p.maxSegmentSeconds = 2.0;
    const AudioBuffer audio = pieces({{7.0, 0.3f}});
    const auto ranges = findSpeech(audio, p);
    QVERIFY(ranges.size() >= 4);
    for (const SampleRange &r : ranges)
      QVERIFY(double(r.end - r.begin) / kRate <= 2.0 + 0.41);
    QCOMPARE(ranges.front().begin, std::size_t(0));
    QCOMPARE(ranges.back().end, audio.size());
  }

  void cutsNumberedSegments() {
    const AudioBuffer audio = pieces({{0.5, 0}, {1.0, 0.3f}, {1.0, 0}, {1.0, 0.3f}});
    const auto segments = cutSegments(audio, findSpeech(audio, SegmenterParams{}), 5);
    QCOMPARE(segments.size(), std::size_t(2));
    QCOMPARE(segments[0].id, quint64(5));
    QCOMPARE(segments[1].id, quint64(6));
    QCOMPARE(segments[0].audio.sampleRate(), kRate);
    QVERIFY(std::abs(segments[0].audio.durationSeconds() - (segments[0].endSeconds - segments[0].startSeconds)) < 1e-6);
    QVERIFY(segments[1].startSeconds > segments[0].endSeconds);
  }
};

QTEST_GUILESS_MAIN(TestFileSegmenter)
#include "tst_filesegmenter.moc"
