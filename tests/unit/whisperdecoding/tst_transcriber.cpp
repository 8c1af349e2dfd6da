// The long-form loop against a scripted fake network: seek and segments from timestamps,
// temperature fallback (repetitive and unlikely output), the no-speech skip, previous text as
// context, the initial prompt, language detection, repetition-loop cutting, counters, cancellation.
// The audio is silence: the fake decides what is "said" in each window.
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/whisper/decoding/decoderesult.h"
#include "core/inference/torch/whisper/decoding/prompt.h"
#include "core/inference/torch/whisper/decoding/transcriber.h"
#include "tests/unit/whisperdecoding/fakewhisper.h"
#include "tests/unit/whisperdecoding/testvocab.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace dragoman;
using namespace dragoman::torchrt;
using namespace dragoman::torchrt::whisper;

namespace {

constexpr int kFlat = -1; // a step where 20 words are equally likely (log-prob -3 each)

// What the fake says in (window, attempt): the tokens, then end-of-text.
using Plan = std::function<std::vector<int>(int window, int attempt)>;

test::LogitScript planScript(const WhisperVocab &vocab, Plan plan, std::function<float(int window)> noSpeech = {}) {
  std::vector<int> flatWords;
  for (int id = 1000; id < 1020; ++id)
    flatWords.push_back(id);
  return [&vocab, plan, noSpeech, flatWords](const test::FakeStep &step, std::span<float> logits) {
    if (step.history.back() == vocab.sot && noSpeech)
      logits[static_cast<std::size_t>(vocab.noSpeech)] = noSpeech(step.window);
    if (step.inPrompt())
      return;
    const std::vector<int> seq = plan(step.window, step.attempt);
    const std::size_t n = step.sampled().size();
    std::fill(logits.begin(), logits.end(), -30.0f);
    if (n < seq.size() && seq[n] == kFlat) {
      for (int id : flatWords)
        logits[static_cast<std::size_t>(id)] = 0;
    } else {
      logits[static_cast<std::size_t>(n < seq.size() ? seq[n] : vocab.eot)] = 0;
    }
  };
}

// Tokens from a compact description: numbers are timestamps in seconds, other items text.
std::vector<int> says(const WhisperVocab &vocab, const QStringList &items) {
  std::vector<int> out;
  for (const QString &item : items) {
    bool isNumber = false;
    const double seconds = item.toDouble(&isNumber);
    if (isNumber) {
      out.push_back(test::timestampToken(vocab, seconds));
    } else if (item == QLatin1String("~")) {
      out.push_back(kFlat);
    } else {
      const std::vector<int> ids = vocab.encodeText(item.toStdString());
      out.insert(out.end(), ids.begin(), ids.end());
    }
  }
  return out;
}

std::vector<float> silence(double seconds) {
  return std::vector<float>(static_cast<std::size_t>(seconds * 16000), 0.0f);
}

DecodeOptions englishGreedy(bool timestamps = true) {
  DecodeOptions o;
  o.language = "en";
  o.beamSize = 1;
  o.timestamps = timestamps;
  return o;
}

const std::atomic_bool kNoAbort{false};

QString describe(const Segment &s) {
  return QStringLiteral("%1-%2:%3").arg(s.start).arg(s.end).arg(QString::fromStdString(trimText(s.text)));
}

QStringList describe(const Transcript &t) {
  QStringList out;
  for (const Segment &s : t.segments)
    out << describe(s);
  return out;
}

} // namespace

