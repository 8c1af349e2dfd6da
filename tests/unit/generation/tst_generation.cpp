// Greedy and beam search and the logits processors over a deterministic fake decoder (no torch):
// beam search with one beam is greedy, a batch equals its sentences one by one, the processors ban
// what they must, finished rows are dropped, and abort stops the search.
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/generation/processors.h"
#include "core/inference/torch/generation/search.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <vector>

using namespace dragoman::torchrt;
using namespace dragoman::torchrt::generation;

namespace {

// Scores that depend on the whole sequence of a row and on the row's source sentence, so that a
// wrong reorder or a lost token changes the result.
class FakeDecoder : public IDecoderSteps {
public:
  FakeDecoder(std::vector<int> sources, long long vocab) : m_source(std::move(sources)), m_seqs(m_source.size()), m_vocab(vocab) {}
  void step(const std::vector<long long> &tokens, std::vector<float> &logits) override {
    QCOMPARE(tokens.size(), m_seqs.size());
    ++steps;
    maxRows = std::max(maxRows, tokens.size());
    logits.assign(tokens.size() * static_cast<std::size_t>(m_vocab), 0.0f);
    for (std::size_t r = 0; r < tokens.size(); ++r) {
      m_seqs[r].push_back(tokens[r]);
      unsigned long long h = 1469598103934665603ULL + static_cast<unsigned long long>(m_source[r]) * 7919ULL;
      for (long long t : m_seqs[r])
        h = (h ^ static_cast<unsigned long long>(t + 1)) * 1099511628211ULL;
      for (long long v = 0; v < m_vocab; ++v) {
        const unsigned long long x = (h ^ static_cast<unsigned long long>(v * 2654435761LL)) * 0x9E3779B97F4A7C15ULL;
        logits[r * static_cast<std::size_t>(m_vocab) + static_cast<std::size_t>(v)] = static_cast<float>((x >> 40) % 1000) / 100.0f;
      }
      // The end token gets likelier as the row grows.
      logits[r * static_cast<std::size_t>(m_vocab) + 1] += 0.6f * static_cast<float>(m_seqs[r].size());
    }
  }
  void reorder(const std::vector<long long> &index) override {
    std::vector<int> source;
    std::vector<std::vector<long long>> seqs;
    for (long long i : index) {
      source.push_back(m_source.at(static_cast<std::size_t>(i)));
      seqs.push_back(m_seqs.at(static_cast<std::size_t>(i)));
    }
    m_source = std::move(source);
    m_seqs = std::move(seqs);
  }
  long long vocabSize() const override { return m_vocab; }
  int steps = 0;
  std::size_t maxRows = 0;

private:
  std::vector<int> m_source;
  std::vector<std::vector<long long>> m_seqs;
  long long m_vocab;
};

GenerationConfig config(int beams) {
  GenerationConfig c;
  c.decoderStartTokenId = 0;
  c.eosTokenIds = {1};
  c.padTokenId = 0;
  c.maxLength = 24;
  c.numBeams = beams;
  return c;
}

const std::atomic_bool kNever{false};

} // namespace

class TestGeneration : public QObject {
  Q_OBJECT

private Q_SLOTS:
  // The vectorised exponential under logSoftmax: within float rounding of a double-precision
  // reference over a vocabulary-sized row (lengths with and without a tail of fewer than eight),
  // banned (-inf) logits stay -inf, far-below-max logits underflow to their true log-probability.
  void logSoftmaxMatchesDoubleReference() {
    std::mt19937 rng(11);
    for (long long n : {1LL, 7LL, 8LL, 1003LL, 58101LL}) {
      for (float spread : {0.5f, 4.0f, 60.0f}) {
        std::normal_distribution<float> d(0.0f, spread);
        std::vector<float> row(static_cast<std::size_t>(n));
        for (float &v : row)
          v = d(rng);
        for (std::size_t i = 1; i < row.size(); i += 5)
          row[i] = -std::numeric_limits<float>::infinity();
        const std::vector<float> in = row;
        float m = -std::numeric_limits<float>::infinity();
        for (float v : in)
          m = std::max(m, v);
        double sum = 0.0;
        for (float v : in)
          sum += std::exp(double(v) - double(m));
        const double logSum = std::log(sum);
        generation::logSoftmax(row.data(), n);
        double total = 0.0;
        for (std::size_t i = 0; i < row.size(); ++i) {
          if (std::isinf(in[i])) {
            QVERIFY(std::isinf(row[i]) && row[i] < 0);
            continue;
          }
          const double want = double(in[i]) - double(m) - logSum;
          QVERIFY2(std::abs(row[i] - want) <= 4e-7 * (std::abs(want) + std::abs(double(in[i])) + 1.0),
                   qPrintable(QStringLiteral("n %1 spread %2 at %3: %4 vs %5").arg(n).arg(spread).arg(i).arg(row[i]).arg(want)));
          total += std::exp(double(row[i]));
        }
        QVERIFY(std::abs(total - 1.0) < 1e-5);
      }
    }
  }

