// The pipeline's streaming ASR stage: partial segments of one utterance are recognised as they
// grow (LocalAgreement-2), partial text goes out uncommitted, agreed text goes on to translation
// a sentence at a time, in order, and the sentences add up to what was said; the open sentence is
// translated provisionally and then replaced. A partial pass waiting for a shared model gives way
// to the pause queued behind it.
#include "core/common/threadhost.h"
#include "core/common/turngate.h"
#include "core/pipeline/pipelinecontroller.h"
#include "tests/support/fakeengines.h"

#include <QMap>
#include <QSignalSpy>
#include <QTest>

#include <mutex>

using namespace dragoman;
using namespace dragoman::test;

namespace {

constexpr int kRate = 16000;
constexpr double kWordSeconds = 0.5;
const QStringList kScript = QStringLiteral("Hello there everyone. This is a streaming test. Captions should never change.")
                                .split(QLatin1Char(' '));

// Each sample carries its own position in the utterance, so the fake knows which stretch of the
// utterance a pass sees; a word is heard once its 0.5 s have fully arrived, and the newest word is
// misheard on the first pass that sees it (as a real model guesses at a cut-off word).
class ScriptedAsr : public IAsrEngine {
public:
  QString name() const override { return QStringLiteral("scripted"); }
  Result<QString> transcribe(const AudioBuffer &, const AbortFlag &) override { return QString(); }
  explicit ScriptedAsr(std::shared_ptr<std::atomic_int> passes) : m_passes(std::move(passes)) {}
  Result<QList<TimedText>> transcribeTimed(const AudioBuffer &audio, const QString &, const AbortFlag &) override {
    ++*m_passes;
    if (audio.isEmpty())
      return QList<TimedText>{};
    const double begin = double(audio.samples().front()) * 1e3; // seconds into the utterance
    const double end = begin + audio.durationSeconds();
    QList<TimedText> pieces;
    for (int i = 0; i < kScript.size(); ++i) {
      const double ws = i * kWordSeconds, we = ws + kWordSeconds;
      if (ws < begin - 1e-6 || we > end + 1e-6)
        continue;
      QString word = kScript[i];
      if (we > end - 0.25 && !seen.contains(i)) { // cut off at the edge of the audio
        seen.insert(i);
        word = word.left(2) + QStringLiteral("zz"); // first guess, corrected on the next pass
      }
      pieces.append(TimedText{ws - begin, we - begin, QLatin1Char(' ') + word});
    }
    return pieces;
  }
  std::shared_ptr<std::atomic_int> m_passes; // outlives the engine, which its thread deletes
  QSet<int> seen;
};

// ScriptedAsr on a model shared with another direction: it takes its turn as WhisperAsr does,
// and answers Cancelled when the turn was not held (overtaken while it waited).
class GatedScriptedAsr : public ScriptedAsr {
public:
  struct Log {
    TurnGate model;
    std::atomic_int gaveUp{0};
    std::mutex mutex;
    std::vector<double> passSeconds; // the audio of each pass that ran
  };
  GatedScriptedAsr(std::shared_ptr<std::atomic_int> passes, std::shared_ptr<Log> log)
      : ScriptedAsr(std::move(passes)), m_log(std::move(log)) {}
  Result<QList<TimedText>> transcribeTimed(const AudioBuffer &audio, const QString &prompt, const AbortFlag &abort) override {
    const TurnGate::Turn turn(m_log->model);
    if (!turn.held()) {
      ++m_log->gaveUp;
      return makeError(ErrorKind::Cancelled, QStringLiteral("overtaken"));
    }
    {
      const std::lock_guard lock(m_log->mutex);
      m_log->passSeconds.push_back(audio.durationSeconds());
    }
    return ScriptedAsr::transcribeTimed(audio, prompt, abort);
  }
  std::shared_ptr<Log> m_log;
};

AudioSegment utterance(double seconds, bool partial) {
  AudioSegment s;
  s.id = 7;
  s.partial = partial;
  s.startSeconds = 100.0;
  s.endSeconds = 100.0 + seconds;
  std::vector<float> samples(std::size_t(seconds * kRate));
  for (std::size_t i = 0; i < samples.size(); ++i)
    samples[i] = float(double(i) / kRate * 1e-3); // its own position: seconds / 1000
  s.audio = AudioBuffer(std::move(samples), kRate);
  return s;
}

// Speaks each text as one piece, its length in samples, and notes every text it was given.
class RecordingSynthesizer : public ISynthesizer {
public:
  struct Log {
    std::mutex mutex;
    QStringList texts;
  };
  explicit RecordingSynthesizer(std::shared_ptr<Log> log) : m_log(std::move(log)) {}
  QString name() const override { return QStringLiteral("recording-tts"); }
  Result<AudioBuffer> synthesize(const QString &text, const AbortFlag &) override {
    const std::lock_guard lock(m_log->mutex);
    m_log->texts.append(text);
    return AudioBuffer(std::vector<float>(std::size_t(text.size()), 0.5f), 16000);
  }
  std::shared_ptr<Log> m_log;
};

// Upper-cases, and notes every text it was given.
class RecordingTranslator : public ITranslator {
public:
  struct Log {
    std::mutex mutex;
    QStringList texts;
  };
  explicit RecordingTranslator(std::shared_ptr<Log> log) : m_log(std::move(log)) {}
  QString name() const override { return QStringLiteral("recording"); }
  Result<QString> translate(const QString &text, const AbortFlag &) override {
    const std::lock_guard lock(m_log->mutex);
    m_log->texts.append(text);
    return text.toUpper();
  }
  std::shared_ptr<Log> m_log;
};

EngineFactories scriptedFactories(std::shared_ptr<std::atomic_int> passes, FakeBehaviour mt = {}) {
  return EngineFactories{
      [passes] { return Result<std::unique_ptr<IAsrEngine>>(std::make_unique<ScriptedAsr>(passes)); },
      [mt] { return Result<std::unique_ptr<ITranslator>>(std::make_unique<FakeTranslator>(mt)); },
      [] { return Result<std::unique_ptr<ISynthesizer>>(std::make_unique<FakeSynthesizer>(FakeBehaviour{})); },
  };
}

PipelineOptions streamingOptions() {
  PipelineOptions o;
  o.queueCapacity = 64;
  o.sourceLanguage = QStringLiteral("en");
  o.targetLanguage = QStringLiteral("es");
  o.streaming = true;
  o.streamingOptions.minChunkSeconds = 1.0;
  o.provisionalInterval = std::chrono::milliseconds(0); // the script runs faster than speech
  return o;
}

// The script spoken as live capture sends it: a partial a second, then the whole utterance.
bool speakScript(PipelineController &p) {
  const double total = kScript.size() * kWordSeconds;
  // A partial is only queued when the ASR stage has nothing waiting: wait for each to be taken.
  for (double t = 1.0; t < total; t += 1.0) {
    if (!QTest::qWaitFor([&] { return p.queueDepth(Stage::Asr) == 0; }, 5000) || !p.submit(utterance(t, true)))
      return false;
    QTest::qWait(20); // the translator's turn, as the real one gets it while the next second is spoken
  }
  return p.submit(utterance(total + 0.3, false)); // the end of speech has a little silence
}

// Starts the pipeline, speaks the script into it and waits until every stage has finished.
bool runScript(PipelineController &p) {
  QSignalSpy done(&p, &PipelineController::finished);
  if (!p.start().ok() || !speakScript(p))
    return false;
  p.finishInput();
  return done.wait(10000);
}

const QStringList kSentences{QStringLiteral("Hello there everyone."), QStringLiteral("This is a streaming test."),
                             QStringLiteral("Captions should never change.")};

} // namespace

