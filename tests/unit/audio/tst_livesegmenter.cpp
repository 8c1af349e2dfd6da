// LiveSegmenter: chunking, pre-roll, pauses, the length cut with overlap, noise, capture times,
// flush and the open segment. Speech is jfk.flac (11 s with pauses) from the shared data folder.

#include "core/audio/livesegmenter.h"
#include "core/audio/voiceactivitydetector.h"
#include "tests/unit/audio/testsignals.h"

#include <QElapsedTimer>
#include <QTest>

using namespace dragoman;
using namespace dragoman::audio;

namespace {

constexpr int kRate = test::kRate16k;
constexpr std::size_t kFrame = VoiceActivityDetector::kFrameSamples;

struct Push {
  std::size_t at; // first sample
  TimePoint time;
};

struct Feed {
  std::vector<AudioSegment> segments;
  std::vector<Push> pushes;
  std::size_t maxPending = 0; // longest open segment seen, samples
};

// Pushes `s` in chunks of 1..maxChunk samples (all at once when maxChunk is 0). Push times run
// 3% fast against the stream and jump at every push, as a real device's timestamps may.
Feed feed(LiveSegmenter &seg, const std::vector<float> &s, TimePoint t0, std::size_t maxChunk, unsigned seed = 1) {
  Feed f;
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> size(1, std::max<std::size_t>(1, maxChunk));
  std::uniform_int_distribution<int> jitterUs(0, 900);
  for (std::size_t at = 0; at < s.size();) {
    const std::size_t n = std::min(s.size() - at, maxChunk ? size(rng) : s.size());
    const auto offset = std::chrono::duration<double>(1.03 * double(at) / kRate);
    const TimePoint t = t0 + std::chrono::duration_cast<SteadyClock::duration>(offset) +
                        std::chrono::microseconds(maxChunk ? jitterUs(rng) : 0);
    f.pushes.push_back({at, t});
    for (AudioSegment &a : seg.push(s.data() + at, n, t, double(at) / kRate))
      f.segments.push_back(std::move(a));
    f.maxPending = std::max(f.maxPending, seg.pendingAudio().size());
    at += n;
  }
  for (AudioSegment &a : seg.flush())
    f.segments.push_back(std::move(a));
  return f;
}

// The capture time of stream sample `sample`, from the push that carried it.
TimePoint captureTimeOf(const std::vector<Push> &pushes, std::size_t sample) {
  auto it = std::upper_bound(pushes.begin(), pushes.end(), sample, [](std::size_t v, const Push &p) { return v < p.at; });
  --it;
  return it->time + std::chrono::duration_cast<SteadyClock::duration>(
                        std::chrono::duration<double>(double(sample - it->at) / kRate));
}

std::unique_ptr<LiveSegmenter> make(LiveSegmenterParams p = {}) {
  auto s = LiveSegmenter::create(p);
  return s ? std::move(s).value() : nullptr;
}

// QSKIP returns from the test function, so this is a macro.
#define REQUIRE_SPEECH()                                                                                 \
  if (m_speech.empty())                                                                                  \
  QSKIP("shared file data/speech/jfk.flac not found: set DRAGOMAN_SHARED to the shared/ folder")

std::size_t samplesAt(double seconds) { return static_cast<std::size_t>(std::lround(seconds * kRate)); }

} // namespace

class TestLiveSegmenter : public QObject {
  Q_OBJECT
  std::vector<float> m_speech = test::jfk16k();

