#include "core/audio/audiofile.h"
#include "core/audio/livesegmenter.h"
#include "core/audio/resampler.h"
#include "tests/support/testpaths.h"

#include <QTest>

#include <random>

using namespace dragoman;
using namespace dragoman::audio;
using namespace std::chrono_literals;

namespace {

constexpr int kRate = 16000;

std::vector<AudioSegment> feed(LiveSegmenter &seg, const std::vector<float> &s, TimePoint t0, std::mt19937 *rng) {
  std::vector<AudioSegment> out;
  std::size_t at = 0;
  std::uniform_int_distribution<std::size_t> size(1, 3000);
  while (at < s.size()) {
    const std::size_t n = std::min(s.size() - at, rng ? size(*rng) : s.size());
    const TimePoint t = t0 + std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(double(at) / kRate));
    for (AudioSegment &a : seg.push(s.data() + at, n, t, double(at) / kRate))
      out.push_back(std::move(a));
    at += n;
  }
  for (AudioSegment &a : seg.flush())
    out.push_back(std::move(a));
  return out;
}

std::unique_ptr<LiveSegmenter> make(LiveSegmenterParams p = {}) {
  auto s = LiveSegmenter::create(p);
  return s ? std::move(s).value() : nullptr;
}

} // namespace

class TestLiveSegmenter : public QObject {
  Q_OBJECT
  std::vector<float> m_speech; // jfk.flac at 16 kHz

private Q_SLOTS:
  void initTestCase() {
    const QString jfk = test::sharedFile(QStringLiteral("data/speech/jfk.flac"));
    if (jfk.isEmpty())
      return;
    Result<AudioBuffer> pcm = resample(*readAudioFile(jfk), kRate);
    QVERIFY(pcm.ok());
    m_speech = pcm->samples();
  }

  void chunkingDoesNotMatter() {
    if (m_speech.empty())
      QSKIP("shared file data/speech/jfk.flac not found: set DRAGOMAN_SHARED");
    const TimePoint t0 = SteadyClock::now();
    std::mt19937 rng(1);
    auto a = make(), b = make();
    const auto whole = feed(*a, m_speech, t0, nullptr);
    const auto pieces = feed(*b, m_speech, t0, &rng);
    QVERIFY(whole.size() >= 2);
    QCOMPARE(pieces.size(), whole.size());
    double lastEnd = 0.0;
    for (std::size_t i = 0; i < whole.size(); ++i) {
      QCOMPARE(pieces[i].id, quint64(i + 1));
      QCOMPARE(pieces[i].audio.samples(), whole[i].audio.samples());
      QCOMPARE(pieces[i].startSeconds, whole[i].startSeconds);
      QVERIFY(whole[i].startSeconds >= lastEnd - 1e-9);
      QVERIFY(whole[i].endSeconds > whole[i].startSeconds);
      QVERIFY(std::abs(whole[i].audio.durationSeconds() - (whole[i].endSeconds - whole[i].startSeconds)) < 1e-6);
      // Capture times follow the push times.
      const double startMs = millisBetween(t0, whole[i].times.captureStart);
      QVERIFY(std::abs(startMs - whole[i].startSeconds * 1000.0) < 1.0);
      QVERIFY(std::abs(millisBetween(t0, whole[i].times.captureEnd) - whole[i].endSeconds * 1000.0) < 1.0);
      lastEnd = whole[i].endSeconds;
    }
  }

  void pauseSplitsAndPreRollKeepsTheOnset() {
    if (m_speech.empty())
      QSKIP("shared file data/speech/jfk.flac not found: set DRAGOMAN_SHARED");
    // 2 s of speech, 1.5 s of silence, 2 s of speech, with 1 s of silence before.
    std::vector<float> s(kRate, 0.0f);
    const std::vector<float> piece(m_speech.begin() + kRate / 2, m_speech.begin() + kRate / 2 + 2 * kRate);
    s.insert(s.end(), piece.begin(), piece.end());
    s.insert(s.end(), std::size_t(1.5 * kRate), 0.0f);
    s.insert(s.end(), piece.begin(), piece.end());
    auto seg = make();
    const auto out = feed(*seg, s, SteadyClock::now(), nullptr);
    QCOMPARE(out.size(), std::size_t(2));
    // Speech starts at 1.0 s: the segment starts no later, and at most the pre-roll earlier.
    QVERIFY2(out[0].startSeconds <= 1.0 + 0.05 && out[0].startSeconds >= 1.0 - 0.35,
             qPrintable(QString::number(out[0].startSeconds)));
    QVERIFY(out[1].startSeconds >= 3.0 && out[1].startSeconds <= 4.6);
  }

  void longSpeechIsCutWithOverlap() {
    if (m_speech.empty())
      QSKIP("shared file data/speech/jfk.flac not found: set DRAGOMAN_SHARED");
    // Speech with a steady voice-like hum under it, so it never pauses, for 24 s.
    std::vector<float> s;
    while (s.size() < std::size_t(24 * kRate))
      s.insert(s.end(), m_speech.begin(), m_speech.end());
    for (std::size_t i = 0; i < s.size(); ++i)
      s[i] = 0.6f * s[i] + 0.1f * float(std::sin(2.0 * M_PI * 150.0 * double(i) / kRate));
    LiveSegmenterParams p;
    p.maxSegmentSeconds = 5.0;
    p.overlapMs = 500;
    auto seg = make(p);
    const auto out = feed(*seg, s, SteadyClock::now(), nullptr);
    QVERIFY2(out.size() >= 4, qPrintable(QString::number(out.size())));
    for (std::size_t i = 0; i < out.size(); ++i)
      QVERIFY(out[i].audio.durationSeconds() <= 5.0 + 0.31);
    // Consecutive cut segments overlap by the configured amount.
    int overlapping = 0;
    for (std::size_t i = 1; i < out.size(); ++i)
      if (std::abs(out[i - 1].endSeconds - out[i].startSeconds - 0.5) < 0.011)
        ++overlapping;
    QVERIFY(overlapping >= 1);
  }

  void noiseAndSilenceGiveNothing() {
    std::mt19937 rng(3);
    std::normal_distribution<float> n(0.0f, 0.0005f);
    std::vector<float> s(10 * kRate);
    for (float &x : s)
      x = n(rng);
    auto seg = make();
    QVERIFY(feed(*seg, s, SteadyClock::now(), nullptr).empty());
    QVERIFY(feed(*seg, std::vector<float>(5 * kRate, 0.0f), SteadyClock::now(), nullptr).empty());
  }

  void flushReturnsOpenSegment() {
    if (m_speech.empty())
      QSKIP("shared file data/speech/jfk.flac not found: set DRAGOMAN_SHARED");
    auto seg = make();
    const std::vector<float> piece(m_speech.begin() + kRate / 2, m_speech.begin() + 2 * kRate);
    QVERIFY(seg->push(piece.data(), piece.size(), SteadyClock::now(), 0.0).empty());
    QVERIFY(seg->inSpeech());
    QVERIFY(!seg->pendingAudio().isEmpty());
    const auto out = seg->flush();
    QCOMPARE(out.size(), std::size_t(1));
    QVERIFY(!seg->inSpeech());
  }

  void rejectsOverlapAsLongAsTheSegment() {
    LiveSegmenterParams p;
    p.maxSegmentSeconds = 1.0;
    p.overlapMs = 800;
    QVERIFY(!LiveSegmenter::create(p).ok());
  }
};

QTEST_GUILESS_MAIN(TestLiveSegmenter)
#include "tst_livesegmenter.moc"
