// tts.engine auto's choice of voice for a language, as a table: what is installed, which engine and
// voice file speak, and which voices the error or the report names; tts.model and tts.voice; the
// built-in catalogue's voices for the languages people need, each with its licence.
#include "app/context/voiceroute.h"

#include <QTest>

using namespace dragoman;

namespace {

const char *kCatalogue = R"({"format": 1, "models": [
  {"id": "piper-de_DE-thorsten-medium", "kind": "tts", "engine": "piper", "repo": "x/v", "license": "cc0-1.0",
   "files": ["de/de_DE/thorsten/medium/de_DE-thorsten-medium.onnx", "de/de_DE/thorsten/medium/de_DE-thorsten-medium.onnx.json"],
   "languages": ["de"]},
  {"id": "piper-de_DE-eva-x_low", "kind": "tts", "engine": "piper", "repo": "x/v", "license": "see-model-card",
   "files": ["de/de_DE/eva/x_low/de_DE-eva-x_low.onnx", "de/de_DE/eva/x_low/de_DE-eva-x_low.onnx.json"], "languages": ["de"]},
  {"id": "mms-tts-deu", "kind": "tts", "engine": "vits", "repo": "x/mms-deu", "license": "cc-by-nc-4.0", "files": ["config.json"], "languages": ["de"]},
  {"id": "mms-tts-tha", "kind": "tts", "engine": "vits", "repo": "x/mms-tha", "license": "cc-by-nc-4.0", "files": ["config.json"], "languages": ["th"]},
  {"id": "opus-mt-en-de", "kind": "mt", "engine": "marian", "repo": "x/en-de", "files": ["config.json"], "source_language": "en", "target_language": "de"}
]})";

} // namespace

class TestVoiceRoute : public QObject {
  Q_OBJECT

  static VoiceInputs inputs(const QString &language, const QStringList &installed) {
    Result<models::Catalogue> catalogue = models::Catalogue::fromJson(QByteArray(kCatalogue), QStringLiteral("test"));
    VoiceInputs in;
    in.base.engine = QStringLiteral("auto");
    in.base.language = language;
    in.catalogue = *catalogue;
    in.installed = QSet<QString>(installed.begin(), installed.end());
    in.modelsRoot = QStringLiteral("/models");
    in.espeakLanguages = {QStringLiteral("de"), QStringLiteral("en"), QStringLiteral("es")};
    return in;
  }

private Q_SLOTS:
  void routes_data() {
    QTest::addColumn<QString>("language");
    QTest::addColumn<QStringList>("installed");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("summaryMentions");
    const QString thorsten = QStringLiteral("/models/piper-de_DE-thorsten-medium/de/de_DE/thorsten/medium/de_DE-thorsten-medium.onnx");
    QTest::newRow("piper first") << "de" << QStringList{"piper-de_DE-thorsten-medium", "mms-tts-deu"} << "piper" << "vits" << thorsten
                                 << "piper-de_DE-thorsten-medium";
    QTest::newRow("catalogue order among piper voices")
        << "de" << QStringList{"piper-de_DE-eva-x_low", "piper-de_DE-thorsten-medium"} << "piper" << "vits" << thorsten << "thorsten";
    QTest::newRow("the only piper voice") << "de" << QStringList{"piper-de_DE-eva-x_low"} << "piper" << "vits"
                                          << "/models/piper-de_DE-eva-x_low/de/de_DE/eva/x_low/de_DE-eva-x_low.onnx" << "eva";
    QTest::newRow("mms when no piper voice") << "de" << QStringList{"mms-tts-deu"} << "mms" << "vits" << "/models/mms-tts-deu"
                                             << "mms-tts-deu";
    QTest::newRow("three-letter code") << "deu" << QStringList{"mms-tts-deu"} << "mms" << "vits" << "/models/mms-tts-deu" << "mms";
    QTest::newRow("espeak-ng, naming the voice to get") << "de" << QStringList{} << "espeak-ng" << "espeak-ng" << ""
                                                        << "dragoman models download piper-de_DE-thorsten-medium";
    QTest::newRow("an installed voice of another language does not count")
        << "de" << QStringList{"mms-tts-tha"} << "espeak-ng" << "espeak-ng" << "" << "offline tier";
    QTest::newRow("nothing speaks it: names the voice") << "th" << QStringList{} << "none" << "" << ""
                                                        << "dragoman models download mms-tts-tha";
    QTest::newRow("nothing known") << "xx" << QStringList{} << "none" << "" << "" << "no installed engine or known voice";
  }
  void routes() {
    QFETCH(QString, language);
    QFETCH(QStringList, installed);
    QFETCH(QString, kind);
    QFETCH(QString, engine);
    QFETCH(QString, model);
    QFETCH(QString, summaryMentions);
    const VoiceRoute r = planVoiceRoute(inputs(language, installed));
    QCOMPARE(voiceKindName(r.kind), kind);
    if (r.kind != VoiceRoute::Kind::None) {
      QCOMPARE(r.params.engine, engine);
      QCOMPARE(r.params.model, model);
    }
    QVERIFY2(r.summary.contains(summaryMentions), qPrintable(r.summary));
    QVERIFY(!r.considered.isEmpty());
    if (r.kind == VoiceRoute::Kind::Piper || r.kind == VoiceRoute::Kind::Mms)
      QVERIFY(!r.license.isEmpty() && r.considered.last().contains(r.license));
  }

