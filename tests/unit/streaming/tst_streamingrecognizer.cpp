#include "core/inference/streaming/streamingrecognizer.h"

#include "scriptrun.h"
#include "streamingfakes.h"

#include <QTest>

using namespace dragoman;
using namespace dragoman::streaming;
using dragoman::test::Feeder;
using dragoman::test::RunResult;
using dragoman::test::ScriptedAsr;
using dragoman::test::ScriptWord;
using dragoman::test::WordScriptAsr;

Q_DECLARE_METATYPE(dragoman::streaming::TrimMode)

namespace {

constexpr double kSampleSeconds = 1.0 / test::kRate;

QList<TimedText> piece(double start, double end, const QString &text) {
  return {TimedText{start, end, text}};
}

} // namespace

class TestStreamingRecognizer : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void nothingIsCommittedUntilTwoPassesAgree() {
    ScriptedAsr asr;
    asr.script = {piece(0.0, 1.0, " Hello world"), piece(0.0, 1.8, " Hello world, how are"),
                  piece(0.0, 2.5, " Hello world, how are you?")};
    StreamingRecognizer rec;
    Feeder feeder(rec, asr);

    Result<StreamUpdate> u = feeder.push(0.5);
    QVERIFY(u.ok());
    QVERIFY(!u->ranPass); // less than a chunk of new audio
    QCOMPARE(asr.calls, 0);

    u = feeder.push(0.5);
    QVERIFY(u.ok() && u->ranPass);
    QCOMPARE(u->committedText, QString());
    QCOMPARE(u->partialText, QStringLiteral("Hello world"));
    QCOMPARE(u->partialStartSeconds, 0.0);
    QCOMPARE(u->partialEndSeconds, 1.0);

    u = feeder.push(1.0);
    QVERIFY(u.ok());
    QCOMPARE(u->committedText, QStringLiteral("Hello world,")); // the newer spelling
    QCOMPARE(u->committedStartSeconds, 0.0);
    QVERIFY(qAbs(u->committedEndSeconds - 1.8 * 10 / 16) < 1e-9); // spread by characters
    QCOMPARE(u->partialText, QStringLiteral("how are"));

    // The third pass puts "world," later than before (times are spread over a longer piece), past
    // the committed end; it is still known by its text and not committed twice.
    u = feeder.push(1.0);
    QVERIFY(u.ok());
    QCOMPARE(u->committedText, QStringLiteral("how are"));
    QCOMPARE(u->partialText, QStringLiteral("you?"));
    QCOMPARE(u->bufferStartSeconds, 0.0); // no sentence end committed yet
    QCOMPARE(u->bufferSeconds, 3.0);
    QCOMPARE(asr.prompts, QStringList({"", "", ""})); // every committed word is still in the buffer