  // jfk.flac without its pauses (only the frames the detector calls speech), looped to `seconds`.
  std::vector<float> continuousSpeech(double seconds) {
    auto vad = VoiceActivityDetector::create(2);
    std::vector<float> voiced;
    for (std::size_t at = 0; at + kFrame <= m_speech.size(); at += kFrame)
      if ((*vad)->isSpeech(m_speech.data() + at, kFrame))
        voiced.insert(voiced.end(), m_speech.begin() + std::ptrdiff_t(at), m_speech.begin() + std::ptrdiff_t(at + kFrame));
    std::vector<float> s;
    while (s.size() < samplesAt(seconds))
      s.insert(s.end(), voiced.begin(), voiced.end());
    s.resize(samplesAt(seconds));
    return s;
  }

private Q_SLOTS:
  void jfkGivesTheSameSegmentsInAnyChunking_data() {
    QTest::addColumn<std::size_t>("maxChunk");
    QTest::addColumn<unsigned>("seed");
    QTest::addRow("1..7 samples") << std::size_t(7) << 1u;
    QTest::addRow("1..479 samples") << std::size_t(479) << 2u;
    QTest::addRow("1..4000 samples") << std::size_t(4000) << 3u;
  }
  void jfkGivesTheSameSegmentsInAnyChunking() {
    REQUIRE_SPEECH();
    QFETCH(std::size_t, maxChunk);
    QFETCH(unsigned, seed);
    const TimePoint t0 = SteadyClock::now();
    auto a = make(), b = make();
    const Feed whole = feed(*a, m_speech, t0, 0);
    const Feed pieces = feed(*b, m_speech, t0, maxChunk, seed);
    QVERIFY2(whole.segments.size() >= 2, qPrintable(QString::number(whole.segments.size())));
    QCOMPARE(pieces.segments.size(), whole.segments.size());
    QCOMPARE(b->speechFrames() + b->silenceFrames(), quint64(m_speech.size() / kFrame));
    QCOMPARE(a->speechFrames(), b->speechFrames());
    double lastEnd = 0.0;
    for (std::size_t i = 0; i < whole.segments.size(); ++i) {
      const AudioSegment &w = whole.segments[i], &p = pieces.segments[i];
      if (maxChunk == 479)
        qInfo("segment %llu: %.2f .. %.2f s (%.2f s)", w.id, w.startSeconds, w.endSeconds, w.endSeconds - w.startSeconds);
      QCOMPARE(p.id, quint64(i + 1));
      QCOMPARE(p.audio.samples(), w.audio.samples());
      QCOMPARE(p.startSeconds, w.startSeconds);
      QCOMPARE(p.endSeconds, w.endSeconds);
      QCOMPARE(w.audio.sampleRate(), kRate);
      QVERIFY(w.startSeconds >= lastEnd);
      QVERIFY(w.endSeconds - w.startSeconds >= 0.25 && w.endSeconds <= double(m_speech.size()) / kRate + 1e-9);
      QVERIFY(std::abs(w.audio.durationSeconds() - (w.endSeconds - w.startSeconds)) < 1e-6);
      // The audio is the stream's, sample for sample.
      const std::size_t first = samplesAt(w.startSeconds);
      QVERIFY(std::equal(w.audio.samples().begin(), w.audio.samples().end(), m_speech.begin() + std::ptrdiff_t(first)));
      // Capture times are those of the pushes that carried the first and the last sample.
      const std::size_t last = samplesAt(p.endSeconds) - 1;
      QVERIFY(std::abs(millisBetween(captureTimeOf(pieces.pushes, first), p.times.captureStart)) < 0.01);
      QVERIFY(std::abs(millisBetween(captureTimeOf(pieces.pushes, last), p.times.captureEnd)) < 0.01);
      lastEnd = w.endSeconds;
    }
  }

  void preRollKeepsAudioBeforeTheFirstSpeechFrame_data() {
    QTest::addColumn<double>("leadSeconds");
    QTest::addColumn<int>("preRollMs");
    for (double lead : {0.0, 0.1, 1.0})
      for (int preRoll : {0, 100, 300, 500})
        QTest::addRow("lead %.1f s, pre-roll %d ms", lead, preRoll) << lead << preRoll;
  }
  void preRollKeepsAudioBeforeTheFirstSpeechFrame() {
    REQUIRE_SPEECH();
    QFETCH(double, leadSeconds);
    QFETCH(int, preRollMs);
    std::vector<float> s(samplesAt(leadSeconds), 0.0f);
    s.insert(s.end(), m_speech.begin(), m_speech.end());
    // The first speech frame, as the segmenter's own detector sees it (same frames, same order).
    auto vad = VoiceActivityDetector::create(2);
    std::size_t firstSpeech = 0;
    while (firstSpeech + kFrame <= s.size() && !(*vad)->isSpeech(s.data() + firstSpeech, kFrame))
      firstSpeech += kFrame;
    LiveSegmenterParams p;
    p.preRollMs = preRollMs;
    auto seg = make(p);
    const Feed f = feed(*seg, s, SteadyClock::now(), 1000);
    QVERIFY(!f.segments.empty());
    const double speechAt = double(firstSpeech) / kRate;
    const double start = f.segments.front().startSeconds;
    QVERIFY2(start <= speechAt + 1e-9 && start >= std::max(0.0, speechAt - preRollMs / 1000.0) - 1e-9,
             qPrintable(QStringLiteral("segment at %1 s, first speech frame at %2 s").arg(start).arg(speechAt)));
  }

