// openai/whisper's logit filters on the real multilingual vocabulary: suppressed ids, the blank
// rule at the first step only, and the timestamp rules (pairs, monotonic, max initial timestamp,
// the probability-mass rule).
#include "core/inference/torch/whisper/decoding/logitfilters.h"
#include "tests/unit/whisperdecoding/testvocab.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace dragoman;
using namespace dragoman::torchrt::whisper;

namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

std::vector<float> flat(const WhisperVocab &vocab, float value = 0.0f) {
  return std::vector<float>(static_cast<std::size_t>(vocab.timestampBegin + 1501), value);
}

bool allowed(const std::vector<float> &logits, int id) {
  return logits[static_cast<std::size_t>(id)] != kNegInf;
}

// Allowed ids in [from, to).
int countAllowed(const std::vector<float> &logits, int from, int to) {
  int n = 0;
  for (int i = from; i < to; ++i)
    n += allowed(logits, i) ? 1 : 0;
  return n;
}

} // namespace

class TestLogitFilters : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void suppressedSetHasSpecialsAndNonSpeech() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    DecodeOptions options;
    options.suppressTokens = {1000, 1001};
    const std::vector<int> ids = suppressedTokens(*vocab, options);
    QVERIFY(std::is_sorted(ids.begin(), ids.end()));
    auto has = [&](int id) { return std::binary_search(ids.begin(), ids.end(), id); };
    for (int id : {vocab->sot, vocab->translate, vocab->transcribe, vocab->startOfPrev, vocab->startOfLm,
                   vocab->noSpeech, vocab->noTimestamps, 1000, 1001})
      QVERIFY2(has(id), qPrintable(QString::number(id)));
    const std::vector<int> nonSpeech = vocab->nonSpeechTokens();
    QVERIFY(nonSpeech.size() > 50);
    for (int id : nonSpeech)
      QVERIFY(has(id));
    QVERIFY(has(test::singleToken(*vocab, " (")));
    QVERIFY(has(test::singleToken(*vocab, "[")));
    // Speech stays allowed: words, digits, plain punctuation, end-of-text, timestamps.
    for (const char *t : {" Hello", ",", ".", "?", " 1"})
      QVERIFY2(!has(test::singleToken(*vocab, t)), t);
    QVERIFY(!has(vocab->eot));
    QVERIFY(!has(vocab->timestampBegin));

    options.suppressNonSpeech = false;
    options.timestamps = false;
    const std::vector<int> fewer = suppressedTokens(*vocab, options);
    QVERIFY(!std::binary_search(fewer.begin(), fewer.end(), test::singleToken(*vocab, " (")));
    QVERIFY(!std::binary_search(fewer.begin(), fewer.end(), vocab->noTimestamps));
    QVERIFY(std::binary_search(fewer.begin(), fewer.end(), vocab->sot));
    QCOMPARE(fewer.size(), std::size_t(8)); // two extra ids + six specials
  }

  void suppressTokensMasksEveryStep() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    const SuppressTokens filter({5, 7, 5});
    QCOMPARE(filter.ids(), (std::vector<int>{5, 7}));
    for (const std::vector<int> &sampled : {std::vector<int>{}, std::vector<int>{100, 200}}) {
      std::vector<float> logits = flat(*vocab, 1.0f);
      filter.apply(logits, sampled);
      QVERIFY(!allowed(logits, 5));
      QVERIFY(!allowed(logits, 7));
      QCOMPARE(countAllowed(logits, 0, static_cast<int>(logits.size())), static_cast<int>(logits.size()) - 2);
    }
  }

  void blankSuppressedOnlyAtFirstStep() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    DecodeOptions options;
    options.timestamps = false;
    const LogitFilterChain chain = makeLogitFilters(*vocab, options);
    const int space = test::singleToken(*vocab, " ");
    std::vector<float> first = flat(*vocab);
    applyFilters(chain, first, {});
    QVERIFY(!allowed(first, space));
    QVERIFY(!allowed(first, vocab->eot));
    QVERIFY(allowed(first, test::singleToken(*vocab, " Hello")));

    std::vector<float> later = flat(*vocab);
    const std::vector<int> sampled{test::singleToken(*vocab, " Hello")};
    applyFilters(chain, later, sampled);
    QVERIFY(allowed(later, space));
    QVERIFY(allowed(later, vocab->eot));

    options.suppressBlank = false;
    std::vector<float> noBlankRule = flat(*vocab);
    applyFilters(makeLogitFilters(*vocab, options), noBlankRule, {});
    QVERIFY(allowed(noBlankRule, space));
    QVERIFY(allowed(noBlankRule, vocab->eot));
  }

  void plainArgmaxHasNoFilters() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    DecodeOptions options;
    options.plainArgmax = true;
    QVERIFY(makeLogitFilters(*vocab, options).empty());
    options.plainArgmax = false;
    QCOMPARE(makeLogitFilters(*vocab, options).size(), std::size_t(3));
    options.timestamps = false;
    options.suppressBlank = false;
    QCOMPARE(makeLogitFilters(*vocab, options).size(), std::size_t(1));
  }

  // Which ids the timestamp rules leave after a given output, with flat logits (so the
  // probability-mass rule forces a timestamp whenever one is allowed).
  void timestampRules_data() {
    QTest::addColumn<QList<double>>("sampled"); // >= 0: timestamp in seconds; -1: a text token
    QTest::addColumn<bool>("textAllowed");
    QTest::addColumn<bool>("eotAllowed");
    QTest::addColumn<double>("firstTimestamp"); // lowest allowed timestamp, -1: none
    QTest::addColumn<double>("lastTimestamp");  // highest allowed timestamp

    // First step: a timestamp no later than max_initial_timestamp (1.0 s).
    QTest::newRow("first step") << QList<double>{} << false << false << 0.0 << 1.0;
    // After the opening timestamp: text only (a pair would be an empty segment).
    QTest::newRow("after opening") << QList<double>{0.4} << true << true << -1.0 << -1.0;
    // Inside a segment: text, or a timestamp strictly later than its start.
    QTest::newRow("inside segment") << QList<double>{0.4, -1} << false << false << 0.42 << 30.0;
    // A segment just ended at 2.0: its pair partner (>= 2.0) or end-of-text, no text; with flat
    // logits the timestamps outweigh end-of-text, so only they remain.
    QTest::newRow("segment end") << QList<double>{0.4, -1, 2.0} << false << false << 2.0 << 30.0;
    // A pair closed: text must follow.
    QTest::newRow("after pair") << QList<double>{0.4, -1, 2.0, 2.0} << true << true << -1.0 << -1.0;
    // Second segment: later than 2.0 only.
    QTest::newRow("second segment") << QList<double>{0.4, -1, 2.0, 2.0, -1} << false << false << 2.02 << 30.0;
  }

  void timestampRules() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    QFETCH(QList<double>, sampled);
    QFETCH(bool, textAllowed);
    QFETCH(bool, eotAllowed);
    QFETCH(double, firstTimestamp);
    QFETCH(double, lastTimestamp);
    const int word = test::singleToken(*vocab, " word");
    std::vector<int> tokens;
    for (double s : sampled)
      tokens.push_back(s < 0 ? word : test::timestampToken(*vocab, s));

    const ApplyTimestampRules rules(vocab->eot, vocab->noTimestamps, vocab->timestampBegin, 50);
    std::vector<float> logits = flat(*vocab);
    rules.apply(logits, tokens);
    const int tb = vocab->timestampBegin;
    QVERIFY(!allowed(logits, vocab->noTimestamps));
    QCOMPARE(allowed(logits, word), textAllowed);
    QCOMPARE(countAllowed(logits, 0, vocab->eot) > 0, textAllowed);
    QCOMPARE(allowed(logits, vocab->eot), eotAllowed);
    if (firstTimestamp < 0) {
      QCOMPARE(countAllowed(logits, tb, static_cast<int>(logits.size())), 0);
    } else {
      const int lo = test::timestampToken(*vocab, firstTimestamp);
      const int hi = test::timestampToken(*vocab, lastTimestamp);
      QVERIFY(!allowed(logits, lo - 1));
      QVERIFY(allowed(logits, lo));
      QVERIFY(allowed(logits, hi));
      QCOMPARE(countAllowed(logits, tb, static_cast<int>(logits.size())), hi - lo + 1);
    }
  }

  void noInitialLimitWhenDisabled() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    DecodeOptions options;
    options.maxInitialTimestamp = 0;
    const LogitFilterChain chain = makeLogitFilters(*vocab, options);
    std::vector<float> logits = flat(*vocab);
    applyFilters(chain, logits, {});
    QVERIFY(allowed(logits, test::timestampToken(*vocab, 29.0)));
    options.maxInitialTimestamp = 2.0;
    std::vector<float> limited = flat(*vocab);
    applyFilters(makeLogitFilters(*vocab, options), limited, {});
    QVERIFY(allowed(limited, test::timestampToken(*vocab, 2.0)));
    QVERIFY(!allowed(limited, test::timestampToken(*vocab, 2.02)));
  }

  // "If the sum of probability over timestamps is above any other token, sample a timestamp."
  void timestampMassForcesTimestamp_data() {
    QTest::addColumn<float>("textLogit");
    QTest::addColumn<bool>("textSurvives");
    // 1501 timestamps at logit 5: log-sum-exp = 5 + ln(1501) = 12.31.
    QTest::newRow("text below mass") << 12.0f << false;
    QTest::newRow("text above mass") << 12.6f << true;
  }

  void timestampMassForcesTimestamp() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    QFETCH(float, textLogit);
    QFETCH(bool, textSurvives);
    const int word = test::singleToken(*vocab, " word");
    const std::vector<int> sampled{test::timestampToken(*vocab, 0.0), word};
    std::vector<float> logits = flat(*vocab, -100.0f);
    for (int i = vocab->timestampBegin; i < static_cast<int>(logits.size()); ++i)
      logits[static_cast<std::size_t>(i)] = 5.0f;
    logits[static_cast<std::size_t>(word)] = textLogit;
    const ApplyTimestampRules rules(vocab->eot, vocab->noTimestamps, vocab->timestampBegin, std::nullopt);
    rules.apply(logits, sampled);
    QCOMPARE(allowed(logits, word), textSurvives);
    QVERIFY(allowed(logits, test::timestampToken(*vocab, 3.0)));
  }
};

QTEST_GUILESS_MAIN(TestLogitFilters)
#include "tst_logitfilters.moc"
