// RequestGate in front of a real QAbstractHttpServer, driven by raw sockets over loopback:
// what passes reaches the handler whole; what is refused gets its answer (even from a client
// that keeps sending its body) and never reaches the handler; keep-alive, pipelining,
// 100-continue, timeouts, WebSocket upgrades and TLS.

#include "core/server/requestgate.h"
#include "gatetestsupport.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

#include <memory>
#include <random>

using namespace dragoman::server;

using namespace gatetest;

class TestRequestGate : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void init();
  void cleanup();
  void smallPostPasses();
  void oversizedHeadAloneIsRefused();
  void oversizedWhileSendingBody();
  void perPathLimit();
  void chunkedIsRefused();
  void refusals_data();
  void refusals();
  void headerFieldCount();
  void slowLoris();
  void stalledBody();
  void keepAliveThenOversized();
  void pipelined();
  void pipelinedThenOversized();
  void bodyInPiecesThenNext();
  void refusalWaitsForLateAnswer();
  void noIdleCloseWhileAnswering();
  void blankLinesAndBareLf();
  void randomSplits();
  void expectContinue();
  void expectContinueOversized();
  void idleConnectionCloses();
  void idleAfterAnswerCloses();
  void webSocketPassesUnharmed();
  void tls();

private:
  void start(GateLimits limits = {});
  void checkRefusal(const Reply &r, int status, bool tls = false);

  std::unique_ptr<RequestGate> m_gate;
  std::unique_ptr<EchoServer> m_http;
  std::unique_ptr<QSignalSpy> m_refused;
  quint16 m_port = 0;
};

void TestRequestGate::init() {
  start();
}

void TestRequestGate::cleanup() {
  m_refused.reset();
  m_http.reset();
  m_gate.reset();
}

void TestRequestGate::start(GateLimits limits) {
  cleanup();
  m_gate = std::make_unique<RequestGate>(std::move(limits));
  m_refused = std::make_unique<QSignalSpy>(m_gate.get(), &RequestGate::refused);
  m_http = std::make_unique<EchoServer>();
  auto *tcp = new GatedTcpServer(m_gate.get());
  QVERIFY(tcp->listen(QHostAddress::LocalHost));
  m_port = tcp->serverPort();
  m_http->bind(tcp);
}

void TestRequestGate::checkRefusal(const Reply &r, int status, bool tls) {
  QCOMPARE(r.status, status);
  QCOMPARE(r.headers.value("connection"), QByteArray("close"));
  QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
  QCOMPARE(r.headers.value("x-content-type-options"), QByteArray("nosniff"));
  QCOMPARE(r.headers.contains("strict-transport-security"), tls);
  const QByteArray id = r.headers.value("x-request-id");
  QCOMPARE(id.size(), 16);
  const QJsonObject error = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("error")).toObject();
  QCOMPARE(error.value(QStringLiteral("status")).toInt(), status);
  QCOMPARE(error.value(QStringLiteral("request_id")).toString().toLatin1(), id);
  QVERIFY(!error.value(QStringLiteral("message")).toString().isEmpty());
  QVERIFY(!m_refused->isEmpty());
  QCOMPARE(m_refused->last().at(0).toInt(), status);
  QCOMPARE(m_refused->last().at(1).toString(), error.value(QStringLiteral("message")).toString());
  QCOMPARE(m_refused->last().at(2).value<QHostAddress>(), QHostAddress(QHostAddress::LocalHost));
}

void TestRequestGate::smallPostPasses() {
  Client c(m_port);
  c.send(post("/echo", 100) + QByteArray(100, 'x'));
  QVERIFY(c.waitReplies(1));
  QCOMPARE(c.replies().first().status, 200);
  QCOMPARE(c.replies().first().body, QByteArray("100"));
  QCOMPARE(m_http->bodySizes, QList<qint64>{100});
  QCOMPARE(m_gate->refusals(), 0u);
  QCOMPARE(m_gate->inspectedConnections(), 1);
}

void TestRequestGate::oversizedHeadAloneIsRefused() {
  Client c(m_port);
  c.send(post("/api/v1/translate?x=1", 5 * kMiB)); // the head only: the decision needs no body
  QVERIFY(c.waitReplies(1));
  checkRefusal(c.replies().first(), 413);
  QCOMPARE(c.replies().first().message(),
           QStringLiteral("the request body is 5242880 bytes; POST /api/v1/translate accepts at most 1048576 bytes"));
  QCOMPARE(m_gate->refusals(), 1u);
  // The peer closing ends the linger at once.
  c.socket->disconnectFromHost();
  QTRY_COMPARE_WITH_TIMEOUT(m_gate->inspectedConnections(), 0, 1000);
  QVERIFY(m_http->bodySizes.isEmpty());
}

