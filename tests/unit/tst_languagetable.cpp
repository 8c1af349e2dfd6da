#include "core/inference/languagetable.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QThread>

#include <vector>

using namespace dragoman;

class TestLanguageTable : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void callsFromManyThreadsAgree() {
    // First, so that the table is first read from several threads at once.
    std::vector<std::optional<QString>> results(8);
    QList<QThread *> threads;
    for (std::size_t i = 0; i < results.size(); ++i)
      threads << QThread::create([&results, i] { results[i] = dragoman::toNllbCode(QStringLiteral("fr")); });
    for (QThread *t : threads)
      t->start();
    for (QThread *t : threads) {
      t->wait();
      delete t;
    }
    for (const std::optional<QString> &r : results)
      QCOMPARE(r.value_or(QString()), QStringLiteral("fra_Latn"));
  }

  void toNllbCode_data() {
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("nllb"); // empty: unknown
    QTest::newRow("639-1") << QStringLiteral("en") << QStringLiteral("eng_Latn");
    QTest::newRow("639-3") << QStringLiteral("eng") << QStringLiteral("eng_Latn");
    QTest::newRow("nllb") << QStringLiteral("eng_Latn") << QStringLiteral("eng_Latn");
    QTest::newRow("upper case") << QStringLiteral("EN") << QStringLiteral("eng_Latn");
    QTest::newRow("nllb any case") << QStringLiteral("ENG_LATN") << QStringLiteral("eng_Latn");
    QTest::newRow("nllb with a hyphen") << QStringLiteral("deu-Latn") << QStringLiteral("deu_Latn");
    QTest::newRow("spaces") << QStringLiteral(" de ") << QStringLiteral("deu_Latn");
    QTest::newRow("de") << QStringLiteral("de") << QStringLiteral("deu_Latn");
    QTest::newRow("zh: simplified by default") << QStringLiteral("zh") << QStringLiteral("zho_Hans");
    QTest::newRow("zho") << QStringLiteral("zho") << QStringLiteral("zho_Hans");
    QTest::newRow("zh-Hant") << QStringLiteral("zh-Hant") << QStringLiteral("zho_Hant");
    QTest::newRow("zh_hant") << QStringLiteral("zh_hant") << QStringLiteral("zho_Hant");
    QTest::newRow("zh-Hans") << QStringLiteral("zh-Hans") << QStringLiteral("zho_Hans");
    QTest::newRow("zh_TW") << QStringLiteral("zh_TW") << QStringLiteral("zho_Hant");
    QTest::newRow("zh-HK") << QStringLiteral("zh-HK") << QStringLiteral("zho_Hant");
    QTest::newRow("zh-CN") << QStringLiteral("zh-CN") << QStringLiteral("zho_Hans");
    QTest::newRow("zh-Hans-TW: the script wins") << QStringLiteral("zh-Hans-TW") << QStringLiteral("zho_Hans");
    QTest::newRow("yue") << QStringLiteral("yue") << QStringLiteral("yue_Hant");
    QTest::newRow("ja") << QStringLiteral("ja") << QStringLiteral("jpn_Jpan");
    QTest::newRow("ar") << QStringLiteral("ar") << QStringLiteral("arb_Arab");
    QTest::newRow("ara: macrolanguage") << QStringLiteral("ara") << QStringLiteral("arb_Arab");
    QTest::newRow("arz: a variety") << QStringLiteral("arz") << QStringLiteral("arz_Arab");
    QTest::newRow("fa") << QStringLiteral("fa") << QStringLiteral("pes_Arab");
    QTest::newRow("prs") << QStringLiteral("prs") << QStringLiteral("prs_Arab");
    QTest::newRow("ms") << QStringLiteral("ms") << QStringLiteral("zsm_Latn");
    QTest::newRow("no") << QStringLiteral("no") << QStringLiteral("nob_Latn");
    QTest::newRow("nn") << QStringLiteral("nn") << QStringLiteral("nno_Latn");
    QTest::newRow("ne") << QStringLiteral("ne") << QStringLiteral("npi_Deva");
    QTest::newRow("mn") << QStringLiteral("mn") << QStringLiteral("khk_Cyrl");
    QTest::newRow("yi") << QStringLiteral("yi") << QStringLiteral("ydd_Hebr");
    QTest::newRow("sq") << QStringLiteral("sq") << QStringLiteral("als_Latn");
    QTest::newRow("sw") << QStringLiteral("sw") << QStringLiteral("swh_Latn");
    QTest::newRow("he and legacy iw") << QStringLiteral("iw") << QStringLiteral("heb_Hebr");
    QTest::newRow("Whisper's jw") << QStringLiteral("jw") << QStringLiteral("jav_Latn");
    QTest::newRow("ks: Arabic script by default") << QStringLiteral("ks") << QStringLiteral("kas_Arab");
    QTest::newRow("ks-Deva") << QStringLiteral("ks-Deva") << QStringLiteral("kas_Deva");
    QTest::newRow("ace: Latin by default") << QStringLiteral("ace") << QStringLiteral("ace_Latn");
    QTest::newRow("pt-BR: region ignored") << QStringLiteral("pt-BR") << QStringLiteral("por_Latn");
    QTest::newRow("sr-Latn: no such script, the default") << QStringLiteral("sr-Latn") << QStringLiteral("srp_Cyrl");
    QTest::newRow("unknown") << QStringLiteral("xx") << QString();
    QTest::newRow("unknown with a script") << QStringLiteral("xx-Latn") << QString();
    QTest::newRow("unknown nllb-shaped") << QStringLiteral("xxx_Latn") << QString();
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("blank") << QStringLiteral("  ") << QString();
    QTest::newRow("auto") << QStringLiteral("auto") << QString();
    QTest::newRow("separator only") << QStringLiteral("-") << QString();
  }

  void toNllbCode() {
    QFETCH(QString, code);
    QFETCH(QString, nllb);
    const std::optional<QString> got = dragoman::toNllbCode(code);
    if (nllb.isEmpty()) {
      QVERIFY2(!got, qPrintable(got.value_or(QString())));
    } else {
      QVERIFY(got.has_value());
      QCOMPARE(*got, nllb);
    }
  }

  void isoFromNllbCode_data() {
    QTest::addColumn<QString>("nllb");
    QTest::addColumn<QString>("iso");
    QTest::newRow("deu_Latn") << QStringLiteral("deu_Latn") << QStringLiteral("de");
    QTest::newRow("any case") << QStringLiteral("DEU_latn") << QStringLiteral("de");
    QTest::newRow("zho_Hant") << QStringLiteral("zho_Hant") << QStringLiteral("zh");
    QTest::newRow("arb_Arab") << QStringLiteral("arb_Arab") << QStringLiteral("ar");
    QTest::newRow("no 639-1: 639-3") << QStringLiteral("ast_Latn") << QStringLiteral("ast");
    QTest::newRow("variety: 639-3") << QStringLiteral("ary_Arab") << QStringLiteral("ary");
    QTest::newRow("unknown") << QStringLiteral("xxx_Latn") << QString();
    QTest::newRow("a 639-1 code is no NLLB code") << QStringLiteral("de") << QString();
    QTest::newRow("empty") << QString() << QString();
  }

  void isoFromNllbCode() {
    QFETCH(QString, nllb);
    QFETCH(QString, iso);
    QCOMPARE(dragoman::isoFromNllbCode(nllb), iso);
  }

  void everyLanguageOfTheModel() {
    const QList<NllbLanguage> all = nllbLanguages();
    QCOMPARE(all.size(), 202);
    static const QRegularExpression shape(QStringLiteral("^[a-z]{3}_[A-Z][a-z]{3}$"));
    QSet<QString> codes;
    for (const NllbLanguage &l : all) {
      QVERIFY2(shape.match(l.code).hasMatch(), qPrintable(l.code));
      QVERIFY2(!codes.contains(l.code), qPrintable(l.code));
      codes.insert(l.code);
      QCOMPARE(l.iso6393, l.code.left(3));
      QVERIFY2(l.iso6391.isEmpty() || QRegularExpression(QStringLiteral("^[a-z]{2}$")).match(l.iso6391).hasMatch(),
               qPrintable(l.code));
      QVERIFY2(!l.name.isEmpty(), qPrintable(l.code));
      // Every entry is reachable by its own code, and its ISO code leads back to the same language.
      QCOMPARE(dragoman::toNllbCode(l.code).value_or(QString()), l.code);
      const QString iso = dragoman::isoFromNllbCode(l.code);
      QVERIFY2(!iso.isEmpty(), qPrintable(l.code));
      QCOMPARE(dragoman::toNllbCode(iso).value_or(QString()).left(3), l.iso6393);
    }
    // The model's first and last language tokens, and a few codes that are easy to get wrong.
    QCOMPARE(all.first().code, QStringLiteral("ace_Arab"));
    QCOMPARE(all.last().code, QStringLiteral("zul_Latn"));
    for (const char *code :
         {"npi_Deva", "khk_Cyrl", "ydd_Hebr", "uzn_Latn", "azj_Latn", "plt_Latn", "lvs_Latn", "est_Latn", "ory_Orya",
          "pbt_Arab", "gaz_Latn", "als_Latn", "swh_Latn", "zho_Hans", "zho_Hant", "arb_Arab", "pes_Arab", "zsm_Latn"})
      QVERIFY2(codes.contains(QLatin1String(code)), code);
  }
};

QTEST_GUILESS_MAIN(TestLanguageTable)
#include "tst_languagetable.moc"
