// HttpServer's replies across threads, over real loopback HTTP: handlers hand their Reply to worker
// threads (as the API's translation, transcription and speech jobs do), which answer from there;
// a reply a worker drops is a 500; drain() waits for the workers' answers; a worker that answers
// after the server is gone finds nobody, and nothing breaks. Run under ThreadSanitizer (label
// "threads").
#include "core/common/threadhost.h"
#include "core/common/threadnames.h"
#include "core/server/server.h"
#include "core/telemetry/metrics/metricsregistry.h"
#include "gatetestsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>
#include <semaphore>
#include <vector>

using namespace dragoman;
using namespace dragoman::server;

namespace {

// Hands a reply to a worker thread (std::function wants something copyable).
using SharedReply = std::shared_ptr<Reply>;

// One request on its own connection (a raw socket: QNetworkAccessManager's own threads would be
// Qt's business under TSan, not the server's).
struct Call {
  std::unique_ptr<gatetest::Client> client;
};

struct Answer {
  int status = 0; // 0: the connection closed without an answer
  QJsonObject body;
};

} // namespace

class TestHttpServer : public QObject {
  Q_OBJECT
  ThreadHost m_threads;
  telemetry::MetricsRegistry m_metrics;

  std::unique_ptr<HttpServer> started() {
    ServerOptions options;
    options.port = 0;
    options.perAddress = RateLimit{1000, 1000};
    auto server = std::make_unique<HttpServer>(options, m_metrics);
    // GET /work/{n}: answered by a worker thread after a few milliseconds, with the worker's name.
    server->route(RouteSpec("GET", QStringLiteral("/work/{n}")), [this](const Request &request, Reply reply) {
      auto held = std::make_shared<Reply>(std::move(reply));
      const int n = request.params.value(0).toInt();
      m_threads.background(threadnames::kApiTranslate, [held, n] {
        QThread::msleep(QRandomGenerator::global()->bounded(20));
        held->send(Response::json({{QStringLiteral("n"), n}, {QStringLiteral("thread"), QThread::currentThread()->objectName()}}));
      });
    });
    // GET /dropped: the worker lets the reply go unanswered.
    server->route(RouteSpec("GET", QStringLiteral("/dropped")), [this](const Request &, Reply reply) {
      auto held = std::make_shared<Reply>(std::move(reply));
      m_threads.background(threadnames::kApiTranslate, [held]() mutable { held.reset(); });
    });
    // GET /held: the worker answers once the test releases it.
    server->route(RouteSpec("GET", QStringLiteral("/held")), [this](const Request &, Reply reply) {
      auto held = std::make_shared<Reply>(std::move(reply));
      m_threads.background(threadnames::kApiTranslate, [this, held] {
        m_release.acquire();
        m_answered.fetch_add(1); // before the answer: the drain may end as soon as it is sent
        held->send(Response::json({{QStringLiteral("released"), true}}));
      });
    });
    const Status s = server->start();
    if (!s.ok())
      qWarning("%s", qPrintable(s.error().message));
    return s.ok() ? std::move(server) : nullptr;
  }

  static Call get(const HttpServer &server, const QString &path) {
    Call c{std::make_unique<gatetest::Client>(server.port())};
    c.client->send(gatetest::get(path.toUtf8()));
    return c;
  }

  static Answer answerOf(const Call &call) {
    (void)QTest::qWaitFor([&] { return !call.client->replies().isEmpty() || call.client->closed; }, 15000);
    Answer a;
    const QList<gatetest::Reply> replies = call.client->replies();
    if (!replies.isEmpty()) {
      a.status = replies.first().status;
      a.body = QJsonDocument::fromJson(replies.first().body).object();
    }
    return a;
  }

  // n requests to /held, each held by its worker until the test releases it.
  std::vector<Call> held(const HttpServer &server, int n) {
    m_answered = 0;
    std::vector<Call> calls;
    for (int i = 0; i < n; ++i)
      calls.push_back(get(server, QStringLiteral("/held")));
    (void)QTest::qWaitFor([&] { return server.inFlight() == n; }, 5000);
    return calls;
  }

