// Marian and NLLB behind ITranslator, on the tiny random-weight fixtures: sentences split and put
// back with their whitespace, a batch equal to its texts one by one, the cache, one loaded model
// shared by engines of several pairs, and the errors a person sees for a bad folder or pair.
#include "core/inference/engineregistry.h"
#include "core/inference/neural/neuralengines.h"
#include "core/inference/neural/neuraltranslator.h"
#include "tests/support/testpaths.h"

#include <QFileInfo>
#include <QTest>

using namespace dragoman;

namespace {

TranslatorParams params(const QString &engine, const QString &folder, const char *from, const char *to) {
  TranslatorParams p;
  p.engine = engine;
  p.model = folder;
  p.sourceLanguage = QString::fromLatin1(from);
  p.targetLanguage = QString::fromLatin1(to);
  p.runtime = RuntimeParams{QStringLiteral("cpu"), QStringLiteral("float32"), 0};
  return p;
}

const AbortFlag kNever{false};

} // namespace

class TestNeuralTranslator : public QObject {
  Q_OBJECT
  QString m_marian, m_nllb;
  EngineRegistry m_registry;

private Q_SLOTS:
  void initTestCase() {
    registerNeuralEngines(m_registry);
    const QString marian = test::sharedFile(QStringLiteral("fixtures/marian-tiny-random/config.json"));
    const QString nllb = test::sharedFile(QStringLiteral("fixtures/nllb-tiny-random/config.json"));
    if (marian.isEmpty() || nllb.isEmpty())
      QSKIP("shared fixtures marian-tiny-random / nllb-tiny-random not found: set DRAGOMAN_SHARED to the shared/ folder");
    m_marian = QFileInfo(marian).absolutePath();
    m_nllb = QFileInfo(nllb).absolutePath();
  }

