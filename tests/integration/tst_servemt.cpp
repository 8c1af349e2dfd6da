// The HTTP API with a neural translation engine (the Marian and NLLB random-weight fixtures) over
// real loopback: answers equal to `dragoman mt`'s for the same text, concurrent requests batched
// into one forward pass, one loaded NLLB model serving several pairs, and a pair the model does
// not serve refused with its reason.
#include "tests/support/processrunner.h"
#include "tests/support/serveprocess.h"
#include "tests/support/testpaths.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace dragoman::test;

namespace {
const QList<std::pair<QByteArray, QByteArray>> kJson{{"Content-Type", "application/json"}};

QByteArray body(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }
} // namespace

class TestServeMt : public QObject {
  Q_OBJECT
  QTemporaryDir m_home;
  QProcessEnvironment m_env;
  QString m_marian, m_nllb;
  ServeProcess m_marianServer, m_nllbServer;

  QString explain(const HttpResult &r, ServeProcess &s) {
    return QStringLiteral("status %1 %2 %3 | server log: %4")
        .arg(r.status)
        .arg(r.error, QString::fromUtf8(r.body.left(600)), s.standardError().right(1500));
  }

private Q_SLOTS:
  void initTestCase() {
    const QString marian = sharedFile(QStringLiteral("fixtures/marian-tiny-random/config.json"));
    const QString nllb = sharedFile(QStringLiteral("fixtures/nllb-tiny-random/config.json"));
    if (marian.isEmpty() || nllb.isEmpty())
      QSKIP("shared fixtures marian-tiny-random / nllb-tiny-random not found: set DRAGOMAN_SHARED to the shared/ folder");
    m_marian = QFileInfo(marian).absolutePath();
    m_nllb = QFileInfo(nllb).absolutePath();
    m_env = isolatedEnvironment(m_home.path());
    QVERIFY2(m_marianServer.start({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--from"),
                                   QStringLiteral("en"), QStringLiteral("--to"), QStringLiteral("de"), QStringLiteral("--set"),
                                   QStringLiteral("translation.engine=marian"), QStringLiteral("--set"),
                                   QStringLiteral("translation.model=") + m_marian, QStringLiteral("--set"),
                                   QStringLiteral("server.cache_entries=0")},
                                  m_env),
             qPrintable(m_marianServer.error()));
    QVERIFY2(m_nllbServer.start({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--from"),
                                 QStringLiteral("en"), QStringLiteral("--to"), QStringLiteral("de"), QStringLiteral("--set"),
                                 QStringLiteral("translation.engine=nllb"), QStringLiteral("--set"),
                                 QStringLiteral("translation.model=") + m_nllb},
                                m_env),
             qPrintable(m_nllbServer.error()));
  }

  // The engine's answer is the model's: what `dragoman mt` gives for the same sentence with the
  // engine's length budget (twice the input tokens plus 16, rounded up to 32).
  void answersAsTheModelDoes() {
    const QString text = QStringLiteral("The cat sits on the mat.");
    const HttpResult r = httpRequest("POST", m_marianServer.url(QStringLiteral("/api/v1/translate")),
                                     body({{QStringLiteral("text"), text}}), kJson);
    QVERIFY2(r.status == 200, qPrintable(explain(r, m_marianServer)));
    QCOMPARE(r.json().value(QStringLiteral("engine")).toString(), QStringLiteral("marian"));
    const QStringList base{QStringLiteral("mt"), QStringLiteral("--model"), m_marian, QStringLiteral("--from"), QStringLiteral("en"),
                           QStringLiteral("--to"), QStringLiteral("de"), QStringLiteral("--text"), text, QStringLiteral("--json")};
    const ProcessResult probe = runDragoman(base, m_env);
    QVERIFY2(probe.exitCode == 0, qPrintable(probe.err));
    const QJsonObject first = QJsonDocument::fromJson(probe.out.toUtf8()).object()[QStringLiteral("translations")].toArray().at(0).toObject();
    const qsizetype inputTokens = first.value(QStringLiteral("input_ids")).toArray().size();
    const int budget = std::min<int>(int((2 * inputTokens + 16 + 31) / 32 * 32), 512);
    const ProcessResult same = runDragoman(base + QStringList{QStringLiteral("--max-new-tokens"), QString::number(budget)}, m_env);
    const QString expected =
        QJsonDocument::fromJson(same.out.toUtf8()).object()[QStringLiteral("translations")].toArray().at(0)[QStringLiteral("text")].toString();
    QVERIFY(!expected.isEmpty());
    QCOMPARE(r.json().value(QStringLiteral("translation")).toString(), expected);
  }

