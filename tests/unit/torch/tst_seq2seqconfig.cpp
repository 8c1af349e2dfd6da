// config.json and generation_config.json of translation models: the search settings come from
// generation_config.json when the folder has one (else from config.json, as
// GenerationConfig.from_model_config does), token ids from both; bad fields are named.
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/seq2seq/config.h"

#include <QTest>

using namespace dragoman::torchrt;
using namespace dragoman::torchrt::seq2seq;

namespace {

const char *kMarian = R"({"model_type": "marian", "d_model": 32, "encoder_layers": 2, "decoder_layers": 2,
  "encoder_attention_heads": 4, "decoder_attention_heads": 4, "encoder_ffn_dim": 64, "decoder_ffn_dim": 64,
  "vocab_size": 100, "max_position_embeddings": 64, "activation_function": "swish", "scale_embedding": true,
  "pad_token_id": 99, "eos_token_id": 0, "decoder_start_token_id": 99, "bad_words_ids": [[99]],
  "forced_eos_token_id": 0, "max_length": 512, "num_beams": 4})";

const char *kNllb = R"({"model_type": "m2m_100", "d_model": 32, "encoder_layers": 2, "decoder_layers": 2,
  "encoder_attention_heads": 4, "decoder_attention_heads": 4, "encoder_ffn_dim": 64, "decoder_ffn_dim": 64,
  "vocab_size": 100, "max_position_embeddings": 64, "activation_function": "relu", "scale_embedding": true,
  "pad_token_id": 1, "eos_token_id": 2, "decoder_start_token_id": 2, "max_length": 200, "num_beams": 5})";

QString errorOf(const std::string &config, const std::string &generation = {}) {
  try {
    parseSeq2SeqConfig(config, generation, "/m");
  } catch (const ModelError &e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

} // namespace

class TestSeq2SeqConfig : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void marianFromConfigAlone() {
    const Seq2SeqConfig c = parseSeq2SeqConfig(kMarian, "", "/m");
    QCOMPARE(c.family, Family::Marian);
    QVERIFY(!c.preLayerNorm);
    QCOMPARE(c.activation, Activation::Swish);
    QCOMPARE(c.generation.numBeams, 4);
    QCOMPARE(c.generation.maxLength, 512);
    QCOMPARE(c.generation.decoderStartTokenId, 99LL);
    QCOMPARE(c.generation.badWordsIds, (std::vector<std::vector<long long>>{{99}}));
    QCOMPARE(c.generation.forcedEosTokenId.value_or(-1), 0LL);
  }

  // generation_config.json replaces config.json's search settings; ids it leaves out come from config.json.
  void generationConfigWins() {
    const Seq2SeqConfig c = parseSeq2SeqConfig(kNllb, R"({"max_length": 30, "eos_token_id": [2, 3], "early_stopping": "never",
      "length_penalty": 0.5, "no_repeat_ngram_size": 3})", "/m");
    QCOMPARE(c.family, Family::M2M100);
    QVERIFY(c.preLayerNorm);
    QCOMPARE(c.generation.numBeams, 1); // config.json's 5 does not apply
    QCOMPARE(c.generation.maxLength, 30);
    QCOMPARE(c.generation.eosTokenIds, (std::vector<long long>{2, 3}));
    QCOMPARE(c.generation.decoderStartTokenId, 2LL);
    QCOMPARE(c.generation.earlyStopping, generation::EarlyStopping::Never);
    QCOMPARE(c.generation.lengthPenalty, 0.5);
    QCOMPARE(c.generation.noRepeatNgramSize, 3);
    const Seq2SeqConfig t = parseSeq2SeqConfig(kNllb, R"({"early_stopping": true})", "/m");
    QCOMPARE(t.generation.earlyStopping, generation::EarlyStopping::True);
    QCOMPARE(t.generation.maxLength, 20); // generate()'s default
  }

  void badFieldsAreNamed_data() {
    QTest::addColumn<QString>("config");
    QTest::addColumn<QString>("generation");
    QTest::addColumn<QString>("mentions");
    const QString m = QString::fromLatin1(kMarian);
    QTest::newRow("model type") << QString(m).replace(QStringLiteral("\"marian\""), QStringLiteral("\"bart\"")) << QString() << "model_type";
    QTest::newRow("not json") << QStringLiteral("{oops") << QString() << "not a JSON object";
    QTest::newRow("missing d_model") << QString(m).replace(QStringLiteral("\"d_model\": 32,"), QString()) << QString() << "d_model";
    QTest::newRow("heads") << QString(m).replace(QStringLiteral("\"encoder_attention_heads\": 4"), QStringLiteral("\"encoder_attention_heads\": 5"))
                           << QString() << "divisible";
    QTest::newRow("activation") << QString(m).replace(QStringLiteral("\"swish\""), QStringLiteral("\"tanh\"")) << QString() << "activation_function";
    QTest::newRow("id outside vocabulary") << m << QStringLiteral(R"({"forced_bos_token_id": 500})") << "forced_bos_token_id";
    QTest::newRow("early_stopping") << m << QStringLiteral(R"({"early_stopping": "sometimes"})") << "early_stopping";
    QTest::newRow("bad words") << m << QStringLiteral(R"({"bad_words_ids": [99]})") << "bad_words_ids";
    QTest::newRow("separate vocabularies") << QString(m).replace(QStringLiteral("\"vocab_size\": 100"),
                                                                 QStringLiteral("\"vocab_size\": 100, \"decoder_vocab_size\": 90"))
                                           << QString() << "decoder_vocab_size";
  }
  void badFieldsAreNamed() {
    QFETCH(QString, config);
    QFETCH(QString, generation);
    QFETCH(QString, mentions);
    const QString error = errorOf(config.toStdString(), generation.toStdString());
    QVERIFY2(error.contains(mentions), qPrintable(error));
  }
};

QTEST_GUILESS_MAIN(TestSeq2SeqConfig)
#include "tst_seq2seqconfig.moc"
