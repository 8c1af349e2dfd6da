// decodeWindow against a scripted fake network with the real vocabulary: filters in effect,
// greedy = filtered argmax, beam search beating greedy, length penalty, KV-cache use, seeded
// sampling, the probe's plain argmax, the no-speech probability, cancellation, language detection.
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/whisper/decoding/decoder.h"
#include "core/inference/torch/whisper/decoding/languagedetect.h"
#include "core/inference/torch/whisper/decoding/logitfilters.h"
#include "core/inference/torch/whisper/decoding/prompt.h"
#include "core/inference/torch/whisper/decoding/tokenmath.h"
#include "tests/unit/whisperdecoding/fakewhisper.h"
#include "tests/unit/whisperdecoding/testvocab.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>

using namespace dragoman;
using namespace dragoman::torchrt;
using namespace dragoman::torchrt::whisper;

namespace {

// Sampled prefix -> probabilities of the next token; every other id gets logit -30 (negligible).
using Table = std::map<std::vector<int>, std::vector<std::pair<int, double>>>;

void setDistribution(std::span<float> logits, const std::vector<std::pair<int, double>> &dist) {
  std::fill(logits.begin(), logits.end(), -30.0f);
  for (const auto &[id, p] : dist)
    logits[static_cast<std::size_t>(id)] = static_cast<float>(std::log(p));
}

// Unknown prefixes end the text.
test::LogitScript tableScript(const Table &table, int eot) {
  return [table, eot](const test::FakeStep &step, std::span<float> logits) {
    if (step.inPrompt())
      return;
    const std::vector<int> prefix(step.sampled().begin(), step.sampled().end());
    const auto it = table.find(prefix);
    setDistribution(logits, it != table.end() ? it->second : std::vector<std::pair<int, double>>{{eot, 1.0}});
  };
}

// Deterministic pseudo-random logits per position: N-ish(0, scale) from a hash of the history.
test::LogitScript randomScript(float scale) {
  return [scale](const test::FakeStep &step, std::span<float> logits) {
    std::uint64_t h = 1469598103934665603ULL;
    for (int t : step.history)
      h = (h ^ static_cast<std::uint64_t>(t)) * 1099511628211ULL;
    SplitMix64 rng(h);
    for (float &v : logits)
      v = static_cast<float>((rng.uniform() + rng.uniform() + rng.uniform() - 1.5) * 2.0 * scale);
  };
}

std::vector<int> plainPrompt(const WhisperVocab &vocab, bool timestamps = false) {
  return sotSequence(vocab, vocab.languageToken("en"), Task::Transcribe, timestamps);
}

DecodeOptions greedyOptions(bool timestamps = false) {
  DecodeOptions o;
  o.beamSize = 1;
  o.timestamps = timestamps;
  return o;
}

const std::atomic_bool kNoAbort{false};

} // namespace