class TestTranscriber : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void seekFollowsTimestamps() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    const std::vector<std::vector<int>> windows{
        says(*vocab, {"0", " Hello", "2", "2", " world", "5", "5", " again"}), // tail unfinished
        says(*vocab, {"0", " again", "3"}),                                    // nothing after 3 s
        says(*vocab, {"0", " end.", "4"}),
    };
    test::FakeWhisperModel model(
        planScript(*vocab, [&](int w, int) { return windows.at(static_cast<std::size_t>(w)); }));
    QStringList streamed;
    const std::vector<float> audio = silence(40);
    const Transcript t = transcribe(model, *vocab, audio.data(), audio.size(), englishGreedy(), kNoAbort,
                                    [&](const Segment &s) { streamed << describe(s); });
    const QStringList expected{"0-2:Hello", "2-5:world", "5-8:again", "35-39:end."};
    QCOMPARE(describe(t), expected);
    QCOMPARE(streamed, expected);
    QCOMPARE(t.text, std::string("Hello world again end."));
    QCOMPARE(t.windows, 3);
    QCOMPARE(t.fallbacks, 0);
    QCOMPARE(t.language, std::string("en"));
    QVERIFY(!t.repetitionStopped);
    // Windows start at 0 s, 5 s (the last timestamp), 35 s (after a window that ended on one
    // timestamp); the last holds 5 s of audio and 25 s of zero padding.
    QCOMPARE(model.melMeans.size(), std::size_t(3));
    QVERIFY(std::abs(model.melMeans[0] - model.melMeans[1]) < 1e-6);
    QVERIFY(std::abs(model.melMeans[2] - model.melMeans[0] * 500 / 3000) < 1e-4);
    // The second window is primed with the first one's segments.
    const std::vector<int> &prompt1 = model.stats.sessionPrompts.at(1);
    QCOMPARE(prompt1.front(), vocab->startOfPrev);
    const std::vector<int> context(windows[0].begin(), windows[0].begin() + 6);
    QVERIFY(std::search(prompt1.begin(), prompt1.end(), context.begin(), context.end()) != prompt1.end());
    const std::vector<int> sot = sotSequence(*vocab, vocab->languageToken("en"), Task::Transcribe, true);
    QVERIFY(std::equal(sot.rbegin(), sot.rend(), prompt1.rbegin()));
  }

  void countersAndFirstWindowTokens() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    const std::vector<int> said = says(*vocab, {" Hello there."});
    test::FakeWhisperModel model(planScript(*vocab, [&](int, int) { return said; }));
    const std::vector<float> audio = silence(50);
    const Transcript t = transcribe(model, *vocab, audio.data(), audio.size(), englishGreedy(false), kNoAbort);
    QCOMPARE(t.windows, 2); // no timestamps: whole windows
    QCOMPARE(t.decodedTokens, static_cast<int>(2 * said.size()));
    QCOMPARE(describe(t), (QStringList{"0-30:Hello there.", "30-50:Hello there."}));
    std::vector<long long> first{vocab->sot, *vocab->languageToken("en"), vocab->transcribe, vocab->noTimestamps};
    first.insert(first.end(), said.begin(), said.end());
    first.push_back(vocab->eot);
    QCOMPARE(t.firstWindowTokens, first);
  }

  void fallbackOnRepetitiveOutput() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    std::vector<int> loop;
    for (int i = 0; i < 40; ++i)
      loop.push_back(test::singleToken(*vocab, " the"));
    const std::vector<int> good = says(*vocab, {" Hello world."});
    test::FakeWhisperModel model(planScript(*vocab, [&](int, int attempt) { return attempt == 0 ? loop : good; }));
    const std::vector<float> audio = silence(10);
    const Transcript t = transcribe(model, *vocab, audio.data(), audio.size(), englishGreedy(false), kNoAbort);
    QCOMPARE(t.fallbacks, 1);
    QCOMPARE(t.segments.size(), std::size_t(1));
    QCOMPARE(trimText(t.segments[0].text), std::string("Hello world."));
    QCOMPARE(t.segments[0].temperature, 0.2);
    QCOMPARE(t.decodedTokens, static_cast<int>(loop.size() + good.size()));
    QCOMPARE(model.stats.sessions, 2);
    QVERIFY(!t.repetitionStopped); // the loop was never the answer
  }

  void fallbackOnLowLogprob_data() {
    QTest::addColumn<double>("logprobThreshold");
    QTest::addColumn<int>("fallbacks");
    QTest::newRow("unlikely: retried") << -1.0 << 1;
    QTest::newRow("threshold lowered: kept") << -5.0 << 0;
  }

  void fallbackOnLowLogprob() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    QFETCH(double, logprobThreshold);
    QFETCH(int, fallbacks);
    const std::vector<int> unsure = says(*vocab, {"~", "~", "~", "~", "~", "~"});
    const std::vector<int> sure = says(*vocab, {" Clear words."});
    test::FakeWhisperModel model(planScript(*vocab, [&](int, int attempt) { return attempt == 0 ? unsure : sure; }));
    DecodeOptions options = englishGreedy(false);
    options.logprobThreshold = logprobThreshold;
    const std::vector<float> audio = silence(5);
    const Transcript t = transcribe(model, *vocab, audio.data(), audio.size(), options, kNoAbort);
    QCOMPARE(t.fallbacks, fallbacks);
    QCOMPARE(t.segments.size(), std::size_t(1));
    QCOMPARE(t.segments[0].temperature, fallbacks ? 0.2 : 0.0);
    QVERIFY(t.segments[0].avgLogprob < -2.0 || fallbacks == 1);
  }

  void noSpeechWindowsAreSkipped_data() {
    QTest::addColumn<bool>("confident");
    QTest::addColumn<int>("segments");
    QTest::newRow("unsure text: skipped") << false << 1;
    QTest::newRow("confident text: kept") << true << 2;
  }

  void noSpeechWindowsAreSkipped() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    QFETCH(bool, confident);
    QFETCH(int, segments);
    // Window 0 is likely silence (P(nospeech) ~ 1); window 1 is speech.
    const std::vector<int> speech = says(*vocab, {" Speech."});
    const std::vector<int> silent = confident ? says(*vocab, {" Maybe."}) : says(*vocab, {"~", "~", "~"});
    test::FakeWhisperModel model(planScript(
        *vocab, [&](int w, int) { return w == 0 ? silent : speech; }, [](int w) { return w == 0 ? 30.0f : 0.0f; }));
    const std::vector<float> audio = silence(45);
    const Transcript t = transcribe(model, *vocab, audio.data(), audio.size(), englishGreedy(false), kNoAbort);
    QCOMPARE(static_cast<int>(t.segments.size()), segments);
    QCOMPARE(t.windows, 2);
    QCOMPARE(t.fallbacks, 0); // silence is not retried hotter
    QCOMPARE(t.segments.back().start, 30.0);
    QCOMPARE(trimText(t.segments.back().text), std::string("Speech."));
    QVERIFY(t.segments.back().noSpeechProb < 0.01);
    if (confident)
      QVERIFY(t.segments.front().noSpeechProb > 0.99);
  }

  void contextAndInitialPrompt() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    const std::vector<int> w0 = says(*vocab, {" First window."});
    const std::vector<int> w1 = says(*vocab, {" Second window."});
    const std::vector<int> glossary = vocab->encodeText(" Glossary: Dragoman.");
    const std::vector<int> sot = sotSequence(*vocab, vocab->languageToken("en"), Task::Transcribe, false);
    auto run = [&](bool condition, const std::string &initial) {
      auto model =
          std::make_unique<test::FakeWhisperModel>(planScript(*vocab, [&](int w, int) { return w == 0 ? w0 : w1; }));
      DecodeOptions options = englishGreedy(false);
      options.conditionOnPreviousText = condition;
      options.initialPrompt = initial;
      const std::vector<float> audio = silence(40);
      transcribe(*model, *vocab, audio.data(), audio.size(), options, kNoAbort);
      return model->stats.sessionPrompts;
    };
    auto concat = [&](std::initializer_list<std::vector<int>> parts) {
      std::vector<int> out;
      for (const auto &p : parts)
        out.insert(out.end(), p.begin(), p.end());
      return out;
    };
    const std::vector<int> prev{vocab->startOfPrev};
    auto prompts = run(true, "  Glossary: Dragoman.  ");
    QCOMPARE(prompts.at(0), concat({prev, glossary, sot}));
    QCOMPARE(prompts.at(1), concat({prev, glossary, w0, sot}));
    prompts = run(true, "");
    QCOMPARE(prompts.at(0), sot);
    QCOMPARE(prompts.at(1), concat({prev, w0, sot}));
    prompts = run(false, "Glossary: Dragoman.");
    QCOMPARE(prompts.at(0), concat({prev, glossary, sot})); // the initial prompt still primes window 0
    QCOMPARE(prompts.at(1), sot);
  }

  void hotWindowResetsContext() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    // Window 0 is only accepted at temperature 0.6 (> 0.5): its text must not prime window 1.
    const std::vector<int> unsure = says(*vocab, {"~", "~", "~", "~"});
    const std::vector<int> sure = says(*vocab, {" Finally."});
    test::FakeWhisperModel model(
        planScript(*vocab, [&](int w, int attempt) { return w == 0 && attempt < 3 ? unsure : sure; }));
    const std::vector<float> audio = silence(40);
    const Transcript t = transcribe(model, *vocab, audio.data(), audio.size(), englishGreedy(false), kNoAbort);
    QCOMPARE(t.fallbacks, 3);
    QCOMPARE(t.segments.front().temperature, 0.6);
    const std::vector<int> &second = model.stats.sessionPrompts.back();
    QCOMPARE(model.stats.sessionWindows.back(), 1);
    QCOMPARE(second.front(), vocab->sot);
  }

  void detectsLanguageOnTheFirstWindow_data() {
    QTest::addColumn<double>("seconds");
    QTest::addColumn<int>("encodes");
    QTest::newRow("short: detection window has padding") << 10.0 << 2;
    QTest::newRow("long: detection window reused") << 40.0 << 2;
  }

  void detectsLanguageOnTheFirstWindow() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    QFETCH(double, seconds);
    QFETCH(int, encodes);
    const int de = *vocab->languageToken("de");
    const std::vector<int> said = says(*vocab, {" Guten Tag."});
    auto base = planScript(*vocab, [&](int, int) { return said; });
    auto script = [&](const test::FakeStep &step, std::span<float> logits) {
      base(step, logits);
      if (step.history.size() == 1 && step.atPromptEnd())
        logits[static_cast<std::size_t>(de)] = 8; // the detection step
    };
    test::FakeWhisperModel model(script);
    DecodeOptions options = englishGreedy(false);
    options.language.clear();
    const std::vector<float> audio = silence(seconds);
    const Transcript t = transcribe(model, *vocab, audio.data(), audio.size(), options, kNoAbort);
    QCOMPARE(t.language, std::string("de"));
    QVERIFY(t.languageProbability > 0.9);
    QCOMPARE(model.stats.encodes, encodes);
    // Every decode asks for German.
    for (std::size_t i = 0; i < model.stats.sessionPrompts.size(); ++i) {
      const std::vector<int> &p = model.stats.sessionPrompts[i];
      if (p.size() == 1)
        continue; // the detection step
      QVERIFY(std::find(p.begin(), p.end(), de) != p.end());
    }
    QCOMPARE(trimText(t.segments.front().text), std::string("Guten Tag."));
  }

  void unknownLanguageIsAnInputError() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    test::FakeWhisperModel model(planScript(*vocab, [](int, int) { return std::vector<int>{}; }));
    DecodeOptions options = englishGreedy();
    options.language = "xx";
    const std::vector<float> audio = silence(2);
    try {
      transcribe(model, *vocab, audio.data(), audio.size(), options, kNoAbort);
      QFAIL("no exception");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Input);
      QVERIFY(std::string(e.what()).find("xx") != std::string::npos);
    }
  }

  void repetitionLoopIsCut() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    // Every window loops "Thank you." ten times, one segment per second.
    QStringList items;
    for (int i = 0; i < 10; ++i)
      items << QString::number(i) << QStringLiteral(" Thank you.") << QString::number(i + 1);
    const std::vector<int> loop = says(*vocab, items);
    test::FakeWhisperModel model(planScript(*vocab, [&](int, int) { return loop; }));
    DecodeOptions options = englishGreedy();
    options.temperatures = {0.0}; // no fallback: the loop is the final answer
    const std::vector<float> audio = silence(20);
    const Transcript t = transcribe(model, *vocab, audio.data(), audio.size(), options, kNoAbort);
    QVERIFY(t.repetitionStopped);
    // The first copy is kept; the window resumes after it once, then gives the region up.
    QCOMPARE(describe(t), (QStringList{"0-1:Thank you.", "1-2:Thank you."}));
    QCOMPARE(t.windows, 2);
    QCOMPARE(t.warning, std::string("repetition loop: 'Thank you.' \xC3\x97 10 at 0.0 s, cut; "
                                    "repetition loop: 'Thank you.' \xC3\x97 10 at 1.0 s, cut"));
    // The loop does not prime the next window.
    QCOMPARE(model.stats.sessionPrompts.at(1).front(), vocab->sot);
  }

  void repeatedSegmentsAreCut() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    // A sentence too long for the token check, said as five segments in a row.
    QStringList items;
    for (int i = 0; i < 5; ++i)
      items << QString::number(2 * i) << QStringLiteral(" I think that we should all go home now.")
            << QString::number(2 * i + 2);
    const std::vector<int> w0 = says(*vocab, items);
    const std::vector<int> w1 = says(*vocab, {"0", " Goodbye.", "1.5"});
    test::FakeWhisperModel model(planScript(*vocab, [&](int w, int) { return w == 0 ? w0 : w1; }));
    DecodeOptions options = englishGreedy();
    options.temperatures = {0.0};
    const std::vector<float> audio = silence(20);
    const Transcript t = transcribe(model, *vocab, audio.data(), audio.size(), options, kNoAbort);
    QVERIFY(t.repetitionStopped);
    QCOMPARE(describe(t), (QStringList{"0-2:I think that we should all go home now.",
                                       "2-4:I think that we should all go home now.", "4-5.5:Goodbye."}));
    QCOMPARE(t.warning,
             std::string("repetition loop: 'I think that we should all go home now.' \xC3\x97 5 at 4.0 s, cut"));
  }

  void variedSpeechIsNotCut() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    const std::vector<int> w0 =
        says(*vocab, {"0", " And so my fellow Americans,", "3", "3", " ask not what your country can do for you,", "7",
                      "7", " ask what you can do for your country.", "11"});
    const std::vector<int> w1 = says(*vocab, {"0", " No, no, no, no! Very, very good.", "4"});
    test::FakeWhisperModel model(planScript(*vocab, [&](int w, int) { return w == 0 ? w0 : w1; }));
    const std::vector<float> audio = silence(45);
    const Transcript t = transcribe(model, *vocab, audio.data(), audio.size(), englishGreedy(), kNoAbort);
    QVERIFY(!t.repetitionStopped);
    QVERIFY(t.warning.empty());
    QCOMPARE(t.segments.size(), std::size_t(4));
    QCOMPARE(t.text, std::string("And so my fellow Americans, ask not what your country can do for you, ask what you "
                                 "can do for your country. No, no, no, no! Very, very good."));
  }

  void abortCancels() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    const std::vector<int> said = says(*vocab, {" Hello there."});
    test::FakeWhisperModel model(planScript(*vocab, [&](int, int) { return said; }));
    std::atomic_bool abort{false};
    model.onForward = [&] {
      if (model.stats.encodes == 2) // in the second window
        abort = true;
    };
    const std::vector<float> audio = silence(90);
    int segments = 0;
    try {
      transcribe(model, *vocab, audio.data(), audio.size(), englishGreedy(false), abort,
                 [&](const Segment &) { ++segments; });
      QFAIL("no exception");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Cancelled);
    }
    QCOMPARE(segments, 1);
    QCOMPARE(model.stats.encodes, 2);

    test::FakeWhisperModel idle(planScript(*vocab, [&](int, int) { return said; }));
    const std::atomic_bool raised{true};
    QVERIFY_THROWS_EXCEPTION(ModelError, transcribe(idle, *vocab, audio.data(), audio.size(), englishGreedy(), raised));
    QCOMPARE(idle.stats.encodes, 0);
  }

  void probeModeDecodesPlainly() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    // Unsure output that would normally be retried, with end-of-text in the middle.
    const std::vector<int> said = says(*vocab, {"~", "~"});
    test::FakeWhisperModel model(planScript(*vocab, [&](int, int) { return said; }));
    DecodeOptions options = englishGreedy(false);
    options.plainArgmax = true;
    options.maxNewTokens = 6;
    const std::vector<float> audio = silence(3);
    const Transcript t = transcribe(model, *vocab, audio.data(), audio.size(), options, kNoAbort);
    QCOMPARE(t.fallbacks, 0);
    QCOMPARE(t.windows, 1);
    QCOMPARE(t.firstWindowTokens.size(), std::size_t(4 + 6));
    QCOMPARE(t.firstWindowTokens[6], static_cast<long long>(vocab->eot));
    QCOMPARE(t.decodedTokens, 6);
  }

  void emptyAudio() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    test::FakeWhisperModel model(planScript(*vocab, [](int, int) { return std::vector<int>{}; }));
    const float none = 0;
    const Transcript t = transcribe(model, *vocab, &none, 0, englishGreedy(), kNoAbort);
    QCOMPARE(t.windows, 0);
    QVERIFY(t.segments.empty());
    QVERIFY(t.text.empty());
    QCOMPARE(model.stats.encodes, 0);
  }
};

QTEST_GUILESS_MAIN(TestTranscriber)
#include "tst_transcriber.moc"
