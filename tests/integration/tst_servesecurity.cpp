// The server's defences, against the real binary over loopback: API keys (missing, invalid,
// revoked), rate limits, body and header limits checked before the body is read, CORS, TLS with
// a certificate made here, HTTPS enforcement, the non-loopback refusal, and SIGTERM draining.
#include "tests/support/processrunner.h"
#include "tests/support/serveprocess.h"
#include "tests/support/testpaths.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QSslConfiguration>
#include <QWebSocket>

using namespace dragoman::test;

namespace {
const QList<std::pair<QByteArray, QByteArray>> kJson{{"Content-Type", "application/json"}};

QString errorMessage(const HttpResult &r) {
  return r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
}

QByteArray readFile(const QString &path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestServeSecurity : public QObject {
  Q_OBJECT
  QTemporaryDir m_home;
  QProcessEnvironment m_env;

  QString addKey(const QString &name) {
    const ProcessResult r = runDragoman({QStringLiteral("server"), QStringLiteral("add-key"), name}, m_env);
    if (r.exitCode != 0)
      return {};
    return r.out.trimmed();
  }

private Q_SLOTS:
  void initTestCase() { m_env = isolatedEnvironment(m_home.path()); }

  void apiKeysGuardTheApi() {
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")}, m_env), qPrintable(serve.error()));
    QCOMPARE(httpRequest("GET", serve.url(QStringLiteral("/api/v1/status"))).status, 200); // no key exists yet

    const QString secret = addKey(QStringLiteral("test client"));
    QVERIFY2(secret.startsWith(QLatin1String("dgm_")), qPrintable(secret));
    const QByteArray stored = readFile(m_home.filePath(QStringLiteral("config/dragoman/api-keys.json")));
    QVERIFY(stored.contains("\"sha256\""));
    QVERIFY(!stored.contains(secret.toLatin1())); // only its hash
    // The running server reads the key file again within a second.
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest("GET", serve.url(QStringLiteral("/api/v1/status"))).status, 401, 5000);

    const HttpResult missing = httpRequest("GET", serve.url(QStringLiteral("/api/v1/status")));
    QVERIFY(missing.header("WWW-Authenticate").startsWith("Bearer"));
    QVERIFY(errorMessage(missing).contains(QLatin1String("API key is required")));
    const HttpResult wrong = httpRequest("GET", serve.url(QStringLiteral("/api/v1/status")), {},
                                         {{"Authorization", "Bearer dgm_not-a-key"}});
    QCOMPARE(wrong.status, 401);
    QVERIFY(wrong.header("WWW-Authenticate").contains("invalid_token"));
    const QByteArray bearer = "Bearer " + secret.toLatin1();
    const HttpResult good = httpRequest("GET", serve.url(QStringLiteral("/api/v1/status")), {}, {{"Authorization", bearer}});
    QCOMPARE(good.status, 200);
    QCOMPARE(good.json().value(QStringLiteral("server")).toObject().value(QStringLiteral("auth_required")).toBool(), true);
    // Probes stay open; metrics need the key unless server.metrics_public.
    QCOMPARE(httpRequest("GET", serve.url(QStringLiteral("/healthz"))).status, 200);
    QCOMPARE(httpRequest("GET", serve.url(QStringLiteral("/readyz"))).status, 200);
    QCOMPARE(httpRequest("GET", serve.url(QStringLiteral("/metrics"))).status, 401);
    QCOMPARE(httpRequest("GET", serve.url(QStringLiteral("/metrics")), {}, {{"Authorization", bearer}}).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(serve.standardError().contains(QLatin1String("GET /api/v1/status 200")), 5000);

    // Revoked: refused within a second or so, and listed as revoked.
    const ProcessResult listed = runDragoman({QStringLiteral("server"), QStringLiteral("list-keys"), QStringLiteral("--json")}, m_env);
    QCOMPARE(listed.exitCode, 0);
    const QString id = QJsonDocument::fromJson(listed.out.toUtf8()).array().at(0).toObject().value(QStringLiteral("id")).toString();
    QVERIFY(!id.isEmpty());
    const ProcessResult revoked = runDragoman({QStringLiteral("server"), QStringLiteral("revoke-key"), id}, m_env);
    QVERIFY2(revoked.exitCode == 0, qPrintable(revoked.err));
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest("GET", serve.url(QStringLiteral("/api/v1/status")), {}, {{"Authorization", bearer}}).status,
                              401, 5000);
    const ProcessResult unknown = runDragoman({QStringLiteral("server"), QStringLiteral("revoke-key"), QStringLiteral("k_nope")}, m_env);
    QVERIFY(unknown.exitCode != 0);
    QVERIFY2(unknown.err.contains(QLatin1String("k_nope")), qPrintable(unknown.err));
    // Revoking the last key does not open the API again; removing the file does.
    QCOMPARE(httpRequest("GET", serve.url(QStringLiteral("/api/v1/status"))).status, 401);
    QVERIFY(QFile::remove(m_home.filePath(QStringLiteral("config/dragoman/api-keys.json"))));
    QVERIFY(QTest::qWaitFor([&] { return httpRequest("GET", serve.url(QStringLiteral("/api/v1/status"))).status == 200; }, 5000));
  }

  void nonLoopbackNeedsAKey() {
    const ProcessResult refused = runDragoman({QStringLiteral("serve"), QStringLiteral("--bind"), QStringLiteral("0.0.0.0"),
                                               QStringLiteral("--port"), QStringLiteral("0")},
                                              m_env, 30000);
    QCOMPARE(refused.exitCode, 3); // a configuration error
    QVERIFY2(refused.err.contains(QLatin1String("refusing to listen on 0.0.0.0")), qPrintable(refused.err));

    QTemporaryDir other;
    const QProcessEnvironment env = isolatedEnvironment(other.path());
    QVERIFY(runDragoman({QStringLiteral("server"), QStringLiteral("add-key"), QStringLiteral("lan")}, env).exitCode == 0);
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("serve"), QStringLiteral("--bind"), QStringLiteral("0.0.0.0"), QStringLiteral("--port"),
                          QStringLiteral("0")},
                         env),
             qPrintable(serve.error()));
    QCOMPARE(httpRequest("GET", QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/status").arg(serve.port()))).status, 401);
  }

  void rateLimitAnswers429WithRetryAfter() {
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("--set"), QStringLiteral("server.rate_limit=2"), QStringLiteral("serve"),
                          QStringLiteral("--port"), QStringLiteral("0")},
                         m_env),
             qPrintable(serve.error()));
    int refused = 0;
    QByteArray retryAfter;
    for (int i = 0; i < 12; ++i) {
      const HttpResult r = httpRequest("GET", serve.url(QStringLiteral("/api/v1/status")));
      if (r.status == 429) {
        ++refused;
        retryAfter = r.header("Retry-After");
      } else {
        QCOMPARE(r.status, 200);
      }
    }
    QVERIFY2(refused >= 6, qPrintable(QString::number(refused))); // a burst of 4, then 2 per second
    QVERIFY(retryAfter.toInt() >= 1);
    for (int i = 0; i < 10; ++i) // probes are never limited
      QCOMPARE(httpRequest("GET", serve.url(QStringLiteral("/healthz"))).status, 200);
    // Tokens come back with time (QTRY_COMPARE would send one more request after success).
    QVERIFY(QTest::qWaitFor([&] { return httpRequest("GET", serve.url(QStringLiteral("/api/v1/status"))).status == 200; }, 5000));
  }

  void perKeyRateLimit() {
    QTemporaryDir home;
    const QProcessEnvironment env = isolatedEnvironment(home.path());
    const ProcessResult added = runDragoman({QStringLiteral("server"), QStringLiteral("add-key"), QStringLiteral("busy client")}, env);
    QCOMPARE(added.exitCode, 0);
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("--set"), QStringLiteral("server.rate_limit=0"), QStringLiteral("--set"),
                          QStringLiteral("server.key_rate_limit=1"), QStringLiteral("serve"), QStringLiteral("--port"),
                          QStringLiteral("0")},
                         env),
             qPrintable(serve.error()));
    const QList<std::pair<QByteArray, QByteArray>> bearer{{"Authorization", "Bearer " + added.out.trimmed().toLatin1()}};
    int refused = 0;
    for (int i = 0; i < 6; ++i) {
      const HttpResult r = httpRequest("GET", serve.url(QStringLiteral("/api/v1/status")), {}, bearer);
      if (r.status == 429) {
        ++refused;
        QVERIFY2(errorMessage(r).contains(QLatin1String("with key k_")), qPrintable(errorMessage(r)));
        QVERIFY(r.header("Retry-After").toInt() >= 1);
      }
    }
    QVERIFY2(refused >= 3, qPrintable(QString::number(refused))); // a burst of 2 at 1 per second
  }

  void limitsAreCheckedBeforeTheBody() {
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")}, m_env), qPrintable(serve.error()));
    const quint16 port = quint16(serve.port());
    // 5 MiB announced to a 1 MiB JSON endpoint: refused on the head alone; no body is sent.
    const QByteArray huge = rawExchange(port, "POST /api/v1/translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                              "Content-Length: 5242880\r\n\r\n");
    QVERIFY2(huge.startsWith("HTTP/1.1 413"), huge.constData());
    QVERIFY(huge.contains("1048576"));
    QVERIFY(huge.contains("X-Content-Type-Options: nosniff"));
    const QByteArray chunked = rawExchange(port, "POST /api/v1/translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                                 "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    QVERIFY2(chunked.startsWith("HTTP/1.1 411"), chunked.constData());
    const QByteArray header = rawExchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(20000, 'a') + "\r\n\r\n");
    QVERIFY2(header.startsWith("HTTP/1.1 431"), header.left(200).constData());
    const QByteArray garbage = rawExchange(port, "HELLO\r\n\r\n");
    QVERIFY2(garbage.startsWith("HTTP/1.1 400"), garbage.constData());
    // The upload endpoint has its own, larger limit (server.max_upload_mb).
    const QByteArray upload = rawExchange(port, "POST /api/v1/transcribe HTTP/1.1\r\nHost: x\r\nContent-Type: audio/wav\r\n"
                                                "Content-Length: 5242880\r\n\r\n",
                                          1500);
    QVERIFY2(!upload.startsWith("HTTP/1.1 413"), upload.constData());
    // The server is still fine.
    QCOMPARE(httpRequest("GET", serve.url(QStringLiteral("/healthz"))).status, 200);
    const HttpResult metrics = httpRequest("GET", serve.url(QStringLiteral("/metrics")));
    QVERIFY(metrics.body.contains("dragoman_http_refused_total{status=\"413\"} 1"));
  }

  void corsOnlyForConfiguredOrigins() {
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("--set"), QStringLiteral("server.cors_origins=https://app.example"), QStringLiteral("serve"),
                          QStringLiteral("--port"), QStringLiteral("0")},
                         m_env),
             qPrintable(serve.error()));
    const HttpResult allowed = httpRequest("GET", serve.url(QStringLiteral("/api/v1/status")), {}, {{"Origin", "https://app.example"}});
    QCOMPARE(allowed.header("Access-Control-Allow-Origin"), QByteArray("https://app.example"));
    QCOMPARE(allowed.header("Vary"), QByteArray("Origin"));
    const HttpResult other = httpRequest("GET", serve.url(QStringLiteral("/api/v1/status")), {}, {{"Origin", "https://evil.example"}});
    QVERIFY(other.header("Access-Control-Allow-Origin").isEmpty());
    const HttpResult preflight = httpRequest("OPTIONS", serve.url(QStringLiteral("/api/v1/translate")), {},
                                             {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "POST"}});
    QCOMPARE(preflight.status, 204);
    QVERIFY(preflight.header("Access-Control-Allow-Methods").contains("POST"));
    QVERIFY(preflight.header("Access-Control-Allow-Headers").contains("Authorization"));
    const HttpResult refused = httpRequest("OPTIONS", serve.url(QStringLiteral("/api/v1/translate")), {},
                                           {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
    QCOMPARE(refused.status, 403);
    // A page from another origin cannot make the API act, even with a request that needs no preflight.
    const HttpResult forged = httpRequest("POST", serve.url(QStringLiteral("/api/v1/live/stop")), {}, {{"Origin", "https://evil.example"}});
    QCOMPARE(forged.status, 403);
    QCOMPARE(httpRequest("POST", serve.url(QStringLiteral("/api/v1/live/stop")), {}, {{"Origin", "https://app.example"}}).status, 409);
  }

  void tlsWithASelfSignedCertificate() {
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
      QSKIP("openssl is not installed; no certificate can be made for the TLS test");
    QTemporaryDir dir;
    const QString cert = dir.filePath(QStringLiteral("cert.pem"));
    const QString key = dir.filePath(QStringLiteral("key.pem"));
    QProcess make;
    make.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                         QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
                         QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                         QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1")});
    QVERIFY(make.waitForFinished(60000));
    QVERIFY2(make.exitCode() == 0, make.readAllStandardError().constData());
    const QList<QSslCertificate> trusted = QSslCertificate::fromPath(cert);
    QVERIFY(!trusted.isEmpty());

    const quint16 plainPort = freePort();
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("--set"), QStringLiteral("server.tls_certificate=") + cert, QStringLiteral("--set"),
                          QStringLiteral("server.tls_key=") + key, QStringLiteral("--set"),
                          QStringLiteral("server.http_port=%1").arg(plainPort), QStringLiteral("serve"), QStringLiteral("--port"),
                          QStringLiteral("0")},
                         m_env),
             qPrintable(serve.error()));
    QCOMPARE(serve.url().scheme(), QStringLiteral("https"));
    const HttpResult secure = httpRequest("GET", serve.url(QStringLiteral("/api/v1/status")), {}, {}, 30000, trusted);
    QVERIFY2(secure.status == 200, qPrintable(secure.error + serve.standardError()));
    QVERIFY(secure.header("Strict-Transport-Security").startsWith("max-age="));
    const HttpResult translated = httpRequest("POST", serve.url(QStringLiteral("/api/v1/translate")), R"({"text": "Good morning"})",
                                              kJson, 30000, trusted);
    QCOMPARE(translated.status, 200);
    // The caption stream over TLS (wss://).
    QWebSocket stream;
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.addCaCertificates(trusted);
    stream.setSslConfiguration(ssl);
    QString hello;
    connect(&stream, &QWebSocket::textMessageReceived, this, [&](const QString &text) { hello = text; });
    QUrl wss = serve.url(QStringLiteral("/api/v1/stream"));
    wss.setScheme(QStringLiteral("wss"));
    stream.open(wss);
    QTRY_VERIFY_WITH_TIMEOUT(hello.contains(QLatin1String("\"type\":\"hello\"")), 10000);
    stream.close();
    // An untrusted certificate is refused by the client: the connection really is TLS.
    QCOMPARE(httpRequest("GET", serve.url(QStringLiteral("/healthz"))).status, 0);

    // Plain HTTP: health and metrics only; GETs elsewhere are redirected, other methods refused.
    const QUrl plain(QStringLiteral("http://127.0.0.1:%1").arg(plainPort));
    QCOMPARE(httpRequest("GET", plain.resolved(QUrl(QStringLiteral("/healthz")))).status, 200);
    QCOMPARE(httpRequest("GET", plain.resolved(QUrl(QStringLiteral("/metrics")))).status, 200);
    const HttpResult redirect = httpRequest("GET", plain.resolved(QUrl(QStringLiteral("/api/v1/status?x=1"))));
    QCOMPARE(redirect.status, 308);
    QCOMPARE(redirect.header("Location"), QStringLiteral("https://127.0.0.1:%1/api/v1/status?x=1").arg(serve.port()).toLatin1());
    const HttpResult post = httpRequest("POST", plain.resolved(QUrl(QStringLiteral("/api/v1/translate"))), R"({"text": "a"})", kJson);
    QCOMPARE(post.status, 403);
    QVERIFY(errorMessage(post).contains(QLatin1String("HTTPS")));
  }

  void tlsFilesThatCannotBeReadAreNamed() {
    const ProcessResult r = runDragoman({QStringLiteral("--set"), QStringLiteral("server.tls_certificate=/nonexistent/cert.pem"),
                                         QStringLiteral("--set"), QStringLiteral("server.tls_key=/nonexistent/key.pem"),
                                         QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")},
                                        m_env, 30000);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(QLatin1String("/nonexistent/cert.pem")), qPrintable(r.err));
  }

  // SIGTERM while a slow request runs: it is answered, then the process exits 0.
  void sigtermDrainsRequestsInFlight() {
    DRAGOMAN_REQUIRE_SHARED(speech, "data/speech/jfk.flac");
    ServeProcess serve;
    // A drain time far above the transcription's, however loaded the machine (the default is 10 s).
    QVERIFY2(serve.start({QStringLiteral("--set"), QStringLiteral("server.drain_timeout_ms=180000"), QStringLiteral("serve"),
                          QStringLiteral("--port"), QStringLiteral("0")},
                         m_env),
             qPrintable(serve.error()));
    const QByteArray audio = readFile(speech);
    HttpResult answer;
    std::unique_ptr<QThread> client(QThread::create([&] {
      answer = httpRequest("POST", serve.url(QStringLiteral("/api/v1/transcribe?translate=none")), audio, {{"Content-Type", "audio/flac"}});
    }));
    client->start();
    // In flight: the status request itself plus the upload.
    QTRY_VERIFY_WITH_TIMEOUT(httpRequest("GET", serve.url(QStringLiteral("/api/v1/status")))
                                     .json()
                                     .value(QStringLiteral("server"))
                                     .toObject()
                                     .value(QStringLiteral("in_flight"))
                                     .toInt() >= 2,
                             20000);
    serve.terminate();
    QVERIFY(client->wait(120000));
    QVERIFY2(answer.status == 200, qPrintable(answer.error + QString::fromUtf8(answer.body) + serve.standardError()));
    QVERIFY(!answer.json().value(QStringLiteral("text")).toString().isEmpty());
    QCOMPARE(serve.waitForExit(), 0);
    QVERIFY2(serve.standardError().contains(QLatin1String("draining")), qPrintable(serve.standardError()));
  }
};

QTEST_GUILESS_MAIN(TestServeSecurity)
#include "tst_servesecurity.moc"
