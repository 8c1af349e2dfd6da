// Marian and NLLB (M2M100) against the outputs of a port of Hugging Face's code on tiny random-weight
// models (../shared/fixtures/marian-tiny-random, nllb-tiny-random): input ids, encoder output,
// raw step logits, greedy and beam ids, texts and scores, the no-repeat-n-gram case, a padded
// batch; plus a pytorch_model.bin folder without the positions table, and bad folders.
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/safetensors.h"
#include "core/inference/torch/seq2seq/model.h"
#include "core/inference/torch/seq2seq/translator.h"
#include "tests/support/testpaths.h"
#include "tests/unit/torch/fixturecases.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>
#include <torch/serialize.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <map>

using namespace dragoman;
using namespace dragoman::torchrt;
using namespace dragoman::torchrt::seq2seq;

namespace {

std::vector<long long> idsOf(const QJsonValue &v) {
  std::vector<long long> out;
  for (const QJsonValue &e : v.toArray())
    out.push_back(e.toInteger());
  return out;
}

std::vector<long long> trimPad(std::vector<long long> ids, long long eos, long long pad) {
  // A padded batch row: everything after the first end token (the start token may equal pad).
  for (std::size_t i = 1; i < ids.size(); ++i)
    if (ids[i] == eos) {
      ids.resize(i + 1);
      return ids;
    }
  while (ids.size() > 1 && ids.back() == pad)
    ids.pop_back();
  return ids;
}

QString idsText(const std::vector<long long> &ids) {
  QStringList s;
  for (long long id : ids)
    s << QString::number(id);
  return s.join(QLatin1Char(' '));
}

const std::atomic_bool kNever{false};

} // namespace

class TestSeq2SeqModel : public QObject {
  Q_OBJECT

  struct Fixture {
    QString folder;
    QJsonObject cases;
    std::unique_ptr<test::FixtureCases> tensors;
    std::unique_ptr<Translator> translator;
  };
  std::map<QString, Fixture> m_fixtures;

  Fixture &fixture(const QString &name) {
    auto it = m_fixtures.find(name);
    if (it == m_fixtures.end())
      QTest::qFail("fixture not loaded", __FILE__, __LINE__);
    return it->second;
  }

  static QJsonObject caseNamed(const Fixture &f, const QString &name) {
    for (const QJsonValue &c : f.cases.value(QStringLiteral("cases")).toArray())
      if (c.toObject().value(QStringLiteral("name")).toString() == name)
        return c.toObject();
    return f.cases.value(QStringLiteral("ngram_case")).toObject();
  }

  static GenerateOptions optionsOf(const QJsonObject &generation, int beams) {
    GenerateOptions o;
    o.numBeams = beams;
    o.maxLength = generation.value(QStringLiteral("max_length")).toInt();
    o.noRepeatNgram = generation.value(QStringLiteral("no_repeat_ngram_size")).toInt();
    o.lengthPenalty = generation.value(QStringLiteral("length_penalty")).toDouble(1.0);
    return o;
  }

  static std::pair<std::string, std::string> languagesOf(const QJsonObject &c) {
    return {c.value(QStringLiteral("src_lang")).toString().toStdString(), c.value(QStringLiteral("tgt_lang")).toString().toStdString()};
  }

  void addCaseRows() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("name");
    for (const char *f : {"marian-tiny-random", "nllb-tiny-random"})
      for (const char *n : {"en_simple", "en_punct_num", "es_question", "es_long", "short", "empty"})
        QTest::newRow(qPrintable(QStringLiteral("%1/%2").arg(QLatin1String(f), QLatin1String(n)))) << QString::fromLatin1(f)
                                                                                                   << QString::fromLatin1(n);
  }