void TestRequestGate::oversizedWhileSendingBody() {
  Client c(m_port);
  c.send(post("/upload", 4 * kMiB) + QByteArray(4 * kMiB, 'x'));
  QVERIFY(c.waitReplies(1));
  checkRefusal(c.replies().first(), 413);
  QVERIFY(c.replies().first().message().contains(QStringLiteral("4194304")));
  // The client may finish sending: the gate drains it and the answer is not lost to a reset.
  QVERIFY(QTest::qWaitFor([&] { return c.socket->bytesToWrite() == 0; }, 3000));
  QCOMPARE(c.socket->error(), QAbstractSocket::UnknownSocketError);
  QVERIFY(m_http->bodySizes.isEmpty());
  QCOMPARE(c.replies().size(), 1);
}

void TestRequestGate::perPathLimit() {
  GateLimits limits;
  QList<QByteArray> asked;
  limits.maxBodyBytes = [&asked](const QByteArray &method, const QByteArray &path) {
    asked.append(method + ' ' + path);
    return path == "/big" ? 3 * kMiB : 1000;
  };
  start(limits);
  Client c(m_port);
  c.send(post("/big?q=%20", 2 * kMiB) + QByteArray(2 * kMiB, 'x'));
  QVERIFY(c.waitReplies(1, 5000));
  QCOMPARE(c.replies().first().body, QByteArray("2097152"));
  c.send(post("/small", 1001) + QByteArray(1001, 'x'));
  QVERIFY(c.waitReplies(2));
  checkRefusal(c.replies().at(1), 413);
  QCOMPARE(asked, (QList<QByteArray>{"POST /big", "POST /small"}));
  QCOMPARE(m_http->bodySizes, QList<qint64>{2 * kMiB});
}

void TestRequestGate::chunkedIsRefused() {
  Client c(m_port);
  c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  QVERIFY(c.waitReplies(1));
  checkRefusal(c.replies().first(), 411);
  QCOMPARE(c.replies().first().message(),
           QStringLiteral("send the body with a Content-Length (chunked request bodies are not accepted)"));
  QVERIFY(m_http->bodySizes.isEmpty());
}

void TestRequestGate::refusals_data() {
  QTest::addColumn<QByteArray>("request");
  QTest::addColumn<int>("status");
  const QByteArray bigHeader = "X-Filler: " + QByteArray(20 * 1024, 'a') + "\r\n";
  QTest::newRow("head over 16 KiB") << get("/", bigHeader) << 431;
  QTest::newRow("head over 16 KiB, no end yet") << ("GET / HTTP/1.1\r\n" + bigHeader) << 431;
  QTest::newRow("target over 8 KiB") << get("/" + QByteArray(9000, 'a')) << 414;
  QTest::newRow("target over 8 KiB, line unfinished") << ("GET /" + QByteArray(9000, 'a')) << 414;
  QTest::newRow("TLS on the plain port") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << 400;
  QTest::newRow("HTTP/0.9") << QByteArray("GET /\r\n\r\n") << 400;
  QTest::newRow("HTTP/2") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505;
  QTest::newRow("junk version") << QByteArray("GET / FTP/1.1\r\n\r\n") << 400;
  QTest::newRow("no colon") << get("/", "Host localhost\r\n") << 400;
  QTest::newRow("folded header") << get("/", "X-A: 1\r\n  continued\r\n") << 400;
  QTest::newRow("control character") << get("/", QByteArray("X-A: a\x01b\r\n")) << 400;
  QTest::newRow("length not a number") << post("/echo", 0).replace("Content-Length: 0", "Content-Length: ten") << 400;
  QTest::newRow("negative length") << post("/echo", 0).replace("Content-Length: 0", "Content-Length: -1") << 400;
  QTest::newRow("length list") << post("/echo", 0).replace("Content-Length: 0", "Content-Length: 5, 5") << 400;
  QTest::newRow("conflicting lengths") << post("/echo", 5, "Content-Length: 6\r\n") << 400;
  QTest::newRow("huge length")
      << post("/echo", 0).replace("Content-Length: 0", "Content-Length: 99999999999999999999999") << 413;
  QTest::newRow("identity encoding") << get("/", "Transfer-Encoding: identity\r\n") << 411;
}

void TestRequestGate::refusals() {
  QFETCH(QByteArray, request);
  QFETCH(int, status);
  Client c(m_port);
  c.send(request);
  QVERIFY(c.waitReplies(1));
  checkRefusal(c.replies().first(), status);
  QCOMPARE(m_gate->refusals(), 1u);
  QVERIFY(m_http->bodySizes.isEmpty());
}

