// TranslationService: dynamic batching, the cache, duplicates, errors and the queue limit, with a
// translator that records the batches it is given (isolating the batching from any engine).
#include "core/common/threadhost.h"
#include "core/server/translationservice.h"
#include "core/telemetry/metrics/metricsregistry.h"

#include <QTest>
#include <QThread>

#include <mutex>

using namespace dragoman;
using namespace dragoman::server;

namespace {
struct Calls {
  std::mutex mutex;
  QList<QStringList> batches;
  QList<QPair<QString, QString>> created;
};

class RecordingTranslator : public ITranslator {
public:
  RecordingTranslator(std::shared_ptr<Calls> calls, QString target) : m_calls(std::move(calls)), m_target(std::move(target)) {}
  QString name() const override { return QStringLiteral("recording"); }
  Result<QString> translate(const QString &text, const AbortFlag &) override { return m_target + QLatin1Char(':') + text.toUpper(); }
  Result<QStringList> translateBatch(const QStringList &texts, const AbortFlag &abort) override {
    {
      std::lock_guard lock(m_calls->mutex);
      m_calls->batches.append(texts);
    }
    QThread::msleep(50); // long enough for the next requests to queue behind this call
    if (texts.contains(QStringLiteral("fail")))
      return makeError(ErrorKind::Internal, QStringLiteral("the engine broke"));
    QStringList out;
    for (const QString &t : texts)
      out << *translate(t, abort);
    return out;
  }

private:
  std::shared_ptr<Calls> m_calls;
  QString m_target;
};

struct Outcome {
  bool done = false;
  Result<TranslationAnswer> answer = makeError(ErrorKind::Internal, QStringLiteral("not answered"));
};
} // namespace

class TestTranslationService : public QObject {
  Q_OBJECT

  std::shared_ptr<Calls> m_calls;
  dragoman::ThreadHost m_threads;
  std::unique_ptr<telemetry::MetricsRegistry> m_metrics;

  std::unique_ptr<TranslationService> make(TranslationOptions options) {
    m_calls = std::make_shared<Calls>();
    m_metrics = std::make_unique<telemetry::MetricsRegistry>();
    auto calls = m_calls;
    return std::make_unique<TranslationService>(
        m_threads, [calls](const QString &source, const QString &target) -> Result<std::unique_ptr<ITranslator>> {
          {
            std::lock_guard lock(calls->mutex);
            calls->created.append({source, target});
          }
          if (target == QLatin1String("xx"))
            return makeError(ErrorKind::Unsupported, QStringLiteral("no en→xx pair"));
          return std::unique_ptr<ITranslator>(new RecordingTranslator(calls, target));
        },
        options, *m_metrics);
  }

  static std::shared_ptr<Outcome> submit(TranslationService &service, QStringList texts, QString target = QStringLiteral("es")) {
    auto outcome = std::make_shared<Outcome>();
    service.submit({std::move(texts), QStringLiteral("en"), std::move(target)}, [outcome](Result<TranslationAnswer> a) {
      QVERIFY(!outcome->done); // answered once
      outcome->done = true;
      outcome->answer = std::move(a);
    });
    return outcome;
  }

  QList<int> batchSizes() {
    std::lock_guard lock(m_calls->mutex);
    QList<int> sizes;
    for (const QStringList &b : m_calls->batches)
      sizes << int(b.size());
    return sizes;
  }

private Q_SLOTS:
  void requestsArrivingTogetherShareEngineCalls() {
    auto service = make({});
    QList<std::shared_ptr<Outcome>> outcomes;
    for (int i = 0; i < 10; ++i)
      outcomes << submit(*service, {QStringLiteral("text %1").arg(i)});
    QTRY_VERIFY(std::all_of(outcomes.begin(), outcomes.end(), [](const auto &o) { return o->done; }));
    // The first goes alone (an idle service does not wait); the nine that queued behind it go together.
    QCOMPARE(batchSizes(), (QList<int>{1, 9}));
    for (int i = 0; i < 10; ++i) {
      QVERIFY(outcomes[i]->answer.ok());
      QCOMPARE(outcomes[i]->answer->translations, QStringList{QStringLiteral("es:TEXT %1").arg(i)});
      QCOMPARE(outcomes[i]->answer->batchSize, i == 0 ? 1 : 9);
      QCOMPARE(outcomes[i]->answer->engine, QStringLiteral("recording"));
    }
    QCOMPARE(service->stats().batches, 2u);
    QVERIFY(m_metrics->prometheusText().contains("dragoman_api_translate_batches_total 2"));
  }

