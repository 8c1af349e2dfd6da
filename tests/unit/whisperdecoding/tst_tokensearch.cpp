// The searches over plain rows of logits: greedy, seeded sampling, beam search with patience, the
// length-penalty ranking, and the small maths under them. A tiny vocabulary of 8 ids, 7 = end.
#include "core/inference/torch/whisper/decoding/search.h"
#include "core/inference/torch/whisper/decoding/tokenmath.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <map>

using namespace dragoman::torchrt::whisper;

namespace {

constexpr int kVocab = 8;
constexpr int kEot = 7;

// Log-probabilities of the next token after a prefix; unlisted tokens get ~0 probability.
using Table = std::map<std::vector<int>, std::map<int, double>>;

std::vector<float> rowFor(const Table &table, const std::vector<int> &prefix) {
  std::vector<float> row(kVocab, -1e4f);
  const auto it = table.find(prefix);
  if (it == table.end()) {
    row[kEot] = 0; // unknown prefixes end
    return row;
  }
  for (const auto &[token, p] : it->second)
    row[static_cast<std::size_t>(token)] = static_cast<float>(std::log(p));
  return row;
}

// Runs a search against the table for at most `steps` steps; returns the ranked best.
Candidate run(ITokenSearch &search, const Table &table, int steps, double lengthPenalty = -1) {
  for (int i = 0; i < steps; ++i) {
    std::vector<float> logits;
    for (const auto &seq : search.sequences()) {
      const std::vector<float> row = rowFor(table, seq);
      logits.insert(logits.end(), row.begin(), row.end());
    }
    if (search.step(logits, kVocab))
      break;
  }
  const std::vector<Candidate> all = search.finalize();
  const int best = rankCandidates(all, lengthPenalty);
  return best >= 0 ? all[static_cast<std::size_t>(best)] : Candidate{};
}

// Greedy takes 1 (p 0.6), after which every continuation is unlikely; 2 (p 0.4) leads to a sure
// continuation. Beam search finds 2 3.
Table trapTable() {
  return Table{
      {{}, {{1, 0.6}, {2, 0.4}}},
      {{1}, {{3, 0.1}, {4, 0.1}, {5, 0.1}, {6, 0.1}, {0, 0.6}}},
      {{1, 0}, {{5, 0.1}, {6, 0.1}, {4, 0.1}, {3, 0.1}, {kEot, 0.6}}},
      {{2}, {{3, 0.99}, {kEot, 0.01}}},
      {{2, 3}, {{kEot, 0.99}, {4, 0.01}}},
  };
}

} // namespace

