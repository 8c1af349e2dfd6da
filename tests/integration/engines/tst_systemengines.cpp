#include "core/inference/engineregistry.h"
#include "core/inference/system/systemengines.h"

#include <QTest>

using namespace dragoman;

class TestSystemEngines : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void registersTheOfflineTier() {
    EngineRegistry r;
    registerSystemEngines(r);
    QCOMPARE(r.names(Stage::Asr), QStringList{QStringLiteral("pocketsphinx")});
    QCOMPARE(r.names(Stage::Translation), QStringList{QStringLiteral("apertium")});
    QCOMPARE(r.names(Stage::Synthesis), QStringList{QStringLiteral("espeak-ng")});
    const QList<EngineInfo> engines = r.engines();
    QCOMPARE(engines.size(), 3);
    for (const EngineInfo &e : engines) {
      QVERIFY2(e.available, qPrintable(e.name + QStringLiteral(": ") + e.reason));
      QVERIFY(e.offlineTier);
      QVERIFY(!e.description.isEmpty());
      QVERIFY(e.reason.isEmpty());
    }
  }

  void factoriesMakeWorkingEngines() {
    EngineRegistry r;
    registerSystemEngines(r);
    AbortFlag noAbort{false};
    auto asr = r.createAsr({QStringLiteral("pocketsphinx"), QStringLiteral("en"), {}});
    QVERIFY(asr.ok());
    QCOMPARE((*asr)->name(), QStringLiteral("pocketsphinx"));
    auto mt = r.createTranslator({QStringLiteral("apertium"), QStringLiteral("en"), QStringLiteral("es"), {}, 30000});
    QVERIFY(mt.ok());
    Result<QString> es = (*mt)->translate(QStringLiteral("Good morning."), noAbort);
    QVERIFY(es.ok());
    QCOMPARE(*es, QStringLiteral("Buenos días."));
    auto tts = r.createSynthesizer({QStringLiteral("espeak-ng"), QStringLiteral("es"), {}, 175});
    QVERIFY(tts.ok());
    Result<AudioBuffer> audio = (*tts)->synthesize(*es, noAbort);
    QVERIFY(audio.ok());
    QVERIFY(audio->durationSeconds() > 0.3);
  }

  void checksLanguagePairs() {
    EngineRegistry r;
    registerSystemEngines(r);
    const AsrParams asr{QStringLiteral("pocketsphinx"), QStringLiteral("en"), {}};
    const SynthParams es{QStringLiteral("espeak-ng"), QStringLiteral("es"), {}, 175};
    const Status ok = r.checkJob(asr, {QStringLiteral("apertium"), QStringLiteral("en"), QStringLiteral("es"), {}, 1000}, &es);
    QVERIFY2(ok.ok(), ok.ok() ? "" : qPrintable(ok.error().message));
    const Status de = r.checkJob(asr, {QStringLiteral("apertium"), QStringLiteral("en"), QStringLiteral("de"), {}, 1000}, nullptr);
    QVERIFY(!de.ok());
    QCOMPARE(de.error().kind, ErrorKind::Unsupported);
    QVERIFY2(de.error().message.contains(QStringLiteral("en→de")), qPrintable(de.error().message));
    QVERIFY2(de.error().message.contains(QStringLiteral("en→es")), qPrintable(de.error().message));
    const AsrParams german{QStringLiteral("pocketsphinx"), QStringLiteral("de"), {}};
    const Status asrDe = r.checkJob(german, {QStringLiteral("apertium"), QStringLiteral("en"), QStringLiteral("es"), {}, 1000}, nullptr);
    QVERIFY(!asrDe.ok());
    QCOMPARE(asrDe.error().kind, ErrorKind::Unsupported);
  }
};

QTEST_GUILESS_MAIN(TestSystemEngines)
#include "tst_systemengines.moc"
