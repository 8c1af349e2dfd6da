// TurnGate: turns on a shared model go to the request whose work has been due longest (a call's
// two directions: the oldest end of speech first), ties in the order asked; a request without a
// due time counts as due when it asks. Work overtaken while it waits gives up its place.
#include "core/common/turngate.h"

#include <QTest>

#include <memory>
#include <thread>
#include <vector>

using namespace dragoman;

namespace {

struct Asker {
  QString name;
  int dueMs; // after the test's epoch; -1: no Due scope
  bool provisional = false;
};

} // namespace

Q_DECLARE_METATYPE(QList<Asker>)

class TestTurnGate : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void servesTheLongestWaitingFirst_data() {
    QTest::addColumn<QList<Asker>>("askers"); // in the order they ask
    QTest::addColumn<QStringList>("served");
    QTest::newRow("in order") << QList<Asker>{{"a", 10}, {"b", 20}, {"c", 30}} << QStringList{"a", "b", "c"};
    QTest::newRow("reversed") << QList<Asker>{{"c", 30}, {"b", 20}, {"a", 10}} << QStringList{"a", "b", "c"};
    // Them finished an utterance that ended at 100 ms; me is mid-utterance, partials due later.
    QTest::newRow("finished utterance before partials")
        << QList<Asker>{{"me partial", 400, true}, {"me partial 2", 900, true}, {"them final", 100}}
        << QStringList{"them final", "me partial", "me partial 2"};
    // Nobody waits for a partial pass: a finished utterance goes first even when it ended later.
    QTest::newRow("waited on before provisional")
        << QList<Asker>{{"them partial", 100, true}, {"me final", 500}, {"them provisional mt", 50, true}, {"them final", 700}}
        << QStringList{"me final", "them final", "them provisional mt", "them partial"};
    QTest::newRow("ties in order asked") << QList<Asker>{{"x", 50}, {"y", 50}, {"z", 50}} << QStringList{"x", "y", "z"};
    // No due time: due when it asks (now, after every due time given here).
    QTest::newRow("undated last") << QList<Asker>{{"undated", -1}, {"old", 5}} << QStringList{"old", "undated"};
  }

  void servesTheLongestWaitingFirst() {
    QFETCH(QList<Asker>, askers);
    QFETCH(QStringList, served);
    TurnGate gate;
    const TimePoint epoch = SteadyClock::now() - std::chrono::seconds(5);
    std::mutex orderMutex;
    QStringList order;
    std::vector<std::thread> threads;
    {
      TurnGate::Turn held(gate); // all of them have to wait
      for (const Asker &a : askers) {
        const int before = gate.waiting();
        threads.emplace_back([&, a] {
          std::unique_ptr<TurnGate::Due> due;
          if (a.dueMs >= 0)
            due = std::make_unique<TurnGate::Due>(epoch + std::chrono::milliseconds(a.dueMs), a.provisional);
          TurnGate::Turn turn(gate);
          const std::lock_guard lock(orderMutex);
          order.append(a.name);
        });
        QVERIFY(QTest::qWaitFor([&] { return gate.waiting() == before + 1; }, 5000)); // asked, in this order
      }
      QVERIFY(gate.busy());
    }
    for (std::thread &t : threads)
      t.join();
    QCOMPARE(order, served);
    QVERIFY(!gate.busy());
    QCOMPARE(gate.waiting(), 0);
  }

  // The thread that gave its turn back goes on to a finished utterance ahead of a partial pass
  // waiting, but not ahead of an older finished utterance.
  void theLastHolderGoesOnToAFinishedUtterance_data() {
    QTest::addColumn<bool>("waiterProvisional");
    QTest::addColumn<int>("waiterDueMs");
    QTest::addColumn<QStringList>("served");
    QTest::newRow("partial waiting") << true << 100 << QStringList{"holder final", "waiter"};
    QTest::newRow("older final waiting") << false << 100 << QStringList{"waiter", "holder final"};
    QTest::newRow("newer final waiting") << false << 900 << QStringList{"holder final", "waiter"};
  }
  void theLastHolderGoesOnToAFinishedUtterance() {
    QFETCH(bool, waiterProvisional);
    QFETCH(int, waiterDueMs);
    QFETCH(QStringList, served);
    TurnGate gate(std::chrono::milliseconds(2000)); // a long grace: a loaded machine may pause a thread
    const TimePoint epoch = SteadyClock::now() - std::chrono::seconds(5);
    std::mutex orderMutex;
    QStringList order;
    std::atomic_bool holding{false}, release{false};
    std::thread holder([&] {
      {
        TurnGate::Turn first(gate);
        holding = true;
        while (!release.load())
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      const TurnGate::Due due(epoch + std::chrono::milliseconds(500)); // its final segment
      const TurnGate::Turn next(gate);
      const std::lock_guard lock(orderMutex);
      order.append(QStringLiteral("holder final"));
    });
    QVERIFY(QTest::qWaitFor([&] { return holding.load(); }, 5000));
    std::thread waiter([&] {
      const TurnGate::Due due(epoch + std::chrono::milliseconds(waiterDueMs), waiterProvisional);
      const TurnGate::Turn turn(gate);
      const std::lock_guard lock(orderMutex);
      order.append(QStringLiteral("waiter"));
    });
    QVERIFY(QTest::qWaitFor([&] { return gate.waiting() == 1; }, 5000));
    release = true;
    holder.join();
    waiter.join();
    QCOMPARE(order, served);
  }

  void dueScopesNest() {
    const TimePoint a = SteadyClock::now() - std::chrono::seconds(3);
    const TimePoint b = a + std::chrono::seconds(1);
    {
      TurnGate::Due outer(a);
      QCOMPARE(TurnGate::Due::current(), a);
      {
        TurnGate::Due inner(b, true);
        QCOMPARE(TurnGate::Due::current(), b);
        QVERIFY(TurnGate::Due::provisional());
      }
      QCOMPARE(TurnGate::Due::current(), a);
      QVERIFY(!TurnGate::Due::provisional());
    }
    QVERIFY(TurnGate::Due::current() > b); // none: now
  }

  // A partial pass overtaken while it waits (a newer job of its direction queued) gives up without
  // the turn, and the turn then goes to the next in line; one not overtaken still gets it.
  void overtakenWorkGivesUpItsWait() {
    TurnGate gate;
    const TimePoint epoch = SteadyClock::now() - std::chrono::seconds(5);
    std::atomic_bool overtaken{false};
    std::atomic_int outcome{-1}; // the overtaken one: 1 held, 0 gave up
    std::mutex orderMutex;
    QStringList order;
    std::thread partial, other;
    {
      TurnGate::Turn held(gate);
      partial = std::thread([&] {
        const TurnGate::Due due(epoch + std::chrono::milliseconds(10), true, [&] { return overtaken.load(); });
        TurnGate::Turn turn(gate);
        outcome = turn.held() ? 1 : 0;
        if (turn.held()) {
          const std::lock_guard lock(orderMutex);
          order << QStringLiteral("partial");
        }
      });
      QTRY_COMPARE(gate.waiting(), 1);
      other = std::thread([&] {
        const TurnGate::Due due(epoch + std::chrono::milliseconds(20), true);
        TurnGate::Turn turn(gate);
        QVERIFY(turn.held());
        const std::lock_guard lock(orderMutex);
        order << QStringLiteral("other");
      });
      QTRY_COMPARE(gate.waiting(), 2);
      overtaken = true; // nobody tells the gate: the waiter notices by itself
      QTRY_COMPARE(outcome.load(), 0);
      QCOMPARE(gate.waiting(), 1);
      QVERIFY(gate.busy()); // still held here
    }
    partial.join();
    other.join();
    QCOMPARE(order, QStringList{QStringLiteral("other")});
    QVERIFY(!gate.busy()); // a turn not held is not given back

    // Overtaken before asking: no turn even when the gate is free.
    const TurnGate::Due due(epoch, true, [] { return true; });
    TurnGate::Turn turn(gate);
    QVERIFY(!turn.held());
    QVERIFY(!gate.busy());
  }

  // Turns exclude each other: no two holders at once, under contention.
  void oneHolderAtATime() {
    TurnGate gate;
    std::atomic_int inside{0}, worst{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < 200; ++i) {
          TurnGate::Turn turn(gate);
          const int n = ++inside;
          worst = std::max(worst.load(), n);
          --inside;
        }
      });
    for (std::thread &t : threads)
      t.join();
    QCOMPARE(worst.load(), 1);
  }
};

QTEST_GUILESS_MAIN(TestTurnGate)
#include "tst_turngate.moc"
