// VITS (Hugging Face / MMS-TTS) against the outputs of Hugging Face's modeling_vits.py and
// VitsTokenizer on a tiny random-weight model (../shared/fixtures/vits-tiny-random): ids from the
// text, text-encoder output, prior, log durations, integer durations, spectrogram and waveform, with
// zero and with injected noise; plus bad configurations.
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/vits/config.h"
#include "core/inference/torch/vits/model.h"
#include "core/inference/torch/vits/tokenizer.h"
#include "tests/support/testpaths.h"
#include "tests/unit/torch/fixturecases.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace dragoman;
using namespace dragoman::torchrt;
using namespace dragoman::torchrt::vits;

namespace {

std::vector<long long> idsOf(const at::Tensor &t) {
  const at::Tensor c = t.reshape({-1}).to(at::kLong).contiguous();
  return std::vector<long long>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
}

QString idsText(const std::vector<long long> &ids) {
  QStringList s;
  for (long long id : ids)
    s << QString::number(id);
  return s.join(QLatin1Char(' '));
}

std::string readText(const QString &path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly))
    return {};
  return f.readAll().toStdString();
}

} // namespace

class TestVitsModel : public QObject {
  Q_OBJECT

  QString m_folder;
  QJsonObject m_cases;
  std::unique_ptr<test::FixtureCases> m_tensors;
  std::unique_ptr<VitsModel> m_model;
  std::unique_ptr<VitsTokenizer> m_tokenizer;

  QJsonObject caseNamed(const QString &name) const {
    for (const QJsonValue &c : m_cases.value(QStringLiteral("cases")).toArray())
      if (c.toObject().value(QStringLiteral("name")).toString() == name)
        return c.toObject();
    return {};
  }


private Q_SLOTS:
  void initTestCase() {
    const QString cases = test::sharedFile(QStringLiteral("fixtures/vits-tiny-random/cases.json"));
    if (cases.isEmpty())
      QSKIP("shared fixture vits-tiny-random not found: set DRAGOMAN_SHARED to the shared/ folder");
    m_folder = QFileInfo(cases).absolutePath();
    QFile file(cases);
    QVERIFY(file.open(QIODevice::ReadOnly));
    m_cases = QJsonDocument::fromJson(file.readAll()).object();
    m_tensors = std::make_unique<test::FixtureCases>(m_folder + QStringLiteral("/cases.safetensors"));
    const std::string folder = m_folder.toStdString();
    const VitsConfig config = loadVitsConfig(folder);
    QCOMPARE(config.hiddenSize, 32);
    QCOMPARE(config.hopLength(), m_cases.value(QStringLiteral("hop_length")).toInt());
    m_model = std::make_unique<VitsModel>(folder, config, resolveRuntime(RuntimeOptions{"cpu", "float32", 0}));
    m_tokenizer = std::make_unique<VitsTokenizer>(VitsTokenizer::load(folder));
  }

  void matchesReference_data() {
    QTest::addColumn<QString>("name");
    for (const QJsonValue &c : m_cases.value(QStringLiteral("cases")).toArray()) {
      const QString name = c.toObject().value(QStringLiteral("name")).toString();
      QTest::newRow(qPrintable(name)) << name;
    }
  }
  void matchesReference() {
    QFETCH(QString, name);
    c10::InferenceMode guard;
    const QJsonObject c = caseNamed(name);
    const std::string key = name.toStdString() + ".";
    const bool noisy = c.value(QStringLiteral("noise")).toBool();

    // Tokenizer.
    const std::string text = c.value(QStringLiteral("text")).toString().toStdString();
    QCOMPARE(QString::fromStdString(m_tokenizer->normalize(text)), c.value(QStringLiteral("normalized")).toString());
    const std::vector<long long> ids = m_tokenizer->encode(text);
    QCOMPARE(idsText(ids), idsText(idsOf(m_tensors->get(key + "input_ids"))));

    // Network.
    SynthesisOptions options = m_model->defaultOptions();
    if (noisy) {
      options.noiseDuration = m_tensors->get(key + "noise_duration");
      options.noisePrior = m_tensors->get(key + "noise_prior");
    } else {
      options.noiseScale = 0.0;
      options.noiseScaleDuration = 0.0;
    }
    const Synthesis s = m_model->synthesize(ids, options);
    QVERIFY(m_tensors->matches(s.textEncoderOut, key + "text_encoder_out", 1e-4, "text encoder"));
    QVERIFY(m_tensors->matches(s.priorMeans, key + "prior_means", 1e-4, "prior means"));
    QVERIFY(m_tensors->matches(s.priorLogVariances, key + "prior_log_variances", 1e-4, "prior log variances"));
    QVERIFY(m_tensors->matches(s.logDuration, key + "log_duration", 1e-4, "log duration"));
    QCOMPARE(idsText(idsOf(s.durations)), idsText(idsOf(m_tensors->get(key + "durations_int"))));
    QCOMPARE(s.durations.sum().item<int64_t>(), m_tensors->get(key + "predicted_length").item<int64_t>());
    QVERIFY(m_tensors->matches(s.spectrogram, key + "spectrogram", 1e-4, "spectrogram"));
    QVERIFY(m_tensors->matches(s.waveform.unsqueeze(0), key + "waveform", 1e-3, "waveform"));
  }

