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
    for (const EngineInfo &e : r.engines()) {
      QVERIFY2(e.available, qPrintable(e.name + QStringLiteral(": ") + e.reason));
      QVERIFY(e.offlineTier);
    }
  }

  void checksLanguagePairs() {
    EngineRegistry r;
    registerSystemEngines(r);
    const AsrParams asr{QStringLiteral("pocketsphinx"), QStringLiteral("en"), {}};
    const SynthParams es{QStringLiteral("espeak-ng"), QStringLiteral("es"), {}, 175};
    QVERIFY(r.checkJob(asr, {QStringLiteral("apertium"), QStringLiteral("en"), QStringLiteral("es"), {}, 1000}, &es).ok());
    const Status de = r.checkJob(asr, {QStringLiteral("apertium"), QStringLiteral("en"), QStringLiteral("de"), {}, 1000}, nullptr);
    QVERIFY(!de.ok());
    QCOMPARE(de.error().kind, ErrorKind::Unsupported);
    QVERIFY2(de.error().message.contains(QStringLiteral("en→de")), qPrintable(de.error().message));
  }
};

QTEST_GUILESS_MAIN(TestSystemEngines)
#include "tst_systemengines.moc"
