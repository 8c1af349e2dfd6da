#include "core/inference/system/pocketsphinxasr.h"
#include "tests/support/testpaths.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <sndfile.h>
#include <soxr.h>

#include <cmath>
#include <numbers>
#include <thread>

using namespace dragoman;

namespace {

constexpr int kRate = 16000;

// Reads a sound file as 16 kHz mono with libsndfile and soxr (core/audio is deliberately not used).
AudioBuffer read16kMono(const QString &path) {
  SF_INFO info{};
  SNDFILE *file = sf_open(QFile::encodeName(path).constData(), SFM_READ, &info);
  if (!file)
    return {};
  const auto channels = static_cast<std::size_t>(info.channels);
  std::vector<float> interleaved(static_cast<std::size_t>(info.frames) * channels);
  const auto frames = static_cast<std::size_t>(sf_readf_float(file, interleaved.data(), info.frames));
  sf_close(file);
  std::vector<float> mono(frames);
  for (std::size_t i = 0; i < frames; ++i) {
    float sum = 0.0f;
    for (std::size_t c = 0; c < channels; ++c)
      sum += interleaved[i * channels + c];
    mono[i] = sum / static_cast<float>(channels);
  }
  if (info.samplerate == kRate)
    return AudioBuffer(std::move(mono), kRate);
  std::vector<float> out(static_cast<std::size_t>(std::ceil(static_cast<double>(frames) * kRate / info.samplerate)) + 64);
  std::size_t done = 0;
  const soxr_error_t error = soxr_oneshot(info.samplerate, kRate, 1, mono.data(), mono.size(), nullptr, out.data(),
                                          out.size(), &done, nullptr, nullptr, nullptr);
  if (error)
    return {};
  out.resize(done);
  return AudioBuffer(std::move(out), kRate);
}

std::unique_ptr<IAsrEngine> make() {
  Result<std::unique_ptr<IAsrEngine>> e =
      PocketsphinxAsr::create(AsrParams{QStringLiteral("pocketsphinx"), QStringLiteral("en"), {}});
  if (!e)
    qWarning("%s", qPrintable(e.error().message));
  return e ? std::move(e).value() : nullptr;
}

qsizetype wordCount(const QString &text) { return text.split(QLatin1Char(' '), Qt::SkipEmptyParts).size(); }

} // namespace

class TestPocketsphinxAsr : public QObject {
  Q_OBJECT
  AbortFlag m_noAbort{false};

private Q_SLOTS:
  void probeFindsDebianModel() {
    const EngineInfo info = PocketsphinxAsr::probe(QString());
    QVERIFY2(info.available, qPrintable(info.reason));
    QVERIFY(info.offlineTier);
    QCOMPARE(info.languages, QStringList{QStringLiteral("en")});
    const EngineInfo missing = PocketsphinxAsr::probe(QStringLiteral("/nonexistent"));
    QVERIFY(!missing.available);
    QVERIFY2(missing.reason.contains(QStringLiteral("/nonexistent/en-us")), qPrintable(missing.reason));
    QVERIFY(missing.reason.contains(QStringLiteral("pocketsphinx-en-us")));
  }

  void missingModelIsUnavailable() {
    Result<std::unique_ptr<IAsrEngine>> e =
        PocketsphinxAsr::create(AsrParams{QStringLiteral("pocketsphinx"), QStringLiteral("en"), QStringLiteral("/nonexistent")});
    QVERIFY(!e.ok());
    QCOMPARE(e.error().kind, ErrorKind::EngineUnavailable);
    QVERIFY(e.error().message.contains(QStringLiteral("pocketsphinx-en-us")));
  }

  void recognisesRealSpeech() {
    // Plumbing, not accuracy: pocketsphinx garbles even clean speech.
    DRAGOMAN_REQUIRE_SHARED(jfk, "data/speech/jfk.flac");
    const AudioBuffer audio = read16kMono(jfk);
    QVERIFY(audio.durationSeconds() > 10.0);
    auto asr = make();
    QVERIFY(asr);
    QElapsedTimer timer;
    timer.start();
    Result<QString> text = asr->transcribe(audio, m_noAbort);
    const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    QVERIFY2(text.ok(), text.ok() ? "" : qPrintable(text.error().message));
    qInfo("pocketsphinx: %.2f s for %.2f s of audio (real-time factor %.3f): \"%s\"", seconds, audio.durationSeconds(),
          seconds / audio.durationSeconds(), qPrintable(*text));
    QVERIFY2(wordCount(*text) >= 3, qPrintable(*text));
    // The engine is reusable. (Its channel normalisation adapts across utterances, so the second
    // pass may differ in its words.)
    Result<QString> again = asr->transcribe(audio, m_noAbort);
    QVERIFY(again.ok());
    QVERIFY2(wordCount(*again) >= 3, qPrintable(*again));
  }