private Q_SLOTS:
  void initTestCase() {
    for (const char *name : {"marian-tiny-random", "nllb-tiny-random"}) {
      const QString cases = test::sharedFile(QStringLiteral("fixtures/%1/cases.json").arg(QLatin1String(name)));
      if (cases.isEmpty())
        QSKIP("shared fixtures marian-tiny-random / nllb-tiny-random not found: set DRAGOMAN_SHARED to the shared/ folder");
      Fixture f;
      f.folder = QFileInfo(cases).absolutePath();
      QFile file(cases);
      QVERIFY(file.open(QIODevice::ReadOnly));
      f.cases = QJsonDocument::fromJson(file.readAll()).object();
      f.tensors = std::make_unique<test::FixtureCases>(f.folder + QStringLiteral("/cases.safetensors"));
      f.translator = Translator::load(f.folder.toStdString(), RuntimeOptions{"cpu", "float32", 0});
      m_fixtures.emplace(QString::fromLatin1(name), std::move(f));
    }
    QCOMPARE(fixture(QStringLiteral("marian-tiny-random")).translator->report().family, std::string("marian"));
    QCOMPARE(fixture(QStringLiteral("nllb-tiny-random")).translator->report().family, std::string("nllb"));
  }

  void tensorsMatchReference_data() { addCaseRows(); }
  void tensorsMatchReference() {
    QFETCH(QString, fixture);
    QFETCH(QString, name);
    c10::InferenceMode guard;
    Fixture &f = this->fixture(fixture);
    const QJsonObject c = caseNamed(f, name);
    const auto [src, tgt] = languagesOf(c);
    const StepDump d = f.translator->dump(c.value(QStringLiteral("text")).toString().toStdString(), src, tgt,
                                          optionsOf(c.value(QStringLiteral("generation")).toObject(), 1));
    QCOMPARE(idsText(d.inputIds), idsText(idsOf(c.value(QStringLiteral("input_ids")))));
    const std::string n = name.toStdString();
    const at::Tensor enc = at::from_blob(const_cast<float *>(d.encoderOut.data()), {static_cast<long long>(d.inputIds.size()), d.dModel}, at::kFloat);
    const double encDiff = (enc - f.tensors->get(n + ".encoder_out")).abs().max().item<double>();
    const at::Tensor refLogits = f.tensors->get(n + ".step_logits");
    QCOMPARE(static_cast<long long>(d.steps), refLogits.size(0));
    const at::Tensor logits = at::from_blob(const_cast<float *>(d.stepLogits.data()), {d.steps, d.vocab}, at::kFloat);
    const double logitDiff = (logits - refLogits).abs().max().item<double>();
    qInfo("%s/%s: encoder max |diff| %.3g, step logits %.3g", qPrintable(fixture), n.c_str(), encDiff, logitDiff);
    QVERIFY2(encDiff < 1e-4, qPrintable(QStringLiteral("encoder output differs by %1").arg(encDiff)));
    QVERIFY2(logitDiff < 1e-3, qPrintable(QStringLiteral("step logits differ by %1").arg(logitDiff)));
  }

  void searchMatchesReference_data() {
    addCaseRows();
    for (const char *f : {"marian-tiny-random", "nllb-tiny-random"})
      QTest::newRow(qPrintable(QStringLiteral("%1/ngram").arg(QLatin1String(f)))) << QString::fromLatin1(f) << QStringLiteral("ngram");
  }
  void searchMatchesReference() {
    QFETCH(QString, fixture);
    QFETCH(QString, name);
    Fixture &f = this->fixture(fixture);
    QJsonObject c = caseNamed(f, name);
    if (name == QLatin1String("ngram")) {
      const QJsonObject source = caseNamed(f, c.value(QStringLiteral("source_case")).toString());
      c.insert(QStringLiteral("text"), source.value(QStringLiteral("text")));
      c.insert(QStringLiteral("src_lang"), source.value(QStringLiteral("src_lang")));
      c.insert(QStringLiteral("tgt_lang"), source.value(QStringLiteral("tgt_lang")));
    }
    const auto [src, tgt] = languagesOf(c);
    const QJsonObject generation = c.value(QStringLiteral("generation")).toObject();
    const std::string text = c.value(QStringLiteral("text")).toString().toStdString();
    const Translation greedy = f.translator->translate({text}, src, tgt, optionsOf(generation, 1), kNever).front();
    QCOMPARE(idsText(greedy.ids), idsText(idsOf(c.value(QStringLiteral("greedy")))));
    QCOMPARE(QString::fromStdString(greedy.text), c.value(QStringLiteral("greedy_text")).toString());
    const int beams = generation.value(QStringLiteral("num_beams")).toInt();
    const Translation beam = f.translator->translate({text}, src, tgt, optionsOf(generation, beams), kNever).front();
    QCOMPARE(idsText(beam.ids), idsText(idsOf(c.value(QStringLiteral("beam")))));
    QCOMPARE(QString::fromStdString(beam.text), c.value(QStringLiteral("beam_text")).toString());
    const double scoreDiff = std::abs(beam.score - c.value(QStringLiteral("beam_score")).toDouble());
    QVERIFY2(scoreDiff < 1e-4, qPrintable(QStringLiteral("beam score differs by %1").arg(scoreDiff)));
  }

  // A padded batch gives what each sentence gives alone, and what the reference's batch gives.
  void batchMatchesOneByOne_data() {
    QTest::addColumn<QString>("fixture");
    QTest::newRow("marian") << QStringLiteral("marian-tiny-random");
    QTest::newRow("nllb") << QStringLiteral("nllb-tiny-random");
  }
  void batchMatchesOneByOne() {
    QFETCH(QString, fixture);
    Fixture &f = this->fixture(fixture);
    const QJsonObject batch = f.cases.value(QStringLiteral("batch")).toObject();
    const QJsonObject generation = batch.value(QStringLiteral("generation")).toObject();
    const QJsonArray names = batch.value(QStringLiteral("cases")).toArray();
    const QJsonArray sources = batch.value(QStringLiteral("src_langs")).toArray();
    const std::string tgt = batch.value(QStringLiteral("tgt_lang")).toString().toStdString();
    const long long eos = f.translator->isNllb() ? 2 : 0;
    const long long pad = generation.value(QStringLiteral("pad_token_id")).toInteger();
    for (int beams : {1, generation.value(QStringLiteral("num_beams")).toInt()}) {
      // Rows that share a source language go in one batch (the API takes one source per batch).
      std::map<std::string, std::vector<int>> bySource;
      for (int i = 0; i < names.size(); ++i)
        bySource[sources.isEmpty() ? std::string() : sources.at(i).toString().toStdString()].push_back(i);
      const QJsonArray expected = batch.value(beams == 1 ? QStringLiteral("greedy") : QStringLiteral("beam")).toArray();
      for (const auto &[src, rows] : bySource) {
        std::vector<std::string> texts;
        for (int i : rows)
          texts.push_back(caseNamed(f, names.at(i).toString()).value(QStringLiteral("text")).toString().toStdString());
        const std::vector<Translation> together = f.translator->translate(texts, src, tgt, optionsOf(generation, beams), kNever);
        QCOMPARE(together.size(), texts.size());
        for (std::size_t k = 0; k < rows.size(); ++k) {
          const Translation alone = f.translator->translate({texts[k]}, src, tgt, optionsOf(generation, beams), kNever).front();
          QCOMPARE(idsText(together[k].ids), idsText(alone.ids));
          QCOMPARE(idsText(together[k].ids), idsText(trimPad(idsOf(expected.at(rows[k])), eos, pad)));
        }
      }
    }
  }

  // The decoding step of a few rows (nn::RowStep: post-LN + swish + logits bias for Marian, pre-LN +
  // ReLU + final norm for NLLB) against the operators, which the fixtures check: a padded batch of
  // three, one position at a time against all positions at once, then reordered as beam search
  // does (rows duplicated, cross-attention rows moved) and on for two more positions.
  void rowStepMatchesOperators_data() {
    QTest::addColumn<QString>("fixture");
    QTest::newRow("marian") << QStringLiteral("marian-tiny-random");
    QTest::newRow("nllb") << QStringLiteral("nllb-tiny-random");
  }
  void rowStepMatchesOperators() {
    QFETCH(QString, fixture);
    c10::InferenceMode guard;
    Fixture &f = this->fixture(fixture);
    const std::string folder = f.folder.toStdString();
    const Seq2SeqConfig config = loadSeq2SeqConfig(folder);
    const Seq2SeqModel model(folder, config, resolveRuntime(RuntimeOptions{"cpu", "float32", 0}));
    const long long vocab = config.vocabSize;
    // Three sources of 7, 4 and 2 tokens, right-padded.
    const at::Tensor ids = at::tensor({5, 9, 14, 22, 31, 47, 2, 6, 8, 10, 2, 1, 1, 1, 12, 2, 1, 1, 1, 1, 1}, at::kLong).view({3, 7});
    const at::Tensor mask = ids.ne(1).to(at::kLong);
    const at::Tensor encoded = model.encode(ids, mask);
    const at::Tensor tokens = at::tensor({2, 40, 41, 42, 2, 50, 51, 52, 2, 60, 61, 62}, at::kLong).view({3, 4});
    auto close = [&](const at::Tensor &a, const at::Tensor &b, const char *where) {
      const double diff = (a - b).abs().max().item<double>();
      QVERIFY2(diff < 1e-4, qPrintable(QStringLiteral("%1: the row step differs by %2").arg(QLatin1String(where)).arg(diff)));
    };
    const std::unique_ptr<DecoderState> whole = model.startDecoding(encoded, mask);
    const std::unique_ptr<DecoderState> rows = model.startDecoding(encoded, mask);
    const at::Tensor all = whole->forward(tokens);
    QVERIFY(!whole->rowStepUsed());
    for (long long t = 0; t < 4; ++t)
      close(rows->forward(tokens.narrow(1, t, 1)), all.narrow(1, t, 1), "padded batch");
    QVERIFY(rows->rowStepUsed());
    const std::vector<long long> order{2, 0, 0, 1, 2};
    whole->reorder(order);
    rows->reorder(order);
    const at::Tensor next = at::tensor({70, 71, 72, 73, 74, 80, 81, 82, 83, 84}, at::kLong).view({5, 2});
    const at::Tensor after = whole->forward(next);
    for (long long t = 0; t < 2; ++t)
      close(rows->forward(next.narrow(1, t, 1)), after.narrow(1, t, 1), "reordered rows");
    // step() gives the same numbers as forward().
    std::vector<float> stepped;
    const std::unique_ptr<DecoderState> third = model.startDecoding(encoded, mask);
    third->step({2, 2, 2}, stepped);
    QCOMPARE(static_cast<long long>(stepped.size()), 3 * vocab);
    close(at::from_blob(stepped.data(), {3, 1, vocab}, at::kFloat), all.narrow(1, 0, 1), "step()");
  }

  // What save_pretrained writes for OPUS-MT: pytorch_model.bin without the static positions table.
  void pytorchBinWithoutPositions() {
    c10::InferenceMode guard;
    Fixture &f = fixture(QStringLiteral("marian-tiny-random"));
    QTemporaryDir dir;
    for (const QString &name : QDir(f.folder).entryList(QDir::Files))
      if (name != QLatin1String("model.safetensors") && !name.startsWith(QLatin1String("cases")))
        QVERIFY(QFile::copy(f.folder + QLatin1Char('/') + name, dir.filePath(name)));
    const auto weights = SafetensorsFile::open((f.folder + QStringLiteral("/model.safetensors")).toStdString());
    c10::impl::GenericDict dict(c10::StringType::get(), c10::TensorType::get());
    for (const auto &[name, view] : weights->tensors()) {
      if (name.find("embed_positions") != std::string::npos)
        continue;
      const std::vector<int64_t> shape(view.shape.begin(), view.shape.end());
      dict.insert(name, at::from_blob(const_cast<std::byte *>(view.data), shape, at::kFloat).clone());
    }
    const std::vector<char> bytes = torch::pickle_save(dict);
    QFile out(dir.filePath(QStringLiteral("pytorch_model.bin")));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(bytes.data(), qsizetype(bytes.size()));
    out.close();
    const std::unique_ptr<Translator> t = Translator::load(dir.path().toStdString(), RuntimeOptions{"cpu", "float32", 0});
    QVERIFY(t->report().weights.find("pytorch_model.bin") != std::string::npos);
    const QJsonObject c = caseNamed(f, QStringLiteral("es_long"));
    const GenerateOptions o = optionsOf(c.value(QStringLiteral("generation")).toObject(), 4);
    const Translation a = t->translate({c.value(QStringLiteral("text")).toString().toStdString()}, "", "", o, kNever).front();
    QCOMPARE(idsText(a.ids), idsText(idsOf(c.value(QStringLiteral("beam")))));
    const StepDump d = t->dump(c.value(QStringLiteral("text")).toString().toStdString(), "", "", o);
    const at::Tensor enc = at::from_blob(const_cast<float *>(d.encoderOut.data()), {static_cast<long long>(d.inputIds.size()), d.dModel}, at::kFloat);
    QVERIFY((enc - f.tensors->get("es_long.encoder_out")).abs().max().item<double>() < 1e-4);
  }

  void badFolders() {
    Fixture &f = fixture(QStringLiteral("nllb-tiny-random"));
    auto loadError = [](const QString &folder) -> QString {
      try {
        Translator::load(folder.toStdString(), RuntimeOptions{"cpu", "float32", 0});
      } catch (const ModelError &e) {
        return QString::fromStdString(e.what());
      }
      return {};
    };
    QTemporaryDir dir;
    for (const QString &name : QDir(f.folder).entryList(QDir::Files))
      if (!name.startsWith(QLatin1String("cases")))
        QVERIFY(QFile::copy(f.folder + QLatin1Char('/') + name, dir.filePath(name)));
    auto rewrite = [&](const QString &name, const QByteArray &bytes) {
      QFile::remove(dir.filePath(name));
      QFile out(dir.filePath(name));
      QVERIFY(out.open(QIODevice::WriteOnly));
      out.write(bytes);
    };
    QFile config(dir.filePath(QStringLiteral("config.json")));
    QVERIFY(config.open(QIODevice::ReadOnly));
    const QByteArray good = config.readAll();
    config.close();
    QVERIFY(loadError(dir.path()).isEmpty());
    rewrite(QStringLiteral("config.json"), QByteArray(good).replace("\"m2m_100\"", "\"bart\""));
    QVERIFY2(loadError(dir.path()).contains(QStringLiteral("model_type")), qPrintable(loadError(dir.path())));
    rewrite(QStringLiteral("config.json"), QByteArray(good).replace("\"d_model\": 32", "\"d_model\": 48"));
    QVERIFY2(loadError(dir.path()).contains(QStringLiteral("model.shared.weight")), qPrintable(loadError(dir.path())));
    rewrite(QStringLiteral("config.json"), good);
    QFile weights(dir.filePath(QStringLiteral("model.safetensors")));
    QVERIFY(weights.open(QIODevice::ReadWrite));
    const QByteArray w = weights.readAll();
    weights.resize(w.size() / 2);
    weights.close();
    QVERIFY2(loadError(dir.path()).contains(QStringLiteral("model.safetensors")), qPrintable(loadError(dir.path())));
    QFile::remove(dir.filePath(QStringLiteral("model.safetensors")));
    QVERIFY2(loadError(dir.path()).contains(QStringLiteral("model.safetensors")), qPrintable(loadError(dir.path())));
    QFile::remove(dir.filePath(QStringLiteral("sentencepiece.bpe.model")));
    QVERIFY2(loadError(dir.path()).contains(QStringLiteral("sentencepiece.bpe.model")), qPrintable(loadError(dir.path())));
    QVERIFY2(loadError(dir.filePath(QStringLiteral("missing"))).contains(QStringLiteral("missing")), "a missing folder is named");
  }

  // A NaN in the weights is named at load, not found as garbage output later.
  void nanWeightsAreNamed() {
    Fixture &f = fixture(QStringLiteral("marian-tiny-random"));
    QTemporaryDir dir;
    for (const QString &name : QDir(f.folder).entryList(QDir::Files))
      if (name != QLatin1String("model.safetensors") && !name.startsWith(QLatin1String("cases")))
        QVERIFY(QFile::copy(f.folder + QLatin1Char('/') + name, dir.filePath(name)));
    const auto weights = SafetensorsFile::open((f.folder + QStringLiteral("/model.safetensors")).toStdString());
    std::vector<TensorData> tensors;
    for (const auto &[name, view] : weights->tensors()) {
      TensorData t{name, DType::F32, std::vector<std::int64_t>(view.shape.begin(), view.shape.end()),
                   std::vector<std::byte>(view.data, view.data + view.bytes)};
      if (name == "model.decoder.layers.1.fc2.weight") {
        const float nan = std::nanf("");
        std::memcpy(t.bytes.data() + 4 * 7, &nan, 4);
      }
      tensors.push_back(std::move(t));
    }
    writeSafetensors(dir.filePath(QStringLiteral("model.safetensors")).toStdString(), tensors);
    try {
      Translator::load(dir.path().toStdString(), RuntimeOptions{"cpu", "float32", 0});
      QFAIL("a NaN weight was accepted");
    } catch (const ModelError &e) {
      QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("decoder.layers.1.fc2")), e.what());
    }
  }

  void unknownLanguageAndCancel() {
    Fixture &f = fixture(QStringLiteral("nllb-tiny-random"));
    try {
      f.translator->translate({"hello"}, "eng_Latn", "xxx_Latn", GenerateOptions{}, kNever);
      QFAIL("an unknown target language was accepted");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Input);
      QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("xxx_Latn")));
    }
    const std::atomic_bool abort{true};
    try {
      f.translator->translate({"hello"}, "eng_Latn", "deu_Latn", GenerateOptions{}, abort);
      QFAIL("an aborted translation went on");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Cancelled);
    }
    QVERIFY(f.translator->translate({}, "eng_Latn", "deu_Latn", GenerateOptions{}, kNever).empty());
  }
};

QTEST_GUILESS_MAIN(TestSeq2SeqModel)
#include "tst_seq2seqmodel.moc"
