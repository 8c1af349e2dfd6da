// translation.engine auto's choice for a pair, as a table: what is installed, what the route is,
// and which models the error or the report names.
#include "app/context/translationroute.h"

#include <QTest>

using namespace dragoman;

namespace {

const char *kCatalogue = R"({"format": 1, "models": [
  {"id": "opus-mt-en-de", "kind": "mt", "engine": "marian", "repo": "x/en-de", "files": ["config.json"], "source_language": "en", "target_language": "de"},
  {"id": "opus-mt-de-en", "kind": "mt", "engine": "marian", "repo": "x/de-en", "files": ["config.json"], "source_language": "de", "target_language": "en"},
  {"id": "opus-mt-en-es", "kind": "mt", "engine": "marian", "repo": "x/en-es", "files": ["config.json"], "source_language": "en", "target_language": "es"},
  {"id": "opus-mt-en-ROMANCE", "kind": "mt", "engine": "marian", "repo": "x/en-rom", "files": ["config.json"], "source_language": "en",
   "target_language": ["es", "fr", "it", "pt"], "target_tokens": true},
  {"id": "opus-mt-mul-en", "kind": "mt", "engine": "marian", "repo": "x/mul-en", "files": ["config.json"], "source_language": "*", "target_language": "en"},
  {"id": "nllb-200-distilled-600M", "kind": "mt", "engine": "nllb", "repo": "x/nllb", "files": ["config.json"], "source_language": "*", "target_language": "*"},
  {"id": "m2m100_418M", "kind": "mt", "engine": "nllb", "repo": "x/m2m", "files": ["config.json"],
   "source_language": ["de", "en", "fr", "ja"], "target_language": ["de", "en", "fr", "ja"]},
  {"id": "whisper-tiny", "kind": "asr", "engine": "whisper", "repo": "x/w", "files": ["config.json"], "languages": ["*"]}
]})";

} // namespace

