// The language tokens a translation model needs for a pair: NLLB codes from ISO codes, the target
// token of a multi-target OPUS-MT model (ISO 639-1, 639-3, or Mandarin with its script), and a
// single-pair model refusing what it does not declare. On copies of the random-weight fixtures
// with their tokenizer files edited.
#include "core/inference/neural/mtlanguages.h"
#include "core/inference/torch/seq2seq/translator.h"
#include "tests/support/testpaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace dragoman;
using namespace dragoman::torchrt;

namespace {

// The Marian fixture with some vocabulary entries renamed to target tokens, and the declared pair
// changed (empty: removed).
bool writeMarian(const QString &from, const QString &dir, const QStringList &tokens, const QString &source, const QString &target) {
  for (const QString &name : QDir(from).entryList(QDir::Files))
    if (!name.startsWith(QLatin1String("cases")) && !QFile::copy(from + QLatin1Char('/') + name, dir + QLatin1Char('/') + name))
      return false;
  QFile vocabFile(dir + QStringLiteral("/vocab.json"));
  if (!vocabFile.open(QIODevice::ReadOnly))
    return false;
  QJsonObject vocab = QJsonDocument::fromJson(vocabFile.readAll()).object();
  vocabFile.close();
  // Rename the last plain pieces (ids below the padding token) to the target tokens.
  QStringList keys = vocab.keys();
  std::sort(keys.begin(), keys.end(), [&](const QString &a, const QString &b) { return vocab[a].toInt() > vocab[b].toInt(); });
  int next = 0;
  for (const QString &key : keys) {
    if (next == tokens.size())
      break;
    if (key.startsWith(QLatin1Char('<')))
      continue;
    const int id = vocab[key].toInt();
    vocab.remove(key);
    vocab.insert(tokens[next++], id);
  }
  QFile::remove(vocabFile.fileName());
  if (!vocabFile.open(QIODevice::WriteOnly))
    return false;
  vocabFile.write(QJsonDocument(vocab).toJson());
  vocabFile.close();
  QFile configFile(dir + QStringLiteral("/tokenizer_config.json"));
  if (!configFile.open(QIODevice::ReadOnly))
    return false;
  QJsonObject config = QJsonDocument::fromJson(configFile.readAll()).object();
  configFile.close();
  config.remove(QStringLiteral("source_lang"));
  config.remove(QStringLiteral("target_lang"));
  if (!source.isEmpty())
    config.insert(QStringLiteral("source_lang"), source);
  if (!target.isEmpty())
    config.insert(QStringLiteral("target_lang"), target);
  QFile::remove(configFile.fileName());
  if (!configFile.open(QIODevice::WriteOnly))
    return false;
  configFile.write(QJsonDocument(config).toJson());
  return true;
}

const RuntimeOptions kCpu{"cpu", "float32", 0};

} // namespace

class TestMtLanguages : public QObject {
  Q_OBJECT
  QString m_marian, m_nllb;

private Q_SLOTS:
  void initTestCase() {
    const QString marian = test::sharedFile(QStringLiteral("fixtures/marian-tiny-random/config.json"));
    const QString nllb = test::sharedFile(QStringLiteral("fixtures/nllb-tiny-random/config.json"));
    if (marian.isEmpty() || nllb.isEmpty())
      QSKIP("shared fixtures marian-tiny-random / nllb-tiny-random not found: set DRAGOMAN_SHARED to the shared/ folder");
    m_marian = QFileInfo(marian).absolutePath();
    m_nllb = QFileInfo(nllb).absolutePath();
  }