  std::counting_semaphore<64> m_release{0};
  std::atomic_int m_answered{0};

private Q_SLOTS:
  void cleanup() { QVERIFY(m_threads.waitForBackground(10000)); }

  void answersFromWorkerThreads() {
    std::unique_ptr<HttpServer> server = started();
    QVERIFY(server);
    std::vector<Call> replies;
    for (int i = 0; i < 24; ++i)
      replies.push_back(get(*server, QStringLiteral("/work/%1").arg(i)));
    for (size_t i = 0; i < replies.size(); ++i) {
      const Answer a = answerOf(replies.at(i));
      QCOMPARE(a.status, 200);
      QCOMPARE(a.body.value(QStringLiteral("n")).toInt(), int(i));
      QCOMPARE(a.body.value(QStringLiteral("thread")).toString(), QString::fromLatin1(threadnames::kApiTranslate));
    }
    QCOMPARE(server->inFlight(), 0);
  }

  void aReplyDroppedOnAWorkerIsAnError() {
    std::unique_ptr<HttpServer> server = started();
    QVERIFY(server);
    const Answer a = answerOf(get(*server, QStringLiteral("/dropped")));
    QCOMPARE(a.status, 500);
    QVERIFY2(a.body.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().contains(QLatin1String("dropped")),
             QJsonDocument(a.body).toJson().constData());
    QTRY_COMPARE(server->inFlight(), 0);
  }

  // drain() stops taking requests but waits for the answers workers still owe.
  void drainWaitsForTheWorkers() {
    std::unique_ptr<HttpServer> server = started();
    QVERIFY(server);
    std::vector<Call> replies = held(*server, 4);
    QCOMPARE(server->inFlight(), 4);
    QSignalSpy drained(server.get(), &HttpServer::drained);
    server->drain(10000);
    QTest::qWait(100);
    QCOMPARE(drained.count(), 0); // still owed
    m_release.release(4);
    QVERIFY(drained.wait(10000));
    QCOMPARE(drained.at(0).at(0).toInt(), 0);
    QCOMPARE(m_answered.load(), 4);
    for (const Call &r : replies) {
      const Answer a = answerOf(r);
      QCOMPARE(a.status, 200);
      QCOMPARE(a.body.value(QStringLiteral("released")).toBool(), true);
    }
  }

  // The server goes while workers still hold replies: their answers find nobody, and neither the
  // workers nor the client crash (ThreadSanitizer and AddressSanitizer watch this one).
  void workersAnsweringAfterTheServerIsGone() {
    std::unique_ptr<HttpServer> server = started();
    QVERIFY(server);
    std::vector<Call> replies = held(*server, 6);
    QCOMPARE(server->inFlight(), 6);
    server.reset();
    m_release.release(6);
    QTRY_COMPARE(m_answered.load(), 6);
    for (const Call &r : replies) {
      const Answer a = answerOf(r);
      QCOMPARE(a.status, 0); // the connection closed without an answer
      QVERIFY(r.client->closed);
    }
  }

  // The same, with the workers answering while the server is being destroyed: each client gets
  // its answer or a closed connection, nothing else.
  void workersAnsweringWhileTheServerGoes() {
    for (int round = 0; round < 5; ++round) {
      std::unique_ptr<HttpServer> server = started();
      QVERIFY(server);
      std::vector<Call> replies = held(*server, 6);
      QCOMPARE(server->inFlight(), 6);
      m_release.release(6);
      server.reset();
      QTRY_COMPARE(m_answered.load(), 6);
      for (const Call &r : replies) {
        const Answer a = answerOf(r);
        QVERIFY2((a.status == 200 && a.body.value(QStringLiteral("released")).toBool()) || (a.status == 0 && r.client->closed),
                 qPrintable(QString::number(a.status)));
      }
    }
  }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
