#include "core/common/spscring.h"

#include <QTest>

#include <cstdint>
#include <random>
#include <thread>
#include <vector>

using dragoman::SpscRing;

class TestSpscRing : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void roundsCapacityUp() {
    QCOMPARE(SpscRing<float>(1).capacity(), std::size_t(1));
    QCOMPARE(SpscRing<float>(5).capacity(), std::size_t(8));
    QCOMPARE(SpscRing<float>(64).capacity(), std::size_t(64));
    QCOMPARE(SpscRing<float>(65).capacity(), std::size_t(128));
  }

  void fullAndEmpty() {
    SpscRing<int> ring(8);
    int out[16] = {};
    QCOMPARE(ring.readAvailable(), std::size_t(0));
    QCOMPARE(ring.writeAvailable(), std::size_t(8));
    QCOMPARE(ring.read(out, 4), std::size_t(0));

    const int in[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    QCOMPARE(ring.write(in, 10), std::size_t(8)); // only what fits
    QCOMPARE(ring.readAvailable(), std::size_t(8));
    QCOMPARE(ring.writeAvailable(), std::size_t(0));
    QCOMPARE(ring.write(in, 1), std::size_t(0));

    QCOMPARE(ring.read(out, 16), std::size_t(8));
    for (int i = 0; i < 8; ++i)
      QCOMPARE(out[i], i);
    QCOMPARE(ring.readAvailable(), std::size_t(0));
    QCOMPARE(ring.writeAvailable(), std::size_t(8));
  }

  void wrapsAround() {
    SpscRing<int> ring(8);
    int next = 0;
    int expect = 0;
    int buf[8];
    // Odd-sized writes and reads walk the indices across the end of the storage many times.
    for (int round = 0; round < 100; ++round) {
      int chunk[5];
      for (int &v : chunk)
        v = next++;
      QCOMPARE(ring.write(chunk, 5), std::size_t(5));
      QCOMPARE(ring.read(buf, 3), std::size_t(3));
      for (int i = 0; i < 3; ++i)
        QCOMPARE(buf[i], expect++);
      QCOMPARE(ring.read(buf, 2), std::size_t(2));
      for (int i = 0; i < 2; ++i)
        QCOMPARE(buf[i], expect++);
    }
    QCOMPARE(ring.readAvailable(), std::size_t(0));
  }

  void clearAndSkip() {
    SpscRing<int> ring(8);
    const int in[6] = {1, 2, 3, 4, 5, 6};
    ring.write(in, 6);
    QCOMPARE(ring.skip(2), std::size_t(2));
    int out[8];
    QCOMPARE(ring.read(out, 1), std::size_t(1));
    QCOMPARE(out[0], 3);
    ring.clear();
    QCOMPARE(ring.readAvailable(), std::size_t(0));
    QCOMPARE(ring.writeAvailable(), std::size_t(8));
    QCOMPARE(ring.write(in, 6), std::size_t(6));
    QCOMPARE(ring.read(out, 8), std::size_t(6));
    QCOMPARE(out[5], 6);
  }

  void concurrentStress() {
    constexpr std::uint32_t total = 5'000'000;
    SpscRing<std::uint32_t> ring(1000); // 1024: small, so both sides often meet full and empty
    std::thread producer([&ring] {
      std::mt19937 rng(1);
      std::uniform_int_distribution<std::uint32_t> size(1, 700);
      std::vector<std::uint32_t> chunk(700);
      std::uint32_t next = 0;
      while (next < total) {
        const std::uint32_t n = std::min(size(rng), total - next);
        for (std::uint32_t i = 0; i < n; ++i)
          chunk[i] = next + i;
        std::uint32_t done = 0;
        while (done < n) {
          done += static_cast<std::uint32_t>(ring.write(chunk.data() + done, n - done));
          if (done < n)
            std::this_thread::yield();
        }
        next += n;
      }
    });

    std::mt19937 rng(2);
    std::uniform_int_distribution<std::size_t> size(1, 900);
    std::vector<std::uint32_t> buf(900);
    std::uint32_t expect = 0;
    bool inOrder = true;
    while (expect < total && inOrder) {
      const std::size_t got = ring.read(buf.data(), size(rng));
      if (got == 0)
        std::this_thread::yield();
      for (std::size_t i = 0; i < got; ++i) {
        if (buf[i] != expect) {
          inOrder = false;
          qWarning("expected %u, got %u", expect, buf[i]);
          break;
        }
        ++expect;
      }
    }
    producer.join();
    QVERIFY(inOrder);
    QCOMPARE(expect, total);
    QCOMPARE(ring.readAvailable(), std::size_t(0));
  }
};

QTEST_GUILESS_MAIN(TestSpscRing)
#include "tst_spscring.moc"
