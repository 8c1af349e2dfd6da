#include "core/audio/audiofile.h"
#include "core/audio/resampler.h"
#include "core/inference/system/pocketsphinxasr.h"
#include "tests/support/testpaths.h"

#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;

namespace {

std::unique_ptr<IAsrEngine> make() {
  Result<std::unique_ptr<IAsrEngine>> e =
      PocketsphinxAsr::create(AsrParams{QStringLiteral("pocketsphinx"), QStringLiteral("en"), {}});
  if (!e)
    qWarning("%s", qPrintable(e.error().message));
  return e ? std::move(e).value() : nullptr;
}

} // namespace

class TestPocketsphinxAsr : public QObject {
  Q_OBJECT
  AbortFlag m_noAbort{false};

private Q_SLOTS:
  void probeFindsDebianModel() {
    const EngineInfo info = PocketsphinxAsr::probe(QString());
    QVERIFY2(info.available, qPrintable(info.reason));
    QCOMPARE(info.languages, QStringList{QStringLiteral("en")});
    const EngineInfo missing = PocketsphinxAsr::probe(QStringLiteral("/nonexistent"));
    QVERIFY(!missing.available);
    QVERIFY(missing.reason.contains(QStringLiteral("pocketsphinx-en-us")));
  }

  void recognisesRealSpeech() {
    // Plumbing, not accuracy: pocketsphinx garbles even clean speech.
    DRAGOMAN_REQUIRE_SHARED(jfk, "data/speech/jfk.flac");
    Result<AudioBuffer> audio = audio::readAudioFile(jfk);
    QVERIFY(audio.ok());
    Result<AudioBuffer> pcm16k = audio::resample(*audio, 16000);
    QVERIFY(pcm16k.ok());
    auto asr = make();
    QVERIFY(asr);
    Result<QString> text = asr->transcribe(*pcm16k, m_noAbort);
    QVERIFY2(text.ok(), text.ok() ? "" : qPrintable(text.error().message));
    const QStringList words = text->split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QVERIFY2(words.size() >= 5, qPrintable(*text));
    // The engine is reusable. (Its channel normalisation adapts across utterances, so the second
    // pass may differ in its words.)
    Result<QString> again = asr->transcribe(*pcm16k, m_noAbort);
    QVERIFY(again.ok());
    QVERIFY2(again->split(QLatin1Char(' '), Qt::SkipEmptyParts).size() >= 5, qPrintable(*again));
  }

  void silenceGivesLittle() {
    auto asr = make();
    QVERIFY(asr);
    Result<QString> text = asr->transcribe(AudioBuffer(std::vector<float>(32000, 0.0f), 16000), m_noAbort);
    QVERIFY(text.ok());
    QVERIFY(text->split(QLatin1Char(' '), Qt::SkipEmptyParts).size() <= 1);
  }

  void wrongRateIsRefused() {
    auto asr = make();
    QVERIFY(asr);
    Result<QString> text = asr->transcribe(AudioBuffer(std::vector<float>(44100, 0.0f), 44100), m_noAbort);
    QVERIFY(!text.ok());
    QCOMPARE(text.error().kind, ErrorKind::Input);
    QVERIFY(text.error().message.contains(QStringLiteral("44100")));
  }

  void abortStops() {
    auto asr = make();
    QVERIFY(asr);
    AbortFlag abort{true};
    Result<QString> text = asr->transcribe(AudioBuffer(std::vector<float>(160000, 0.0f), 16000), abort);
    QVERIFY(!text.ok());
    QCOMPARE(text.error().kind, ErrorKind::Cancelled);
  }

  void otherLanguagesAreRefused() {
    Result<std::unique_ptr<IAsrEngine>> e =
        PocketsphinxAsr::create(AsrParams{QStringLiteral("pocketsphinx"), QStringLiteral("de"), {}});
    QVERIFY(!e.ok());
    QCOMPARE(e.error().kind, ErrorKind::Unsupported);
  }
};

QTEST_GUILESS_MAIN(TestPocketsphinxAsr)
#include "tst_pocketsphinxasr.moc"
