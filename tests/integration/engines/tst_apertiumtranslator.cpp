#include "core/inference/system/apertiumtranslator.h"

#include <QElapsedTimer>
#include <QTest>

#include <thread>

using namespace dragoman;

namespace {

std::unique_ptr<ITranslator> make(const char *from, const char *to, int timeoutMs = 30000) {
  Result<std::unique_ptr<ITranslator>> t = ApertiumTranslator::create(
      TranslatorParams{QStringLiteral("apertium"), QString::fromLatin1(from), QString::fromLatin1(to), {}, timeoutMs});
  if (!t)
    qWarning("%s", qPrintable(t.error().message));
  return t ? std::move(t).value() : nullptr;
}

QString longText() {
  QString text;
  for (int i = 0; i < 4000; ++i)
    text += QStringLiteral("The weather is nice today and the train station is far away. ");
  return text;
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
    QCOMPARE(info.name, QStringLiteral("apertium"));
    QVERIFY(info.pairs.contains(LanguagePair{QStringLiteral("en"), QStringLiteral("es")}));
    QVERIFY(info.pairs.contains(LanguagePair{QStringLiteral("es"), QStringLiteral("en")}));
    // The spa-eng_US variant is not a pair of its own.
    for (const LanguagePair &p : info.pairs)
      QVERIFY2(!p.target.contains(QLatin1Char('_')), qPrintable(p.target));
  }

  // Apertium is deterministic: these are its answers (Debian 12, apertium-eng-spa 0.7), mistakes included.
  void englishToSpanish_data() {
    QTest::addColumn<QString>("english");
    QTest::addColumn<QString>("spanish");
    QTest::newRow("greeting") << "Good morning." << "Buenos días.";
    QTest::newRow("weather") << "The weather is nice today." << "El tiempo es bueno hoy.";
    QTest::newRow("coffee") << "I would like a cup of coffee, please."
                            << "Me gustaría una taza de café, complacer.";
    QTest::newRow("two lines are one text") << "Good\nmorning." << "Buenos días.";
    QTest::newRow("two sentences on two lines") << "Good morning.\nThe weather is nice today."
                                                << "Buenos días. El tiempo es bueno hoy.";
    QTest::newRow("unknown word kept without a star") << "Straße café naïve" << "Straße La cafetería ingenua";
    QTest::newRow("markup characters pass through") << "It costs $5 [really] and 3 < 4"
                                                    << "Cuesta $5 [realmente] y 3 < 4";
  }
  void englishToSpanish() {
    QFETCH(QString, english);
    QFETCH(QString, spanish);
    auto t = make("en", "es");
    QVERIFY(t);
    QElapsedTimer timer;
    timer.start();
    Result<QString> r = t->translate(english, m_noAbort);
    qInfo("apertium eng-spa: %lld ms", static_cast<long long>(timer.elapsed()));
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    QCOMPARE(*r, spanish);
  }

  void spanishToEnglishWithAccents() {
    auto t = make("spa", "eng"); // three-letter codes work too
    QVERIFY(t);
    Result<QString> r = t->translate(QStringLiteral("¿Dónde está la estación?"), m_noAbort);
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    QCOMPARE(*r, QStringLiteral("Where it is the season?"));
    Result<QString> apple = t->translate(QStringLiteral("Él comió una manzana en el café."), m_noAbort);
    QVERIFY(apple.ok());
    QCOMPARE(*apple, QStringLiteral("He ate an apple in the coffee."));
  }

  void emptyTextNeedsNoProcess() {
    auto t = make("en", "es");
    QVERIFY(t);
    AbortFlag aborted{true}; // would be Cancelled if a process were started
    for (const QString &blank : {QString(), QStringLiteral("   "), QStringLiteral("\n\t\n")}) {
      Result<QString> r = t->translate(blank, aborted);
      QVERIFY(r.ok());
      QVERIFY(r->isEmpty());
    }
  }

  void unsupportedPairIsNamed() {
    Result<std::unique_ptr<ITranslator>> t = ApertiumTranslator::create(
        TranslatorParams{QStringLiteral("apertium"), QStringLiteral("en"), QStringLiteral("de"), {}, 1000});
    QVERIFY(!t.ok());
    QCOMPARE(t.error().kind, ErrorKind::Unsupported);
    const QString message = t.error().message;
    QVERIFY2(message.contains(QStringLiteral("no en→de pair")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("en→es")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("apertium-eng-deu")), qPrintable(message));
  }

  void timeoutIsReported() {
    auto t = make("en", "es", 1);
    QVERIFY(t);
    QElapsedTimer timer;
    timer.start();
    Result<QString> r = t->translate(longText(), m_noAbort);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.contains(QStringLiteral("did not answer within 1 ms")), qPrintable(r.error().message));
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
  }

  void abortBeforeStart() {
    auto t = make("en", "es");
    QVERIFY(t);
    AbortFlag abort{true};
    Result<QString> r = t->translate(QStringLiteral("Good morning."), abort);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Cancelled);
  }

  void abortStopsTheChild() {
    auto t = make("en", "es");
    QVERIFY(t);
    AbortFlag abort{false};
    std::thread stopper([&abort] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      abort = true;
    });
    QElapsedTimer timer;
    timer.start();
    Result<QString> r = t->translate(longText(), abort);
    const qint64 ms = timer.elapsed();
    stopper.join();
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Cancelled);
    QVERIFY2(ms < 2000, qPrintable(QString::number(ms)));
    // The translator still works afterwards.
    Result<QString> again = t->translate(QStringLiteral("Good morning."), m_noAbort);
    QVERIFY(again.ok());
    QCOMPARE(*again, QStringLiteral("Buenos días."));
  }
};

QTEST_GUILESS_MAIN(TestApertiumTranslator)
#include "tst_apertiumtranslator.moc"
