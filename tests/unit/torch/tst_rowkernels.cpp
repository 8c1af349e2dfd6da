// The decoders' matrix-vector kernels against a double-precision reference (one row, and a few rows
// sharing each read of the weights), nn::project against at::linear, and the pool that splits them
// over threads (every part of every section runs exactly once, also after the helpers have gone to
// sleep, and two callers at once each get their whole section done).
#include "core/inference/torch/nn/rowkernels.h"
#include "core/inference/torch/nn/project.h"
#include "core/inference/torch/runtime/rowpool.h"

#include <ATen/ATen.h>

#include <QTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <thread>
#include <vector>

using namespace dragoman::torchrt;

namespace {

std::vector<float> randomVector(std::size_t n, std::mt19937 &rng) {
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float &x : v)
    x = u(rng);
  return v;
}

} // namespace

class TestRowKernels : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void matVecMatchesReference_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    // Vector-width multiples, tails only, and both; a head of 64 against 1500 encoder positions.
    QTest::newRow("16x32") << 16 << 32;
    QTest::newRow("5x8") << 5 << 8;
    QTest::newRow("7x37") << 7 << 37;
    QTest::newRow("1500x64") << 1500 << 64;
    QTest::newRow("33x1537") << 33 << 1537;
  }
  void matVecMatchesReference() {
    QFETCH(int, rows);
    QFETCH(int, cols);
    std::mt19937 rng(static_cast<unsigned>(rows * 1000 + cols));
    const std::vector<float> w = randomVector(std::size_t(rows) * std::size_t(cols), rng), x = randomVector(std::size_t(cols), rng),
                             bias = randomVector(std::size_t(rows), rng);
    std::vector<float> y(std::size_t(rows) + 1, 99.0f), yb(std::size_t(rows), 0.0f);
    // Two halves, split at an odd row: the ranges must meet without overlap.
    const long long mid = rows / 2 + (rows > 2 ? 1 : 0);
    matVecRows(w.data(), cols, x.data(), nullptr, y.data(), 0, mid);
    matVecRows(w.data(), cols, x.data(), nullptr, y.data(), mid, rows);
    matVecRows(w.data(), cols, x.data(), bias.data(), yb.data(), 0, rows);
    QCOMPARE(y[std::size_t(rows)], 99.0f); // nothing written past the end
    for (int r = 0; r < rows; ++r) {
      double ref = 0.0, mag = 0.0;
      for (int j = 0; j < cols; ++j) {
        ref += double(w[std::size_t(r) * std::size_t(cols) + std::size_t(j)]) * double(x[std::size_t(j)]);
        mag += std::abs(double(w[std::size_t(r) * std::size_t(cols) + std::size_t(j)]) * double(x[std::size_t(j)]));
      }
      const double tol = 1e-6 * mag + 1e-6;
      QVERIFY2(std::abs(y[std::size_t(r)] - ref) <= tol, qPrintable(QStringLiteral("row %1: %2 vs %3").arg(r).arg(y[std::size_t(r)]).arg(ref)));
      QVERIFY(std::abs(yb[std::size_t(r)] - (ref + double(bias[std::size_t(r)]))) <= tol + 1e-6);
    }
  }

  void matRowsMatchesReference_data() {
    QTest::addColumn<int>("inputs");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    // One to 32 input rows (groups of four, a short last group); weight rows across blocks of
    // 32 and tiles of 2 and 4 (AVX2) or 4 (AVX-512); columns with and without a tail.
    for (int inputs : {1, 2, 3, 4, 5, 8, 21, 32})
      for (const auto &[rows, cols] : std::vector<std::pair<int, int>>{{67, 64}, {33, 37}, {5, 8}, {130, 7}})
        QTest::addRow("%dx(%dx%d)", inputs, rows, cols) << inputs << rows << cols;
  }
  void matRowsMatchesReference() {
    QFETCH(int, inputs);
    QFETCH(int, rows);
    QFETCH(int, cols);
    std::mt19937 rng(static_cast<unsigned>(inputs * 7919 + rows * 31 + cols));
    const std::vector<float> w = randomVector(std::size_t(rows) * std::size_t(cols), rng),
                             x = randomVector(std::size_t(inputs) * std::size_t(cols), rng),
                             bias = randomVector(std::size_t(rows), rng);
    const std::size_t ldy = std::size_t(rows) + 3; // rows of y further apart than the output
    std::vector<float> y(std::size_t(inputs) * ldy, 99.0f);
    // Three ranges, split at odd rows: they must meet without overlap.
    const long long a = rows / 3 | 1, b = std::min<long long>(rows, 2 * rows / 3 + 1);
    matRows(w.data(), cols, x.data(), inputs, bias.data(), y.data(), long(ldy), 0, a);
    matRows(w.data(), cols, x.data(), inputs, bias.data(), y.data(), long(ldy), a, b);
    matRows(w.data(), cols, x.data(), inputs, bias.data(), y.data(), long(ldy), b, rows);
    for (int i = 0; i < inputs; ++i) {
      for (std::size_t gap = std::size_t(rows); gap < ldy; ++gap)
        QCOMPARE(y[std::size_t(i) * ldy + gap], 99.0f);
      for (int r = 0; r < rows; ++r) {
        double ref = double(bias[std::size_t(r)]), mag = 1.0;
        for (int j = 0; j < cols; ++j) {
          const double p = double(w[std::size_t(r) * std::size_t(cols) + std::size_t(j)]) * double(x[std::size_t(i) * std::size_t(cols) + std::size_t(j)]);
          ref += p;
          mag += std::abs(p);
        }
        const float got = y[std::size_t(i) * ldy + std::size_t(r)];
        QVERIFY2(std::abs(got - ref) <= 1e-6 * mag, qPrintable(QStringLiteral("input %1 row %2: %3 vs %4").arg(i).arg(r).arg(got).arg(ref)));
      }
    }
    // From two inputs on, a row's result does not depend on its neighbours: each pair of inputs
    // alone gives the same bits as the whole call.
    if (inputs >= 2)
      for (int i = 0; i + 1 < inputs; i += 2) {
        std::vector<float> pair(2 * std::size_t(rows));
        matRows(w.data(), cols, x.data() + std::size_t(i) * std::size_t(cols), 2, bias.data(), pair.data(), rows, 0, rows);
        for (int k = 0; k < 2; ++k)
          for (int r = 0; r < rows; ++r)
            QCOMPARE(pair[std::size_t(k) * std::size_t(rows) + std::size_t(r)], y[std::size_t(i + k) * ldy + std::size_t(r)]);
      }
  }

  // nn::project: up to 32 rows through matRows on the shared pool, more through at::linear;
  // either way the product at::linear computes.
  void projectMatchesLinear() {
    at::manual_seed(5);
    const at::Tensor w = at::randn({1000, 96}), b = at::randn({1000});
    for (long long rows : {1, 2, 3, 4, 7, 8, 9, 16, 20, 32, 33}) {
      const at::Tensor x = at::randn({rows, 1, 96});
      const at::Tensor got = nn::project(x, w, b), want = at::linear(x, w, b);
      QCOMPARE(got.sizes().vec(), want.sizes().vec());
      QVERIFY2(at::allclose(got, want, 1e-5, 1e-5), qPrintable(QString::number(rows)));
      QVERIFY(at::allclose(nn::project(x, w), at::linear(x, w), 1e-5, 1e-5));
    }
    // A view that is not contiguous, and a weight that is not, still give the right product.
    const at::Tensor x = at::randn({96, 4}).t();
    QVERIFY(at::allclose(nn::project(x, w, b), at::linear(x, w, b), 1e-5, 1e-5));
    const at::Tensor wt = at::randn({96, 1000}).t();
    QVERIFY(at::allclose(nn::project(x, wt), at::linear(x, wt), 1e-5, 1e-5));
  }

  void allFiniteFindsEveryNonFiniteValue() {
    std::vector<float> v(10007, 0.5f);
    v[17] = std::numeric_limits<float>::max();
    v[18] = -std::numeric_limits<float>::denorm_min();
    v[19] = -0.0f;
    QVERIFY(allFinite(v.data(), long(v.size())));
    QVERIFY(allFinite(v.data(), 0));
    for (const float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::quiet_NaN()})
      for (std::size_t at : {std::size_t(0), std::size_t(4095), std::size_t(4096), v.size() - 1}) {
        std::vector<float> w = v;
        w[at] = bad;
        QVERIFY2(!allFinite(w.data(), long(w.size())), qPrintable(QString::number(at)));
        QVERIFY(allFinite(w.data(), long(at))); // the values before it are all finite
      }
  }

  void vecMatMatchesReference() {
    std::mt19937 rng(7);
    for (const auto &[rows, cols] : std::vector<std::pair<int, int>>{{1, 1}, {3, 8}, {1500, 64}, {17, 29}}) {
      const std::vector<float> v = randomVector(std::size_t(rows) * std::size_t(cols), rng), p = randomVector(std::size_t(rows), rng);
      std::vector<float> y(std::size_t(cols) + 1, 99.0f);
      vecMat(p.data(), v.data(), rows, cols, y.data());
      QCOMPARE(y[std::size_t(cols)], 99.0f);
      for (int j = 0; j < cols; ++j) {
        double ref = 0.0, mag = 0.0;
        for (int s = 0; s < rows; ++s) {
          ref += double(p[std::size_t(s)]) * double(v[std::size_t(s) * std::size_t(cols) + std::size_t(j)]);
          mag += std::abs(double(p[std::size_t(s)]) * double(v[std::size_t(s) * std::size_t(cols) + std::size_t(j)]));
        }
        QVERIFY(std::abs(y[std::size_t(j)] - ref) <= 1e-6 * mag + 1e-6);
      }
    }
  }

  void poolRunsEveryPartOnce_data() {
    QTest::addColumn<int>("threads");
    QTest::newRow("1") << 1;
    QTest::newRow("2") << 2;
    QTest::newRow("5") << 5;
  }
  void poolRunsEveryPartOnce() {
    QFETCH(int, threads);
    RowPool pool(threads);
    QCOMPARE(pool.parts(), threads);
    std::vector<std::atomic<int>> counts(static_cast<std::size_t>(threads));
    const int sections = 20000;
    for (int s = 0; s < sections; ++s)
      pool.run([&](int part, int parts) {
        QCOMPARE(parts, threads);
        counts[static_cast<std::size_t>(part)].fetch_add(1);
      });
    for (const auto &c : counts)
      QCOMPARE(c.load(), sections);
  }

  // Helpers sleep after a quiet spell; the next section must wake them, and none may be lost.
  void poolWakesSleepingHelpers() {
    RowPool pool(3);
    std::atomic<int> total{0};
    for (int s = 0; s < 4; ++s) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      pool.run([&](int, int) { total.fetch_add(1); });
      QCOMPARE(total.load(), 3 * (s + 1));
    }
    // The results a section writes are visible to the caller when run() returns.
    std::vector<long long> sums(3, 0);
    pool.run([&](int part, int) {
      for (int i = 0; i < 100000; ++i)
        sums[static_cast<std::size_t>(part)] += i % 7;
    });
    long long expected = 0;
    for (int i = 0; i < 100000; ++i)
      expected += i % 7;
    for (long long v : sums)
      QCOMPARE(v, expected);
  }

  // Two engines decoding at once share one pool: a caller that finds it busy runs its whole
  // section alone, so every section completes, each part once, and nobody waits for the other.
  void poolServesTwoCallersAtOnce() {
    RowPool pool(2);
    std::atomic<long long> covered[2] = {0, 0};
    std::atomic<int> alone{0};
    const auto caller = [&](int who) {
      for (int s = 0; s < 5000; ++s)
        pool.run([&](int part, int parts) {
          if (parts == 1)
            alone.fetch_add(1);
          // Each section covers 1000 items whatever the split.
          const long long begin = 1000LL * part / parts, end = 1000LL * (part + 1) / parts;
          covered[who].fetch_add(end - begin);
        });
    };
    std::thread other(caller, 1);
    caller(0);
    other.join();
    QCOMPARE(covered[0].load(), 5000LL * 1000);
    QCOMPARE(covered[1].load(), 5000LL * 1000);
    qInfo("sections run alone while the pool was busy: %d of 10000", alone.load());
  }

  void poolResizes() {
    RowPool pool(1);
    QCOMPARE(pool.parts(), 1);
    pool.resize(3);
    QCOMPARE(pool.parts(), 3);
    std::atomic<int> total{0};
    pool.run([&](int, int parts) { total.fetch_add(parts); });
    QCOMPARE(total.load(), 9);
    pool.resize(1);
    QCOMPARE(pool.parts(), 1);
  }

  void defaultThreadsIsBounded() {
    QVERIFY(RowPool::defaultThreads() >= 1);
    QVERIFY(RowPool::defaultThreads() <= RowPool::kMaxThreads);
  }
};

QTEST_GUILESS_MAIN(TestRowKernels)
#include "tst_rowkernels.moc"
