#include "core/common/threadhost.h"
#include "core/common/boundedqueue.h"

#include <QElapsedTimer>
#include <QTest>
#include <QThread>

#include <atomic>

using dragoman::BoundedQueue;

class TestBoundedQueue : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the threads of what is tested come from here, as from the application's
private Q_SLOTS:
  void keepsFifoOrder() {
    BoundedQueue<int> q(4);
    for (int i = 0; i < 4; ++i)
      QVERIFY(q.push(i));
    for (int i = 0; i < 4; ++i)
      QCOMPARE(*q.pop(), i);
  }

  void tryPushRefusesWhenFull() {
    BoundedQueue<int> q(2);
    QVERIFY(q.tryPush(1));
    QVERIFY(q.tryPush(2));
    QVERIFY(!q.tryPush(3));
    QCOMPARE(q.size(), std::size_t(2));
    QCOMPARE(q.highWater(), std::size_t(2));
  }

  void pushWaitsForRoom() {
    BoundedQueue<int> q(1);
    QVERIFY(q.push(1));
    std::atomic_bool pushed{false};
    std::unique_ptr<QThread> producer(m_threads.thread("producer", [&] {
      q.push(2);
      pushed = true;
    }));
    producer->start();
    QTest::qWait(100);
    QVERIFY2(!pushed.load(), "push must wait while the queue is full");
    QCOMPARE(*q.pop(), 1);
    QVERIFY(producer->wait(5000));
    QVERIFY(pushed.load());
    QCOMPARE(*q.pop(), 2);
  }

  void closeDrainsThenEnds() {
    BoundedQueue<int> q(4);
    q.push(7);
    q.push(8);
    q.close();
    QVERIFY(!q.push(9));
    QCOMPARE(*q.pop(), 7);
    QCOMPARE(*q.pop(), 8);
    QVERIFY(!q.pop().has_value());
  }

  void cancelDropsAndWakesWaiters() {
    BoundedQueue<int> q(1);
    q.push(1);
    std::atomic_bool producerReturned{false};
    std::atomic_bool result{true};
    std::unique_ptr<QThread> producer(m_threads.thread("producer", [&] {
      result = q.push(2);
      producerReturned = true;
    }));
    producer->start();
    QTest::qWait(50);
    q.cancel();
    QVERIFY(producer->wait(5000));
    QVERIFY(!result.load());
    QVERIFY(!q.pop().has_value());
  }

  void popWaitsUntilClosed() {
    BoundedQueue<int> q(1);
    std::unique_ptr<QThread> consumer(m_threads.thread("consumer", [&] { QVERIFY(!q.pop().has_value()); }));
    consumer->start();
    QTest::qWait(50);
    QVERIFY(consumer->isRunning());
    q.close();
    QVERIFY(consumer->wait(5000));
  }

  void manyProducersOneConsumer() {
    BoundedQueue<int> q(3);
    constexpr int perProducer = 500;
    std::vector<std::unique_ptr<QThread>> producers;
    for (int p = 0; p < 4; ++p) {
      producers.emplace_back(m_threads.thread("producer", [&q, p] {
        for (int i = 0; i < perProducer; ++i)
          q.push(p * perProducer + i);
      }));
      producers.back()->start();
    }
    long long sum = 0;
    for (int i = 0; i < 4 * perProducer; ++i)
      sum += *q.pop();
    for (auto &t : producers)
      QVERIFY(t->wait(5000));
    const long long n = 4 * perProducer;
    QCOMPARE(sum, n * (n - 1) / 2);
    QVERIFY(q.highWater() <= 3);
  }
};

QTEST_GUILESS_MAIN(TestBoundedQueue)
#include "tst_boundedqueue.moc"