void TestRequestGate::headerFieldCount() {
  // Qt's header parser stops at 100 fields; a Content-Length past them would be lost to Qt, and
  // the body read as a request of its own, so the gate refuses more.
  QByteArray fields;
  for (int i = 0; i < 98; ++i)
    fields += "X-F" + QByteArray::number(i) + ": v\r\n";
  Client over(m_port);
  over.send(post("/echo", 4, fields) + "abcd"); // Host, Content-Type, 98 fillers, Content-Length: 101
  QVERIFY(over.waitReplies(1));
  QCOMPARE(over.replies().first().status, 431);

  fields.clear();
  for (int i = 0; i < 97; ++i)
    fields += "X-F" + QByteArray::number(i) + ": v\r\n";
  Client exact(m_port);
  exact.send(post("/echo", 4, fields) + "abcd"); // exactly 100
  QVERIFY(exact.waitReplies(1));
  QCOMPARE(exact.replies().first().status, 200);
  QCOMPARE(exact.replies().first().body, QByteArray("4"));
}

void TestRequestGate::slowLoris() {
  GateLimits limits;
  limits.headerTimeoutMs = 200;
  start(limits);
  Client c(m_port);
  c.send("GET / HTTP/1.1\r\nHost: loc");
  QTest::qWait(100);
  c.send("alhost\r\nX-Slow: 1\r\n"); // bytes keep coming, the head never ends
  QVERIFY(c.waitReplies(1, 2000));
  checkRefusal(c.replies().first(), 408);
  QVERIFY(m_http->bodySizes.isEmpty());
}

void TestRequestGate::stalledBody() {
  GateLimits limits;
  limits.idleTimeoutMs = 200;
  start(limits);
  Client c(m_port);
  c.send(post("/echo", 100) + QByteArray(40, 'x'));
  QVERIFY(c.waitReplies(1, 2000));
  checkRefusal(c.replies().first(), 408);
  QVERIFY(m_http->bodySizes.isEmpty());
}

void TestRequestGate::keepAliveThenOversized() {
  Client c(m_port);
  c.send(post("/echo", 3) + "abc");
  QVERIFY(c.waitReplies(1));
  QCOMPARE(c.replies().first().status, 200);
  c.send(post("/echo", 2 * kMiB) + QByteArray(64 * 1024, 'x'));
  QVERIFY(c.waitReplies(2));
  checkRefusal(c.replies().at(1), 413);
  QCOMPARE(m_http->bodySizes, QList<qint64>{3});
}

void TestRequestGate::pipelined() {
  Client c(m_port);
  c.send(post("/a", 3) + "abc" + post("/b", 5) + "defgh" + get("/c"));
  QVERIFY(c.waitReplies(3));
  const QList<Reply> r = c.replies();
  QCOMPARE(r.at(0).body, QByteArray("3"));
  QCOMPARE(r.at(1).body, QByteArray("5"));
  QCOMPARE(r.at(2).body, QByteArray("0"));
  QCOMPARE(m_http->paths, (QList<QByteArray>{"/a", "/b", "/c"}));
  QCOMPARE(m_gate->refusals(), 0u);
}

void TestRequestGate::pipelinedThenOversized() {
  // The refusal waits until Qt has answered the requests before it, so answers stay in order.
  Client c(m_port);
  c.send(post("/a", 3) + "abc" + post("/b", 2) + "de" + post("/c", 2 * kMiB) + QByteArray(1000, 'x'));
  QVERIFY(c.waitReplies(3));
  const QList<Reply> r = c.replies();
  QCOMPARE(r.at(0).body, QByteArray("3"));
  QCOMPARE(r.at(1).body, QByteArray("2"));
  checkRefusal(r.at(2), 413);
  QCOMPARE(m_http->bodySizes, (QList<qint64>{3, 2}));
}

void TestRequestGate::bodyInPiecesThenNext() {
  // Qt reads a body across several readyReads inside one transaction; the gate must keep count.
  Client c(m_port);
  c.send(post("/a", 30000) + QByteArray(10000, 'x'));
  QTest::qWait(30);
  c.send(QByteArray(10000, 'y'));
  QTest::qWait(30);
  c.send(QByteArray(10000, 'z') + "GET /b HTTP/1.1\r\nHo");
  QTest::qWait(30);
  c.send("st: x\r\n\r\n" + post("/c", 2 * kMiB));
  QVERIFY(c.waitReplies(3));
  const QList<Reply> r = c.replies();
  QCOMPARE(r.at(0).body, QByteArray("30000"));
  QCOMPARE(r.at(1).body, QByteArray("0"));
  checkRefusal(r.at(2), 413);
  QCOMPARE(m_http->paths, (QList<QByteArray>{"/a", "/b"}));
}