  void nllbCodes_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("target");
    QTest::newRow("ISO 639-1") << "en" << "de" << "eng_Latn" << "deu_Latn";
    QTest::newRow("ISO 639-3") << "spa" << "fra" << "spa_Latn" << "fra_Latn";
    QTest::newRow("NLLB codes") << "eng_Latn" << "spa_Latn" << "eng_Latn" << "spa_Latn";
    QTest::newRow("any case, region") << "EN" << "es-MX" << "eng_Latn" << "spa_Latn";
  }
  void nllbCodes() {
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, source);
    QFETCH(QString, target);
    const auto t = seq2seq::Translator::load(m_nllb.toStdString(), kCpu);
    Result<MtLanguageTokens> tokens = resolveMtLanguages(*t, from, to);
    QVERIFY2(tokens, qPrintable(tokens ? QString() : tokens.error().message));
    QCOMPARE(QString::fromStdString(tokens->source), source);
    QCOMPARE(QString::fromStdString(tokens->target), target);
    QVERIFY(describeMtLanguages(*t).contains(QStringLiteral("4 languages")));
  }

  void multiTargetTokens_data() {
    QTest::addColumn<QStringList>("tokens");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("expected"); // empty: refused
    QTest::newRow("ISO 639-1 token") << QStringList{">>es<<", ">>fr<<"} << "es" << ">>es<<";
    QTest::newRow("ISO 639-3 token") << QStringList{">>spa<<", ">>fra<<"} << "es" << ">>spa<<";
    QTest::newRow("Mandarin, simplified") << QStringList{">>cmn_Hans<<", ">>cmn_Hant<<"} << "zh" << ">>cmn_Hans<<";
    QTest::newRow("Mandarin, traditional") << QStringList{">>cmn_Hans<<", ">>cmn_Hant<<"} << "zh-Hant" << ">>cmn_Hant<<";
    QTest::newRow("missing target") << QStringList{">>es<<", ">>fr<<"} << "de" << QString();
  }
  void multiTargetTokens() {
    QFETCH(QStringList, tokens);
    QFETCH(QString, to);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(writeMarian(m_marian, dir.path(), tokens, QStringLiteral("en"), QString()));
    const auto t = seq2seq::Translator::load(dir.path().toStdString(), kCpu);
    QCOMPARE(t->languageTokens().size(), std::size_t(tokens.size()));
    Result<MtLanguageTokens> resolved = resolveMtLanguages(*t, QStringLiteral("en"), to);
    if (expected.isEmpty()) {
      QVERIFY(!resolved);
      QCOMPARE(resolved.error().kind, ErrorKind::Unsupported);
      QVERIFY2(resolved.error().message.contains(tokens.front()), qPrintable(resolved.error().message));
      return;
    }
    QVERIFY2(resolved, qPrintable(resolved ? QString() : resolved.error().message));
    QCOMPARE(QString::fromStdString(resolved->target), expected);
    // The token goes in front of the text the encoder reads.
    const std::vector<long long> marked = t->inputIds("Ok.", "", resolved->target);
    const std::vector<long long> plain = t->inputIds("Ok.", "", "");
    QCOMPARE(marked.size(), plain.size() + 1);
    QVERIFY(std::equal(plain.begin(), plain.end(), marked.begin() + 1));
  }

  void singlePairDeclared() {
    QTemporaryDir dir;
    QVERIFY(writeMarian(m_marian, dir.path(), {}, QStringLiteral("en"), QStringLiteral("de")));
    const auto t = seq2seq::Translator::load(dir.path().toStdString(), kCpu);
    QVERIFY(resolveMtLanguages(*t, QStringLiteral("en"), QStringLiteral("de")));
    QVERIFY(resolveMtLanguages(*t, QStringLiteral("eng"), QStringLiteral("deu")));
    QVERIFY(!resolveMtLanguages(*t, QStringLiteral("fr"), QStringLiteral("de")));
    QVERIFY(!resolveMtLanguages(*t, QStringLiteral("en"), QStringLiteral("es")));
    // A group or nothing declared: any language is taken (the model decides).
    QTemporaryDir group;
    QVERIFY(writeMarian(m_marian, group.path(), {}, QStringLiteral("mul"), QString()));
    const auto g = seq2seq::Translator::load(group.path().toStdString(), kCpu);
    QVERIFY(resolveMtLanguages(*g, QStringLiteral("ja"), QStringLiteral("en")));
    QCOMPARE(describeMtLanguages(*g), QStringLiteral("mul → *"));
  }
};

QTEST_GUILESS_MAIN(TestMtLanguages)
#include "tst_mtlanguages.moc"
