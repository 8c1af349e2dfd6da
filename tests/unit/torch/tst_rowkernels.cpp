// The one-row decoder's matrix-vector kernels against a double-precision reference, and the pool
// that splits them over threads (every part of every section runs exactly once, also after the
// helpers have gone to sleep).
#include "core/inference/torch/rowkernels.h"
#include "core/inference/torch/rowpool.h"

#include <QTest>

#include <atomic>
#include <chrono>
#include <cmath>
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

  void defaultThreadsIsBounded() {
    QVERIFY(RowPool::defaultThreads() >= 1);
    QVERIFY(RowPool::defaultThreads() <= RowPool::kMaxThreads);
  }
};

QTEST_GUILESS_MAIN(TestRowKernels)
#include "tst_rowkernels.moc"
