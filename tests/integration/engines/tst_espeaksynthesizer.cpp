#include "core/inference/system/espeaksynthesizer.h"

#include <QElapsedTimer>
#include <QTest>

#include <cmath>
#include <thread>

using namespace dragoman;

namespace {

std::unique_ptr<ISynthesizer> make(const char *language, const char *voice = "") {
  Result<std::unique_ptr<ISynthesizer>> s = EspeakSynthesizer::create(
      SynthParams{QStringLiteral("espeak-ng"), QString::fromLatin1(language), QString::fromLatin1(voice), 175});
  return s ? std::move(s).value() : nullptr;
}

double rms(const std::vector<float> &s) {
  double e = 0.0;
  for (float x : s)
    e += static_cast<double>(x) * x;
  return s.empty() ? 0.0 : std::sqrt(e / static_cast<double>(s.size()));
}

} // namespace

class TestEspeakSynthesizer : public QObject {
  Q_OBJECT
  AbortFlag m_noAbort{false};

private Q_SLOTS:
  void probeListsLanguages() {
    const EngineInfo info = EspeakSynthesizer::probe();
    QVERIFY2(info.available, qPrintable(info.reason));
    for (const char *lang : {"en", "es", "fr", "de"})
      QVERIFY2(info.languages.contains(QLatin1String(lang)), lang);
  }

  void speaksEnglish() {
    auto s = make("en");
    QVERIFY(s);
    QElapsedTimer timer;
    timer.start();
    Result<AudioBuffer> a = s->synthesize(QStringLiteral("Hello world, this is a test"), m_noAbort);
    const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    QVERIFY2(a.ok(), a.ok() ? "" : qPrintable(a.error().message));
    QCOMPARE(a->sampleRate(), 22050);
    QVERIFY2(a->durationSeconds() > 1.0 && a->durationSeconds() < 4.0, qPrintable(QString::number(a->durationSeconds())));
    QVERIFY2(rms(a->samples()) > 0.02, qPrintable(QString::number(rms(a->samples()))));
    qInfo("espeak-ng: %.3f s for %.2f s of speech (real-time factor %.4f), RMS %.3f", seconds, a->durationSeconds(),
          seconds / a->durationSeconds(), rms(a->samples()));
  }

  void threeLetterCodesAndEmptyText() {
    auto s = make("spa");
    QVERIFY(s);
    Result<AudioBuffer> a = s->synthesize(QStringLiteral("Buenos días."), m_noAbort);
    QVERIFY(a.ok());
    QVERIFY(a->durationSeconds() > 0.3);
    Result<AudioBuffer> empty = s->synthesize(QStringLiteral("  "), m_noAbort);
    QVERIFY(empty.ok());
    QVERIFY(empty->isEmpty());
    QCOMPARE(empty->sampleRate(), 22050);
  }

  void longerTextLastsLonger() {
    auto s = make("es");
    QVERIFY(s);
    Result<AudioBuffer> shortA = s->synthesize(QStringLiteral("Buenos días."), m_noAbort);
    Result<AudioBuffer> longA =
        s->synthesize(QStringLiteral("Buenos días. El tiempo es bueno hoy. ¿Dónde está la estación de tren?"), m_noAbort);
    QVERIFY(shortA.ok() && longA.ok());
    QVERIFY(longA->durationSeconds() > 2.0 * shortA->durationSeconds());
  }

  // tts.rate scales eSpeak NG's words per minute.
  void rateChangesTheLength() {
    SynthParams p{QStringLiteral("espeak-ng"), QStringLiteral("en"), QString(), 175};
    Result<std::unique_ptr<ISynthesizer>> normal = EspeakSynthesizer::create(p);
    p.rate = 2.0;
    Result<std::unique_ptr<ISynthesizer>> fast = EspeakSynthesizer::create(p);
    QVERIFY(normal && fast);
    const QString text = QStringLiteral("The weather is nice today and we will walk to the park.");
    Result<AudioBuffer> a = (*normal)->synthesize(text, m_noAbort), b = (*fast)->synthesize(text, m_noAbort);
    QVERIFY(a.ok() && b.ok());
    QVERIFY2(b->durationSeconds() < 0.7 * a->durationSeconds(),
             qPrintable(QStringLiteral("%1 s vs %2 s").arg(b->durationSeconds()).arg(a->durationSeconds())));
  }