    u = feeder.finish();
    QVERIFY(u.ok());
    QCOMPARE(asr.calls, 3); // no new audio since the last pass: nothing to recognise again
    QCOMPARE(u->committedText, QStringLiteral("you?"));
    QCOMPARE(u->partialText, QString());
    QCOMPARE(u->bufferStartSeconds, 3.0);
    QCOMPARE(u->bufferSeconds, 0.0);
    QCOMPARE(u->counters.hypotheses, quint64(3));
    QCOMPARE(u->counters.committedWords, quint64(5));
    QCOMPARE(u->counters.retractions, quint64(0));
    QCOMPARE(rec.prompt(), QStringLiteral("Hello world, how are you?"));
  }

  void trimsTheBuffer_data() {
    QTest::addColumn<TrimMode>("mode");
    QTest::addColumn<int>("wordsPerPiece");
    QTest::addColumn<QStringList>("committed"); // after each one-second push, then after finish()
    QTest::addColumn<QStringList>("partial");
    QTest::addColumn<QList<double>>("bufferStart");
    QTest::addColumn<QList<double>>("bufferLength");
    const QStringList committed{"", "One two", "three. Four", "five six", "seven eight", "nine ten", "eleven."};
    const QStringList partial{"One two", "three. Four", "five six", "seven eight", "nine ten", "eleven.", ""};
    // Cut at "three." (1.4 s), the only committed sentence end, until finish() empties the buffer.
    QTest::newRow("sentence") << TrimMode::Sentence << 1 << committed << partial
                              << QList<double>{0, 0, 1.4, 1.4, 1.4, 1.4, 6}
                              << QList<double>{1, 2, 1.6, 2.6, 3.6, 4.6, 0};
    // Two words a segment: cut at the end of the last committed word that ended a segment.
    QTest::newRow("segment") << TrimMode::Segment << 2 << committed << partial
                             << QList<double>{0, 0.9, 1.9, 2.9, 3.9, 4.9, 6}
                             << QList<double>{1, 1.1, 1.1, 1.1, 1.1, 1.1, 0};
    // "three." ends inside the segment "three. Four": its end is only an estimate, so no cut.
    QTest::newRow("sentence end inside a segment")
        << TrimMode::Sentence << 2 << committed << partial << QList<double>{0, 0, 0, 0, 0, 0, 6}
        << QList<double>{1, 2, 3, 4, 5, 6, 0};
  }
  void trimsTheBuffer() {
    QFETCH(TrimMode, mode);
    QFETCH(int, wordsPerPiece);
    QFETCH(QStringList, committed);
    QFETCH(QStringList, partial);
    QFETCH(QList<double>, bufferStart);
    QFETCH(QList<double>, bufferLength);
    // Words of 0.4 s every 0.5 s.
    const QStringList words = QStringLiteral("One two three. Four five six seven eight nine ten eleven.").split(' ');
    QList<ScriptWord> script;
    for (qsizetype i = 0; i < words.size(); ++i)
      script.append(ScriptWord{words[i], 0.5 * double(i), 0.5 * double(i) + 0.4, {}});
    WordScriptAsr asr(script);
    asr.wordsPerPiece = wordsPerPiece;
    StreamingOptions options;
    options.trimMode = mode;
    StreamingRecognizer rec(options);
    Feeder feeder(rec, asr);

    for (qsizetype step = 0; step < committed.size(); ++step) {
      const Result<StreamUpdate> u = step + 1 < committed.size() ? feeder.push(1.0) : feeder.finish();
      QVERIFY(u.ok());
      QVERIFY(u->ranPass);
      QCOMPARE(u->committedText, committed[step]);
      QCOMPARE(u->partialText, partial[step]);
      QVERIFY2(qAbs(u->bufferStartSeconds - bufferStart[step]) <= kSampleSeconds,
               qPrintable(QStringLiteral("step %1: buffer starts at %2").arg(step).arg(u->bufferStartSeconds)));
      QVERIFY2(qAbs(u->bufferSeconds - bufferLength[step]) <= kSampleSeconds,
               qPrintable(QStringLiteral("step %1: buffer holds %2 s").arg(step).arg(u->bufferSeconds)));
    }
    QCOMPARE(asr.calls, int(committed.size()) - 1);
  }

  void cutsPastTheMaximumWithoutSentenceEnds() {
    const QList<ScriptWord> script = test::makeScript(40.0, 0, 7, false);
    QVERIFY(script.size() > 40);
    WordScriptAsr asr(script);
    StreamingOptions options;
    options.maxBufferSeconds = 5.0;
    StreamingRecognizer rec(options);
    Feeder feeder(rec, asr);
    double committedEnd = 0.0;
    int forcedCuts = 0;
    while (rec.bufferEndSeconds() < script.last().end + 1.0) {
      const double before = rec.bufferStartSeconds();
      const Result<StreamUpdate> u = feeder.push(1.0);
      QVERIFY(u.ok());
      if (!u->committedWords.isEmpty())
        committedEnd = u->committedEndSeconds;
      if (u->bufferStartSeconds > before) {
        // Only a buffer past the maximum is cut, and exactly at the last committed word's end.
        QVERIFY(rec.bufferEndSeconds() - before > options.maxBufferSeconds);
        QVERIFY(qAbs(u->bufferStartSeconds - committedEnd) <= kSampleSeconds);
        ++forcedCuts;
      }
      QVERIFY(u->bufferSeconds <= options.maxBufferSeconds);
    }
    QVERIFY(forcedCuts >= 5);
    QVERIFY(asr.longestAudio <= options.maxBufferSeconds + options.minChunkSeconds + 1e-9);
    QVERIFY(feeder.finish().ok());
    QCOMPARE(rec.counters().committedWords, quint64(script.size()));
  }

  void wholeScriptsWithMishearings_data() {
    QTest::addColumn<TrimMode>("mode");
    QTest::addColumn<int>("wordsPerPiece"); // 0: a segment per sentence
    QTest::addColumn<int>("repeatBefore");
    QTest::addColumn<double>("chunk");
    QTest::addColumn<double>("seconds");
    QTest::addColumn<quint32>("seed");
    QTest::newRow("word segments, sentence cuts") << TrimMode::Sentence << 1 << 0 << 1.0 << 90.0 << 1u;
    QTest::newRow("sentence segments, sentence cuts") << TrimMode::Sentence << 0 << 0 << 1.0 << 90.0 << 2u;
    QTest::newRow("three-word segments, segment cuts") << TrimMode::Segment << 3 << 0 << 1.0 << 90.0 << 3u;
    QTest::newRow("sentence segments, segment cuts") << TrimMode::Segment << 0 << 0 << 1.0 << 90.0 << 4u;
    QTest::newRow("half-second chunks") << TrimMode::Sentence << 1 << 0 << 0.5 << 60.0 << 5u;
    QTest::newRow("uneven chunks") << TrimMode::Sentence << 2 << 0 << 0.7 << 60.0 << 6u;
    // After a cut the recogniser repeats the last words before it; they must not be committed twice.
    QTest::newRow("repeats after sentence cuts") << TrimMode::Sentence << 1 << 2 << 1.0 << 90.0 << 7u;
    QTest::newRow("repeats after segment cuts") << TrimMode::Segment << 3 << 3 << 1.0 << 90.0 << 8u;
    // A sweep over the combinations, each with its own script.
    for (quint32 seed = 100; seed < 124; ++seed)
      QTest::addRow("mixed %u", seed) << (seed % 2 ? TrimMode::Sentence : TrimMode::Segment) << int(seed % 4)
                                      << int(seed % 3) << (seed % 5 ? 1.0 : 0.6) << 120.0 << seed;
    QTest::newRow("repeats, sentence segments") << TrimMode::Sentence << 0 << 1 << 1.0 << 90.0 << 9u;
  }
  void wholeScriptsWithMishearings() {
    QFETCH(TrimMode, mode);
    QFETCH(int, wordsPerPiece);
    QFETCH(int, repeatBefore);
    QFETCH(double, chunk);
    QFETCH(double, seconds);
    QFETCH(quint32, seed);
    const QList<ScriptWord> script = test::makeScript(seconds, 7, seed);
    WordScriptAsr asr(script);
    asr.wordsPerPiece = wordsPerPiece;
    asr.repeatBefore = repeatBefore;
    StreamingOptions options;
    options.trimMode = mode;
    options.minChunkSeconds = chunk;
    StreamingRecognizer rec(options);
    RunResult run;
    test::runScript(rec, asr, script, chunk, run);
    if (QTest::currentTestFailed())
      return;

    // Everything committed, once, exactly as spoken: the committed updates put together are the script.
    QCOMPARE(run.committedTexts.join(QLatin1Char(' ')), test::scriptText(script));
    QVERIFY(test::scriptedMishearings(script) >= 5);
    QCOMPARE(asr.misheard, test::scriptedMishearings(script));
    // Each mishearing was shown once and corrected once; nothing else was ever retracted.
    QCOMPARE(rec.counters().retractions, quint64(test::scriptedMishearings(script)));
    QCOMPARE(rec.counters().committedWords, quint64(script.size()));
    QCOMPARE(rec.counters().hypotheses, quint64(asr.calls));
    QVERIFY(rec.counters().partialWordsShown >= quint64(script.size()));
    QVERIFY(run.cuts > 3);
    if (repeatBefore > 0)
      QVERIFY(asr.repeated > 0);
  }

  void promptIsCommittedTextBeforeTheBuffer() {
    const QList<ScriptWord> script = test::makeScript(40.0, 0, 11);
    WordScriptAsr asr(script);
    StreamingOptions options;
    options.promptCharacters = 30;
    StreamingRecognizer rec(options);
    Feeder feeder(rec, asr);
    QList<TimedWord> committed;
    int nonEmpty = 0;
    while (rec.bufferEndSeconds() < script.last().end) {
      // Expected: the whole committed words that end before the buffer, as many as fit in 30
      // characters with the spaces between them.
      QStringList before;
      for (const TimedWord &w : committed)
        if (w.endSeconds <= rec.bufferStartSeconds() + 1e-6)
          before.append(w.text);
      QStringList tail;
      while (!before.isEmpty() && (tail + QStringList{before.last()}).join(' ').size() <= options.promptCharacters)
        tail.prepend(before.takeLast());
      const QString expected = tail.join(' ');
      QCOMPARE(rec.prompt(), expected);

      const int calls = asr.calls;
      const Result<StreamUpdate> u = feeder.push(1.0);
      QVERIFY(u.ok());
      if (asr.calls > calls) {
        QCOMPARE(asr.prompts.last(), expected);
        nonEmpty += expected.isEmpty() ? 0 : 1;
      }
      committed.append(u->committedWords);
    }
    QVERIFY(nonEmpty > 10);
  }

  void silenceKeepsTheBufferShort() {
    ScriptedAsr asr; // recognises nothing, ever
    StreamingRecognizer rec;
    Feeder feeder(rec, asr);
    for (int pass = 1; pass <= 40; ++pass) {
      const Result<StreamUpdate> u = feeder.push(1.0);
      QVERIFY(u.ok() && u->ranPass);
      QVERIFY(u->committedText.isEmpty());
      QVERIFY(u->partialText.isEmpty());
      QVERIFY(u->bufferSeconds <= rec.options().maxBufferSeconds);
      if (pass == 15)
        QCOMPARE(u->bufferSeconds, 15.0);
      if (pass == 16) { // past the maximum with nothing heard: only the last second stays
        QCOMPARE(u->bufferStartSeconds, 15.0);
        QCOMPARE(u->bufferSeconds, 1.0);
      }
    }
    QCOMPARE(asr.calls, 40);
    QVERIFY(asr.durations.last() <= 15.0);
    QCOMPARE(rec.counters().hypotheses, quint64(40));
    QCOMPARE(rec.counters().committedWords, quint64(0));
    const Result<StreamUpdate> u = feeder.finish();
    QVERIFY(u.ok() && u->committedText.isEmpty());
  }

  void emptyPassInTheMiddle() {
    ScriptedAsr asr;
    asr.script = {piece(0, 1, " one two"), QList<TimedText>{}, piece(0, 1.5, " one two three"),
                  piece(0, 2, " one two three four")};
    StreamingRecognizer rec;
    Feeder feeder(rec, asr);
    const QStringList committed{"", "", "", "one two three"};
    const QStringList partial{"one two", "", "one two three", "four"};
    for (int i = 0; i < 4; ++i) {
      const Result<StreamUpdate> u = feeder.push(1.0);
      QVERIFY(u.ok());
      QCOMPARE(u->committedText, committed[i]);
      QCOMPARE(u->partialText, partial[i]);
    }
    QCOMPARE(rec.counters().retractions, quint64(2)); // the empty pass took "one two" away
  }

  void engineErrorsKeepTheState() {
    ScriptedAsr asr;
    asr.script = {piece(0, 1, " Hello there"), makeError(ErrorKind::EngineUnavailable, QStringLiteral("GPU lost")),
                  piece(0, 1.5, " Hello there friend"),
                  makeError(ErrorKind::Internal, QStringLiteral("decoder failed"))};
    StreamingRecognizer rec;
    Feeder feeder(rec, asr);
    QVERIFY(feeder.push(1.0).ok());

    Result<StreamUpdate> u = feeder.push(1.0);
    QVERIFY(!u.ok());
    QCOMPARE(u.error().kind, ErrorKind::EngineUnavailable);
    QCOMPARE(u.error().message, QStringLiteral("GPU lost"));
    QCOMPARE(rec.bufferStartSeconds(), 0.0);
    QCOMPARE(rec.bufferSeconds(), 2.0);
    QCOMPARE(rec.pendingSeconds(), 1.0); // still to be recognised
    QVERIFY(rec.passDue());
    QCOMPARE(rec.partialText(), QStringLiteral("Hello there"));
    QCOMPARE(rec.counters().hypotheses, quint64(1));

    // A cancelled pass does not reach the engine.
    feeder.abort() = true;
    u = rec.process(asr, feeder.abort());
    QVERIFY(!u.ok());
    QCOMPARE(u.error().kind, ErrorKind::Cancelled);
    QCOMPARE(asr.calls, 2);
    feeder.abort() = false;

    u = rec.process(asr, feeder.abort());
    QVERIFY(u.ok());
    QCOMPARE(u->committedText, QStringLiteral("Hello there"));
    QCOMPARE(u->partialText, QStringLiteral("friend"));
    QCOMPARE(rec.pendingSeconds(), 0.0);

    // finish()'s last pass fails: the error comes back and flush() still saves the partial.
    QVERIFY(feeder.push(0.5).ok());
    u = feeder.finish();
    QVERIFY(!u.ok());
    QCOMPARE(u.error().message, QStringLiteral("decoder failed"));
    QCOMPARE(rec.partialText(), QStringLiteral("friend"));
    QCOMPARE(rec.bufferSeconds(), 2.5);
    const StreamUpdate flushed = rec.flush();
    QCOMPARE(flushed.committedText, QStringLiteral("friend"));
    QCOMPARE(flushed.bufferSeconds, 0.0);
    QCOMPARE(flushed.bufferStartSeconds, 2.5);
  }

  void commitsWhatNeverAgreesAtTheWindow() {
    // A recogniser that changes its mind every pass: nothing is ever agreed.
    ScriptedAsr asr;
    for (int k = 1; k <= 12; ++k)
      asr.script.append(piece(0, k, QStringLiteral(" w%1a w%1b").arg(k)));
    StreamingOptions options;
    options.maxBufferSeconds = 5.0;
    options.windowSeconds = 8.0;
    StreamingRecognizer rec(options);
    Feeder feeder(rec, asr);
    for (int k = 1; k <= 7; ++k) {
      const Result<StreamUpdate> u = feeder.push(1.0);
      QVERIFY(u.ok());
      QVERIFY(u->committedText.isEmpty());
      QCOMPARE(u->bufferSeconds, double(k)); // nothing committed to cut at
    }
    // The next pass would see more than the window: the partial is committed as it stands.
    const Result<StreamUpdate> u = feeder.push(1.0);
    QVERIFY(u.ok());
    QCOMPARE(u->committedText, QStringLiteral("w8a w8b"));
    QCOMPARE(u->partialText, QString());
    QCOMPARE(u->bufferStartSeconds, 8.0);
    QCOMPARE(u->bufferSeconds, 0.0);
    QVERIFY(*std::max_element(asr.durations.cbegin(), asr.durations.cend()) <= options.windowSeconds);
  }

  void longRunKeepsTheBufferBounded_data() {
    QTest::addColumn<TrimMode>("mode");
    QTest::addColumn<int>("wordsPerPiece");
    QTest::newRow("sentence") << TrimMode::Sentence << 0;
    QTest::newRow("segment") << TrimMode::Segment << 4;
  }
  void longRunKeepsTheBufferBounded() {
    QFETCH(TrimMode, mode);
    QFETCH(int, wordsPerPiece);
    const QList<ScriptWord> script = test::makeScript(600.0, 11, 42);
    QVERIFY(script.last().end > 590.0);
    WordScriptAsr asr(script);
    asr.wordsPerPiece = wordsPerPiece;
    StreamingOptions options;
    options.trimMode = mode;
    StreamingRecognizer rec(options);
    RunResult run;
    test::runScript(rec, asr, script, 1.0, run);
    if (QTest::currentTestFailed())
      return;
    QCOMPARE(run.committedTexts.join(QLatin1Char(' ')), test::scriptText(script));
    QCOMPARE(asr.misheard, test::scriptedMishearings(script));
    QCOMPARE(rec.counters().retractions, quint64(test::scriptedMishearings(script)));
    QVERIFY(run.passes >= 590);
    QVERIFY(run.cuts > 50);
    // Every pass saw at most the maximum plus one chunk.
    QVERIFY(asr.longestAudio <= options.maxBufferSeconds + options.minChunkSeconds + 1e-9);
    QVERIFY(run.longestBufferAfterPass <= options.maxBufferSeconds);
    for (const QString &prompt : asr.prompts)
      QVERIFY(prompt.size() <= options.promptCharacters);
  }

  void joinsScriptsWithoutSpaces() {
    ScriptedAsr asr;
    asr.script = {QList<TimedText>{{0, 0.6, QStringLiteral("你好。")}, {0.7, 1.0, QStringLiteral("世")}},
                  QList<TimedText>{{0, 0.6, QStringLiteral("你好。")}, {0.7, 1.5, QStringLiteral("世界")}}};
    StreamingRecognizer rec;
    Feeder feeder(rec, asr);
    QVERIFY(feeder.push(1.0).ok());
    Result<StreamUpdate> u = feeder.push(1.0);
    QVERIFY(u.ok());
    QCOMPARE(u->committedText, QStringLiteral("你好。世"));
    QCOMPARE(u->partialText, QStringLiteral("界"));
    QCOMPARE(u->bufferStartSeconds, 0.6); // cut at the end of the segment "你好。"
    u = feeder.finish();
    QVERIFY(u.ok());
    QCOMPARE(u->committedText, QStringLiteral("界"));
    QVERIFY(u->committedJoinsPrevious);
  }

  void skipToMovesTheNextUtterance() {
    ScriptedAsr asr;
    asr.script = {piece(0, 1, " first"), piece(0, 1, " first"), piece(0.2, 0.8, " second"), piece(0.2, 0.8, " second")};
    StreamingRecognizer rec(StreamingOptions{}, 3.0);
    Feeder feeder(rec, asr);
    QVERIFY(feeder.push(1.0).ok());
    Result<StreamUpdate> u = feeder.push(1.0);
    QVERIFY(u.ok());
    QCOMPARE(u->committedText, QStringLiteral("first"));
    QCOMPARE(u->committedStartSeconds, 3.0);
    QVERIFY(feeder.finish().ok());
    QCOMPARE(rec.bufferStartSeconds(), 5.0);
    rec.skipTo(20.0);
    QVERIFY(feeder.push(1.0).ok());
    u = feeder.push(1.0);
    QVERIFY(u.ok());
    QCOMPARE(u->committedText, QStringLiteral("second"));
    QCOMPARE(u->committedStartSeconds, 20.2);
    QCOMPARE(u->committedEndSeconds, 20.8);
    QCOMPARE(asr.prompts.last(), QStringLiteral("first"));
  }

  void validatesOptions_data() {
    QTest::addColumn<double>("minChunk");
    QTest::addColumn<double>("maxBuffer");
    QTest::addColumn<double>("window");
    QTest::addColumn<int>("promptCharacters");
    QTest::addColumn<bool>("valid");
    QTest::newRow("defaults") << 1.0 << 15.0 << 30.0 << 200 << true;
    QTest::newRow("no chunk") << 0.0 << 15.0 << 30.0 << 200 << false;
    QTest::newRow("buffer below a chunk") << 2.0 << 1.5 << 30.0 << 200 << false;
    QTest::newRow("buffer past the window") << 1.0 << 29.5 << 30.0 << 200 << false;
    QTest::newRow("negative prompt") << 1.0 << 15.0 << 30.0 << -1 << false;
    QTest::newRow("no prompt") << 0.5 << 10.0 << 30.0 << 0 << true;
  }
  void validatesOptions() {
    QFETCH(double, minChunk);
    QFETCH(double, maxBuffer);
    QFETCH(double, window);
    QFETCH(int, promptCharacters);
    QFETCH(bool, valid);
    StreamingOptions o;
    o.minChunkSeconds = minChunk;
    o.maxBufferSeconds = maxBuffer;
    o.windowSeconds = window;
    o.promptCharacters = promptCharacters;
    const Status status = validateStreamingOptions(o);
    QCOMPARE(status.ok(), valid);
    if (!valid) {
      QCOMPARE(status.error().kind, ErrorKind::Config);
      QVERIFY(!status.error().message.isEmpty());
    }
  }
};

QTEST_GUILESS_MAIN(TestStreamingRecognizer)
#include "tst_streamingrecognizer.moc"