class TestPipelineStreaming : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the stages' threads come from here, as from the application's
private Q_SLOTS:
  void sentencesAddUpAndFlowDownstream() {
    auto passes = std::make_shared<std::atomic_int>(0);
    PipelineController p(m_threads, scriptedFactories(passes), streamingOptions());
    QSignalSpy transcripts(&p, &PipelineController::transcriptReady);
    QSignalSpy finished(&p, &PipelineController::segmentFinished);
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    const double total = kScript.size() * kWordSeconds;
    QVERIFY(speakScript(p));
    p.finishInput();
    QVERIFY(done.wait(10000));

    QStringList committed;
    int partials = 0;
    for (const QList<QVariant> &args : transcripts) {
      const auto t = args.at(0).value<Transcript>();
      if (t.committed) {
        committed.append(t.text);
        QCOMPARE(t.segmentId, quint64(committed.size()));
        QVERIFY(t.startSeconds >= 100.0 - 1e-6);
      } else {
        ++partials;
        // The caption in progress belongs to the sentence that comes next.
        QCOMPARE(t.segmentId, quint64(committed.size() + 1));
      }
    }
    // One committed transcript per sentence, not per handful of agreed words.
    QCOMPARE(committed, kSentences);
    QVERIFY2(partials >= 3, qPrintable(QString::number(partials)));
    QVERIFY(p.retractions() >= 1); // the misheard newest words were shown, then corrected
    // Each sentence translated whole, numbered 1, 2, ... in order.
    QCOMPARE(finished.count(), kSentences.size());
    for (int i = 0; i < finished.count(); ++i) {
      const auto r = finished.at(i).at(0).value<SegmentResult>();
      QCOMPARE(r.segmentId, quint64(i + 1));
      QCOMPARE(r.sourceText, kSentences[i]);
      QCOMPARE(r.translation, r.sourceText.toUpper());
    }
    QVERIFY(passes->load() >= int(total) - 1);
  }

  // The open sentence's stable prefix is translated before the sentence ends, under the id the
  // sentence will have; the sentence's translation then replaces it. A translator that reorders
  // words makes the provisional caption change rather than grow: that is counted.
  void provisionalTranslationsPrecedeAndAreReplaced_data() {
    QTest::addColumn<bool>("reorders");
    QTest::newRow("extends") << false;
    QTest::newRow("reorders") << true;
  }
  void provisionalTranslationsPrecedeAndAreReplaced() {
    QFETCH(bool, reorders);
    FakeBehaviour mt;
    mt.reverseWords = reorders;
    PipelineController p(m_threads, scriptedFactories(std::make_shared<std::atomic_int>(0), mt), streamingOptions());
    QSignalSpy translations(&p, &PipelineController::translationReady);
    QSignalSpy finished(&p, &PipelineController::segmentFinished);
    QVERIFY(runScript(p));
    QCOMPARE(finished.count(), kSentences.size());

    int provisional = 0, replaced = 0;
    QMap<quint64, QString> shown; // the caption of each id as it stood
    for (const QList<QVariant> &args : translations) {
      const auto t = args.at(0).value<Translation>();
      QVERIFY(t.segmentId >= 1 && t.segmentId <= quint64(kSentences.size()));
      const QString sentence = kSentences[int(t.segmentId) - 1];
      if (t.provisional) {
        ++provisional;
        // Only committed words, a prefix of the sentence, never the misheard "..zz" guesses.
        QVERIFY2(sentence.startsWith(t.sourceText) && !t.sourceText.contains(QStringLiteral("zz")),
                 qPrintable(t.sourceText));
        QVERIFY2(t.sourceText != sentence, "a closed sentence is not translated provisionally");
      } else {
        QCOMPARE(t.sourceText, sentence);
      }
      if (shown.contains(t.segmentId) && !t.text.startsWith(shown[t.segmentId]))
        ++replaced;
      shown[t.segmentId] = t.text;
    }
    QVERIFY2(provisional >= 2, qPrintable(QString::number(provisional)));
    QCOMPARE(p.translationReplacements(), quint64(replaced));
    if (reorders)
      QVERIFY(replaced >= 1);
    else
      QCOMPARE(replaced, 0);
    // Provisional translations are never spoken: the speech is of the sentences alone.
    for (int i = 0; i < finished.count(); ++i)
      QCOMPARE(finished.at(i).at(0).value<SegmentResult>().speech.size(),
               std::size_t(finished.at(i).at(0).value<SegmentResult>().translation.size()));
  }

  // Each costs a translation while recognition needs the CPU: at most one per interval.
  void provisionalTranslationsAreRationed() {
    PipelineOptions o = streamingOptions();
    o.provisionalInterval = std::chrono::hours(1);
    PipelineController p(m_threads, scriptedFactories(std::make_shared<std::atomic_int>(0)), o);
    QSignalSpy translations(&p, &PipelineController::translationReady);
    QVERIFY(runScript(p));
    int provisional = 0;
    for (const QList<QVariant> &args : translations)
      provisional += args.at(0).value<Translation>().provisional ? 1 : 0;
    QCOMPARE(provisional, 1);
    QCOMPARE(translations.count(), kSentences.size() + 1);
  }

  void noProvisionalTranslationsWhenOff() {
    PipelineOptions o = streamingOptions();
    o.provisionalTranslation = false;
    PipelineController p(m_threads, scriptedFactories(std::make_shared<std::atomic_int>(0)), o);
    QSignalSpy translations(&p, &PipelineController::translationReady);
    QVERIFY(runScript(p));
    QCOMPARE(translations.count(), kSentences.size());
    for (const QList<QVariant> &args : translations)
      QVERIFY(!args.at(0).value<Translation>().provisional);
  }

  // Partials never pile up behind a busy recogniser: at most one waits, so a finished segment is
  // never held up behind them (the capture thread would block and overrun).
  void partialsDoNotQueueUpBehindABusyStage() {
    FakeBehaviour slow;
    slow.delayMs = 150;
    EngineFactories f{
        [slow] { return Result<std::unique_ptr<IAsrEngine>>(std::make_unique<FakeAsr>(slow)); },
        [] { return Result<std::unique_ptr<ITranslator>>(std::make_unique<FakeTranslator>(FakeBehaviour{})); },
        [] { return Result<std::unique_ptr<ISynthesizer>>(std::make_unique<FakeSynthesizer>(FakeBehaviour{})); },
    };
    PipelineOptions o;
    o.queueCapacity = 8;
    o.streaming = true;
    PipelineController p(m_threads, f, o);
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    for (int i = 1; i <= 20; ++i)
      QVERIFY(p.submit(utterance(1.0 + 0.1 * i, true)));
    QVERIFY(p.queueHighWater(Stage::Asr) <= 1);
    QVERIFY(p.submit(utterance(3.5, false)));
    p.finishInput();
    QVERIFY(done.wait(10000));
  }

  // As the speech pauses, its pass runs at once and its would-be last sentence is translated; when
  // the silence lasts, the final segment (the same audio) needs no pass and the sentence no second
  // translation.
  void aPauseMakesTheFinalPassAndTranslationUnnecessary() {
    auto passes = std::make_shared<std::atomic_int>(0);
    auto log = std::make_shared<RecordingTranslator::Log>();
    EngineFactories f = scriptedFactories(passes);
    f.translator = [log] { return Result<std::unique_ptr<ITranslator>>(std::make_unique<RecordingTranslator>(log)); };
    auto spoken = std::make_shared<RecordingSynthesizer::Log>();
    f.synthesizer = [spoken] { return Result<std::unique_ptr<ISynthesizer>>(std::make_unique<RecordingSynthesizer>(spoken)); };
    PipelineController p(m_threads, f, streamingOptions());
    QSignalSpy translations(&p, &PipelineController::translationReady);
    QSignalSpy finished(&p, &PipelineController::segmentFinished);
    QSignalSpy speech(&p, &PipelineController::speechReady);
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    const double total = kScript.size() * kWordSeconds;
    for (double t = 1.0; t < total; t += 1.0) {
      QVERIFY(QTest::qWaitFor([&] { return p.queueDepth(Stage::Asr) == 0; }, 5000));
      QVERIFY(p.submit(utterance(t, true)));
    }
    // Every stage idle (speech made ahead is only made while no real work waits).
    QVERIFY(QTest::qWaitFor([&] { return p.queueDepth(Stage::Asr) + p.queueDepth(Stage::Translation) + p.queueDepth(Stage::Synthesis) == 0; }, 5000));
    QTest::qWait(50);
    AudioSegment pause = utterance(total + 0.3, true);
    pause.pause = true;
    QVERIFY(p.submit(pause));
    // The pause's provisional translation: the last sentence as it will close.
    QVERIFY(QTest::qWaitFor(
        [&] {
          for (const QList<QVariant> &args : translations)
            if (args.at(0).value<Translation>().provisional && args.at(0).value<Translation>().sourceText == kSentences.last())
              return true;
          return false;
        },
        5000));
    // Its speech too, made before the sentence closes.
    const QString lastSpoken = kSentences.last().toUpper();
    QVERIFY(QTest::qWaitFor(
        [&] {
          const std::lock_guard lock(spoken->mutex);
          return spoken->texts.contains(lastSpoken);
        },
        5000));
    const int passesBeforeFinal = passes->load();
    QVERIFY(p.submit(utterance(total + 0.3, false)));
    p.finishInput();
    QVERIFY(done.wait(10000));

    QCOMPARE(passes->load(), passesBeforeFinal);
    QCOMPARE(finished.count(), kSentences.size());
    for (int i = 0; i < finished.count(); ++i) {
      const auto r = finished.at(i).at(0).value<SegmentResult>();
      QCOMPARE(r.sourceText, kSentences[i]);
      QCOMPARE(r.translation, kSentences[i].toUpper());
    }
    {
      const std::lock_guard lock(log->mutex);
      QCOMPARE(log->texts.count(kSentences.last()), 1);
    }
    QCOMPARE(p.translationReplacements(), quint64(0));
    // Spoken once, and handed out as the last sentence's speech: one piece, the whole.
    {
      const std::lock_guard lock(spoken->mutex);
      QCOMPARE(spoken->texts.count(lastSpoken), 1);
    }
    const auto last = finished.last().at(0).value<SegmentResult>();
    QCOMPARE(last.speech.samples().size(), std::size_t(lastSpoken.size()));
    int piecesOfLast = 0;
    for (const QList<QVariant> &args : speech)
      piecesOfLast += args.at(0).value<SynthAudio>().segmentId == last.segmentId;
    QCOMPARE(piecesOfLast, 1);
  }

  // The other direction holds the shared model; this direction's partial pass waits for it, and
  // the pause queued meanwhile overtakes it: the partial gives up its wait, the pause's pass is
  // the only one that runs, and the final segment needs none.
  void aPartialWaitingForTheModelGivesWayToThePause() {
    auto passes = std::make_shared<std::atomic_int>(0);
    auto log = std::make_shared<GatedScriptedAsr::Log>();
    EngineFactories f = scriptedFactories(passes);
    f.asr = [passes, log] { return Result<std::unique_ptr<IAsrEngine>>(std::make_unique<GatedScriptedAsr>(passes, log)); };
    PipelineController p(m_threads, f, streamingOptions());
    QSignalSpy finished(&p, &PipelineController::segmentFinished);
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    {
      const TurnGate::Turn otherDirection(log->model);
      QVERIFY(p.submit(utterance(2.0, true)));
      QTRY_COMPARE(log->model.waiting(), 1); // the partial pass waits for the model
      AudioSegment pause = utterance(3.0, true);
      pause.pause = true;
      QVERIFY(p.submit(pause));
      QTRY_COMPARE(log->gaveUp.load(), 1);
      QTRY_COMPARE(log->model.waiting(), 1); // now the pause's pass waits
    }
    QTRY_COMPARE(passes->load(), 1);
    QVERIFY(p.submit(utterance(3.0, false)));
    p.finishInput();
    QVERIFY(done.wait(10000));
    QCOMPARE(passes->load(), 1);
    {
      const std::lock_guard lock(log->mutex);
      QCOMPARE(log->passSeconds.size(), std::size_t(1));
      QVERIFY(qAbs(log->passSeconds.front() - 3.0) < 0.01);
    }
    // What the pause's pass heard is committed: the first sentence and the words after it.
    QVERIFY(finished.count() >= 1);
    QCOMPARE(finished.at(0).at(0).value<SegmentResult>().sourceText, kSentences.first());
  }

  void partialSegmentsAreIgnoredWithoutStreaming() {
    EngineFactories f{
        [] { return Result<std::unique_ptr<IAsrEngine>>(std::make_unique<FakeAsr>(FakeBehaviour{})); },
        [] { return Result<std::unique_ptr<ITranslator>>(std::make_unique<FakeTranslator>(FakeBehaviour{})); },
        [] { return Result<std::unique_ptr<ISynthesizer>>(std::make_unique<FakeSynthesizer>(FakeBehaviour{})); },
    };
    PipelineController p(m_threads, f, PipelineOptions{});
    QSignalSpy finished(&p, &PipelineController::segmentFinished);
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    QVERIFY(p.submit(utterance(1.0, true)));
    QVERIFY(p.submit(utterance(2.0, false)));
    p.finishInput();
    QVERIFY(done.wait(10000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).value<SegmentResult>().segmentId, quint64(7));
  }
};

QTEST_GUILESS_MAIN(TestPipelineStreaming)
#include "tst_pipelinestreaming.moc"