  void splitsSentencesKeepingLayout_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("sentences");
    QTest::newRow("one") << QStringLiteral("The cat sits on the mat.") << 1;
    QTest::newRow("two") << QStringLiteral("The cat sits. The dog runs!") << 2;
    QTest::newRow("lines") << QStringLiteral("  First line.\n\nSecond line?\tThird.  ") << 3;
    QTest::newRow("empty") << QString() << 0;
    QTest::newRow("spaces") << QStringLiteral(" \n ") << 0;
    QTest::newRow("no stop") << QStringLiteral("no full stop here") << 1;
  }
  void splitsSentencesKeepingLayout() {
    QFETCH(QString, text);
    QFETCH(int, sentences);
    const SentenceSplit s = splitSentences(text);
    QCOMPARE(s.sentences.size(), sentences);
    QCOMPARE(s.gaps.size(), sentences + 1);
    QString joined = s.gaps.front();
    for (qsizetype i = 0; i < s.sentences.size(); ++i) {
      QVERIFY(!s.sentences[i].isEmpty() && s.sentences[i] == s.sentences[i].trimmed());
      joined += s.sentences[i] + s.gaps[i + 1];
    }
    QCOMPARE(joined, text);
  }

  void translatesWithLayoutAndCache() {
    Result<std::unique_ptr<ITranslator>> t = m_registry.createTranslator(params(QStringLiteral("marian"), m_marian, "en", "de"));
    QVERIFY2(t, qPrintable(t ? QString() : t.error().message));
    ITranslator &mt = **t;
    QCOMPARE(mt.name(), QStringLiteral("marian"));
    QVERIFY(mt.footprint().bytes > 0);
    // The fixture's greedy text for this sentence (greedy: the engine's own generation settings
    // are the folder's num_beams 4, so compare against a second call rather than the fixture).
    Result<QString> one = mt.translate(QStringLiteral("The cat sits on the mat."), kNever);
    QVERIFY(one);
    QVERIFY(!one->isEmpty());
    Result<QString> two = mt.translate(QStringLiteral("  The cat sits on the mat.\n\nOk.  "), kNever);
    QVERIFY(two);
    QVERIFY2(two->startsWith(QStringLiteral("  ") + *one + QStringLiteral("\n\n")), qPrintable(*two));
    QVERIFY(two->endsWith(QStringLiteral("  ")));
    Result<QString> empty = mt.translate(QString(), kNever);
    QVERIFY(empty && empty->isEmpty());
    const QStringList texts{QStringLiteral("Mi hermano vive en Madrid."), QStringLiteral("Ok."), QString(),
                            QStringLiteral("The cat sits on the mat. ¿Dónde está la estación de tren?")};
    Result<QStringList> batch = mt.translateBatch(texts, kNever);
    QVERIFY(batch);
    QCOMPARE(batch->size(), texts.size());
    Result<std::unique_ptr<ITranslator>> fresh = m_registry.createTranslator(params(QStringLiteral("marian"), m_marian, "en", "de"));
    QVERIFY(fresh);
    for (qsizetype i = 0; i < texts.size(); ++i) {
      Result<QString> alone = (*fresh)->translate(texts[i], kNever);
      QVERIFY(alone);
      QCOMPARE(batch->at(i), *alone);
    }
  }

  // A sentence longer than the model reads at once (512 positions here) is cut into pieces that
  // fit and translated whole, never truncated or refused.
  void longSentenceIsSplitNotCut() {
    Result<std::unique_ptr<ITranslator>> t = m_registry.createTranslator(params(QStringLiteral("marian"), m_marian, "en", "de"));
    QVERIFY(t);
    QStringList words;
    for (int i = 0; i < 900; ++i)
      words << QStringLiteral("word%1").arg(i % 37);
    const QString text = words.join(QLatin1Char(' '));
    Result<QString> out = (*t)->translate(text, kNever);
    QVERIFY2(out, qPrintable(out ? QString() : out.error().message));
    QVERIFY(!out->trimmed().isEmpty());
    // The pieces are translated on their own and joined with the whitespace between them.
    QVERIFY2(out->count(QLatin1Char(' ')) >= 1, qPrintable(out->left(200)));
    // Without whitespace (a script without spaces), the cut falls between characters.
    Result<QString> dense = (*t)->translate(QString(3000, QChar(0x6F22)), kNever);
    QVERIFY2(dense, qPrintable(dense ? QString() : dense.error().message));
  }

  void nllbPairsShareOneModel() {
    TranslationModels models;
    Result<std::unique_ptr<ITranslator>> a = NeuralTranslator::create(params(QStringLiteral("nllb"), m_nllb, "en", "de"), models);
    Result<std::unique_ptr<ITranslator>> b = NeuralTranslator::create(params(QStringLiteral("nllb"), m_nllb, "es", "fr"), models);
    QVERIFY2(a && b, qPrintable(a ? (b ? QString() : b.error().message) : a.error().message));
    const RuntimeParams cpu{QStringLiteral("cpu"), QStringLiteral("float32"), 0};
    const auto first = models.acquire(m_nllb, cpu);
    QCOMPARE(models.acquire(m_nllb + QStringLiteral("/"), cpu).get(), first.get());
    Result<QString> de = (*a)->translate(QStringLiteral("The cat sits on the mat."), kNever);
    Result<QString> fr = (*b)->translate(QStringLiteral("Mi hermano vive en Madrid."), kNever);
    QVERIFY(de && fr);
    // ISO 639-3 and NLLB codes are accepted as well as ISO 639-1.
    QVERIFY(NeuralTranslator::create(params(QStringLiteral("nllb"), m_nllb, "eng", "deu_Latn"), models));
  }

  void errorsNameTheProblem_data() {
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no model") << "marian" << QString() << "en" << "de" << "translation.model";
    QTest::newRow("missing folder") << "marian" << "/nonexistent/opus" << "en" << "de" << "/nonexistent/opus";
    QTest::newRow("marian wrong target") << "marian" << "marian" << "en" << "fr" << "not into 'fr'";
    QTest::newRow("marian wrong source") << "marian" << "marian" << "ja" << "de" << "not from 'ja'";
    QTest::newRow("nllb unknown target") << "nllb" << "nllb" << "en" << "ja" << "jpn_Jpan";
    QTest::newRow("nllb unknown code") << "nllb" << "nllb" << "en" << "xx" << "'xx'";
    QTest::newRow("engine mismatch") << "marian" << "nllb" << "en" << "de" << "nllb model";
  }
  void errorsNameTheProblem() {
    QFETCH(QString, engine);
    QFETCH(QString, folder);
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, mentions);
    const QString dir = folder == QLatin1String("marian") ? m_marian : folder == QLatin1String("nllb") ? m_nllb : folder;
    Result<std::unique_ptr<ITranslator>> t =
        m_registry.createTranslator(params(engine, dir, qPrintable(from), qPrintable(to)));
    QVERIFY(!t);
    QVERIFY2(t.error().message.contains(mentions), qPrintable(t.error().message));
  }
};

QTEST_GUILESS_MAIN(TestNeuralTranslator)
#include "tst_neuraltranslator.moc"
