#include "core/audio/audiofile.h"
#include "core/audio/resampler.h"
#include "core/audio/voiceactivitydetector.h"
#include "tests/support/testpaths.h"

#include <QTest>

#include <random>

using namespace dragoman;
using namespace dragoman::audio;

namespace {

constexpr std::size_t kFrame = VoiceActivityDetector::kFrameSamples;

double speechRatio(VoiceActivityDetector &vad, const std::vector<float> &s) {
  std::size_t speech = 0, frames = 0;
  for (std::size_t at = 0; at + kFrame <= s.size(); at += kFrame, ++frames)
    speech += vad.isSpeech(s.data() + at) ? 1 : 0;
  return frames ? double(speech) / double(frames) : 0.0;
}

std::vector<float> noise(double seconds, float sigma) {
  std::mt19937 rng(42);
  std::normal_distribution<float> n(0.0f, sigma);
  std::vector<float> s(std::size_t(seconds * 16000));
  for (float &x : s)
    x = n(rng);
  return s;
}

} // namespace

class TestVoiceActivityDetector : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void silenceIsNeverSpeech() {
    for (int a = 0; a <= 3; ++a) {
      auto vad = VoiceActivityDetector::create(a);
      QVERIFY(vad.ok());
      QCOMPARE(speechRatio(**vad, std::vector<float>(16000 * 3, 0.0f)), 0.0);
      // Faint hiss below the energy floor either.
      QCOMPARE(speechRatio(**vad, noise(3.0, 0.0005f)), 0.0);
    }
  }

  void realSpeechIsMostlySpeech() {
    DRAGOMAN_REQUIRE_SHARED(jfk, "data/speech/jfk.flac");
    Result<AudioBuffer> audio = readAudioFile(jfk);
    QVERIFY(audio.ok());
    Result<AudioBuffer> pcm = resample(*audio, 16000);
    QVERIFY(pcm.ok());
    double previous = 1.0;
    for (int a = 0; a <= 3; ++a) {
      auto vad = VoiceActivityDetector::create(a);
      const double ratio = speechRatio(**vad, pcm->samples());
      qInfo("aggressiveness %d: %.0f%% of jfk.flac frames are speech", a, ratio * 100.0);
      QVERIFY2(ratio > 0.5, qPrintable(QString::number(ratio)));
      QVERIFY(ratio <= previous + 0.02); // stricter never keeps much more
      previous = ratio;
    }
  }

  void rejectsBadAggressiveness() {
    QVERIFY(!VoiceActivityDetector::create(4).ok());
    QVERIFY(!VoiceActivityDetector::create(-1).ok());
  }
};

QTEST_GUILESS_MAIN(TestVoiceActivityDetector)
#include "tst_voiceactivitydetector.moc"