class TestTranslationRoute : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void routes_data() {
    QTest::addColumn<QString>("pair");
    QTest::addColumn<QStringList>("installed");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QStringList>("models");     // model folder names of the steps
    QTest::addColumn<QString>("summaryMentions");
    const QStringList all{QStringLiteral("opus-mt-en-de"), QStringLiteral("opus-mt-de-en"), QStringLiteral("opus-mt-en-es"),
                          QStringLiteral("opus-mt-en-ROMANCE"), QStringLiteral("opus-mt-mul-en"), QStringLiteral("nllb-200-distilled-600M")};
    QTest::newRow("direct first") << "en:de" << all << "marian" << QStringList{"opus-mt-en-de"} << "opus-mt-en-de";
    QTest::newRow("direct before multi-target") << "en:es" << all << "marian" << QStringList{"opus-mt-en-es"} << "opus-mt-en-es";
    QTest::newRow("multi-target") << "en:fr" << all << "marian (multi-target)" << QStringList{"opus-mt-en-ROMANCE"} << "multi-target";
    QTest::newRow("any source") << "ja:en" << QStringList{"opus-mt-mul-en"} << "marian" << QStringList{"opus-mt-mul-en"} << "mul-en";
    QTest::newRow("nllb") << "ja:ko" << all << "nllb" << QStringList{"nllb-200-distilled-600M"} << "nllb";
    QTest::newRow("nllb before pivot") << "de:es" << all << "nllb" << QStringList{"nllb-200-distilled-600M"} << "nllb";
    QTest::newRow("m2m100 for its languages") << "ja:de" << QStringList{"m2m100_418M"} << "nllb" << QStringList{"m2m100_418M"}
                                              << "m2m100_418M";
    QTest::newRow("nllb before m2m100") << "ja:de" << QStringList{"m2m100_418M", "nllb-200-distilled-600M"} << "nllb"
                                        << QStringList{"nllb-200-distilled-600M"} << "nllb";
    QTest::newRow("m2m100 not for other languages") << "ja:ko" << QStringList{"m2m100_418M"} << "none" << QStringList{}
                                                    << "nllb-200-distilled-600M";
    QTest::newRow("pivot") << "de:es" << QStringList{"opus-mt-de-en", "opus-mt-en-es"} << "marian through English"
                           << QStringList{"opus-mt-de-en", "opus-mt-en-es"} << "through English";
    QTest::newRow("pivot through multi-target") << "de:it" << QStringList{"opus-mt-de-en", "opus-mt-en-ROMANCE"} << "marian through English"
                                                << QStringList{"opus-mt-de-en", "opus-mt-en-ROMANCE"} << "through English";
    QTest::newRow("apertium") << "en:es" << QStringList{} << "apertium" << QStringList{} << "apertium";
    QTest::newRow("apertium after half a pivot") << "es:en" << QStringList{"opus-mt-en-es"} << "apertium" << QStringList{} << "apertium";
    QTest::newRow("nothing: names the models") << "en:de" << QStringList{} << "none" << QStringList{}
                                               << "dragoman models download opus-mt-en-de";
    QTest::newRow("nothing known") << "de:xx" << QStringList{"opus-mt-de-en"} << "none" << QStringList{} << "nllb-200-distilled-600M";
  }
  void routes() {
    QFETCH(QString, pair);
    QFETCH(QStringList, installed);
    QFETCH(QString, kind);
    QFETCH(QStringList, models);
    QFETCH(QString, summaryMentions);
    Result<models::Catalogue> catalogue = models::Catalogue::fromJson(QByteArray(kCatalogue), QStringLiteral("test"));
    QVERIFY2(catalogue, qPrintable(catalogue ? QString() : catalogue.error().message));
    RouteInputs in;
    in.base.engine = QStringLiteral("auto");
    in.base.sourceLanguage = pair.section(QLatin1Char(':'), 0, 0);
    in.base.targetLanguage = pair.section(QLatin1Char(':'), 1, 1);
    in.catalogue = *catalogue;
    in.installed = QSet<QString>(installed.begin(), installed.end());
    in.modelsRoot = QStringLiteral("/models");
    in.apertiumPairs = {LanguagePair{QStringLiteral("en"), QStringLiteral("es")}, LanguagePair{QStringLiteral("es"), QStringLiteral("en")}};
    const TranslationRoute r = planTranslationRoute(in);
    QCOMPARE(routeKindName(r.kind), kind);
    QStringList folders;
    for (const TranslatorParams &p : r.steps) {
      if (p.engine != QLatin1String("apertium"))
        folders << p.model.section(QLatin1Char('/'), -1);
      QVERIFY(!p.engine.isEmpty() && p.engine != QLatin1String("auto"));
    }
    QCOMPARE(folders, models);
    QVERIFY2(r.summary.contains(summaryMentions), qPrintable(r.summary));
    QVERIFY(!r.considered.isEmpty());
    if (r.kind == TranslationRoute::Kind::Pivot) {
      QCOMPARE(r.steps[0].targetLanguage, QStringLiteral("en"));
      QCOMPARE(r.steps[1].sourceLanguage, QStringLiteral("en"));
    }
  }

  // A folder set by hand is used whatever is installed; its config.json picks the engine.
  void configuredModelWins() {
    RouteInputs in;
    in.base.sourceLanguage = QStringLiteral("en");
    in.base.targetLanguage = QStringLiteral("de");
    in.base.model = QStringLiteral("/nonexistent/folder");
    const TranslationRoute r = planTranslationRoute(in);
    QCOMPARE(r.kind, TranslationRoute::Kind::Configured);
    QCOMPARE(r.steps.size(), 1);
    QCOMPARE(r.steps[0].engine, QStringLiteral("marian"));
  }
};

QTEST_GUILESS_MAIN(TestTranslationRoute)
#include "tst_translationroute.moc"
