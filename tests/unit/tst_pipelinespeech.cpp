// The TTS stage streams: every piece of a segment's speech leaves as soon as the engine makes it,
// in order and before the segment, with the time to the first piece profiled (tst_pipelinecontroller
// covers the rest of the controller).
#include "core/common/threadhost.h"
#include "core/pipeline/pipelinecontroller.h"
#include "core/telemetry/profiler/profiler.h"
#include "tests/support/fakeengines.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace dragoman;
using namespace dragoman::test;

namespace {

// Speaks each word of the text as one piece, `pieceMs` apart, the piece's samples all equal to its
// index + 1.
class WordByWordSynthesizer : public ISynthesizer {
public:
  explicit WordByWordSynthesizer(int pieceMs) : m_pieceMs(pieceMs) {}
  QString name() const override { return QStringLiteral("words"); }
  Result<AudioBuffer> synthesize(const QString &text, const AbortFlag &abort) override { return synthesizeStreaming(text, abort, {}); }
  Result<AudioBuffer> synthesizeStreaming(const QString &text, const AbortFlag &, const SpeechPiece &piece) override {
    std::vector<float> all;
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (int i = 0; i < words.size(); ++i) {
      QThread::msleep(static_cast<unsigned long>(m_pieceMs));
      const std::vector<float> samples(std::size_t(100), float(i + 1));
      all.insert(all.end(), samples.begin(), samples.end());
      if (piece)
        piece(AudioBuffer(samples, 16000), false);
    }
    return AudioBuffer(std::move(all), 16000);
  }

private:
  int m_pieceMs;
};

// The fake recogniser and translator, and a synthesizer that speaks a word at a time.
EngineFactories factories(int pieceMs) {
  return EngineFactories{
      [] { return Result<std::unique_ptr<IAsrEngine>>(std::make_unique<FakeAsr>()); },
      [] { return Result<std::unique_ptr<ITranslator>>(std::make_unique<FakeTranslator>()); },
      [pieceMs] { return Result<std::unique_ptr<ISynthesizer>>(std::make_unique<WordByWordSynthesizer>(pieceMs)); },
  };
}

} // namespace

class TestPipelineSpeech : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the stages' threads come from here, as from the application's
private Q_SLOTS:
  // Streaming: every piece of a segment's speech leaves as soon as it is made, in order, before
  // the segment itself; the time to the first piece is a profiler section (tts.first_audio) and a
  // segment time, and the finished segment's speech is all its pieces.
  void speechStreamsPieceByPiece() {
    telemetry::Profiler profiler;
    PipelineOptions o{4, QStringLiteral("en"), QStringLiteral("es"), true};
    o.profiler = &profiler;
    PipelineController p(m_threads, factories(40), o);
    QStringList events; // in arrival order, on this thread
    std::vector<SynthAudio> pieces;
    std::vector<SegmentResult> results;
    QElapsedTimer clock;
    qint64 firstPieceMs = -1, finishedMs = -1;
    connect(&p, &PipelineController::speechReady, this, [&](const SynthAudio &a) {
      if (firstPieceMs < 0)
        firstPieceMs = clock.elapsed();
      events << QStringLiteral("piece %1.%2").arg(a.segmentId).arg(a.piece);
      pieces.push_back(a);
    });
    connect(&p, &PipelineController::segmentFinished, this, [&](const SegmentResult &r) {
      if (finishedMs < 0)
        finishedMs = clock.elapsed();
      events << QStringLiteral("segment %1").arg(r.segmentId);
      results.push_back(r);
    });
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    clock.start();
    QVERIFY(p.submit(segment(1, 300)));
    QVERIFY(p.submit(segment(2, 200)));
    p.finishInput();
    QVERIFY(done.wait(10000));
    QCOMPARE(results.size(), std::size_t(2));
    // The fake translation ("SEGMENT 300") is spoken a word at a time.
    QStringList expected;
    for (const SegmentResult &r : results) {
      const int words = int(r.translation.split(QLatin1Char(' '), Qt::SkipEmptyParts).size());
      QVERIFY(words >= 2);
      for (int i = 0; i < words; ++i)
        expected << QStringLiteral("piece %1.%2").arg(r.segmentId).arg(i);
      expected << QStringLiteral("segment %1").arg(r.segmentId);
      QCOMPARE(r.speech.size(), std::size_t(100 * words));
      QVERIFY(r.times.ttsStart < r.times.ttsFirstAudio && r.times.ttsFirstAudio < r.times.ttsDone);
    }
    QCOMPARE(events, expected);
    for (const SynthAudio &a : pieces)
      QCOMPARE(a.audio.samples().front(), float(a.piece + 1));
    // The first piece was out well before the first segment was done (a word every 40 ms).
    QVERIFY2(firstPieceMs + 30 < finishedMs, qPrintable(QStringLiteral("%1 vs %2 ms").arg(firstPieceMs).arg(finishedMs)));
    const telemetry::ProfileSnapshot snap = profiler.snapshot();
    QVERIFY(snap.section("tts.first_audio") && snap.section("tts.first_audio")->count == 2);
    QVERIFY(snap.section("tts.first_audio")->maxMs < snap.section("tts.synthesize")->maxMs);
  }

};

QTEST_GUILESS_MAIN(TestPipelineSpeech)
#include "tst_pipelinespeech.moc"