  void aPauseSplitsSpeech_data() {
    QTest::addColumn<double>("bedDb"); // pink noise under everything; 0 = digital silence
    QTest::addRow("digital silence") << 0.0;
    QTest::addRow("pink noise bed -45 dBFS") << -45.0;
  }
  void aPauseSplitsSpeech() {
    REQUIRE_SPEECH();
    QFETCH(double, bedDb);
    // 2.5 s of jfk's first sentence, 1 s of silence, the same again.
    const std::vector<float> piece(m_speech.begin(), m_speech.begin() + std::ptrdiff_t(samplesAt(2.5)));
    std::vector<float> s = piece;
    s.insert(s.end(), samplesAt(1.0), 0.0f);
    s.insert(s.end(), piece.begin(), piece.end());
    if (bedDb < 0.0) {
      const std::vector<float> bed = test::pinkNoise(double(s.size()) / kRate, bedDb, 5);
      for (std::size_t i = 0; i < s.size(); ++i)
        s[i] += bed[i];
    }
    auto seg = make();
    const Feed f = feed(*seg, s, SteadyClock::now(), 800);
    QCOMPARE(f.segments.size(), std::size_t(2));
    QVERIFY(f.segments[0].endSeconds <= 3.5 && f.segments[1].startSeconds >= 2.5);
  }

  // As the speech pauses (the silence reaches the post-roll), the open segment is handed out once as
  // a pause: if the silence lasts, the final segment is the same audio, sample for sample, so a
  // recogniser that read the pause need not read the final segment again; if speech resumes, the
  // pause was a prefix of it.
  void aPauseIsTheFinalSegmentWhenTheSilenceLasts_data() {
    QTest::addColumn<int>("postRollMs");
    QTest::addRow("post-roll 200 ms") << 200;
    QTest::addRow("no post-roll") << 0;
  }
  void aPauseIsTheFinalSegmentWhenTheSilenceLasts() {
    REQUIRE_SPEECH();
    QFETCH(int, postRollMs);
    LiveSegmenterParams p;
    p.postRollMs = postRollMs;
    auto seg = make(p);
    std::vector<float> s = m_speech;
    s.insert(s.end(), samplesAt(1.0), 0.0f); // the last segment ends in silence too
    std::vector<AudioSegment> finals, pauses;
    std::mt19937 rng(4);
    std::uniform_int_distribution<std::size_t> size(1, 479);
    for (std::size_t at = 0; at < s.size();) {
      const std::size_t n = std::min(s.size() - at, size(rng));
      for (AudioSegment &a : seg->push(s.data() + at, n, SteadyClock::now(), double(at) / kRate))
        finals.push_back(std::move(a));
      if (std::optional<AudioSegment> pause = seg->takePause()) {
        QVERIFY(pause->partial && pause->pause);
        QCOMPARE(pause->id, *seg->pendingId());
        QVERIFY(!seg->takePause()); // handed out once
        pauses.push_back(std::move(*pause));
      }
      at += n;
    }
    QVERIFY(finals.size() >= 2);
    for (const AudioSegment &f : finals) {
      QVERIFY(!f.partial && !f.pause);
      int same = 0;
      for (const AudioSegment &pause : pauses) {
        if (pause.id != f.id)
          continue;
        const std::vector<float> &a = pause.audio.samples(), &b = f.audio.samples();
        QVERIFY(a.size() <= b.size() && std::equal(a.begin(), a.end(), b.begin()));
        QCOMPARE(pause.startSeconds, f.startSeconds);
        if (a.size() == b.size()) {
          QCOMPARE(pause.endSeconds, f.endSeconds);
          QCOMPARE(pause.times.captureEnd, f.times.captureEnd);
          ++same;
        }
      }
      QVERIFY2(same == 1, qPrintable(QStringLiteral("segment %1: %2 pauses with its audio").arg(f.id).arg(same)));
    }
  }

