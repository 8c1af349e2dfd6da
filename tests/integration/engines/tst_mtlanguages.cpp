// The language tokens a translation model needs for a pair: NLLB codes from ISO codes, M2M100's
// "__xx__" tokens, the target token of a multi-target OPUS-MT model (ISO 639-1, 639-3, or Mandarin
// with its script), and a single-pair model refusing what it does not declare. On copies of the
// random-weight fixtures with their tokenizer files edited; the M2M100 folder is the NLLB fixture's
// weights with an M2M100 tokenizer over the same pieces, so it must translate as the NLLB one does.
#include "core/inference/neural/mtlanguages.h"
#include "core/inference/torch/seq2seq/translator.h"
#include "core/inference/torch/tokenizers/sentencepiece.h"
#include "tests/support/testpaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>

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

bool writeJson(const QString &path, const QJsonObject &json) {
  QFile::remove(path);
  QFile file(path);
  return file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(json).toJson()) > 0;
}

// The NLLB fixture's weights with an M2M100 tokenizer: vocab.json is fairseq's dictionary over the
// same sentencepiece.bpe.model (<s> <pad> </s> <unk>, then the pieces), the language tokens follow
// it in the fixture's order of its NLLB codes, and one made-up word fills config.json's vocab_size.
bool writeM2M100(const QString &nllb, const QString &dir) {
  for (const char *name : {"model.safetensors", "generation_config.json", "sentencepiece.bpe.model"})
    if (!QFile::link(nllb + QLatin1Char('/') + QLatin1String(name), dir + QLatin1Char('/') + QLatin1String(name)))
      return false;
  QFile configFile(nllb + QStringLiteral("/config.json"));
  if (!configFile.open(QIODevice::ReadOnly))
    return false;
  QJsonObject config = QJsonDocument::fromJson(configFile.readAll()).object();
  config.remove(QStringLiteral("tokenizer_class"));
  const SentencePieceModel spm = SentencePieceModel::load((nllb + QStringLiteral("/sentencepiece.bpe.model")).toStdString());
  QJsonObject vocab{{QStringLiteral("<s>"), 0}, {QStringLiteral("<pad>"), 1}, {QStringLiteral("</s>"), 2}, {QStringLiteral("<unk>"), 3}};
  int next = 4;
  for (int id = 0; id < spm.size(); ++id)
    if (!spm.isUnknown(id) && !spm.isControl(id))
      vocab.insert(QString::fromStdString(spm.idToPiece(id)), next++);
  const QJsonObject tokenizerConfig{{QStringLiteral("tokenizer_class"), QStringLiteral("M2M100Tokenizer")},
                                    {QStringLiteral("num_madeup_words"), 1}};
  const QJsonObject map{{QStringLiteral("eos_token"), QStringLiteral("</s>")},
                        {QStringLiteral("additional_special_tokens"),
                         QJsonArray{QStringLiteral("__de__"), QStringLiteral("__en__"), QStringLiteral("__fr__"), QStringLiteral("__es__")}}};
  return writeJson(dir + QStringLiteral("/config.json"), config) && writeJson(dir + QStringLiteral("/vocab.json"), vocab) &&
         writeJson(dir + QStringLiteral("/tokenizer_config.json"), tokenizerConfig) &&
         writeJson(dir + QStringLiteral("/special_tokens_map.json"), map);
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

  void m2m100Tokens_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("target");
    QTest::newRow("ISO 639-1") << "en" << "de" << "__en__" << "__de__";
    QTest::newRow("ISO 639-3") << "eng" << "deu" << "__en__" << "__de__";
    QTest::newRow("NLLB codes") << "eng_Latn" << "spa_Latn" << "__en__" << "__es__";
    QTest::newRow("tokens") << "__fr__" << "__en__" << "__fr__" << "__en__";
    QTest::newRow("any case, region") << "EN" << "es-MX" << "__en__" << "__es__";
    QTest::newRow("missing target") << "en" << "ja" << "" << "";
  }
  void m2m100Tokens() {
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, source);
    QFETCH(QString, target);
    QTemporaryDir dir;
    QVERIFY(writeM2M100(m_nllb, dir.path()));
    const auto t = seq2seq::Translator::load(dir.path().toStdString(), kCpu);
    QCOMPARE(QString::fromStdString(t->report().family), QStringLiteral("m2m100"));
    QVERIFY(t->isNllb());
    QCOMPARE(t->languageTokens().size(), std::size_t(4));
    QVERIFY(describeMtLanguages(*t).contains(QStringLiteral("4 languages")));
    Result<MtLanguageTokens> tokens = resolveMtLanguages(*t, from, to);
    if (source.isEmpty()) {
      QVERIFY(!tokens);
      QCOMPARE(tokens.error().kind, ErrorKind::Unsupported);
      QVERIFY2(tokens.error().message.contains(QStringLiteral("M2M100")), qPrintable(tokens.error().message));
      return;
    }
    QVERIFY2(tokens, qPrintable(tokens ? QString() : tokens.error().message));
    QCOMPARE(QString::fromStdString(tokens->source), source);
    QCOMPARE(QString::fromStdString(tokens->target), target);
  }

  // The same weights and pieces: the M2M100 folder gives the NLLB folder's input ids and
  // translations, the language tokens standing for the NLLB codes.
  void m2m100TranslatesAsNllb() {
    QTemporaryDir dir;
    QVERIFY(writeM2M100(m_nllb, dir.path()));
    const auto m2m = seq2seq::Translator::load(dir.path().toStdString(), kCpu);
    const auto nllb = seq2seq::Translator::load(m_nllb.toStdString(), kCpu);
    const std::vector<std::string> texts = {"Hello, world!", "The weather is nice today."};
    const std::atomic_bool abort{false};
    for (const int beams : {1, 2}) {
      seq2seq::GenerateOptions options;
      options.numBeams = beams;
      options.maxNewTokens = 12;
      const std::vector<seq2seq::Translation> a = m2m->translate(texts, "__en__", "__de__", options, abort);
      const std::vector<seq2seq::Translation> b = nllb->translate(texts, "eng_Latn", "deu_Latn", options, abort);
      QCOMPARE(a.size(), b.size());
      for (std::size_t i = 0; i < a.size(); ++i) {
        QVERIFY(a[i].inputIds == b[i].inputIds);
        QVERIFY(a[i].ids == b[i].ids);
        // The target's token is the forced first token after the decoder start.
        QCOMPARE(a[i].ids.at(1), m2m->inputIds("x", "__de__", "").front());
      }
    }
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