void TestRequestGate::refusalWaitsForLateAnswer() {
  Client c(m_port);
  c.send(get("/slow") + post("/c", 2 * kMiB) + QByteArray(1000, 'x'));
  QVERIFY(c.waitReplies(2));
  QCOMPARE(c.replies().at(0).body, QByteArray("slow"));
  checkRefusal(c.replies().at(1), 413);
}

void TestRequestGate::noIdleCloseWhileAnswering() {
  GateLimits limits;
  limits.idleTimeoutMs = 150;
  start(limits);
  m_http->slowMs = 350; // longer than the idle timeout
  Client c(m_port);
  c.send(get("/slow"));
  QVERIFY(c.waitReplies(1));
  QCOMPARE(c.replies().first().body, QByteArray("slow"));
  QVERIFY(!c.closed);
  QVERIFY(QTest::qWaitFor([&] { return c.closed; }, 2000)); // idle once answered
}

void TestRequestGate::blankLinesAndBareLf() {
  Client c(m_port);
  c.send(post("/a", 2) + "ab\r\n\r\n" + "POST /b HTTP/1.1\nHost: x\nContent-Length: 3\n\nabc");
  QVERIFY(c.waitReplies(2));
  QCOMPARE(c.replies().at(0).body, QByteArray("2"));
  QCOMPARE(c.replies().at(1).body, QByteArray("3"));
  QCOMPARE(m_http->paths, (QList<QByteArray>{"/a", "/b"}));
}

void TestRequestGate::randomSplits() {
  // Pipelined requests cut at random places: whatever the readyRead boundaries, Qt and the gate
  // agree on every request, and the oversized one at the end is refused after all the others.
  std::mt19937 rng(7);
  QByteArray stream;
  QList<QByteArray> expected;
  for (int i = 0; i < 24; ++i) {
    const int size = std::uniform_int_distribution<int>(0, 6000)(rng);
    if (i % 5 == 0) {
      stream += get("/g" + QByteArray::number(i));
      expected.append("0");
    } else {
      stream += post("/p" + QByteArray::number(i), size) + QByteArray(size, char('a' + i % 26));
      expected.append(QByteArray::number(size));
    }
    if (i % 7 == 3)
      stream += "\r\n"; // a blank line between requests, as some clients send
  }
  stream += post("/last", 2 * kMiB) + QByteArray(5000, 'z');
  Client c(m_port);
  QTRY_COMPARE(c.socket->state(), QAbstractSocket::ConnectedState); // flush() before that breaks the socket
  for (qsizetype at = 0; at < stream.size();) {
    const qsizetype n = std::min<qsizetype>(stream.size() - at, std::uniform_int_distribution<int>(1, 2500)(rng));
    c.send(stream.mid(at, n));
    c.socket->flush();
    at += n;
    if (rng() % 3 == 0)
      QTest::qWait(1);
  }
  QVERIFY(c.waitReplies(25, 5000));
  const QList<Reply> r = c.replies();
  for (int i = 0; i < 24; ++i)
    QCOMPARE(r.at(i).body, expected.at(i));
  checkRefusal(r.at(24), 413);
  QCOMPARE(m_http->bodySizes.size(), 24);
}