  void greedyStopsAtEndOrMaxLength() {
    FakeDecoder d({0, 1, 2}, 50);
    const auto r = greedySearch(d, 3, config(1), kNever);
    for (const SearchResult &s : r) {
      QCOMPARE(s.best.ids.front(), 0LL);
      QVERIFY(s.best.ids.size() <= 24);
      QVERIFY(s.best.ids.back() == 1 || s.best.ids.size() == 24);
      QVERIFY(std::isfinite(s.best.score) && s.best.score <= 0.0f);
    }
  }

  void beamOfOneIsGreedy() {
    for (int source = 0; source < 8; ++source) {
      FakeDecoder a({source}, 40), b({source}, 40);
      const auto g = greedySearch(a, 1, config(1), kNever);
      const auto beam = beamSearch(b, 1, config(1), kNever);
      QCOMPARE(beam.front().best.ids, g.front().best.ids);
    }
  }

  void batchEqualsOneByOne_data() {
    QTest::addColumn<int>("beams");
    QTest::newRow("greedy") << 1;
    QTest::newRow("beam 4") << 4;
  }
  void batchEqualsOneByOne() {
    QFETCH(int, beams);
    FakeDecoder together({3, 4, 5, 6}, 60);
    const auto all = beams == 1 ? greedySearch(together, 4, config(1), kNever) : beamSearch(together, 4, config(beams), kNever);
    for (int i = 0; i < 4; ++i) {
      FakeDecoder alone({3 + i}, 60);
      const auto one = beams == 1 ? greedySearch(alone, 1, config(1), kNever) : beamSearch(alone, 1, config(beams), kNever);
      QCOMPARE(all[static_cast<std::size_t>(i)].best.ids, one.front().best.ids);
      QCOMPARE(all[static_cast<std::size_t>(i)].best.score, one.front().best.score);
    }
  }

  void beamScoresAreSortedAndNormalised() {
    FakeDecoder d({9}, 30);
    const auto r = beamSearch(d, 1, config(4), kNever);
    const auto &beams = r.front().beams;
    QCOMPARE(beams.size(), std::size_t(4));
    for (std::size_t i = 1; i < beams.size(); ++i)
      QVERIFY(beams[i - 1].score >= beams[i].score);
    QCOMPARE(r.front().best.ids, beams.front().ids);
    QVERIFY(d.maxRows <= 4);
  }

  void processorsBan() {
    GenerationConfig c = config(1);
    c.noRepeatNgramSize = 2;
    c.badWordsIds = {{7}, {3, 4}};
    std::vector<float> scores(10, 1.0f);
    // "5 6 ... 5" : 6 would repeat the bigram (5, 6); 4 follows 3 in a banned pair? no, last is 5.
    QVERIFY(!applyProcessors(c, {0, 5, 6, 2, 5}, scores.data(), 10));
    QVERIFY(std::isinf(scores[6]) && std::isinf(scores[7]));
    QVERIFY(std::isfinite(scores[4]));
    std::fill(scores.begin(), scores.end(), 1.0f);
    applyProcessors(c, {0, 3}, scores.data(), 10);
    QVERIFY(std::isinf(scores[4]));
    c.forcedBosTokenId = 8;
    std::fill(scores.begin(), scores.end(), 1.0f);
    QVERIFY(applyProcessors(c, {0}, scores.data(), 10));
    QCOMPARE(scores[8], 0.0f);
    QVERIFY(std::isinf(scores[2]));
    c.forcedEosTokenId = 1;
    c.maxLength = 5;
    std::fill(scores.begin(), scores.end(), 1.0f);
    QVERIFY(applyProcessors(c, {0, 2, 3, 4}, scores.data(), 10));
    QCOMPARE(scores[1], 0.0f);
    QVERIFY(std::isinf(scores[3]));
  }

  void noRepeatHoldsInOutput() {
    GenerationConfig c = config(4);
    c.noRepeatNgramSize = 2;
    c.eosTokenIds = {99}; // never likely: run to max_length
    for (int beams : {1, 4}) {
      c.numBeams = beams;
      FakeDecoder d({11}, 12);
      const auto r = beams == 1 ? greedySearch(d, 1, c, kNever) : beamSearch(d, 1, c, kNever);
      const auto &ids = r.front().best.ids;
      std::set<std::pair<long long, long long>> seen;
      for (std::size_t i = 0; i + 1 < ids.size(); ++i)
        QVERIFY2(seen.insert({ids[i], ids[i + 1]}).second, "a bigram repeats");
    }
  }

  void abortStops() {
    FakeDecoder d({1}, 20);
    const std::atomic_bool abort{true};
    try {
      greedySearch(d, 1, config(1), abort);
      QFAIL("the search went on");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Cancelled);
    }
    QCOMPARE(d.steps, 0);
  }
};

QTEST_GUILESS_MAIN(TestGeneration)
#include "tst_generation.moc"
