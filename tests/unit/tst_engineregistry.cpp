#include "core/inference/engineregistry.h"
#include "tests/support/fakeengines.h"

#include <QTest>

using namespace dragoman;

namespace {

EngineRegistry registry(bool mtAvailable) {
  EngineRegistry r;
  r.addAsr(
      QStringLiteral("fake-asr"),
      [] {
        return EngineInfo{QStringLiteral("fake-asr"), Stage::Asr, {}, true, {}, {QStringLiteral("en")}, {}, false};
      },
      [](const AsrParams &) { return Result<std::unique_ptr<IAsrEngine>>(std::make_unique<test::FakeAsr>()); });
  r.addTranslator(
      QStringLiteral("fake-mt"),
      [mtAvailable] {
        return EngineInfo{QStringLiteral("fake-mt"), Stage::Translation, {}, mtAvailable,
                          mtAvailable ? QString() : QStringLiteral("install the fake pack"), {},
                          {LanguagePair{QStringLiteral("en"), QStringLiteral("es")}}, false};
      },
      [](const TranslatorParams &) {
        return Result<std::unique_ptr<ITranslator>>(std::make_unique<test::FakeTranslator>());
      });
  r.addSynthesizer(
      QStringLiteral("fake-tts"),
      [] {
        return EngineInfo{QStringLiteral("fake-tts"), Stage::Synthesis, {}, true, {}, {QStringLiteral("es")}, {}, false};
      },
      [](const SynthParams &) { return Result<std::unique_ptr<ISynthesizer>>(std::make_unique<test::FakeSynthesizer>()); });
  return r;
}

const AsrParams kAsr{QStringLiteral("fake-asr"), QStringLiteral("en"), {}};
const SynthParams kTts{QStringLiteral("fake-tts"), QStringLiteral("es"), {}, 175};

TranslatorParams mt(const char *from, const char *to) {
  return TranslatorParams{QStringLiteral("fake-mt"), QString::fromLatin1(from), QString::fromLatin1(to), {}, 1000};
}

} // namespace

class TestEngineRegistry : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void createsByName() {
    const EngineRegistry r = registry(true);
    QCOMPARE(r.names(Stage::Asr), QStringList{QStringLiteral("fake-asr")});
    Result<std::unique_ptr<IAsrEngine>> asr = r.createAsr(kAsr);
    QVERIFY(asr.ok());
    QCOMPARE((*asr)->name(), QStringLiteral("fake-asr"));
    QCOMPARE(r.engines().size(), 3);
  }

  void unknownEngineListsKnownOnes() {
    const EngineRegistry r = registry(true);
    Result<std::unique_ptr<ITranslator>> t = r.createTranslator(TranslatorParams{QStringLiteral("nope"), {}, {}, {}, 1});
    QVERIFY(!t.ok());
    QCOMPARE(t.error().kind, ErrorKind::EngineUnavailable);
    QVERIFY(t.error().message.contains(QStringLiteral("known: fake-mt")));
  }

  void checkJob_data() {
    QTest::addColumn<bool>("mtAvailable");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<bool>("speak");
    QTest::addColumn<QString>("needle"); // empty: accepted
    QTest::newRow("ok") << true << "en" << "es" << true << "";
    QTest::newRow("ok without speech") << true << "en" << "es" << false << "";
    QTest::newRow("pair missing") << true << "en" << "de" << true << "no en→de pair on this machine; installed pairs: en→es";
    QTest::newRow("asr language") << true << "fr" << "es" << false << "does not recognise 'fr'";
    QTest::newRow("engine unavailable") << false << "en" << "es" << false << "install the fake pack";
  }
  void checkJob() {
    QFETCH(bool, mtAvailable);
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(bool, speak);
    QFETCH(QString, needle);
    const EngineRegistry r = registry(mtAvailable);
    const AsrParams asr{kAsr.engine, from, {}};
    const Status s = r.checkJob(asr, mt(from.toLatin1().constData(), to.toLatin1().constData()), speak ? &kTts : nullptr);
    if (needle.isEmpty()) {
      QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().message));
    } else {
      QVERIFY(!s.ok());
      QVERIFY2(s.error().message.contains(needle), qPrintable(s.error().message));
    }
  }
};

QTEST_GUILESS_MAIN(TestEngineRegistry)
#include "tst_engineregistry.moc"
