// `dragoman serve` over real loopback HTTP: every endpoint's success and error paths, with the
// offline engines (pocketsphinx, apertium, espeak-ng) and a real history database.
#include "tests/support/processrunner.h"
#include "tests/support/serveprocess.h"
#include "tests/support/testpaths.h"

#include <QFile>
#include <QFileInfo>
#include <QtEndian>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>

using namespace dragoman::test;

namespace {
const QList<std::pair<QByteArray, QByteArray>> kJson{{"Content-Type", "application/json"}};

QString sample() { return sourceDir() + QStringLiteral("/resources/samples/hello_en.wav"); }

QByteArray readFile(const QString &path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The error body every refusal carries, with the status it came with.
bool isErrorBody(const HttpResult &r, int status) {
  const QJsonObject e = r.json().value(QStringLiteral("error")).toObject();
  return e.value(QStringLiteral("status")).toInt() == status && !e.value(QStringLiteral("message")).toString().isEmpty() &&
         e.value(QStringLiteral("request_id")).toString() == QString::fromLatin1(r.header("X-Request-ID"));
}
} // namespace

class TestServeApi : public QObject {
  Q_OBJECT
  QTemporaryDir m_home;
  QProcessEnvironment m_env;
  ServeProcess m_serve;

  QString explain(const HttpResult &r) {
    return QStringLiteral("status %1 %2 %3 | server log: %4")
        .arg(r.status)
        .arg(r.error, QString::fromUtf8(r.body.left(600)), m_serve.standardError().right(1500));
  }

private Q_SLOTS:
  void initTestCase() {
    m_env = isolatedEnvironment(m_home.path());
    // A session in the history, for /api/v1/sessions.
    const ProcessResult translated = runDragoman({QStringLiteral("translate"), sample(), QStringLiteral("--quiet")}, m_env);
    QVERIFY2(translated.exitCode == 0, qPrintable(translated.err));
    QVERIFY2(m_serve.start({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")}, m_env),
             qPrintable(m_serve.error()));
  }

  void healthIsOpenAndCarriesSecurityHeaders() {
    const HttpResult r = httpRequest("GET", m_serve.url(QStringLiteral("/healthz")));
    QVERIFY2(r.status == 200, qPrintable(explain(r)));
    QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(r.header("X-Content-Type-Options"), QByteArray("nosniff"));
    QCOMPARE(r.header("X-Frame-Options"), QByteArray("DENY"));
    QVERIFY(r.header("Content-Security-Policy").contains("default-src 'none'"));
    QCOMPARE(r.header("Cache-Control"), QByteArray("no-store"));
    QVERIFY(r.header("Strict-Transport-Security").isEmpty()); // plain HTTP: no HSTS
    QCOMPARE(r.header("X-Request-ID").size(), 16);
    QVERIFY(r.header("Access-Control-Allow-Origin").isEmpty()); // CORS off by default

    // A client's request id is echoed (and logged); an unacceptable one is replaced.
    const HttpResult mine = httpRequest("GET", m_serve.url(QStringLiteral("/healthz")), {}, {{"X-Request-ID", "trace-42.a_b"}});
    QCOMPARE(mine.header("X-Request-ID"), QByteArray("trace-42.a_b"));
    QTRY_VERIFY_WITH_TIMEOUT(m_serve.standardError().contains(QLatin1String("trace-42.a_b GET /healthz 200")), 5000);
    const HttpResult bad = httpRequest("GET", m_serve.url(QStringLiteral("/healthz")), {}, {{"X-Request-ID", "no spaces!"}});
    QVERIFY(bad.header("X-Request-ID") != "no spaces!");

    const HttpResult head = httpRequest("HEAD", m_serve.url(QStringLiteral("/healthz")));
    QCOMPARE(head.status, 200);
    QVERIFY(head.body.isEmpty());
  }

  void readinessNamesItsChecks() {
    const HttpResult r = httpRequest("GET", m_serve.url(QStringLiteral("/readyz")));
    QVERIFY2(r.status == 200, qPrintable(explain(r)));
    const QJsonObject checks = r.json().value(QStringLiteral("checks")).toObject();
    QVERIFY(checks.value(QStringLiteral("engines")).toObject().value(QStringLiteral("ok")).toBool());
    QVERIFY(checks.value(QStringLiteral("storage")).toObject().value(QStringLiteral("ok")).toBool());
  }

  void metricsPassPromtool() {
    httpRequest("GET", m_serve.url(QStringLiteral("/nowhere"))); // a 404 to count
    const HttpResult r = httpRequest("GET", m_serve.url(QStringLiteral("/metrics")));
    QVERIFY2(r.status == 200, qPrintable(explain(r)));
    QVERIFY(r.header("Content-Type").startsWith("text/plain; version=0.0.4"));
    QVERIFY(r.body.contains("dragoman_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"));
    QVERIFY(r.body.contains("route=\"unmatched\",status=\"404\""));
    QVERIFY(r.body.contains("dragoman_http_request_duration_seconds_bucket"));
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (promtool.isEmpty())
      QSKIP("promtool is not installed (Debian package prometheus); the exposition was not validated");
    QProcess check;
    check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    QVERIFY(check.waitForStarted());
    check.write(r.body);
    check.closeWriteChannel();
    QVERIFY(check.waitForFinished(30000));
    QVERIFY2(check.exitCode() == 0, qPrintable(QString::fromUtf8(check.readAllStandardOutput() + check.readAllStandardError())));
  }

  void statusReportsEnginesMemoryAndServer() {
    const HttpResult r = httpRequest("GET", m_serve.url(QStringLiteral("/api/v1/status")));
    QVERIFY2(r.status == 200, qPrintable(explain(r)));
    const QJsonObject s = r.json();
    QVERIFY(!s.value(QStringLiteral("version")).toString().isEmpty());
    QCOMPARE(s.value(QStringLiteral("live")).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("idle"));
    // translation.engine's default: auto, which serves en→es with apertium on a machine without models.
    QCOMPARE(s.value(QStringLiteral("engines")).toObject().value(QStringLiteral("mt")).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("auto"));
    QVERIFY(s.value(QStringLiteral("memory")).toObject().value(QStringLiteral("rss_bytes")).toDouble() > 1e6);
    QCOMPARE(s.value(QStringLiteral("server")).toObject().value(QStringLiteral("auth_required")).toBool(), false);
  }

  void translatesTextAndCachesIt() {
    const QByteArray body = R"({"text": "The cat is in the house."})";
    const HttpResult first = httpRequest("POST", m_serve.url(QStringLiteral("/api/v1/translate")), body, kJson);
    QVERIFY2(first.status == 200, qPrintable(explain(first)));
    const QString translation = first.json().value(QStringLiteral("translation")).toString();
    QVERIFY2(translation.contains(QLatin1String("gato"), Qt::CaseInsensitive), qPrintable(translation));
    QCOMPARE(first.json().value(QStringLiteral("cached")).toBool(), false);
    QCOMPARE(first.json().value(QStringLiteral("engine")).toString(), QStringLiteral("apertium"));
    const HttpResult second = httpRequest("POST", m_serve.url(QStringLiteral("/api/v1/translate")), body, kJson);
    QCOMPARE(second.status, 200);
    QCOMPARE(second.json().value(QStringLiteral("translation")).toString(), translation);
    QCOMPARE(second.json().value(QStringLiteral("cached")).toBool(), true);

    const HttpResult many = httpRequest("POST", m_serve.url(QStringLiteral("/api/v1/translate")),
                                        R"({"texts": ["The cat is in the house.", "", "Good morning"], "source": "en", "target": "es"})", kJson);
    QVERIFY2(many.status == 200, qPrintable(explain(many)));
    const QJsonArray out = many.json().value(QStringLiteral("translations")).toArray();
    QCOMPARE(out.size(), 3);
    QCOMPARE(out.at(0).toString(), translation);
    QCOMPARE(out.at(1).toString(), QString());
    QVERIFY(!out.at(2).toString().isEmpty());
    QCOMPARE(many.json().value(QStringLiteral("cached")).toArray().at(0).toBool(), true);
  }

  void concurrentTranslationsAreBatched() {
    // apertium takes a process start per call: while the first text is translated the others
    // queue, and go to the engine together.
    QList<QNetworkReply *> replies;
    QNetworkAccessManager manager;
    for (int i = 0; i < 12; ++i) {
      QNetworkRequest request(m_serve.url(QStringLiteral("/api/v1/translate")));
      request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
      const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("text"), QStringLiteral("I have %1 red houses.").arg(i + 2)}})
                                  .toJson(QJsonDocument::Compact);
      replies.append(manager.post(request, body));
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.begin(), replies.end(), [](QNetworkReply *r) { return r->isFinished(); }), 60000);
    int largest = 0;
    for (int i = 0; i < replies.size(); ++i) {
      QNetworkReply *reply = replies[i];
      QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
      const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
      QVERIFY2(answer.value(QStringLiteral("translation")).toString().contains(QString::number(i + 2)),
               qPrintable(answer.value(QStringLiteral("translation")).toString()));
      largest = std::max(largest, answer.value(QStringLiteral("batch_size")).toInt());
      reply->deleteLater();
    }
    QVERIFY2(largest > 1, "no two concurrent requests shared an engine call");
    const HttpResult status = httpRequest("GET", m_serve.url(QStringLiteral("/api/v1/status")));
    const QJsonObject t = status.json().value(QStringLiteral("translate")).toObject();
    QVERIFY(t.value(QStringLiteral("batches")).toInt() < t.value(QStringLiteral("requests")).toInt());
  }

  void translateRefusesBadInput_data() {
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << QByteArray("{\"text\": ") << QByteArray("application/json") << 400 << "not valid JSON";
    QTest::newRow("invalid utf-8") << QByteArray("{\"text\": \"caf\xC3\x28\"}") << QByteArray("application/json") << 400 << "UTF-8";
    QTest::newRow("array") << QByteArray("[1]") << QByteArray("application/json") << 400 << "JSON object";
    QTest::newRow("missing") << QByteArray("{}") << QByteArray("application/json") << 400 << "either \"text\"";
    QTest::newRow("wrong type") << QByteArray("{\"text\": 5}") << QByteArray("application/json") << 400 << "must be a string";
    QTest::newRow("empty") << QByteArray("{\"text\": \"\"}") << QByteArray("application/json") << 400 << "must not be empty";
    QTest::newRow("typo") << QByteArray("{\"txt\": \"a\", \"text\": \"b\"}") << QByteArray("application/json") << 400 << "unknown field \"txt\"";
    QTest::newRow("language") << QByteArray("{\"text\": \"a\", \"target\": \"Spanish\"}") << QByteArray("application/json") << 400 << "language code";
    QTest::newRow("too many") << QByteArray("{\"texts\": [" + QByteArray("\"a\",").repeated(64) + "\"a\"]}") << QByteArray("application/json") << 400 << "65 items";
    QTest::newRow("content type") << QByteArray("text=hello") << QByteArray("application/x-www-form-urlencoded") << 415 << "application/json";
    // translation.engine auto with no model installed: the answer names the model to download.
    QTest::newRow("no pair") << QByteArray("{\"text\": \"hello\", \"target\": \"ja\"}") << QByteArray("application/json") << 422
                             << "dragoman models download nllb-200-distilled-600M";
  }
  void translateRefusesBadInput() {
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    QFETCH(QString, message);
    const HttpResult r = httpRequest("POST", m_serve.url(QStringLiteral("/api/v1/translate")), body, {{"Content-Type", contentType}});
    QVERIFY2(r.status == status, qPrintable(explain(r)));
    QVERIFY2(isErrorBody(r, status), qPrintable(explain(r)));
    QVERIFY2(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().contains(message),
             qPrintable(explain(r)));
  }

  void unknownPathsAndMethods() {
    const HttpResult missing = httpRequest("GET", m_serve.url(QStringLiteral("/api/v1/nothing")));
    QCOMPARE(missing.status, 404);
    QVERIFY(isErrorBody(missing, 404));
    const HttpResult method = httpRequest("GET", m_serve.url(QStringLiteral("/api/v1/translate")));
    QCOMPARE(method.status, 405);
    QCOMPARE(method.header("Allow"), QByteArray("POST"));
    const HttpResult ws = httpRequest("GET", m_serve.url(QStringLiteral("/api/v1/stream")));
    QCOMPARE(ws.status, 426);
  }

  void speaksTextAsWav() {
    const HttpResult r = httpRequest("POST", m_serve.url(QStringLiteral("/api/v1/speak")), R"({"text": "Hola, buenos días."})", kJson);
    QVERIFY2(r.status == 200, qPrintable(explain(r)));
    QCOMPARE(r.header("Content-Type"), QByteArray("audio/wav"));
    QVERIFY(r.body.startsWith("RIFF") && r.body.mid(8, 4) == "WAVE");
    QVERIFY2(r.body.size() > 20000, qPrintable(QString::number(r.body.size()))); // some speech, not a header
    const HttpResult bad = httpRequest("POST", m_serve.url(QStringLiteral("/api/v1/speak")), R"({"text": ["x"]})", kJson);
    QCOMPARE(bad.status, 400);
  }

  void transcribesAnUpload() {
    const QByteArray wav = readFile(sample());
    QVERIFY(!wav.isEmpty());
    const HttpResult r = httpRequest("POST", m_serve.url(QStringLiteral("/api/v1/transcribe?speak=true")), wav,
                                     {{"Content-Type", "audio/wav"}});
    QVERIFY2(r.status == 200, qPrintable(explain(r)));
    const QJsonObject t = r.json();
    QVERIFY2(!t.value(QStringLiteral("text")).toString().isEmpty(), qPrintable(explain(r)));
    QVERIFY(!t.value(QStringLiteral("translation")).toString().isEmpty());
    QVERIFY(!t.value(QStringLiteral("segments")).toArray().isEmpty());
    QVERIFY(t.value(QStringLiteral("duration_s")).toDouble() > 0.5);
    const QByteArray speech = QByteArray::fromBase64(t.value(QStringLiteral("speech")).toObject().value(QStringLiteral("base64")).toString().toLatin1());
    QVERIFY(speech.startsWith("RIFF"));

    const HttpResult none = httpRequest("POST", m_serve.url(QStringLiteral("/api/v1/transcribe?translate=none")), wav,
                                        {{"Content-Type", "audio/wav"}});
    QCOMPARE(none.status, 200);
    QVERIFY(none.json().value(QStringLiteral("translation")).isNull());
  }

  void transcribeRefusesBadAudio() {
    const QByteArray truncated = readFile(sample()).left(30);
    const HttpResult cut = httpRequest("POST", m_serve.url(QStringLiteral("/api/v1/transcribe")), truncated, {{"Content-Type", "audio/wav"}});
    QVERIFY2(cut.status == 400, qPrintable(explain(cut)));
    QVERIFY2(cut.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().contains(QLatin1String("cannot be decoded")),
             qPrintable(explain(cut)));
    const HttpResult type = httpRequest("POST", m_serve.url(QStringLiteral("/api/v1/transcribe")), "x", {{"Content-Type", "text/plain"}});
    QCOMPARE(type.status, 415);
    const HttpResult empty = httpRequest("POST", m_serve.url(QStringLiteral("/api/v1/transcribe")), {}, {{"Content-Type", "audio/wav"}});
    QCOMPARE(empty.status, 400);
    const HttpResult lang = httpRequest("POST", m_serve.url(QStringLiteral("/api/v1/transcribe?language=english")), "x",
                                        {{"Content-Type", "audio/wav"}});
    QCOMPARE(lang.status, 400);
  }

  void listsReadsAndExportsSessions() {
    const HttpResult list = httpRequest("GET", m_serve.url(QStringLiteral("/api/v1/sessions")));
    QVERIFY2(list.status == 200, qPrintable(explain(list)));
    const QJsonArray sessions = list.json().value(QStringLiteral("sessions")).toArray();
    QVERIFY2(!sessions.isEmpty(), qPrintable(explain(list)));
    const QJsonObject first = sessions.first().toObject();
    QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("translate"));
    const QString id = QString::number(first.value(QStringLiteral("id")).toInteger());
    const QString uuid = first.value(QStringLiteral("uuid")).toString();

    const HttpResult one = httpRequest("GET", m_serve.url(QStringLiteral("/api/v1/sessions/") + uuid));
    QVERIFY2(one.status == 200, qPrintable(explain(one)));
    QVERIFY(!one.json().value(QStringLiteral("segments")).toArray().isEmpty());

    const HttpResult srt = httpRequest("GET", m_serve.url(QStringLiteral("/api/v1/sessions/%1/export?format=srt&side=both").arg(id)));
    QVERIFY2(srt.status == 200, qPrintable(explain(srt)));
    QVERIFY(srt.body.contains(" --> "));
    QVERIFY(srt.header("Content-Disposition").startsWith("attachment"));
    const HttpResult vtt = httpRequest("GET", m_serve.url(QStringLiteral("/api/v1/sessions/%1/export?format=vtt").arg(id)));
    QVERIFY(vtt.body.startsWith("WEBVTT"));

    QCOMPARE(httpRequest("GET", m_serve.url(QStringLiteral("/api/v1/sessions/999999"))).status, 404);
    QCOMPARE(httpRequest("GET", m_serve.url(QStringLiteral("/api/v1/sessions/%1/export?format=docx").arg(id))).status, 400);
    QCOMPARE(httpRequest("GET", m_serve.url(QStringLiteral("/api/v1/sessions?limit=0"))).status, 400);
    const HttpResult search = httpRequest("GET", m_serve.url(QStringLiteral("/api/v1/sessions?q=zzzznotsaid")));
    QCOMPARE(search.status, 200);
    QVERIFY(search.json().value(QStringLiteral("sessions")).toArray().isEmpty());
  }

  void profileOfTheLastRun() {
    const HttpResult r = httpRequest("GET", m_serve.url(QStringLiteral("/api/v1/profile")));
    QVERIFY2(r.status == 200, qPrintable(explain(r)));
    QCOMPARE(r.json().value(QStringLiteral("source")).toString(), QStringLiteral("last_run"));
    QCOMPARE(r.json().value(QStringLiteral("command")).toString(), QStringLiteral("translate"));
  }

  void liveStopWithoutSessionConflicts() {
    const HttpResult r = httpRequest("POST", m_serve.url(QStringLiteral("/api/v1/live/stop")));
    QCOMPARE(r.status, 409);
  }

  // Every operation of the OpenAPI document exists on the server (no 404 or 405), so the
  // document cannot promise an endpoint the server lacks.
  void openApiDocumentMatchesTheServer() {
    const HttpResult r = httpRequest("GET", m_serve.url(QStringLiteral("/api/v1/openapi.json")));
    QVERIFY2(r.status == 200, qPrintable(explain(r)));
    const QJsonObject doc = r.json();
    QVERIFY(doc.value(QStringLiteral("openapi")).toString().startsWith(QLatin1String("3.")));
    const QJsonObject paths = doc.value(QStringLiteral("paths")).toObject();
    QVERIFY(paths.size() >= 14);
    int checked = 0;
    for (auto it = paths.begin(); it != paths.end(); ++it) {
      QString path = it.key();
      path.replace(QStringLiteral("{id}"), QStringLiteral("999999"));
      const QJsonObject operations = it.value().toObject();
      for (auto op = operations.begin(); op != operations.end(); ++op) {
        const QByteArray method = op.key().toUpper().toLatin1();
        if (method != "GET" && method != "POST")
          continue;
        if (path == QLatin1String("/api/v1/live/start"))
          continue; // would open the audio devices
        const HttpResult answer = httpRequest(method, m_serve.url(path), {}, {{"Content-Type", "application/json"}});
        QVERIFY2(answer.status != 405 && (answer.status != 404 || path.contains(QLatin1String("999999"))),
                 qPrintable(QStringLiteral("%1 %2: %3").arg(QString::fromLatin1(method), path, explain(answer))));
        ++checked;
      }
    }
    QVERIFY(checked >= 13);
  }

  // A neural voice loads once and stays loaded: /speak twice, then a spoken transcription, one load.
  void neuralVoiceStaysLoaded() {
    const QString config = sharedFile(QStringLiteral("fixtures/vits-tiny-random/config.json"));
    if (config.isEmpty())
      QSKIP("shared fixture vits-tiny-random not found: set DRAGOMAN_SHARED to the shared/ folder");
    QProcessEnvironment env = m_env;
    env.insert(QStringLiteral("DRAGOMAN_TTS_ENGINE"), QStringLiteral("vits"));
    env.insert(QStringLiteral("DRAGOMAN_TTS_MODEL"), QFileInfo(config).absolutePath());
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")}, env), qPrintable(serve.error()));
    for (int i = 0; i < 2; ++i) {
      const HttpResult r = httpRequest("POST", serve.url(QStringLiteral("/api/v1/speak")), R"({"text": "Hello world. How are you?"})", kJson);
      QVERIFY2(r.status == 200, qPrintable(QStringLiteral("%1 %2 | %3").arg(r.status).arg(QString::fromUtf8(r.body.left(300)), serve.standardError().right(800))));
      QVERIFY(r.body.startsWith("RIFF"));
      QCOMPARE(qFromLittleEndian<quint32>(r.body.constData() + 24), 16000u); // the voice's rate
    }
    const HttpResult spoken = httpRequest("POST", serve.url(QStringLiteral("/api/v1/transcribe?speak=true")), readFile(sample()),
                                          {{"Content-Type", "audio/wav"}});
    QVERIFY2(spoken.status == 200, qPrintable(QString::fromUtf8(spoken.body.left(300))));
    const HttpResult metrics = httpRequest("GET", serve.url(QStringLiteral("/metrics")));
    QVERIFY2(metrics.body.contains("dragoman_api_voice_loads_total 1\n"), metrics.body.constData());
    serve.terminate();
    QCOMPARE(serve.waitForExit(), 0);
  }

  void sigtermExitsCleanly() {
    m_serve.terminate();
    QCOMPARE(m_serve.waitForExit(), 0);
    QVERIFY(m_serve.standardError().contains(QLatin1String("stopped")));
  }
};

QTEST_GUILESS_MAIN(TestServeApi)
#include "tst_serveapi.moc"