  void longSpeechIsCutWithOverlap_data() {
    QTest::addColumn<double>("maxSeconds");
    QTest::addColumn<int>("overlapMs");
    QTest::addRow("15 s, 500 ms (defaults)") << 15.0 << 500;
    QTest::addRow("5 s, 300 ms") << 5.0 << 300;
  }
  void longSpeechIsCutWithOverlap() {
    REQUIRE_SPEECH();
    QFETCH(double, maxSeconds);
    QFETCH(int, overlapMs);
    const std::vector<float> s = continuousSpeech(40.0);
    LiveSegmenterParams p;
    p.maxSegmentSeconds = maxSeconds;
    p.overlapMs = overlapMs;
    auto seg = make(p);
    const Feed f = feed(*seg, s, SteadyClock::now(), 2000);
    QVERIFY2(f.segments.size() >= std::size_t(40.0 / maxSeconds), qPrintable(QString::number(f.segments.size())));
    QVERIFY(double(f.maxPending) / kRate <= maxSeconds + 1e-9); // nothing buffers beyond the limit
    int cuts = 0;
    for (std::size_t i = 0; i < f.segments.size(); ++i) {
      const AudioSegment &a = f.segments[i];
      QVERIFY(a.audio.durationSeconds() <= maxSeconds + p.preRollMs / 1000.0 + 1e-9);
      if (i == 0 || std::abs(f.segments[i - 1].audio.durationSeconds() - maxSeconds) > 0.011)
        continue;
      // A segment cut at the limit: the next one starts `overlap` before its end, same samples.
      const AudioSegment &prev = f.segments[i - 1];
      QVERIFY(std::abs(prev.endSeconds - a.startSeconds - overlapMs / 1000.0) < 1e-6);
      const std::size_t n = samplesAt(overlapMs / 1000.0);
      QVERIFY(std::equal(prev.audio.samples().end() - std::ptrdiff_t(n), prev.audio.samples().end(), a.audio.samples().begin()));
      ++cuts;
    }
    qInfo("%zu segments, %d cut at the limit", f.segments.size(), cuts);
    QVERIFY(cuts >= int(40.0 / maxSeconds) - 1);
  }

  void noiseGivesNoSegments_data() {
    QTest::addColumn<bool>("pink");
    QTest::addColumn<double>("levelDb");
    for (bool pink : {false, true})
      for (double db : {-40.0, -30.0, -20.0})
        QTest::addRow("%s %.0f dBFS", pink ? "pink" : "white", db) << pink << db;
  }
  void noiseGivesNoSegments() {
    QFETCH(bool, pink);
    QFETCH(double, levelDb);
    auto seg = make();
    const Feed f = feed(*seg, test::noise(pink, 20.0, levelDb, 11), SteadyClock::now(), 1600);
    QVERIFY(f.segments.empty());
    QCOMPARE(f.maxPending, std::size_t(0));
    QVERIFY(seg->speechFrames() <= 10);
  }

  void flushReturnsTheOpenSegment() {
    REQUIRE_SPEECH();
    auto seg = make();
    const std::vector<float> piece(m_speech.begin(), m_speech.begin() + std::ptrdiff_t(samplesAt(2.0)));
    QVERIFY(seg->push(piece.data(), piece.size(), SteadyClock::now(), 0.0).empty());
    QVERIFY(seg->inSpeech());
    const AudioBuffer pending = seg->pendingAudio();
    QVERIFY(pending.durationSeconds() > 1.0);
    const std::vector<AudioSegment> out = seg->flush();
    QCOMPARE(out.size(), std::size_t(1));
    // The flushed segment is the open one, up to the post-roll after its last speech frame.
    QVERIFY(out[0].audio.size() <= pending.size());
    QVERIFY(std::equal(out[0].audio.samples().begin(), out[0].audio.samples().end(), pending.samples().begin()));
    QVERIFY(!seg->inSpeech());
    QVERIFY(seg->pendingAudio().isEmpty());
    QVERIFY(seg->flush().empty());
  }

  void cpuTimePerSecondOfAudio() {
    REQUIRE_SPEECH();
    std::vector<float> s;
    for (int i = 0; i < 6; ++i)
      s.insert(s.end(), m_speech.begin(), m_speech.end());
    auto seg = make();
    std::size_t segments = 0;
    QElapsedTimer timer;
    timer.start();
    for (std::size_t at = 0; at < s.size(); at += 480) // 30 ms blocks, as from a capture callback
      segments += seg->push(s.data() + at, std::min<std::size_t>(480, s.size() - at), SteadyClock::now(),
                            double(at) / kRate).size();
    segments += seg->flush().size();
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    qInfo("%.1f s of audio in %.1f ms: %.2f ms per second of audio (%zu segments)", double(s.size()) / kRate, ms,
          ms / (double(s.size()) / kRate), segments);
  }

  void rejectsBadParameters() {
    LiveSegmenterParams p;
    p.maxSegmentSeconds = 1.0;
    p.overlapMs = 800;
    QVERIFY(!LiveSegmenter::create(p).ok());
    p = {};
    p.aggressiveness = 5;
    QVERIFY(!LiveSegmenter::create(p).ok());
  }
};

QTEST_GUILESS_MAIN(TestLiveSegmenter)
#include "tst_livesegmenter.moc"
