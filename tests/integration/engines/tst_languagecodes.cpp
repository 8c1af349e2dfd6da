#include "core/inference/system/languagecodes.h"

#include <QTest>

using namespace dragoman;

class TestLanguageCodes : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void bothForms_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("iso1");
    QTest::addColumn<QString>("iso3");
    QTest::newRow("en") << "en" << "en" << "eng";
    QTest::newRow("eng") << "eng" << "en" << "eng";
    QTest::newRow("ES upper case") << "ES" << "es" << "spa";
    QTest::newRow("spa") << "spa" << "es" << "spa";
    QTest::newRow("fr") << "fr" << "fr" << "fra";
    QTest::newRow("deu") << "deu" << "de" << "deu";
    QTest::newRow("it") << "it" << "it" << "ita";
    QTest::newRow("por") << "por" << "pt" << "por";
    QTest::newRow("ca") << "ca" << "ca" << "cat";
    QTest::newRow("glg") << "glg" << "gl" << "glg";
    QTest::newRow("eo") << "eo" << "eo" << "epo";
    QTest::newRow("no two-letter code") << "ast" << "ast" << "ast";
    QTest::newRow("unknown stays") << "xyz" << "xyz" << "xyz";
    QTest::newRow("empty") << "" << "" << "";
  }
  void bothForms() {
    QFETCH(QString, input);
    QFETCH(QString, iso1);
    QFETCH(QString, iso3);
    QCOMPARE(languages::toIso639_1(input), iso1);
    QCOMPARE(languages::toIso639_3(input), iso3);
  }
};

QTEST_GUILESS_MAIN(TestLanguageCodes)
#include "tst_languagecodes.moc"