  void voicesStayApart() {
    // The library is process-global; each engine must keep its own voice.
    auto en = make("en");
    auto es = make("es");
    QVERIFY(en && es);
    const QString text = QStringLiteral("mañana");
    Result<AudioBuffer> a1 = es->synthesize(text, m_noAbort);
    Result<AudioBuffer> b = en->synthesize(text, m_noAbort);
    Result<AudioBuffer> a2 = es->synthesize(text, m_noAbort);
    QVERIFY(a1.ok() && b.ok() && a2.ok());
    // The same voice says the same word for as long; the English voice says it differently.
    // (The library keeps a few samples of filter state between calls, so allow 1%.)
    const auto n1 = static_cast<double>(a1->size());
    const double same = std::abs(n1 - static_cast<double>(a2->size())) / n1;
    const double other = std::abs(n1 - static_cast<double>(b->size())) / n1;
    QVERIFY2(same < 0.01, qPrintable(QStringLiteral("%1 vs %2").arg(a1->size()).arg(a2->size())));
    QVERIFY2(other > 0.05, qPrintable(QStringLiteral("%1 vs %2").arg(a1->size()).arg(b->size())));
  }

  void unknownLanguageOrVoice() {
    Result<std::unique_ptr<ISynthesizer>> s =
        EspeakSynthesizer::create(SynthParams{QStringLiteral("espeak-ng"), QStringLiteral("xx-nowhere"), {}, 175});
    QVERIFY(!s.ok());
    QCOMPARE(s.error().kind, ErrorKind::Unsupported);
    QVERIFY(s.error().message.contains(QStringLiteral("xx-nowhere")));
    Result<std::unique_ptr<ISynthesizer>> v = EspeakSynthesizer::create(
        SynthParams{QStringLiteral("espeak-ng"), QStringLiteral("en"), QStringLiteral("no-such-voice"), 175});
    QVERIFY(!v.ok());
    QCOMPARE(v.error().kind, ErrorKind::Unsupported);
    QVERIFY(v.error().message.contains(QStringLiteral("no-such-voice")));
    // A voice name overrides the language.
    QVERIFY(make("xx-nowhere", "Spanish (Spain)"));
  }

  void abortBeforeSpeaking() {
    auto s = make("en");
    AbortFlag abort{true};
    Result<AudioBuffer> a = s->synthesize(QStringLiteral("Hello"), abort);
    QVERIFY(!a.ok());
    QCOMPARE(a.error().kind, ErrorKind::Cancelled);
  }

  void abortWhileSpeaking() {
    auto s = make("en");
    QVERIFY(s);
    QString text;
    for (int i = 0; i < 400; ++i)
      text += QStringLiteral("The weather is nice today and the train station is far away. ");
    AbortFlag abort{false};
    std::thread stopper([&abort] {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      abort = true;
    });
    QElapsedTimer timer;
    timer.start();
    Result<AudioBuffer> a = s->synthesize(text, abort);
    const qint64 ms = timer.elapsed();
    stopper.join();
    QVERIFY(!a.ok());
    QCOMPARE(a.error().kind, ErrorKind::Cancelled);
    QVERIFY2(ms < 1000, qPrintable(QString::number(ms)));
    QVERIFY(s->synthesize(QStringLiteral("Hello"), m_noAbort).ok()); // usable afterwards
  }
};

QTEST_GUILESS_MAIN(TestEspeakSynthesizer)
#include "tst_espeaksynthesizer.moc"
