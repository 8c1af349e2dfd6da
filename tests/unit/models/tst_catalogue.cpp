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