  void batchesNeverPassMaxBatch() {
    TranslationOptions options;
    options.maxBatch = 4;
    auto service = make(options);
    QList<std::shared_ptr<Outcome>> outcomes;
    for (int i = 0; i < 10; ++i)
      outcomes << submit(*service, {QStringLiteral("t%1").arg(i)});
    QTRY_VERIFY(std::all_of(outcomes.begin(), outcomes.end(), [](const auto &o) { return o->done; }));
    QCOMPARE(batchSizes(), (QList<int>{1, 4, 4, 1}));
  }

  void cacheAnswersRepeatsAndDuplicatesGoOnce() {
    auto service = make({});
    auto first = submit(*service, {QStringLiteral("hello"), QStringLiteral("hello"), QStringLiteral(" "), QStringLiteral("world")});
    QTRY_VERIFY(first->done);
    QVERIFY(first->answer.ok());
    QCOMPARE(first->answer->translations,
             (QStringList{QStringLiteral("es:HELLO"), QStringLiteral("es:HELLO"), QString(), QStringLiteral("es:WORLD")}));
    QCOMPARE(batchSizes(), (QList<int>{2})); // "hello" once, blank never
    auto again = submit(*service, {QStringLiteral("world")});
    QVERIFY(again->done); // answered at once, from the cache
    QCOMPARE(again->answer->cached, QList<bool>{true});
    QCOMPARE(again->answer->batchSize, 0);
    QCOMPARE(batchSizes().size(), 1);
    QCOMPARE(service->stats().cacheHits, 1u);
    // Another pair is another engine and another cache key.
    auto other = submit(*service, {QStringLiteral("world")}, QStringLiteral("fr"));
    QTRY_VERIFY(other->done);
    QCOMPARE(other->answer->translations, QStringList{QStringLiteral("fr:WORLD")});
    QCOMPARE(m_calls->created.size(), 2);
  }

  void noCacheWhenTurnedOff() {
    TranslationOptions options;
    options.cacheEntries = 0;
    auto service = make(options);
    auto a = submit(*service, {QStringLiteral("same")});
    QTRY_VERIFY(a->done);
    auto b = submit(*service, {QStringLiteral("same")});
    QTRY_VERIFY(b->done);
    QCOMPARE(batchSizes(), (QList<int>{1, 1}));
  }

  void errorsReachEveryRequestOfTheBatch() {
    auto service = make({});
    auto lead = submit(*service, {QStringLiteral("first")});
    auto a = submit(*service, {QStringLiteral("fail")});
    auto b = submit(*service, {QStringLiteral("innocent")});
    QTRY_VERIFY(lead->done && a->done && b->done);
    QVERIFY(lead->answer.ok());
    QVERIFY(!a->answer.ok());
    QVERIFY(!b->answer.ok()); // shared the failed engine call
    QCOMPARE(a->answer.error().message, QStringLiteral("the engine broke"));
    auto after = submit(*service, {QStringLiteral("innocent")}); // not cached: it failed
    QTRY_VERIFY(after->done);
    QVERIFY(after->answer.ok());

    auto unsupported = submit(*service, {QStringLiteral("x")}, QStringLiteral("xx"));
    QTRY_VERIFY(unsupported->done);
    QCOMPARE(unsupported->answer.error().kind, ErrorKind::Unsupported);
  }

  void aFullQueueRefuses() {
    TranslationOptions options;
    options.maxQueuedTexts = 3;
    auto service = make(options);
    auto running = submit(*service, {QStringLiteral("r")}); // taken by the engine at once
    auto queued = submit(*service, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
    auto refused = submit(*service, {QStringLiteral("d")});
    QVERIFY(refused->done);
    QCOMPARE(refused->answer.error().kind, ErrorKind::EngineUnavailable);
    QVERIFY(refused->answer.error().message.contains(QLatin1String("queue is full")));
    QTRY_VERIFY(running->done && queued->done);
    QVERIFY(queued->answer.ok());
  }
};

QTEST_GUILESS_MAIN(TestTranslationService)
#include "tst_translationservice.moc"
