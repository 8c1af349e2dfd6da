#include "core/inference/system/apertiumtranslator.h"

#include <QElapsedTimer>
#include <QTest>

using namespace dragoman;

namespace {

std::unique_ptr<ITranslator> make(const char *from, const char *to, int timeoutMs = 30000) {
  Result<std::unique_ptr<ITranslator>> t = ApertiumTranslator::create(
      TranslatorParams{QStringLiteral("apertium"), QString::fromLatin1(from), QString::fromLatin1(to), {}, timeoutMs});
  if (!t)
    qWarning("%s", qPrintable(t.error().message));
  return t ? std::move(t).value() : nullptr;
}

} // namespace

class TestApertiumTranslator : public QObject {
  Q_OBJECT
  AbortFlag m_noAbort{false};

private Q_SLOTS:
  void probeListsInstalledPairs() {
    const EngineInfo info = ApertiumTranslator::probe();
    QVERIFY2(info.available, qPrintable(info.reason));
    QVERIFY(info.offlineTier);
    QVERIFY(info.pairs.contains(LanguagePair{QStringLiteral("en"), QStringLiteral("es")}));
    QVERIFY(info.pairs.contains(LanguagePair{QStringLiteral("es"), QStringLiteral("en")}));
  }

  void englishToSpanish_data() {
    QTest::addColumn<QString>("english");
    QTest::addColumn<QString>("spanish");
    QTest::newRow("greeting") << "Good morning." << "Buenos días.";
    QTest::newRow("weather") << "The weather is nice today." << "El tiempo es bueno hoy.";
    QTest::newRow("coffee") << "I would like a cup of coffee, please."
                            << "Me gustaría una taza de café, complacer.";
    QTest::newRow("two lines are one text") << "Good\nmorning." << "Buenos días.";
  }
  void englishToSpanish() {
    QFETCH(QString, english);
    QFETCH(QString, spanish);
    auto t = make("en", "es");
    QVERIFY(t);
    Result<QString> r = t->translate(english, m_noAbort);
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    QCOMPARE(*r, spanish);
  }

  void spanishToEnglishWithAccents() {
    auto t = make("spa", "eng"); // three-letter codes work too
    QVERIFY(t);
    Result<QString> r = t->translate(QStringLiteral("¿Dónde está la estación?"), m_noAbort);
    QVERIFY(r.ok());
    QCOMPARE(*r, QStringLiteral("Where it is the season?"));
  }

  void emptyTextNeedsNoProcess() {
    auto t = make("en", "es");
    Result<QString> r = t->translate(QStringLiteral("   "), m_noAbort);
    QVERIFY(r.ok());
    QVERIFY(r->isEmpty());
  }

  void unsupportedPairIsNamed() {
    Result<std::unique_ptr<ITranslator>> t = ApertiumTranslator::create(
        TranslatorParams{QStringLiteral("apertium"), QStringLiteral("en"), QStringLiteral("ja"), {}, 1000});
    QVERIFY(!t.ok());
    QCOMPARE(t.error().kind, ErrorKind::Unsupported);
    QVERIFY2(t.error().message.contains(QStringLiteral("no en→ja pair")), qPrintable(t.error().message));
    QVERIFY(t.error().message.contains(QStringLiteral("en→es")));
  }

  void timeoutIsReported() {
    auto t = make("en", "es", 100);
    QVERIFY(t);
    QString longText;
    for (int i = 0; i < 4000; ++i)
      longText += QStringLiteral("The weather is nice today and the train station is far away. ");
    QElapsedTimer timer;
    timer.start();
    Result<QString> r = t->translate(longText, m_noAbort);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.contains(QStringLiteral("did not answer within 100 ms")), qPrintable(r.error().message));
    QVERIFY(timer.elapsed() < 5000);
  }

  void abortStopsTheChild() {
    auto t = make("en", "es");
    AbortFlag abort{true};
    Result<QString> r = t->translate(QStringLiteral("Good morning."), abort);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Cancelled);
  }
};

QTEST_GUILESS_MAIN(TestApertiumTranslator)
#include "tst_apertiumtranslator.moc"
