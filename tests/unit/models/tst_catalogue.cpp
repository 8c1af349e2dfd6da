#include "core/models/catalogue.h"

#include <QTest>

using namespace dragoman;
using namespace dragoman::models;

class TestCatalogue : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void builtInHasEveryWhisperSize() {
    const Result<Catalogue> c = Catalogue::builtIn();
    QVERIFY2(c.ok(), c ? "" : qPrintable(c.error().message));
    for (const char *id : {"whisper-tiny", "whisper-tiny.en", "whisper-base", "whisper-base.en", "whisper-small",
                           "whisper-small.en", "whisper-medium", "whisper-large-v3", "whisper-large-v3-turbo"}) {
      const CatalogueEntry *e = c->find(QLatin1String(id));
      QVERIFY2(e, id);
      QCOMPARE(e->kind, QStringLiteral("asr"));
      QCOMPARE(e->repo, QStringLiteral("openai/") + QLatin1String(id));
      QCOMPARE(e->revision, QStringLiteral("main"));
      QVERIFY(e->files.contains(QStringLiteral("model.safetensors")));
      QVERIFY(e->files.contains(QStringLiteral("config.json")));
      QVERIFY(e->optionalFiles.contains(QStringLiteral("tokenizer.json")));
      QVERIFY(e->optionalFiles.contains(QStringLiteral("preprocessor_config.json")));
      QVERIFY(e->approxBytes > 100'000'000);
      QVERIFY(!e->description.isEmpty());
    }
    QCOMPARE(c->find(QStringLiteral("whisper-tiny.en"))->languages, QStringList{QStringLiteral("en")});
  }

  void builtInHasTranslationModels() {
    const Result<Catalogue> c = Catalogue::builtIn();
    QVERIFY2(c.ok(), c ? "" : qPrintable(c.error().message));
    const QList<QPair<QString, QString>> pairs = {{"en", "es"}, {"es", "en"}, {"en", "de"}, {"de", "en"}, {"en", "fr"},
                                                  {"fr", "en"}, {"en", "it"}, {"it", "en"}, {"en", "ru"}, {"ru", "en"},
                                                  {"en", "zh"}, {"zh", "en"}, {"ja", "en"}};
    for (const auto &[source, target] : pairs) {
      const QString id = QStringLiteral("opus-mt-%1-%2").arg(source, target);
      const CatalogueEntry *e = c->find(id);
      QVERIFY2(e, qPrintable(id));
      QCOMPARE(e->kind, QStringLiteral("mt"));
      QCOMPARE(e->engine, QStringLiteral("marian"));
      QCOMPARE(e->repo, QStringLiteral("Helsinki-NLP/") + id);
      QCOMPARE(e->license, QStringLiteral("cc-by-4.0"));
      QCOMPARE(e->sourceLanguage, source);
      QCOMPARE(e->targetLanguage, target);
      QCOMPARE(e->targetLanguages, QStringList{target});
      QCOMPARE(e->files, (QStringList{"config.json", "vocab.json", "source.spm", "target.spm"}));
      // Most OPUS-MT repositories have only pytorch_model.bin; safetensors wins where both exist.
      QCOMPARE(e->oneOf, (QList<QStringList>{{"model.safetensors", "pytorch_model.bin"}}));
      QVERIFY(e->optionalFiles.contains(QStringLiteral("tokenizer_config.json")));
      QVERIFY(e->approxBytes > 200'000'000 && e->approxBytes < 400'000'000);
      QCOMPARE(e->targetTokens, id == QLatin1String("opus-mt-en-zh"));
    }
    QCOMPARE(c->find(QStringLiteral("opus-mt-en-zh"))->targetTokenIds.value(QStringLiteral("zh")),
             QStringLiteral("cmn_Hans"));

    const CatalogueEntry *romance = c->find(QStringLiteral("opus-mt-en-ROMANCE"));
    QVERIFY(romance);
    QCOMPARE(romance->sourceLanguage, QStringLiteral("en"));
    QCOMPARE(romance->targetLanguage, QStringLiteral("mul"));
    for (const char *code : {"es", "fr", "it", "pt", "ro", "ca", "gl", "pt_BR", "la"})
      QVERIFY2(romance->targetLanguages.contains(QLatin1String(code)), code);
    QVERIFY(romance->targetTokens);
    QVERIFY(romance->targetTokenIds.isEmpty()); // the token is the code: >>es<<
    const CatalogueEntry *mulEn = c->find(QStringLiteral("opus-mt-mul-en"));
    QVERIFY(mulEn);
    QCOMPARE(mulEn->sourceLanguages, QStringList{QStringLiteral("*")});
    QCOMPARE(mulEn->targetLanguage, QStringLiteral("en"));
    QVERIFY(!mulEn->targetTokens);

    for (const char *id : {"nllb-200-distilled-600M", "nllb-200-distilled-1.3B"}) {
      const CatalogueEntry *e = c->find(QLatin1String(id));
      QVERIFY2(e, id);
      QCOMPARE(e->kind, QStringLiteral("mt"));
      QCOMPARE(e->engine, QStringLiteral("nllb"));
      QCOMPARE(e->repo, QStringLiteral("facebook/") + QLatin1String(id));
      QCOMPARE(e->license, QStringLiteral("cc-by-nc-4.0"));
      QCOMPARE(e->sourceLanguage, QStringLiteral("*"));
      QCOMPARE(e->targetLanguage, QStringLiteral("*"));
      QCOMPARE(e->files, (QStringList{"config.json", "sentencepiece.bpe.model"}));
      QCOMPARE(e->oneOf, (QList<QStringList>{{"model.safetensors", "pytorch_model.bin"}}));
      QVERIFY(e->optionalFiles.contains(QStringLiteral("tokenizer.json")));
    }
    QVERIFY(c->find(QStringLiteral("nllb-200-distilled-600M"))->approxBytes > 2'000'000'000);
    QVERIFY(c->find(QStringLiteral("nllb-200-distilled-1.3B"))->approxBytes > 5'000'000'000);

    // M2M100: the NLLB engine (an m2m_100 folder with its own tokenizer files), its 100 languages
    // listed, so that a route never picks it for a pair it does not serve.
    for (const char *id : {"m2m100_418M", "m2m100_1.2B"}) {
      const CatalogueEntry *e = c->find(QLatin1String(id));
      QVERIFY2(e, id);
      QCOMPARE(e->engine, QStringLiteral("nllb"));
      QCOMPARE(e->repo, QStringLiteral("facebook/") + QLatin1String(id));
      QCOMPARE(e->license, QStringLiteral("mit"));
      QCOMPARE(e->sourceLanguages.size(), 100);
      QCOMPARE(e->targetLanguages, e->sourceLanguages);
      for (const char *code : {"en", "de", "ja", "ast", "zu"})
        QVERIFY2(e->sourceLanguages.contains(QLatin1String(code)), code);
      QVERIFY(!e->sourceLanguages.contains(QStringLiteral("*")));
      QCOMPARE(e->files, (QStringList{"config.json", "vocab.json", "sentencepiece.bpe.model"}));
      QCOMPARE(e->oneOf, (QList<QStringList>{{"model.safetensors", "pytorch_model.bin"}}));
    }

    // 9 Whisper sizes, 15 OPUS-MT models, 2 NLLB-200 and 2 M2M100 models, 58 Piper and 10 MMS-TTS
    // voices; every one states its licence.
    QCOMPARE(c->entries().size(), 96);
    for (const CatalogueEntry &e : c->entries()) {
      QVERIFY2(!e.license.isEmpty(), qPrintable(e.id));
      QVERIFY2(!e.description.isEmpty(), qPrintable(e.id));
      if (e.kind == QLatin1String("mt"))
        QVERIFY2(!e.sourceLanguages.isEmpty() && !e.targetLanguages.isEmpty(), qPrintable(e.id));
    }
    QCOMPARE(c->find(QStringLiteral("whisper-tiny"))->license, QStringLiteral("mit"));
  }

  void oneOfInAFileSetOrAnEntry() {
    const QByteArray json = R"({"format": 1,
      "file_sets": {"w": {"files": ["config.json"], "one_of": [["model.safetensors", "pytorch_model.bin"]]}},
      "models": [
        {"id": "a", "kind": "mt", "repo": "o/a", "file_set": "w"},
        {"id": "b", "kind": "mt", "repo": "o/b", "one_of": [["x.bin", "y.bin"], ["tok.model"]]}]})";
    const Result<Catalogue> c = Catalogue::fromJson(json, QStringLiteral("test"));
    QVERIFY2(c.ok(), c ? "" : qPrintable(c.error().message));
    QCOMPARE(c->find(QStringLiteral("a"))->files, QStringList{QStringLiteral("config.json")});
    QCOMPARE(c->find(QStringLiteral("a"))->oneOf, (QList<QStringList>{{"model.safetensors", "pytorch_model.bin"}}));
    // Groups alone are enough required files.
    QVERIFY(c->find(QStringLiteral("b"))->files.isEmpty());
    QCOMPARE(c->find(QStringLiteral("b"))->oneOf, (QList<QStringList>{{"x.bin", "y.bin"}, {"tok.model"}}));
    QVERIFY(c->find(QStringLiteral("b"))->license.isEmpty());
  }

  void mtLanguageFields() {
    const QByteArray json = R"({"models": [
      {"id": "one", "kind": "mt", "repo": "o/a", "files": ["f"], "source_language": "en", "target_language": ["es"]},
      {"id": "many", "kind": "mt", "repo": "o/b", "files": ["f"], "source_language": "*",
       "target_language": ["fr", "es"], "target_tokens": true},
      {"id": "ids", "kind": "mt", "repo": "o/c", "files": ["f"], "source_language": "en", "target_language": "zh",
       "target_tokens": {"zh": "cmn_Hans"}}]})";
    const Result<Catalogue> c = Catalogue::fromJson(json, QStringLiteral("test"));
    QVERIFY2(c.ok(), c ? "" : qPrintable(c.error().message));
    const CatalogueEntry *one = c->find(QStringLiteral("one"));
    QCOMPARE(one->targetLanguage, QStringLiteral("es"));
    QCOMPARE(one->sourceLanguages, QStringList{QStringLiteral("en")});
    QVERIFY(!one->targetTokens);
    const CatalogueEntry *many = c->find(QStringLiteral("many"));
    QCOMPARE(many->sourceLanguage, QStringLiteral("*"));
    QCOMPARE(many->targetLanguage, QStringLiteral("mul"));
    QCOMPARE(many->targetLanguages, (QStringList{"fr", "es"}));
    QVERIFY(many->targetTokens);
    const CatalogueEntry *ids = c->find(QStringLiteral("ids"));
    QVERIFY(ids->targetTokens);
    QCOMPARE(ids->targetTokenIds.value(QStringLiteral("zh")), QStringLiteral("cmn_Hans"));
  }

  void keepsUnknownKeysAndMtFields() {
    const QByteArray json = R"({"format": 1, "models": [
      {"id": "opus-mt-en-es", "kind": "mt", "engine": "marian", "repo": "Helsinki-NLP/opus-mt-en-es",
       "files": ["config.json", "model.safetensors"], "source_language": "en", "target_language": "es",
       "spm": "source.spm"}]})";
    const Result<Catalogue> c = Catalogue::fromJson(json, QStringLiteral("test"));
    QVERIFY2(c.ok(), c ? "" : qPrintable(c.error().message));
    const CatalogueEntry &e = c->entries().first();
    QCOMPARE(e.kind, QStringLiteral("mt"));
    QCOMPARE(e.sourceLanguage, QStringLiteral("en"));
    QCOMPARE(e.targetLanguage, QStringLiteral("es"));
    QCOMPARE(e.revision, QStringLiteral("main")); // default
    QCOMPARE(e.raw.value(QStringLiteral("spm")).toString(), QStringLiteral("source.spm"));
    QVERIFY(e.optionalFiles.isEmpty());
  }

  void rejectsBadEntries_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("not json") << QByteArray("{") << QStringLiteral("invalid JSON");
    QTest::newRow("no models") << QByteArray(R"({"format": 1})") << QStringLiteral("models");
    QTest::newRow("format 2") << QByteArray(R"({"format": 2, "models": []})") << QStringLiteral("format 2");
    QTest::newRow("id escapes") << QByteArray(R"({"models": [{"id": "../x", "kind": "asr", "repo": "a/b",
        "files": ["f"]}]})") << QStringLiteral("id");
    QTest::newRow("kind") << QByteArray(R"({"models": [{"id": "x", "kind": "video", "repo": "a/b", "files": ["f"]}]})")
                          << QStringLiteral("video");
    QTest::newRow("repo") << QByteArray(R"({"models": [{"id": "x", "kind": "asr", "repo": "nope", "files": ["f"]}]})")
                          << QStringLiteral("owner/name");
    QTest::newRow("no files") << QByteArray(R"({"models": [{"id": "x", "kind": "asr", "repo": "a/b"}]})")
                              << QStringLiteral("no required files");
    QTest::newRow("file escapes")
        << QByteArray(R"({"models": [{"id": "x", "kind": "asr", "repo": "a/b", "files": ["../../etc/passwd"]}]})")
        << QStringLiteral("../../etc/passwd");
    QTest::newRow("unknown file set")
        << QByteArray(R"({"models": [{"id": "x", "kind": "asr", "repo": "a/b", "file_set": "nope"}]})")
        << QStringLiteral("file_set 'nope'");
    QTest::newRow("one_of not a list")
        << QByteArray(R"({"models": [{"id": "x", "kind": "mt", "repo": "a/b", "one_of": "model.bin"}]})")
        << QStringLiteral("one_of");
    QTest::newRow("one_of of strings")
        << QByteArray(R"({"models": [{"id": "x", "kind": "mt", "repo": "a/b", "one_of": ["a.bin", "b.bin"]}]})")
        << QStringLiteral("one_of");
    QTest::newRow("one_of empty group")
        << QByteArray(R"({"models": [{"id": "x", "kind": "mt", "repo": "a/b", "files": ["f"], "one_of": [[]]}]})")
        << QStringLiteral("one_of");
    QTest::newRow("one_of escapes")
        << QByteArray(R"({"models": [{"id": "x", "kind": "mt", "repo": "a/b", "one_of": [["ok.bin", "../up.bin"]]}]})")
        << QStringLiteral("../up.bin");
    QTest::newRow("empty one_of, no files")
        << QByteArray(R"({"models": [{"id": "x", "kind": "mt", "repo": "a/b", "one_of": []}]})")
        << QStringLiteral("no required files");
    QTest::newRow("target_language a number")
        << QByteArray(R"({"models": [{"id": "x", "kind": "mt", "repo": "a/b", "files": ["f"], "target_language": 3}]})")
        << QStringLiteral("target_language");
    QTest::newRow("source_language empty list")
        << QByteArray(
               R"({"models": [{"id": "x", "kind": "mt", "repo": "a/b", "files": ["f"], "source_language": []}]})")
        << QStringLiteral("source_language");
    QTest::newRow("target_tokens a string")
        << QByteArray(
               R"({"models": [{"id": "x", "kind": "mt", "repo": "a/b", "files": ["f"], "target_tokens": "yes"}]})")
        << QStringLiteral("target_tokens");
    QTest::newRow("target_tokens empty id")
        << QByteArray(R"({"models": [{"id": "x", "kind": "mt", "repo": "a/b", "files": ["f"],
        "target_tokens": {"zh": ""}}]})")
        << QStringLiteral("target_tokens");
    QTest::newRow("duplicate") << QByteArray(R"({"models": [{"id": "x", "kind": "asr", "repo": "a/b", "files": ["f"]},
        {"id": "x", "kind": "asr", "repo": "a/c", "files": ["f"]}]})")
                               << QStringLiteral("twice");
  }

  void rejectsBadEntries() {
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    const Result<Catalogue> c = Catalogue::fromJson(json, QStringLiteral("cat.json"));
    QVERIFY(!c.ok());
    QCOMPARE(c.error().kind, ErrorKind::Config);
    QVERIFY2(c.error().message.contains(mentions), qPrintable(c.error().message));
    QVERIFY(c.error().message.contains(QStringLiteral("cat.json")));
  }

  void unknownIdListsTheKnownOnes() {
    const Result<Catalogue> c = Catalogue::builtIn();
    QVERIFY(c.ok());
    const Result<CatalogueEntry> e = c->require(QStringLiteral("whisper-huge"));
    QVERIFY(!e.ok());
    QCOMPARE(e.error().kind, ErrorKind::Usage);
    QVERIFY(e.error().message.contains(QStringLiteral("whisper-huge")));
    QVERIFY(e.error().message.contains(QStringLiteral("whisper-tiny, ")));
    QVERIFY(c->require(QStringLiteral("whisper-base")).ok());
  }

  void missingFileNamesThePath() {
    const Result<Catalogue> c = Catalogue::load(QStringLiteral("/nonexistent/catalogue.json"));
    QVERIFY(!c.ok());
    QVERIFY(c.error().message.contains(QStringLiteral("/nonexistent/catalogue.json")));
  }

  void modelIds_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << QStringLiteral("whisper-tiny") << true;
    QTest::newRow("dot") << QStringLiteral("whisper-tiny.en") << true;
    QTest::newRow("parent") << QStringLiteral("..") << false;
    QTest::newRow("hidden") << QStringLiteral(".config") << false;
    QTest::newRow("slash") << QStringLiteral("a/b") << false;
    QTest::newRow("dotdot inside") << QStringLiteral("a..b") << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("absolute") << QStringLiteral("/etc") << false;
  }

  void modelIds() {
    QFETCH(QString, id);
    QFETCH(bool, valid);
    QCOMPARE(isValidModelId(id), valid);
  }
};

QTEST_GUILESS_MAIN(TestCatalogue)
#include "tst_catalogue.moc"
