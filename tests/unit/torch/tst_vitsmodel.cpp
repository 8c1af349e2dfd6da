// VITS (Hugging Face / MMS-TTS) against the outputs of Hugging Face's modeling_vits.py and
// VitsTokenizer on a tiny random-weight model (../shared/fixtures/vits-tiny-random): ids from the
// text, text-encoder output, prior, log durations, integer durations, spectrogram and waveform, with
// zero and with injected noise; plus bad configurations.
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/safetensors.h"
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
using dragoman::test::idsOf;
using dragoman::test::idsText;

namespace {

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
    return test::caseNamed(m_cases.value(QStringLiteral("cases")).toArray(), name);
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

  void matchesReference_data() { test::addCaseRows(m_cases.value(QStringLiteral("cases")).toArray()); }
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

  // Speaker conditioning as the reference adds it: cond(e) to the duration predictor after its
  // conv_pre, each WaveNet layer's slice of cond_layer(e) to its in_layer output, decoder.cond(e)
  // after the decoder's conv_pre. Every one of these is a constant per channel, so speaker k of a
  // multi-speaker model must equal the single-speaker model whose biases hold cond(e_k).
  void speakerConditioningMatchesFoldedBiases() {
    c10::InferenceMode guard;
    const std::string folder = m_folder.toStdString();
    const VitsConfig single = loadVitsConfig(folder);
    std::map<std::string, at::Tensor> base;
    const std::shared_ptr<const SafetensorsFile> file = SafetensorsFile::open(folder + "/model.safetensors");
    for (const auto &[name, view] : file->tensors())
      base[name] = at::from_blob(const_cast<std::byte *>(view.data), at::IntArrayRef(view.shape), at::kFloat).clone();
    // Fold weight norm so that biases and weights are plain tensors here.
    for (auto it = base.begin(); it != base.end();) {
      const std::string &name = it->first;
      if (name.size() > 9 && name.compare(name.size() - 9, 9, ".weight_v") == 0) {
        const std::string stem = name.substr(0, name.size() - 9);
        const at::Tensor v = it->second, g = base.at(stem + ".weight_g");
        const at::Tensor n = v.reshape({v.size(0), -1}).norm(2, {1}, true).reshape({v.size(0), 1, 1});
        base[stem + ".weight"] = v * (g / n);
        base.erase(stem + ".weight_g");
        it = base.erase(it);
      } else {
        ++it;
      }
    }
    const int64_t S = 5, speakers = 3, H = single.hiddenSize, layers = single.priorEncoderNumWavenetLayers;
    at::manual_seed(11);
    std::map<std::string, at::Tensor> multi = base;
    multi["embed_speaker.weight"] = at::randn({speakers, S});
    auto cond = [&](const std::string &name, int64_t out) {
      multi[name + ".weight"] = at::randn({out, S, 1}) * 0.3;
      multi[name + ".bias"] = at::randn({out}) * 0.1;
    };
    cond("duration_predictor.cond", H);
    for (int f = 0; f < single.priorEncoderNumFlows; ++f)
      cond("flow.flows." + std::to_string(f) + ".wavenet.cond_layer", 2 * H * layers);
    cond("decoder.cond", single.upsampleInitialChannel);
    VitsConfig config = single;
    config.numSpeakers = static_cast<int>(speakers);
    config.speakerEmbeddingSize = static_cast<int>(S);
    const ResolvedRuntime cpu = resolveRuntime(RuntimeOptions{"cpu", "float32", 0});
    const VitsModel model(multi, {}, "multi-speaker", config, cpu);

    const std::vector<long long> ids = m_tokenizer->encode("hello world");
    std::vector<at::Tensor> waves;
    for (int k = 0; k < speakers; ++k) {
      const at::Tensor e = multi["embed_speaker.weight"][k].reshape({1, S, 1});
      auto applied = [&](const std::string &name) { return at::conv1d(e, multi[name + ".weight"], multi[name + ".bias"]).reshape({-1}); };
      std::map<std::string, at::Tensor> folded = base;
      folded["duration_predictor.conv_pre.bias"] = base["duration_predictor.conv_pre.bias"] + applied("duration_predictor.cond");
      for (int f = 0; f < single.priorEncoderNumFlows; ++f) {
        const std::string p = "flow.flows." + std::to_string(f) + ".wavenet.";
        const at::Tensor c = applied(p + "cond_layer");
        for (int64_t j = 0; j < layers; ++j) {
          const std::string b = p + "in_layers." + std::to_string(j) + ".bias";
          folded[b] = base[b] + c.slice(0, j * 2 * H, (j + 1) * 2 * H);
        }
      }
      folded["decoder.conv_pre.bias"] = base["decoder.conv_pre.bias"] + applied("decoder.cond");
      const VitsModel reference(folded, {}, "folded", single, cpu);
      SynthesisOptions options = model.defaultOptions();
      options.seed = 3;
      options.speakerId = k;
      const Synthesis got = model.synthesize(ids, options);
      options.speakerId = 0;
      const Synthesis want = reference.synthesize(ids, options);
      QCOMPARE(idsText(idsOf(got.durations)), idsText(idsOf(want.durations)));
      QCOMPARE(got.waveform.numel(), want.waveform.numel());
      const double diff = (got.waveform - want.waveform).abs().max().item<double>();
      QVERIFY2(diff < 1e-5, qPrintable(QStringLiteral("speaker %1: waveform differs by %2").arg(k).arg(diff)));
      waves.push_back(got.waveform);
    }
    QVERIFY(waves[0].numel() != waves[1].numel() || !waves[0].allclose(waves[1]));
    SynthesisOptions bad = model.defaultOptions();
    bad.speakerId = static_cast<int>(speakers);
    try {
      (void)model.synthesize(ids, bad);
      QFAIL("a speaker beyond the table was accepted");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Input);
      QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("0 to 2")), e.what());
    }
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