class TestTokenSearch : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void maths() {
    const std::vector<float> row{1.0f, 3.0f, 3.0f, -std::numeric_limits<float>::infinity()};
    QCOMPARE(argmax(row), 1);
    QCOMPARE(topK(row, 3), (std::vector<int>{1, 2, 0}));
    QVERIFY(std::abs(logSumExp(row) - std::log(std::exp(1.0) + 2 * std::exp(3.0))) < 1e-6);
    const std::vector<float> ls = logSoftmax(row);
    double total = 0;
    for (float v : ls)
      total += std::exp(static_cast<double>(v));
    QVERIFY(std::abs(total - 1.0) < 1e-6);
    QVERIFY(std::isinf(ls[3]));
    QCOMPARE(compressionRatio(""), 0.0);
    // A repeated phrase compresses far better than varied text.
    std::string loop;
    for (int i = 0; i < 30; ++i)
      loop += "Thank you. ";
    QVERIFY(compressionRatio(loop) > 2.4);
    QVERIFY(compressionRatio("And so my fellow Americans, ask not what your country can do for you.") < 2.0);
  }

  void samplingNeverPicksForbidden() {
    SplitMix64 rng(1);
    std::vector<float> row(kVocab, -std::numeric_limits<float>::infinity());
    row[2] = 0;
    row[5] = 0;
    int counts[kVocab] = {};
    for (int i = 0; i < 2000; ++i)
      ++counts[sampleCategorical(row, 1.0, rng)];
    QCOMPARE(counts[2] + counts[5], 2000);
    QVERIFY(counts[2] > 800 && counts[5] > 800); // both, roughly evenly
    // Low temperature: the larger logit nearly always.
    row[5] = 1;
    int high = 0;
    for (int i = 0; i < 500; ++i)
      high += sampleCategorical(row, 0.05, rng) == 5 ? 1 : 0;
    QVERIFY(high >= 499);
  }

  void greedyFollowsArgmaxAndStopsAtEnd() {
    GreedySearch greedy(1, 0.0, kEot, 0);
    const Candidate best = run(greedy, trapTable(), 20);
    QCOMPARE(best.tokens, (std::vector<int>{1, 0}));
    QVERIFY(best.endedWithEot);
    QVERIFY(std::abs(best.sumLogprob - (std::log(0.6) + std::log(0.6) + std::log(0.6))) < 1e-3);
  }

  void greedyRowsKeepEnding() {
    // Row 0 ends at once, row 1 goes on: row 0 keeps emitting end-of-text and its score stays.
    GreedySearch greedy(2, 0.0, kEot, 0);
    std::vector<float> logits(2 * kVocab, -1e4f);
    logits[kEot] = 0;
    logits[kVocab + 3] = 0;
    QVERIFY(!greedy.step(logits, kVocab));
    logits.assign(2 * kVocab, -1e4f);
    logits[4] = 0; // row 0 would now pick 4, but it has ended
    logits[kVocab + kEot] = 0;
    QVERIFY(greedy.step(logits, kVocab));
    QCOMPARE(greedy.sequences()[0], (std::vector<int>{kEot, kEot}));
    const std::vector<Candidate> c = greedy.finalize();
    QCOMPARE(c[0].tokens, std::vector<int>{});
    QCOMPARE(c[1].tokens, std::vector<int>{3});
    QVERIFY(std::abs(c[0].sumLogprob) < 1e-3);
  }

  void samplingIsDeterministicPerSeed() {
    // Every step draws among 6 equally likely tokens, for 3 rows and 8 steps.
    auto draw = [](std::uint64_t seed) {
      GreedySearch s(3, 1.0, kEot, seed);
      std::vector<float> logits(3 * kVocab, -1e4f);
      for (int r = 0; r < 3; ++r)
        for (int t = 0; t < 6; ++t)
          logits[static_cast<std::size_t>(r * kVocab + t)] = 0;
      for (int i = 0; i < 8; ++i)
        s.step(logits, kVocab);
      return s.sequences();
    };
    QCOMPARE(draw(42), draw(42));
    QVERIFY(draw(42) != draw(43));
    const auto rows = draw(42);
    QVERIFY(rows[0] != rows[1] || rows[1] != rows[2]); // the rows draw independently
  }

  void beamFindsWhatGreedyMisses() {
    BeamSearch beam(2, 1.0, kEot);
    const Candidate best = run(beam, trapTable(), 20);
    QCOMPARE(best.tokens, (std::vector<int>{2, 3}));
    QVERIFY(best.endedWithEot);
    QVERIFY(std::abs(best.sumLogprob - (std::log(0.4) + std::log(0.99) + std::log(0.99))) < 1e-3);
  }

  void beamKeepsRowsAndReportsSources() {
    BeamSearch beam(3, 1.0, kEot);
    QCOMPARE(beam.rows(), 3);
    std::vector<float> logits(3 * kVocab, -1e4f);
    for (int r = 0; r < 3; ++r) { // all rows equal, as after the prompt
      logits[static_cast<std::size_t>(r * kVocab + 1)] = std::log(0.5f);
      logits[static_cast<std::size_t>(r * kVocab + 2)] = std::log(0.3f);
      logits[static_cast<std::size_t>(r * kVocab + 3)] = std::log(0.2f);
    }
    QVERIFY(!beam.step(logits, kVocab));
    // Equal rows collapse: three distinct continuations, best first.
    QCOMPARE(beam.sequences(), (std::vector<std::vector<int>>{{1}, {2}, {3}}));
    QCOMPARE(beam.sources().size(), std::size_t(3));
    // Next step: only row 2 ([3]) has a good continuation.
    logits.assign(3 * kVocab, std::log(1e-4f));
    logits[static_cast<std::size_t>(2 * kVocab + 4)] = 0;
    QVERIFY(!beam.step(logits, kVocab));
    QCOMPARE(beam.sequences().front(), (std::vector<int>{3, 4}));
    QCOMPARE(beam.sources().front(), 2LL);
  }

  // Patience: with beam 2 the search stops after 2 finished hypotheses; with patience 2 it waits
  // for 4 and finds a better, later-finishing one.
  void patienceWaitsForMoreCandidates() {
    // Both first tokens most likely end at once: two short hypotheses finish at step 2. Longer
    // ones finish two steps later and score better per token.
    const Table table{
        {{}, {{1, 0.5}, {2, 0.5}}},
        {{1}, {{kEot, 0.6}, {3, 0.4}}},
        {{2}, {{kEot, 0.6}, {4, 0.4}}},
        {{1, 3}, {{5, 0.999}, {kEot, 0.001}}},
        {{2, 4}, {{6, 0.999}, {kEot, 0.001}}},
        {{1, 3, 5}, {{kEot, 0.999}, {0, 0.001}}},
        {{2, 4, 6}, {{kEot, 0.999}, {0, 0.001}}},
    };
    BeamSearch impatient(2, 1.0, kEot);
    QCOMPARE(impatient.maxCandidates(), 2);
    const Candidate quick = run(impatient, table, 10);
    QCOMPARE(quick.tokens.size(), std::size_t(1)); // [1] or [2], then end: log(0.3) per token

    BeamSearch patient(2, 2.0, kEot);
    QCOMPARE(patient.maxCandidates(), 4);
    const Candidate slow = run(patient, table, 10);
    QCOMPARE(slow.tokens.size(), std::size_t(3)); // [1 3 5]: log(0.2) / 3 beats log(0.3) / 1
    QVERIFY(slow.endedWithEot);
    QVERIFY(patient.finishedCount() >= 4);
  }

  void rankingByLengthPenalty_data() {
    QTest::addColumn<double>("penalty");
    QTest::addColumn<int>("winner");
    // short: 1 token, sum -1.0; long: 4 tokens, sum -2.0.
    QTest::newRow("per-token average (openai default)") << -1.0 << 1; // -1.0 vs -0.5
    QTest::newRow("alpha 0: raw sum") << 0.0 << 0;                    // -1.0 vs -2.0
    QTest::newRow("alpha 1: GNMT") << 1.0 << 0;                       // -1.0 vs -2.0 / 1.5
  }

  void rankingByLengthPenalty() {
    QFETCH(double, penalty);
    QFETCH(int, winner);
    const std::vector<Candidate> candidates{{{5}, -1.0, true}, {{1, 2, 3, 4}, -2.0, true}};
    QCOMPARE(rankCandidates(candidates, penalty), winner);
    QCOMPARE(rankCandidates({}, penalty), -1);
  }

  void beamFinalizeAddsLiveBeamsWhenShort() {
    // No hypothesis finishes within the budget: the live beams are ranked instead.
    const Table table{{{}, {{1, 0.7}, {2, 0.3}}}, {{1}, {{3, 1.0}}}, {{2}, {{4, 1.0}}}};
    BeamSearch beam(2, 1.0, kEot);
    const Candidate best = run(beam, table, 2);
    QCOMPARE(best.tokens, (std::vector<int>{1, 3}));
    QVERIFY(!best.endedWithEot);
  }
};

QTEST_GUILESS_MAIN(TestTokenSearch)
#include "tst_tokensearch.moc"