void TestRequestGate::expectContinue() {
  Client c(m_port);
  c.send(post("/echo", 10, "Expect: 100-continue\r\n"));
  QVERIFY(QTest::qWaitFor([&] { return c.received.size() >= 25; }, 3000));
  QCOMPARE(c.received, QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
  c.received.clear();
  c.send("0123456789");
  QVERIFY(c.waitReplies(1));
  QCOMPARE(c.replies().first().status, 200);
  QCOMPARE(c.replies().first().body, QByteArray("10"));
  // A client that does not wait for the 100 gets none.
  c.received.clear();
  c.send(post("/echo", 4, "Expect: 100-continue\r\n") + "abcd");
  QVERIFY(c.waitReplies(1));
  QVERIFY(c.received.startsWith("HTTP/1.1 200"));
}

void TestRequestGate::expectContinueOversized() {
  Client c(m_port);
  c.send(post("/echo", 2 * kMiB, "Expect: 100-continue\r\n"));
  QVERIFY(c.waitReplies(1));
  QVERIFY(!c.received.contains("100 Continue"));
  checkRefusal(c.replies().first(), 413);
}

void TestRequestGate::idleConnectionCloses() {
  GateLimits limits;
  limits.idleTimeoutMs = 150;
  start(limits);
  Client c(m_port);
  QVERIFY(QTest::qWaitFor([&] { return c.closed; }, 2000));
  QVERIFY(c.received.isEmpty()); // silently
  QCOMPARE(m_gate->refusals(), 0u);
}

void TestRequestGate::idleAfterAnswerCloses() {
  GateLimits limits;
  limits.idleTimeoutMs = 300;
  start(limits);
  Client c(m_port);
  QTest::qWait(100);
  c.send(get("/a")); // activity restarts the clock
  QVERIFY(c.waitReplies(1));
  QTest::qWait(100);
  QVERIFY(!c.closed);
  QVERIFY(QTest::qWaitFor([&] { return c.closed; }, 2000));
  QCOMPARE(c.replies().size(), 1);
}

void TestRequestGate::webSocketPassesUnharmed() {
  GateLimits limits;
  limits.headerTimeoutMs = 100;
  limits.idleTimeoutMs = 100;
  start(limits);
  QWebSocket ws;
  QSignalSpy messages(&ws, &QWebSocket::textMessageReceived);
  ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_port)));
  QTRY_COMPARE_WITH_TIMEOUT(ws.state(), QAbstractSocket::ConnectedState, 3000);
  ws.sendTextMessage(QStringLiteral("GET / HTTP/1.1 — not a request"));
  QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 1, 3000);
  QCOMPARE(m_gate->inspectedConnections(), 0); // the gate let go of it
  QTest::qWait(250);                           // past both timeouts
  ws.sendTextMessage(QString(70000, QLatin1Char('w')));
  QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 2, 3000);
  QCOMPARE(messages.at(1).at(0).toString().size(), 70000);
  QCOMPARE(ws.state(), QAbstractSocket::ConnectedState);
  QCOMPARE(m_gate->refusals(), 0u);
}

void TestRequestGate::tls() {
  if (!QSslSocket::supportsSsl())
    QSKIP("no TLS backend");
  QTemporaryDir dir;
  QProcess openssl;
  openssl.start(QStringLiteral("openssl"),
                {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                 QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                 QStringLiteral("-keyout"), dir.filePath(QStringLiteral("k.pem")), QStringLiteral("-out"),
                 dir.filePath(QStringLiteral("c.pem")), QStringLiteral("-days"), QStringLiteral("1"),
                 QStringLiteral("-subj"), QStringLiteral("/CN=localhost"), QStringLiteral("-addext"),
                 QStringLiteral("subjectAltName=DNS:localhost")});
  if (!openssl.waitForFinished(20000) || openssl.exitCode() != 0)
    QSKIP("openssl could not make a certificate");
  const QList<QSslCertificate> certs = QSslCertificate::fromPath(dir.filePath(QStringLiteral("c.pem")));
  QFile keyFile(dir.filePath(QStringLiteral("k.pem")));
  QVERIFY(keyFile.open(QIODevice::ReadOnly));
  const QSslKey key(&keyFile, QSsl::Ec);
  QVERIFY(!certs.isEmpty() && !key.isNull());

  GateLimits limits;
  limits.tls = true;
  start(limits);
  QSslConfiguration serverConf = QSslConfiguration::defaultConfiguration();
  serverConf.setLocalCertificate(certs.first());
  serverConf.setPrivateKey(key);
  auto *ssl = new GatedSslServer(m_gate.get());
  ssl->setSslConfiguration(serverConf);
  QVERIFY(ssl->listen(QHostAddress::LocalHost));
  m_http->bind(ssl);

  auto makeSocket = [&certs] {
    auto *s = new QSslSocket;
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setCaCertificates({certs.first()});
    s->setSslConfiguration(conf);
    return s;
  };
  Client c(ssl->serverPort(), makeSocket(), QStringLiteral("localhost"));
  c.send(post("/a", 3) + "abc" + post("/b", 2) + "de");
  QVERIFY(c.waitReplies(2, 5000));
  QCOMPARE(c.replies().at(0).body, QByteArray("3"));
  QCOMPARE(c.replies().at(1).body, QByteArray("2"));
  c.send(post("/c", 4 * kMiB) + QByteArray(kMiB, 'x'));
  QVERIFY(c.waitReplies(3, 5000));
  checkRefusal(c.replies().at(2), 413, true);
  QCOMPARE(m_http->bodySizes, (QList<qint64>{3, 2}));
}

QTEST_GUILESS_MAIN(TestRequestGate)
#include "tst_requestgate.moc"