  void concurrentRequestsShareAForwardPass() {
    QList<QNetworkReply *> replies;
    QNetworkAccessManager manager;
    const QStringList texts{QStringLiteral("Mi hermano vive en Madrid."), QStringLiteral("Ok."), QStringLiteral("The cat sits on the mat."),
                            QStringLiteral("In 2023, we sold 1,234 apples."), QStringLiteral("¿Dónde está la estación de tren?")};
    for (int round = 0; round < 3; ++round)
      for (const QString &t : texts) {
        QNetworkRequest request(m_marianServer.url(QStringLiteral("/api/v1/translate")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        replies.append(manager.post(request, body({{QStringLiteral("text"), t + QString(round, QLatin1Char(' '))}})));
      }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.begin(), replies.end(), [](QNetworkReply *r) { return r->isFinished(); }), 120000);
    int largest = 0;
    QMap<QString, QString> answers;
    for (int i = 0; i < replies.size(); ++i) {
      QNetworkReply *reply = replies[i];
      QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
      const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
      largest = std::max(largest, answer.value(QStringLiteral("batch_size")).toInt());
      // The same sentence (whitespace aside) gets the same translation in whichever batch it was.
      const QString key = texts.at(i % texts.size());
      const QString translation = answer.value(QStringLiteral("translation")).toString().trimmed();
      if (answers.contains(key))
        QCOMPARE(translation, answers.value(key));
      answers.insert(key, translation);
      reply->deleteLater();
    }
    QVERIFY2(largest > 1, "no two concurrent requests shared an engine call");
  }

  void oneNllbModelServesEveryPair() {
    for (const auto &[from, to] : {std::pair{"en", "de"}, std::pair{"es", "fr"}, std::pair{"de", "en"}}) {
      const HttpResult r = httpRequest("POST", m_nllbServer.url(QStringLiteral("/api/v1/translate")),
                                       body({{QStringLiteral("text"), QStringLiteral("Mi hermano vive en Madrid.")},
                                             {QStringLiteral("source"), QLatin1String(from)},
                                             {QStringLiteral("target"), QLatin1String(to)}}),
                                       kJson);
      QVERIFY2(r.status == 200, qPrintable(explain(r, m_nllbServer)));
      QCOMPARE(r.json().value(QStringLiteral("engine")).toString(), QStringLiteral("nllb"));
    }
    const HttpResult missing = httpRequest("POST", m_nllbServer.url(QStringLiteral("/api/v1/translate")),
                                           body({{QStringLiteral("text"), QStringLiteral("Hello")},
                                                 {QStringLiteral("source"), QStringLiteral("en")},
                                                 {QStringLiteral("target"), QStringLiteral("ja")}}),
                                           kJson);
    QVERIFY2(missing.status >= 400 && missing.status < 500, qPrintable(explain(missing, m_nllbServer)));
    QVERIFY2(QString::fromUtf8(missing.body).contains(QStringLiteral("jpn_Jpan")), missing.body.constData());
  }

  void wrongPairForMarianIsRefused() {
    const HttpResult r = httpRequest("POST", m_marianServer.url(QStringLiteral("/api/v1/translate")),
                                     body({{QStringLiteral("text"), QStringLiteral("Hello")},
                                           {QStringLiteral("source"), QStringLiteral("en")},
                                           {QStringLiteral("target"), QStringLiteral("fr")}}),
                                     kJson);
    QVERIFY2(r.status >= 400 && r.status < 500, qPrintable(explain(r, m_marianServer)));
    QVERIFY2(QString::fromUtf8(r.body).contains(QStringLiteral("'fr'")), r.body.constData());
    // The server goes on with the pair it serves.
    const HttpResult ok = httpRequest("POST", m_marianServer.url(QStringLiteral("/api/v1/translate")),
                                      body({{QStringLiteral("text"), QStringLiteral("Hello")}}), kJson);
    QCOMPARE(ok.status, 200);
  }

  void cleanupTestCase() {
    for (ServeProcess *s : {&m_marianServer, &m_nllbServer}) {
      s->terminate();
      QCOMPARE(s->waitForExit(), 0);
    }
  }
};

QTEST_MAIN(TestServeMt)
#include "tst_servemt.moc"
