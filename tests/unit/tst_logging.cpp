#include "core/common/logcategories.h"
#include "core/common/logging.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;

class TestLogging : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void cleanup() { logging::uninstall(); }

  void jsonLineHasEveryMember() {
    const QString line = logging::formatJson(QtWarningMsg, "dragoman.asr", QStringLiteral("slow \"decode\""),
                                             {{QStringLiteral("ms"), 1900}, {QStringLiteral("segment"), 3}});
    QVERIFY(!line.contains(QLatin1Char('\n')));
    QJsonParseError err{};
    const QJsonObject o = QJsonDocument::fromJson(line.toUtf8(), &err).object();
    QCOMPARE(err.error, QJsonParseError::NoError);
    QCOMPARE(o.value(QStringLiteral("level")).toString(), QStringLiteral("warning"));
    QCOMPARE(o.value(QStringLiteral("category")).toString(), QStringLiteral("dragoman.asr"));
    QCOMPARE(o.value(QStringLiteral("message")).toString(), QStringLiteral("slow \"decode\""));
    QCOMPARE(o.value(QStringLiteral("fields")).toObject().value(QStringLiteral("ms")).toInt(), 1900);
    QVERIFY(QDateTime::fromString(o.value(QStringLiteral("ts")).toString(), Qt::ISODateWithMs).isValid());
  }

  void textLineCarriesFields() {
    const QString line = logging::formatText(QtInfoMsg, "dragoman.mt", QStringLiteral("translated"),
                                             {{QStringLiteral("ms"), 12}});
    QVERIFY(line.contains(QStringLiteral("info")));
    QVERIFY(line.contains(QStringLiteral("dragoman.mt: translated ms=12")));
  }

  void fileGetsJsonLinesAndRotates() {
    QTemporaryDir dir;
    logging::Options o;
    o.toStderr = false;
    o.filePath = dir.filePath(QStringLiteral("dragoman.log"));
    o.maxFileBytes = 2000;
    o.maxFiles = 2;
    logging::install(o);
    for (int i = 0; i < 60; ++i)
      logging::info(lcPipeline(), QStringLiteral("message number %1").arg(i), {{QStringLiteral("i"), i}});
    logging::uninstall();
    QVERIFY(QFile::exists(o.filePath));
    QVERIFY(QFile::exists(o.filePath + QStringLiteral(".1")));
    QVERIFY(QFile::exists(o.filePath + QStringLiteral(".2")));
    QVERIFY(!QFile::exists(o.filePath + QStringLiteral(".3")));
    QFile f(o.filePath);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.size() <= 2000);
    const QList<QByteArray> lines = f.readAll().split('\n');
    QVERIFY(lines.size() > 2);
    const QJsonObject last = QJsonDocument::fromJson(lines.at(lines.size() - 2)).object();
    QCOMPARE(last.value(QStringLiteral("message")).toString(), QStringLiteral("message number 59"));
    QCOMPARE(last.value(QStringLiteral("fields")).toObject().value(QStringLiteral("i")).toInt(), 59);
  }

  void levelFiltersMessages() {
    QTemporaryDir dir;
    logging::Options o;
    o.toStderr = false;
    o.filePath = dir.filePath(QStringLiteral("x.log"));
    o.level = logging::Level::Warning;
    logging::install(o);
    logging::info(lcApp(), QStringLiteral("hidden"));
    logging::warning(lcApp(), QStringLiteral("shown"));
    logging::uninstall();
    QFile f(o.filePath);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray all = f.readAll();
    QVERIFY(!all.contains("hidden"));
    QVERIFY(all.contains("shown"));
  }
};

QTEST_GUILESS_MAIN(TestLogging)
#include "tst_logging.moc"
