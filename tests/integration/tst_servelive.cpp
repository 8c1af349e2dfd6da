// Live captions over the WebSocket stream during real live sessions on the virtual audio devices:
// `dragoman live --serve`, and `dragoman serve` driven by POST /api/v1/live/start and stop.
#include "core/common/threadnames.h"
#include "tests/support/processrunner.h"
#include "tests/support/serveprocess.h"
#include "tests/support/streamclient.h"
#include "tests/support/testpaths.h"
#include "tests/support/virtualaudio.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace dragoman;
using namespace dragoman::test;

namespace {
QUrl streamUrl(const ServeProcess &serve) {
  QUrl url = serve.url(QStringLiteral("/api/v1/stream"));
  url.setScheme(QStringLiteral("ws"));
  return url;
}
} // namespace

class TestServeLive : public QObject {
  Q_OBJECT
  VirtualAudio m_audio;
  QTemporaryDir m_home;
  QProcessEnvironment m_env;
  QString m_speech;

private Q_SLOTS:
  void initTestCase() {
    m_speech = sharedFile(QStringLiteral("data/speech/jfk.flac"));
    if (m_speech.isEmpty())
      QSKIP("shared file data/speech/jfk.flac not found: set DRAGOMAN_SHARED to the shared/ folder");
    DRAGOMAN_REQUIRE_VIRTUAL_AUDIO(m_audio);
    m_env = m_audio.environment(isolatedEnvironment(m_home.path()));
  }
  void cleanupTestCase() { m_audio.stop(); }