  void silenceGivesLittle() {
    auto asr = make();
    QVERIFY(asr);
    Result<QString> text = asr->transcribe(AudioBuffer(std::vector<float>(2 * kRate, 0.0f), kRate), m_noAbort);
    QVERIFY(text.ok());
    QVERIFY2(wordCount(*text) <= 1, qPrintable(*text));
    Result<QString> empty = asr->transcribe(AudioBuffer(std::vector<float>(), kRate), m_noAbort);
    QVERIFY(empty.ok());
  }

  void loudInputIsClipped() {
    // Samples beyond ±1 must saturate, not wrap around.
    std::vector<float> loud(kRate);
    for (std::size_t i = 0; i < loud.size(); ++i)
      loud[i] = 4.0f * static_cast<float>(std::sin(2.0 * std::numbers::pi * 440.0 * static_cast<double>(i) / kRate));
    auto asr = make();
    QVERIFY(asr);
    QVERIFY(asr->transcribe(AudioBuffer(std::move(loud), kRate), m_noAbort).ok());
  }

  void wrongRateIsRefused() {
    auto asr = make();
    QVERIFY(asr);
    Result<QString> text = asr->transcribe(AudioBuffer(std::vector<float>(44100, 0.0f), 44100), m_noAbort);
    QVERIFY(!text.ok());
    QCOMPARE(text.error().kind, ErrorKind::Input);
    QVERIFY(text.error().message.contains(QStringLiteral("44100")));
  }

  void abortBeforeStart() {
    auto asr = make();
    QVERIFY(asr);
    AbortFlag abort{true};
    Result<QString> text = asr->transcribe(AudioBuffer(std::vector<float>(10 * kRate, 0.0f), kRate), abort);
    QVERIFY(!text.ok());
    QCOMPARE(text.error().kind, ErrorKind::Cancelled);
    // The decoder is still usable after a cancelled utterance.
    QVERIFY(asr->transcribe(AudioBuffer(std::vector<float>(kRate, 0.0f), kRate), m_noAbort).ok());
  }

  void abortWhileDecoding() {
    DRAGOMAN_REQUIRE_SHARED(jfk, "data/speech/jfk.flac");
    const AudioBuffer one = read16kMono(jfk);
    std::vector<float> samples;
    for (int i = 0; i < 6; ++i) // about a minute of speech, several seconds of work
      samples.insert(samples.end(), one.samples().begin(), one.samples().end());
    auto asr = make();
    QVERIFY(asr);
    AbortFlag abort{false};
    std::thread stopper([&abort] {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      abort = true;
    });
    QElapsedTimer timer;
    timer.start();
    Result<QString> text = asr->transcribe(AudioBuffer(std::move(samples), kRate), abort);
    const qint64 ms = timer.elapsed();
    stopper.join();
    QVERIFY(!text.ok());
    QCOMPARE(text.error().kind, ErrorKind::Cancelled);
    QVERIFY2(ms < 2000, qPrintable(QString::number(ms)));
  }

  void otherLanguagesAreRefused() {
    Result<std::unique_ptr<IAsrEngine>> e =
        PocketsphinxAsr::create(AsrParams{QStringLiteral("pocketsphinx"), QStringLiteral("de"), {}});
    QVERIFY(!e.ok());
    QCOMPARE(e.error().kind, ErrorKind::Unsupported);
    QVERIFY(e.error().message.contains(QStringLiteral("'de'")));
    QVERIFY(PocketsphinxAsr::create(AsrParams{QStringLiteral("pocketsphinx"), QStringLiteral("eng"), {}}).ok());
  }
};

QTEST_GUILESS_MAIN(TestPocketsphinxAsr)
#include "tst_pocketsphinxasr.moc"