  void configuredModelWins() {
    VoiceInputs in = inputs(QStringLiteral("de"), {QStringLiteral("piper-de_DE-thorsten-medium")});
    in.base.model = QStringLiteral("/my/voice.onnx");
    const VoiceRoute r = planVoiceRoute(in);
    QCOMPARE(r.kind, VoiceRoute::Kind::Configured);
    QCOMPARE(r.params.engine, QStringLiteral("vits"));
    QCOMPARE(r.params.model, QStringLiteral("/my/voice.onnx"));
  }

  // tts.voice: an installed catalogue voice by id (even of another language), or an espeak-ng voice.
  void voiceNamesAVoice() {
    VoiceInputs in = inputs(QStringLiteral("de"), {QStringLiteral("piper-de_DE-thorsten-medium"), QStringLiteral("piper-de_DE-eva-x_low")});
    in.base.voice = QStringLiteral("piper-de_DE-eva-x_low");
    VoiceRoute r = planVoiceRoute(in);
    QCOMPARE(r.kind, VoiceRoute::Kind::Piper);
    QVERIFY(r.params.model.endsWith(QLatin1String("de_DE-eva-x_low.onnx")));
    QVERIFY(r.params.voice.isEmpty());
    in.base.voice = QStringLiteral("de+f3");
    r = planVoiceRoute(in);
    QCOMPARE(r.kind, VoiceRoute::Kind::Espeak);
    QCOMPARE(r.params.voice, QStringLiteral("de+f3"));
    in.base.voice = QStringLiteral("mms-tts-deu"); // known, not installed: the usual choice
    r = planVoiceRoute(in);
    QCOMPARE(r.kind, VoiceRoute::Kind::Piper);
    QVERIFY(r.considered.first().contains(QStringLiteral("not installed")));
  }

  // The built-in catalogue has a voice, with a licence, for each language people ask for most, and
  // every Piper voice names its .onnx and .onnx.json.
  void builtInCatalogueHasTheVoices() {
    Result<models::Catalogue> catalogue = models::Catalogue::builtIn();
    QVERIFY(catalogue);
    for (const char *locale : {"en_US", "en_GB", "es_ES", "es_MX", "de_DE", "fr_FR", "it_IT", "pt_BR", "ru_RU", "zh_CN"}) {
      bool found = false;
      for (const models::CatalogueEntry &e : catalogue->entries())
        found = found || (e.kind == QLatin1String("tts") && e.raw.value(QStringLiteral("locale")).toString() == QLatin1String(locale));
      QVERIFY2(found, locale);
    }
    int voices = 0;
    for (const models::CatalogueEntry &e : catalogue->entries()) {
      if (e.kind != QLatin1String("tts"))
        continue;
      ++voices;
      QVERIFY2(!e.license.isEmpty(), qPrintable(e.id));
      QVERIFY2(e.languages.size() == 1, qPrintable(e.id));
      QVERIFY2(e.raw.value(QStringLiteral("sample_rate")).toInt() >= 16000, qPrintable(e.id));
      if (e.engine == QLatin1String("piper")) {
        QCOMPARE(e.files.size(), 2);
        QVERIFY2(e.files[0].endsWith(QLatin1String(".onnx")) && e.files[1] == e.files[0] + QStringLiteral(".json"), qPrintable(e.id));
        QVERIFY2(e.id == QStringLiteral("piper-") + e.files[0].section(QLatin1Char('/'), -1).chopped(5), qPrintable(e.id));
      } else {
        QCOMPARE(e.engine, QStringLiteral("vits"));
        QCOMPARE(e.license, QStringLiteral("cc-by-nc-4.0"));
      }
    }
    QVERIFY(voices >= 40);
  }
};

QTEST_GUILESS_MAIN(TestVoiceRoute)
#include "tst_voiceroute.moc"