  void seededNoiseIsRepeatable() {
    c10::InferenceMode guard;
    const std::vector<long long> ids = m_tokenizer->encode("hello world");
    SynthesisOptions options = m_model->defaultOptions();
    options.seed = 7;
    const Synthesis a = m_model->synthesize(ids, options), b = m_model->synthesize(ids, options);
    QVERIFY(a.waveform.equal(b.waveform));
    QCOMPARE(a.waveform.numel(), a.durations.sum().item<int64_t>() * m_model->config().hopLength());
  }

  void missingConfigFieldIsNamed() {
    std::string json = readText(m_folder + QStringLiteral("/config.json"));
    const auto at = json.find("\"flow_size\"");
    QVERIFY(at != std::string::npos);
    json.replace(at, 11, "\"flow_sizeX\"");
    try {
      parseVitsConfig(json, "config.json");
      QFAIL("a config without flow_size was accepted");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Corrupt);
      QVERIFY2(std::string(e.what()).find("flow_size") != std::string::npos, e.what());
    }
    json = readText(m_folder + QStringLiteral("/config.json"));
    json.replace(json.find("\"hidden_size\": 32"), 17, "\"hidden_size\": \"32\"");
    try {
      parseVitsConfig(json, "config.json");
      QFAIL("a string hidden_size was accepted");
    } catch (const ModelError &e) {
      QVERIFY2(std::string(e.what()).find("hidden_size") != std::string::npos, e.what());
    }
  }

  void uromanLanguageIsRefused() {
    const std::string vocab = readText(m_folder + QStringLiteral("/vocab.json"));
    try {
      VitsTokenizer(vocab, R"({"add_blank": true, "is_uroman": true, "language": "kor", "normalize": true})", "folder");
      QFAIL("an is_uroman tokenizer was accepted");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Unsupported);
      const std::string what = e.what();
      QVERIFY2(what.find("is_uroman") != std::string::npos && what.find("romanisation") != std::string::npos, e.what());
    }
  }

  void tokenizerRules() {
    // Vocabulary entries are kept as they are (even upper-case), other characters lower-cased, then
    // only vocabulary characters stay and the ends are stripped; blanks (id 0) between characters.
    const std::string vocab = R"({"_": 0, "A": 1, "b": 2, " ": 3, "\u00e9": 4, "\u0163": 5})";
    const VitsTokenizer t(vocab, R"({"add_blank": true, "normalize": true, "language": "ron"})", "folder");
    QCOMPARE(QString::fromStdString(t.normalize("  AB \u00c9, b\u021b!  ")), QString::fromUtf8("Ab \u00e9 b\u0163"));
    QCOMPARE(idsText(t.encode("AB")), QStringLiteral("0 1 0 2 0"));
    const VitsTokenizer plain(vocab, R"({"add_blank": false, "normalize": false})", "folder");
    QCOMPARE(idsText(plain.encode(" aB b ")), QStringLiteral("3 3 2 3"));
    QCOMPARE(idsText(plain.encode("")), QString());
    // Lower-casing is Unicode's (Python's str.lower()): Armenian, Georgian Mtavruli, Cherokee.
    const VitsTokenizer wide(R"({"_": 0, "\u0561": 1, "\u10d0": 2, "\uab70": 3})", R"({"add_blank": false})", "folder");
    QCOMPARE(idsText(wide.encode("\u0531\u1c90\u13a0")), QStringLiteral("1 2 3"));
    // Text that is not UTF-8 is refused, naming the problem.
    try {
      (void)t.encode(std::string("ab\xff"));
      QFAIL("invalid UTF-8 was accepted");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Input);
      QVERIFY2(std::string(e.what()).find("UTF-8") != std::string::npos, e.what());
    }
  }

  void emptyTextIsRefused() {
    QVERIFY(m_tokenizer->encode("!!!").size() == 1); // only the blank
    try {
      m_model->synthesize({}, m_model->defaultOptions());
      QFAIL("empty ids were accepted");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Input);
    }
  }
};

QTEST_GUILESS_MAIN(TestVitsModel)
#include "tst_vitsmodel.moc"