class TestWindowDecoder : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void greedyIsFilteredArgmax_data() {
    QTest::addColumn<bool>("timestamps");
    QTest::newRow("no timestamps") << false;
    QTest::newRow("timestamps") << true;
  }

  void greedyIsFilteredArgmax() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    QFETCH(bool, timestamps);
    test::FakeWhisperModel model(randomScript(3.0f));
    DecodeOptions options = greedyOptions(timestamps);
    options.maxNewTokens = 40;
    const std::vector<int> prompt = plainPrompt(*vocab, timestamps);
    const DecodeResult result =
        decodeWindow(model, test::fakeEncoderOutput(model), *vocab, prompt, options, 0.0, kNoAbort);

    // Reference: the fake's logits for the growing sequence, filtered, argmax.
    const LogitFilterChain filters = makeLogitFilters(*vocab, options);
    std::vector<int> history = prompt, sampled;
    double sum = 0;
    for (int i = 0; i < options.maxNewTokens; ++i) {
      std::vector<float> row = model.logitsFor(0, 0, 0, history, prompt.size());
      applyFilters(filters, row, sampled);
      const int next = argmax(row);
      sum += row[static_cast<std::size_t>(next)] - logSumExp(row);
      if (next == vocab->eot)
        break;
      sampled.push_back(next);
      history.push_back(next);
    }
    QCOMPARE(result.tokens, sampled);
    QVERIFY(std::abs(result.sumLogprob - sum) < 1e-3);
    QCOMPARE(result.avgLogprob, result.sumLogprob / static_cast<double>(result.tokens.size() + 1));
    QCOMPARE(result.text, trimText(vocab->decodeText(result.tokens)));
    QCOMPARE(result.compressionRatio, compressionRatio(result.text));
    QVERIFY(result.tokens.size() >= 5); // the random script did not end at once
  }

  void suppressedIdsNeverAppear() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    const int paren = test::singleToken(*vocab, " (");
    const int hello = test::singleToken(*vocab, " Hello");
    const int space = test::singleToken(*vocab, " ");
    const int extra = test::singleToken(*vocab, " world");
    const std::vector<int> forbidden{
        paren, vocab->sot, vocab->translate, vocab->noSpeech, vocab->startOfPrev, vocab->noTimestamps, extra};
    // Each step the favourite is a forbidden id, then the blank and end-of-text, then " Hello".
    auto script = [&](const test::FakeStep &step, std::span<float> logits) {
      if (step.inPrompt())
        return;
      const std::size_t n = step.sampled().size();
      std::fill(logits.begin(), logits.end(), -30.0f);
      logits[static_cast<std::size_t>(forbidden[n % forbidden.size()])] = 30;
      logits[static_cast<std::size_t>(space)] = 25;
      logits[static_cast<std::size_t>(vocab->eot)] = n < 3 ? 24.0f : 26.0f;
      logits[static_cast<std::size_t>(hello)] = 20;
    };
    test::FakeWhisperModel model(script);
    DecodeOptions options = greedyOptions();
    options.suppressTokens = {extra};
    const DecodeResult result =
        decodeWindow(model, test::fakeEncoderOutput(model), *vocab, plainPrompt(*vocab), options, 0.0, kNoAbort);
    // Step 0: blank and end-of-text suppressed -> " Hello"; then the blank is allowed again;
    // from step 3 end-of-text wins.
    QCOMPARE(result.tokens, (std::vector<int>{hello, space, space}));
    QVERIFY(result.endedWithEot);
    for (int id : forbidden)
      QVERIFY(std::find(result.tokens.begin(), result.tokens.end(), id) == result.tokens.end());

    // Without the filters (the probe) the favourites come out as they are.
    options.plainArgmax = true;
    options.maxNewTokens = 4;
    test::FakeWhisperModel raw(script);
    const DecodeResult plain =
        decodeWindow(raw, test::fakeEncoderOutput(raw), *vocab, plainPrompt(*vocab), options, 0.0, kNoAbort);
    QCOMPARE(plain.tokens, (std::vector<int>{forbidden[0], forbidden[1], forbidden[2], forbidden[3]}));
  }

  void timestampsAreWellFormed() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    for (int variant = 0; variant < 4; ++variant) {
      // Random logits where text and timestamps compete; each variant has its own prompt.
      auto base = randomScript(3.0f);
      auto script = [&](const test::FakeStep &step, std::span<float> logits) {
        base(step, logits);
        logits[static_cast<std::size_t>(vocab->eot)] = -5.0f; // let it run long
      };
      test::FakeWhisperModel model(script);
      DecodeOptions options = greedyOptions(true);
      options.maxNewTokens = 120;
      std::vector<int> prompt = plainPrompt(*vocab, true);
      prompt.insert(prompt.begin(), {vocab->startOfPrev, 1000 + variant});
      const DecodeResult r =
          decodeWindow(model, test::fakeEncoderOutput(model), *vocab, prompt, options, 0.0, kNoAbort);
      const std::vector<int> &t = r.tokens;
      QVERIFY(t.size() > 10);
      const int tb = vocab->timestampBegin;
      QVERIFY(t[0] >= tb && t[0] <= tb + 50); // max_initial_timestamp 1.0 s
      int previous = -1, run = 0, timestamps = 0;
      for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] < tb) {
          run = 0;
          continue;
        }
        ++timestamps;
        QVERIFY2(t[i] >= previous, "timestamps went back");
        // After text, a closing timestamp is strictly later than the segment's opening one.
        if (i >= 1 && t[i - 1] < tb)
          QVERIFY(t[i] > previous);
        previous = t[i];
        QVERIFY2(++run <= 2, "three timestamps in a row");
      }
      QVERIFY(timestamps >= 3);
      // Closed segments come in pairs: a timestamp that follows text, and is not last, is followed
      // by another timestamp, never by text (openai leaves the specials in between allowed).
      for (std::size_t i = 1; i + 1 < t.size(); ++i)
        if (t[i] >= tb && t[i - 1] < vocab->eot)
          QVERIFY(t[i + 1] >= vocab->eot);
    }
  }

  void beamSearchFindsWhatGreedyMisses() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    const int hello = test::singleToken(*vocab, " Hello");
    const int good = test::singleToken(*vocab, " Good");
    const int morning = test::singleToken(*vocab, " morning");
    std::vector<std::pair<int, double>> vague;
    for (const char *w : {" there", " you", " all", " again", " my", " dear", " sir", " team", " folks", " world"})
      vague.emplace_back(test::singleToken(*vocab, w), 0.1);
    const Table table{
        {{}, {{hello, 0.6}, {good, 0.4}}},
        {{hello}, vague},
        {{good}, {{morning, 0.98}, {vocab->eot, 0.02}}},
    };
    test::FakeWhisperModel greedyModel(tableScript(table, vocab->eot));
    const DecodeResult greedy = decodeWindow(greedyModel, test::fakeEncoderOutput(greedyModel), *vocab,
                                             plainPrompt(*vocab), greedyOptions(), 0.0, kNoAbort);
    QCOMPARE(greedy.tokens.size(), std::size_t(2));
    QCOMPARE(greedy.tokens.front(), hello);

    DecodeOptions beamOptions = greedyOptions();
    beamOptions.beamSize = 5;
    test::FakeWhisperModel beamModel(tableScript(table, vocab->eot));
    const DecodeResult beam = decodeWindow(beamModel, test::fakeEncoderOutput(beamModel), *vocab, plainPrompt(*vocab),
                                           beamOptions, 0.0, kNoAbort);
    QCOMPARE(beam.tokens, (std::vector<int>{good, morning}));
    QCOMPARE(beam.text, std::string("Good morning"));
    QVERIFY(beam.avgLogprob > greedy.avgLogprob);
    QVERIFY(std::abs(beam.sumLogprob - (std::log(0.4) + std::log(0.98) + 0.0)) < 1e-3);
  }

  void lengthPenaltyChoosesAmongBeams_data() {
    QTest::addColumn<double>("lengthPenalty");
    QTest::addColumn<int>("expectedLength");
    QTest::newRow("per-token average") << -1.0 << 3; // log(0.2) / 3 beats log(0.3) / 1
    QTest::newRow("raw sum (alpha 0)") << 0.0 << 1;  // log(0.3) beats log(0.2)
  }

  void lengthPenaltyChoosesAmongBeams() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    QFETCH(double, lengthPenalty);
    QFETCH(int, expectedLength);
    const int a = test::singleToken(*vocab, " Yes"), b = test::singleToken(*vocab, " No");
    const int c = test::singleToken(*vocab, " we"), d = test::singleToken(*vocab, " can");
    const int eot = vocab->eot;
    const Table table{
        {{}, {{a, 0.5}, {b, 0.5}}},           {{a}, {{eot, 0.6}, {c, 0.4}}},        {{b}, {{eot, 0.6}, {c, 0.4}}},
        {{a, c}, {{d, 0.999}, {eot, 0.001}}}, {{b, c}, {{d, 0.999}, {eot, 0.001}}},
    };
    test::FakeWhisperModel model(tableScript(table, eot));
    DecodeOptions options = greedyOptions();
    options.beamSize = 2;
    options.patience = 2.0; // wait for four finished hypotheses
    options.lengthPenalty = lengthPenalty;
    const DecodeResult r =
        decodeWindow(model, test::fakeEncoderOutput(model), *vocab, plainPrompt(*vocab), options, 0.0, kNoAbort);
    QCOMPARE(static_cast<int>(r.tokens.size()), expectedLength);
  }

  void kvCacheFeedsEachTokenOnce_data() {
    QTest::addColumn<int>("beamSize");
    QTest::addColumn<int>("bestOf");
    QTest::addColumn<double>("temperature");
    QTest::addColumn<int>("rows");
    QTest::newRow("greedy") << 1 << 1 << 0.0 << 1;
    QTest::newRow("beam 3") << 3 << 1 << 0.0 << 3;
    QTest::newRow("best of 4") << 5 << 4 << 0.5 << 4;
  }

  void kvCacheFeedsEachTokenOnce() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    QFETCH(int, beamSize);
    QFETCH(int, bestOf);
    QFETCH(double, temperature);
    QFETCH(int, rows);
    const std::vector<int> words = vocab->encodeText(" one two three four five six");
    Table table;
    std::vector<int> prefix;
    for (int w : words) {
      table[prefix] = {{w, 1.0}};
      prefix.push_back(w);
    }
    test::FakeWhisperModel model(tableScript(table, vocab->eot));
    DecodeOptions options = greedyOptions();
    options.beamSize = beamSize;
    options.bestOf = bestOf;
    std::vector<int> prompt = plainPrompt(*vocab);
    prompt.insert(prompt.begin(), {vocab->startOfPrev, 400, 401, 402});
    const DecodeResult r =
        decodeWindow(model, test::fakeEncoderOutput(model), *vocab, prompt, options, temperature, kNoAbort);
    QCOMPARE(r.tokens, words);

    const test::FakeStats &s = model.stats;
    QCOMPARE(s.sessions, 1);
    QCOMPARE(s.forwardShapes.front(), (std::vector<long long>{1, static_cast<long long>(prompt.size())}));
    for (std::size_t i = 1; i < s.forwardShapes.size(); ++i)
      QCOMPARE(s.forwardShapes[i], (std::vector<long long>{rows, 1}));
    // The prompt once, then one token per row per step; the last step needs no forward. Greedy
    // and sampling stop at end-of-text; beam search goes on until `rows` hypotheses finished.
    QCOMPARE(s.forwards, r.steps);
    if (beamSize == 1 || temperature > 0)
      QCOMPARE(r.steps, static_cast<int>(words.size() + 1));
    else
      QVERIFY(r.steps <= static_cast<int>(words.size() + 3));
    QCOMPARE(s.tokensFed, static_cast<long long>(prompt.size()) + static_cast<long long>(rows) * (r.steps - 1));
    if (rows > 1) {
      QVERIFY(s.reorders >= 1);
      QCOMPARE(s.reorderIndices.front(), std::vector<long long>(static_cast<std::size_t>(rows), 0));
    } else {
      QCOMPARE(s.reorders, 0);
    }
  }

  void beamReordersTheCache() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    // Random logits make the beams overtake each other; the cache must follow every move, which
    // the fake checks by replaying each row's history: a wrong reorder changes the logits and
    // the result would differ from a search that recomputes each prefix from scratch.
    test::FakeWhisperModel model(randomScript(2.0f));
    DecodeOptions options = greedyOptions();
    options.beamSize = 4;
    options.maxNewTokens = 12;
    const DecodeResult r =
        decodeWindow(model, test::fakeEncoderOutput(model), *vocab, plainPrompt(*vocab), options, 0.0, kNoAbort);
    QVERIFY(model.stats.reorders >= 2);
    bool moved = false;
    for (std::size_t i = 1; i < model.stats.reorderIndices.size(); ++i)
      moved = moved || model.stats.reorderIndices[i] != std::vector<long long>{0, 1, 2, 3};
    QVERIFY(moved);
    // The chosen hypothesis scores as its tokens do under the (stateless) script.
    const LogitFilterChain filters = makeLogitFilters(*vocab, options);
    std::vector<int> history = plainPrompt(*vocab), sampled;
    double sum = 0;
    std::vector<int> full = r.tokens;
    if (r.endedWithEot)
      full.push_back(vocab->eot);
    for (int t : full) {
      std::vector<float> row = model.logitsFor(0, 0, 0, history, 4);
      applyFilters(filters, row, sampled);
      sum += row[static_cast<std::size_t>(t)] - logSumExp(row);
      sampled.push_back(t);
      history.push_back(t);
    }
    QVERIFY2(std::abs(sum - r.sumLogprob) < 1e-3, qPrintable(QStringLiteral("%1 vs %2").arg(sum).arg(r.sumLogprob)));
  }

  void samplingIsSeeded() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    std::vector<std::pair<int, double>> flat;
    for (const char *w : {" a", " b", " c", " d", " e", " f", " g", " h"})
      flat.emplace_back(test::singleToken(*vocab, w), 0.125);
    auto script = [&](const test::FakeStep &step, std::span<float> logits) {
      if (!step.inPrompt())
        setDistribution(logits,
                        step.sampled().size() < 16 ? flat : std::vector<std::pair<int, double>>{{vocab->eot, 1}});
    };
    auto run = [&](unsigned long long seed, double temperature) {
      test::FakeWhisperModel model(script);
      DecodeOptions options = greedyOptions();
      options.bestOf = 3;
      options.seed = seed;
      return decodeWindow(model, test::fakeEncoderOutput(model), *vocab, plainPrompt(*vocab), options, temperature,
                          kNoAbort)
          .tokens;
    };
    const std::vector<int> first = run(7, 0.8);
    QCOMPARE(first.size(), std::size_t(16));
    QCOMPARE(run(7, 0.8), first);
    QVERIFY(run(8, 0.8) != first);
    QVERIFY(run(7, 0.6) != first); // each temperature draws its own stream
  }

  void plainArgmaxRunsExactSteps() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    const int hello = test::singleToken(*vocab, " Hello");
    // End-of-text at step 1, start-of-transcript at step 2: the probe keeps going regardless.
    auto script = [&](const test::FakeStep &step, std::span<float> logits) {
      if (step.inPrompt())
        return;
      const std::size_t n = step.sampled().size();
      logits[static_cast<std::size_t>(n == 1 ? vocab->eot : n == 2 ? vocab->sot : hello)] = 10;
    };
    test::FakeWhisperModel model(script);
    DecodeOptions options;
    options.plainArgmax = true;
    options.maxNewTokens = 10;
    options.beamSize = 5; // ignored by the probe
    const DecodeResult r =
        decodeWindow(model, test::fakeEncoderOutput(model), *vocab, plainPrompt(*vocab), options, 0.0, kNoAbort);
    QCOMPARE(r.tokens.size(), std::size_t(10));
    QCOMPARE(r.tokens[0], hello);
    QCOMPARE(r.tokens[1], vocab->eot);
    QCOMPARE(r.tokens[2], vocab->sot);
    QCOMPARE(r.tokens[9], hello);
    QCOMPARE(r.steps, 10);
    QCOMPARE(model.stats.forwards, 10); // the prompt and 9 single tokens
    QCOMPARE(model.stats.forwardShapes.back(), (std::vector<long long>{1, 1}));
  }

  void stopsWhenTheContextIsFull() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    const int word = test::singleToken(*vocab, " la");
    auto script = [&](const test::FakeStep &step, std::span<float> logits) {
      if (!step.inPrompt())
        logits[static_cast<std::size_t>(word)] = 20;
    };
    test::FakeWhisperModel model(script); // 448 positions
    std::vector<int> prompt{vocab->startOfPrev};
    prompt.insert(prompt.end(), 435, 500);
    const std::vector<int> sot = plainPrompt(*vocab);
    prompt.insert(prompt.end(), sot.begin(), sot.end()); // 440 tokens
    DecodeOptions options = greedyOptions();
    options.suppressNonSpeech = false;
    const DecodeResult r = decodeWindow(model, test::fakeEncoderOutput(model), *vocab, prompt, options, 0.0, kNoAbort);
    QCOMPARE(r.tokens.size(), std::size_t(448 - 440 + 1)); // as openai: stop once past n_text_ctx
    QVERIFY(!r.endedWithEot);
  }

  void noSpeechProbabilityAtStartOfTranscript_data() {
    QTest::addColumn<bool>("withContext");
    QTest::newRow("bare prompt") << false;
    QTest::newRow("after previous text") << true;
  }

  void noSpeechProbabilityAtStartOfTranscript() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    QFETCH(bool, withContext);
    auto script = [&](const test::FakeStep &step, std::span<float> logits) {
      if (step.history.back() == vocab->sot)
        logits[static_cast<std::size_t>(vocab->noSpeech)] = 12; // only at the sot position
      else if (step.inPrompt())
        logits[static_cast<std::size_t>(vocab->noSpeech)] = 30; // elsewhere ignored
    };
    test::FakeWhisperModel model(script);
    std::vector<int> prompt = plainPrompt(*vocab);
    if (withContext)
      prompt = buildPrompt(*vocab, vocab->encodeText(" Earlier words here."), prompt);
    DecodeOptions options = greedyOptions();
    options.maxNewTokens = 2;
    const DecodeResult r = decodeWindow(model, test::fakeEncoderOutput(model), *vocab, prompt, options, 0.0, kNoAbort);
    const double e12 = std::exp(12.0);
    const double expected = e12 / (e12 + 51864.0);
    QVERIFY2(std::abs(r.noSpeechProb - expected) < 1e-4, qPrintable(QString::number(r.noSpeechProb)));
  }

  void abortThrowsCancelled() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    test::FakeWhisperModel model(randomScript(1.0f));
    std::atomic_bool abort{false};
    model.onForward = [&] {
      if (model.stats.forwards >= 3)
        abort = true;
    };
    DecodeOptions options = greedyOptions();
    options.maxNewTokens = 100;
    try {
      decodeWindow(model, test::fakeEncoderOutput(model), *vocab, plainPrompt(*vocab), options, 0.0, abort);
      QFAIL("no exception");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Cancelled);
    }
    QCOMPARE(model.stats.forwards, 4); // it stopped at the next step

    test::FakeWhisperModel idle(randomScript(1.0f));
    const std::atomic_bool raised{true};
    QVERIFY_THROWS_EXCEPTION(ModelError, decodeWindow(idle, test::fakeEncoderOutput(idle), *vocab, plainPrompt(*vocab),
                                                      options, 0.0, raised));
    QCOMPARE(idle.stats.forwards, 0);
  }

  void promptWithoutStartOfTranscriptIsRejected() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    test::FakeWhisperModel model(randomScript(1.0f));
    try {
      decodeWindow(model, test::fakeEncoderOutput(model), *vocab, {vocab->transcribe}, greedyOptions(), 0.0, kNoAbort);
      QFAIL("no exception");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Input);
    }
  }

  void detectsLanguage() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    const int de = *vocab->languageToken("de"), en = *vocab->languageToken("en");
    auto script = [&](const test::FakeStep &step, std::span<float> logits) {
      if (step.history.size() == 1 && step.history.back() == vocab->sot) {
        logits[static_cast<std::size_t>(de)] = 5;
        logits[static_cast<std::size_t>(en)] = 4;
        logits[static_cast<std::size_t>(test::singleToken(*vocab, " Hello"))] = 50; // not a language
      }
    };
    test::FakeWhisperModel model(script);
    const LanguageGuess guess = detectLanguage(model, test::fakeEncoderOutput(model), *vocab);
    QCOMPARE(guess.code, std::string("de"));
    QCOMPARE(guess.token, de);
    const double others = static_cast<double>(vocab->languages.size() - 2);
    const double expected = std::exp(5.0) / (std::exp(5.0) + std::exp(4.0) + others);
    QVERIFY(std::abs(guess.probability - expected) < 1e-5);
    QCOMPARE(guess.ranked.size(), vocab->languages.size());
    QCOMPARE(guess.ranked[1].first, std::string("en"));
    double total = 0;
    for (const auto &entry : guess.ranked)
      total += entry.second;
    QVERIFY(std::abs(total - 1.0) < 1e-5);
    QCOMPARE(model.stats.forwards, 1);
    QCOMPARE(model.stats.forwardShapes.front(), (std::vector<long long>{1, 1}));

    WhisperVocab english = *vocab;
    english.multilingual = false;
    QVERIFY_THROWS_EXCEPTION(ModelError, detectLanguage(model, test::fakeEncoderOutput(model), english));
  }
};

QTEST_GUILESS_MAIN(TestWindowDecoder)
#include "tst_windowdecoder.moc"