  void liveServeStreamsCaptions() {
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("live"), QStringLiteral("--serve"), QStringLiteral("--port"), QStringLiteral("0"),
                          QStringLiteral("--input-device"), m_audio.input(), QStringLiteral("--no-speak"), QStringLiteral("--quiet")},
                         m_env),
             qPrintable(serve.error()));
    StreamClient client;
    QVERIFY2(client.connectTo(streamUrl(serve)), qPrintable(client.socket.errorString() + serve.standardError()));
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("hello")) == 1, 5000);
    QCOMPARE(client.messages.first().value(QStringLiteral("live")).toObject().value(QStringLiteral("controlled_by")).toString(),
             QStringLiteral("live"));
    const HttpResult status = httpRequest("GET", serve.url(QStringLiteral("/api/v1/status")));
    QCOMPARE(status.json().value(QStringLiteral("live")).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("running"));
    QCOMPARE(status.json().value(QStringLiteral("server")).toObject().value(QStringLiteral("websocket_clients")).toInt(), 1);
    // `live` owns the session: the API cannot start another.
    QCOMPARE(httpRequest("POST", serve.url(QStringLiteral("/api/v1/live/start")), "{}", {{"Content-Type", "application/json"}}).status, 409);

    QVERIFY(m_audio.play(m_speech));
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("translation")) >= 1 && client.count(QStringLiteral("timing")) >= 1, 60000);
    QVERIFY2(client.count(QStringLiteral("transcript")) >= 1, qPrintable(client.texts(QStringLiteral("transcript"))));
    QVERIFY(!client.texts(QStringLiteral("transcript")).trimmed().isEmpty());
    QVERIFY(!client.texts(QStringLiteral("translation")).trimmed().isEmpty());
    // The profile and the metrics are the running session's.
    const HttpResult profile = httpRequest("GET", serve.url(QStringLiteral("/api/v1/profile")));
    QCOMPARE(profile.json().value(QStringLiteral("source")).toString(), QStringLiteral("live"));
    const HttpResult metrics = httpRequest("GET", serve.url(QStringLiteral("/metrics")));
    QVERIFY(metrics.body.contains("dragoman_websocket_clients 1"));
    // The threads Dragoman says it runs are the session's and the API's, and the kernel sees them.
    QStringList threads;
    for (const QJsonValue &v : httpRequest("GET", serve.url(QStringLiteral("/api/v1/status"))).json().value(QStringLiteral("threads")).toArray())
      threads << v.toString();
    const QStringList kernel = threadNames(serve.process().processId());
    for (const char *name : {threadnames::kCapture, threadnames::kAsr, threadnames::kMt, threadnames::kTts, threadnames::kApiTranslate})
      QVERIFY2(threads.contains(QLatin1String(name)), qPrintable(threads.join(QLatin1Char(' '))));
    for (const QString &name : threads)
      QVERIFY2(kernel.contains(name), qPrintable(name + QStringLiteral(" is not in /proc: ") + kernel.join(QLatin1Char(' '))));
    QVERIFY(metrics.body.contains("dragoman_segments_total") || metrics.body.contains("dragoman_stage"));

    serve.terminate();
    QCOMPARE(serve.waitForExit(90000), 0);
    QTRY_VERIFY_WITH_TIMEOUT(client.socket.state() == QAbstractSocket::UnconnectedState, 10000);
  }

  void serveStartsAndStopsLiveSessions() {
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("--set"), QStringLiteral("audio.input_device=") + m_audio.input(), QStringLiteral("serve"),
                          QStringLiteral("--port"), QStringLiteral("0")},
                         m_env),
             qPrintable(serve.error()));
    StreamClient client;
    QVERIFY(client.connectTo(streamUrl(serve)));
    const HttpResult started = httpRequest("POST", serve.url(QStringLiteral("/api/v1/live/start")), R"({"speak": false})",
                                           {{"Content-Type", "application/json"}});
    QVERIFY2(started.status == 202, qPrintable(QString::fromUtf8(started.body) + serve.standardError()));
    const QString uuid = started.json().value(QStringLiteral("session_uuid")).toString();
    QVERIFY(!uuid.isEmpty());
    QCOMPARE(httpRequest("POST", serve.url(QStringLiteral("/api/v1/live/start")), "{}", {{"Content-Type", "application/json"}}).status, 409);
    QVERIFY(m_audio.play(m_speech));
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("translation")) >= 1, 60000);

    const HttpResult stopped = httpRequest("POST", serve.url(QStringLiteral("/api/v1/live/stop")));
    QVERIFY2(stopped.status == 200, qPrintable(QString::fromUtf8(stopped.body)));
    QCOMPARE(stopped.json().value(QStringLiteral("session_uuid")).toString(), uuid);
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("state")) >= 2, 10000); // running, stopping, idle
    // The session is in the history once stop has answered.
    const HttpResult session = httpRequest("GET", serve.url(QStringLiteral("/api/v1/sessions/") + uuid));
    QVERIFY2(session.status == 200, qPrintable(QString::fromUtf8(session.body)));
    QVERIFY(!session.json().value(QStringLiteral("segments")).toArray().isEmpty());
    QCOMPARE(httpRequest("POST", serve.url(QStringLiteral("/api/v1/live/stop"))).status, 409);
    serve.terminate();
    QCOMPARE(serve.waitForExit(), 0);
  }

  // SIGTERM during a live session the API started: the session ends in order, its history is
  // complete on disk, and the process exits 0.
  void sigtermEndsTheLiveSessionAndKeepsItsHistory() {
    QTemporaryDir home;
    const QProcessEnvironment env = m_audio.environment(isolatedEnvironment(home.path()));
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("--set"), QStringLiteral("audio.input_device=") + m_audio.input(), QStringLiteral("serve"),
                          QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--live"), QStringLiteral("--no-speak")},
                         env),
             qPrintable(serve.error()));
    StreamClient client;
    QVERIFY(client.connectTo(streamUrl(serve)));
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest("GET", serve.url(QStringLiteral("/api/v1/status")))
                                  .json()
                                  .value(QStringLiteral("live"))
                                  .toObject()
                                  .value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("running"), 20000);
    QVERIFY(m_audio.play(m_speech));
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("transcript")) >= 1, 60000);
    serve.terminate();
    QCOMPARE(serve.waitForExit(90000), 0);
    const ProcessResult history = runDragoman({QStringLiteral("history"), QStringLiteral("list"), QStringLiteral("--json")}, env);
    QCOMPARE(history.exitCode, 0);
    const QJsonArray sessions = QJsonDocument::fromJson(history.out.toUtf8()).array();
    QCOMPARE(sessions.size(), 1);
    const QJsonObject session = sessions.first().toObject();
    QCOMPARE(session.value(QStringLiteral("kind")).toString(), QStringLiteral("serve"));
    QCOMPARE(session.value(QStringLiteral("state")).toString(), QStringLiteral("finished"));
    QVERIFY(session.value(QStringLiteral("segments")).toInt() >= 1);
  }

  // server.enabled: the desktop application serves the API and streams its session's captions.
  void desktopApplicationServesWhenEnabled() {
    QProcessEnvironment env = m_env;
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    ServeProcess gui;
    QVERIFY2(gui.start({QStringLiteral("--set"), QStringLiteral("server.enabled=true"), QStringLiteral("--set"),
                        QStringLiteral("server.port=0"), QStringLiteral("gui"), QStringLiteral("--demo"), m_speech},
                       env),
             qPrintable(gui.error()));
    StreamClient client;
    QVERIFY2(client.connectTo(streamUrl(gui)), qPrintable(client.socket.errorString() + gui.standardError()));
    // The demo plays the file in real time (11 s): its later segments arrive on the stream.
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("translation")) >= 1, 60000);
    QVERIFY(!client.texts(QStringLiteral("translation")).trimmed().isEmpty());
    const HttpResult started = httpRequest("POST", gui.url(QStringLiteral("/api/v1/live/start")), "{}", {{"Content-Type", "application/json"}});
    QCOMPARE(started.status, 409); // the window owns its sessions
  }

  void streamNeedsTheKeyOnceOneExists() {
    QTemporaryDir home;
    const QProcessEnvironment env = m_audio.environment(isolatedEnvironment(home.path()));
    const ProcessResult added = runDragoman({QStringLiteral("server"), QStringLiteral("add-key"), QStringLiteral("ws")}, env);
    QCOMPARE(added.exitCode, 0);
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")}, env), qPrintable(serve.error()));
    StreamClient anonymous;
    QVERIFY(!anonymous.connectTo(streamUrl(serve)));
    // A web page (which sends its Origin) is refused even with the key.
    StreamClient page(QStringLiteral("https://evil.example"));
    QVERIFY(!page.connectTo(streamUrl(serve), "Bearer " + added.out.trimmed().toLatin1()));
    StreamClient allowed;
    QVERIFY(allowed.connectTo(streamUrl(serve), "Bearer " + added.out.trimmed().toLatin1()));
    QTRY_VERIFY_WITH_TIMEOUT(allowed.count(QStringLiteral("hello")) == 1, 5000);
  }
};

QTEST_MAIN(TestServeLive)
#include "tst_servelive.moc"
