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

// Short texts that apertium would translate differently if one ran into the next: fragments without
// a full stop, lower-case starts, "Good" before "morning.".
QStringList eightSentences() {
  return {QStringLiteral("Good"),
          QStringLiteral("morning."),
          QStringLiteral("I would like a cup of coffee, please."),
          QStringLiteral("the big"),
          QStringLiteral("house is red"),
          QStringLiteral("Where is the train station?"),
          QStringLiteral("how much does it cost"),
          QStringLiteral("She said that the new book is interesting.")};
}

// Upper-cases; fails on a text that says "fail". For the default translateBatch().
class ShoutingTranslator : public ITranslator {
public:
  QString name() const override { return QStringLiteral("shouting"); }
  Result<QString> translate(const QString &text, const AbortFlag &abort) override {
    ++calls;
    if (abort.load())
      return makeError(ErrorKind::Cancelled, QStringLiteral("translation cancelled"));
    if (text == QStringLiteral("fail"))
      return makeError(ErrorKind::Input, QStringLiteral("cannot shout that"));
    return text.toUpper();
  }
  int calls = 0;
};

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

  void defaultBatchTranslatesEachTextInOrder() {
    ShoutingTranslator t;
    Result<QStringList> none = t.translateBatch({}, m_noAbort);
    QVERIFY(none.ok());
    QVERIFY(none->isEmpty());
    QCOMPARE(t.calls, 0);

    Result<QStringList> r = t.translateBatch({QStringLiteral("a"), QString(), QStringLiteral("b c")}, m_noAbort);
    QVERIFY(r.ok());
    QCOMPARE(*r, (QStringList{QStringLiteral("A"), QString(), QStringLiteral("B C")}));

    t.calls = 0;
    const QStringList texts{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("fail"), QStringLiteral("d")};
    Result<QStringList> failed = t.translateBatch(texts, m_noAbort);
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().kind, ErrorKind::Input);
    QCOMPARE(failed.error().message, QStringLiteral("item 3 of 4: cannot shout that"));
    QCOMPARE(t.calls, 3); // stops at the first error

    AbortFlag aborted{true};
    Result<QStringList> cancelled = t.translateBatch(texts, aborted);
    QVERIFY(!cancelled.ok());
    QCOMPARE(cancelled.error().kind, ErrorKind::Cancelled);
    QVERIFY2(cancelled.error().message.startsWith(QStringLiteral("item 1 of 4: ")), qPrintable(cancelled.error().message));
  }

  // The batch must not change a single word: apertium's rules would reach from one line into the
  // next if the texts were merely put on separate lines.
  void batchGivesTheSameAsOneByOne() {
    auto t = make("en", "es");
    QVERIFY(t);
    const QStringList texts = eightSentences();

    QElapsedTimer timer;
    timer.start();
    QStringList oneByOne;
    for (const QString &text : texts) {
      Result<QString> r = t->translate(text, m_noAbort);
      QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
      oneByOne.append(*r);
    }
    const qint64 oneByOneMs = timer.restart();
    Result<QStringList> batch = t->translateBatch(texts, m_noAbort);
    const qint64 batchMs = timer.elapsed();
    QVERIFY2(batch.ok(), batch.ok() ? "" : qPrintable(batch.error().message));
    qDebug("apertium eng-spa, %lld texts: one by one %lld ms, batch %lld ms", static_cast<long long>(texts.size()),
           static_cast<long long>(oneByOneMs), static_cast<long long>(batchMs));

    QCOMPARE(batch->size(), texts.size());
    for (qsizetype i = 0; i < texts.size(); ++i)
      QCOMPARE(batch->at(i), oneByOne.at(i));
    // Spot checks, so that a change in apertium's answers shows here too.
    QCOMPARE(batch->at(0), QStringLiteral("Bueno"));
    QCOMPARE(batch->at(1), QStringLiteral("Mañana."));
    QCOMPARE(batch->at(3), QStringLiteral("El grande"));
  }

  void batchKeepsBlankTextsInPlace() {
    auto t = make("en", "es");
    QVERIFY(t);
    const QStringList texts{QString(),
                            QStringLiteral("Good morning."),
                            QStringLiteral("   "),
                            QStringLiteral("\n\t\n"),
                            QStringLiteral("The weather\nis nice today."), // line breaks joined, as in translate()
                            QString()};
    Result<QStringList> r = t->translateBatch(texts, m_noAbort);
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    QCOMPARE(*r, (QStringList{QString(), QStringLiteral("Buenos días."), QString(), QString(),
                              QStringLiteral("El tiempo es bueno hoy."), QString()}));

    Result<QStringList> empty = t->translateBatch({}, m_noAbort);
    QVERIFY(empty.ok());
    QVERIFY(empty->isEmpty());

    AbortFlag aborted{true}; // would be Cancelled if a process were started
    Result<QStringList> blanks = t->translateBatch({QString(), QStringLiteral(" ")}, aborted);
    QVERIFY(blanks.ok());
    QCOMPARE(*blanks, (QStringList{QString(), QString()}));
  }

  void batchAbortBeforeStart() {
    auto t = make("en", "es");
    QVERIFY(t);
    AbortFlag abort{true};
    Result<QStringList> r = t->translateBatch(eightSentences(), abort);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Cancelled);
  }

  void batchAbortStopsTheChild() {
    auto t = make("en", "es");
    QVERIFY(t);
    AbortFlag abort{false};
    std::thread stopper([&abort] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      abort = true;
    });
    QElapsedTimer timer;
    timer.start();
    Result<QStringList> r = t->translateBatch({longText(), QStringLiteral("Good morning."), longText()}, abort);
    const qint64 ms = timer.elapsed();
    stopper.join();
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Cancelled);
    QVERIFY2(ms < 2000, qPrintable(QString::number(ms)));
    Result<QStringList> again = t->translateBatch({QStringLiteral("Good morning.")}, m_noAbort);
    QVERIFY(again.ok());
    QCOMPARE(*again, QStringList{QStringLiteral("Buenos días.")});
  }

  void batchTimeoutIsReported() {
    auto t = make("en", "es", 1);
    QVERIFY(t);
    QElapsedTimer timer;
    timer.start();
    Result<QStringList> r = t->translateBatch({longText(), longText()}, m_noAbort);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.contains(QStringLiteral("did not answer within 1 ms")), qPrintable(r.error().message));
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
  }
};

QTEST_GUILESS_MAIN(TestApertiumTranslator)
#include "tst_apertiumtranslator.moc"
