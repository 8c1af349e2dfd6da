// Piper voices (NAME.onnx + NAME.onnx.json) loaded into the VITS network, against the outputs of
// piper_train's SynthesizerTrn.infer on a tiny random-weight voice
// (../shared/fixtures/piper-tiny-random): text-encoder output, prior, log durations, integer
// durations, latents and waveform for phoneme ids, with zero and with injected noise; the placement
// of the ONNX initializers (by name, by node name, by graph structure); broken files.
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/vits/model.h"
#include "core/inference/torch/vits/onnx.h"
#include "core/inference/torch/vits/piper.h"
#include "core/inference/torch/vits/synthesizer.h"
#include "tests/support/testpaths.h"
#include "tests/unit/torch/fixturecases.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>
#include <memory>

using namespace dragoman;
using namespace dragoman::torchrt;
using namespace dragoman::torchrt::vits;
using dragoman::test::idsOf;
using dragoman::test::idsText;

namespace {

const char *const kVoice = "en_US-tiny_random-medium.onnx";

QByteArray readAll(const QString &path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class TestPiperVoice : public QObject {
  Q_OBJECT

  QString m_folder, m_onnx;
  QJsonObject m_cases;
  std::unique_ptr<test::FixtureCases> m_tensors;
  std::unique_ptr<PiperVoice> m_voice;
  std::unique_ptr<VitsModel> m_model;

  QJsonObject caseNamed(const QString &name) const {
    return test::caseNamed(m_cases.value(QStringLiteral("model_cases")).toArray(), name);
  }


  // The voice copied into a temporary folder, the .onnx bytes changed by `edit`; `withJson`: its
  // .onnx.json beside it.
  QString copyVoice(QTemporaryDir &dir, const std::function<QByteArray(QByteArray)> &edit, bool withJson) {
    const QString onnx = dir.path() + QLatin1Char('/') + QLatin1String(kVoice);
    if (!writeAll(onnx, edit(readAll(m_onnx))))
      return {};
    if (withJson && !writeAll(onnx + QStringLiteral(".json"), readAll(m_onnx + QStringLiteral(".json"))))
      return {};
    return onnx;
  }

private Q_SLOTS:
  void initTestCase() {
    const QString cases = test::sharedFile(QStringLiteral("fixtures/piper-tiny-random/cases.json"));
    if (cases.isEmpty())
      QSKIP("shared fixture piper-tiny-random not found: set DRAGOMAN_SHARED to the shared/ folder");
    m_folder = QFileInfo(cases).absolutePath();
    m_onnx = m_folder + QLatin1Char('/') + QLatin1String(kVoice);
    m_cases = QJsonDocument::fromJson(readAll(cases)).object();
    m_tensors = std::make_unique<test::FixtureCases>(m_folder + QStringLiteral("/cases.safetensors"));
    m_voice = std::make_unique<PiperVoice>(loadPiperVoice(m_onnx.toStdString()));
    m_model = std::make_unique<VitsModel>(m_voice->tensors, m_voice->origins, m_onnx.toStdString(), m_voice->config,
                                          resolveRuntime(RuntimeOptions{"cpu", "float32", 0}));
  }

  void architectureFromTheGraph() {
    const QJsonObject h = m_cases.value(QStringLiteral("hparams")).toObject();
    const VitsConfig &c = m_voice->config;
    QCOMPARE(c.vocabSize, h.value(QStringLiteral("n_vocab")).toInt());
    QCOMPARE(c.hiddenSize, h.value(QStringLiteral("hidden_channels")).toInt());
    QCOMPARE(c.flowSize, h.value(QStringLiteral("inter_channels")).toInt());
    QCOMPARE(c.ffnDim, h.value(QStringLiteral("filter_channels")).toInt());
    QCOMPARE(c.numAttentionHeads, h.value(QStringLiteral("n_heads")).toInt());
    QCOMPARE(c.numHiddenLayers, h.value(QStringLiteral("n_layers")).toInt());
    QCOMPARE(c.ffnKernelSize, h.value(QStringLiteral("kernel_size")).toInt());
    QCOMPARE(c.resblockType, h.value(QStringLiteral("resblock")).toString().toInt());
    QCOMPARE(c.upsampleInitialChannel, h.value(QStringLiteral("upsample_initial_channel")).toInt());
    auto list = [](const std::vector<int> &v) {
      QStringList s;
      for (int x : v)
        s << QString::number(x);
      return s.join(QLatin1Char(','));
    };
    QCOMPARE(list(c.resblockKernelSizes), h.value(QStringLiteral("resblock_kernel_sizes")).toString());
    QStringList dilations;
    for (const std::vector<int> &d : c.resblockDilationSizes)
      dilations << list(d);
    QCOMPARE(dilations.join(QLatin1Char(';')), h.value(QStringLiteral("resblock_dilation_sizes")).toString());
    QCOMPARE(list(c.upsampleRates), h.value(QStringLiteral("upsample_rates")).toString());
    QCOMPARE(list(c.upsampleKernelSizes), h.value(QStringLiteral("upsample_kernel_sizes")).toString());
    QCOMPARE(c.hopLength(), m_cases.value(QStringLiteral("hop_length")).toInt());
    QCOMPARE(c.samplingRate, m_cases.value(QStringLiteral("sample_rate")).toInt());
    QCOMPARE(c.numSpeakers, 1);
    // Rates and dilations come from the graph's attributes (strides, dilations), not a convention.
    const onnx::Graph graph = onnx::readModel(m_onnx.toStdString());
    auto attributeOf = [&](const std::string &input, const char *name) -> long long {
      for (const onnx::Node &node : graph.nodes)
        if (std::find(node.inputs.begin(), node.inputs.end(), input) != node.inputs.end())
          if (const onnx::Attribute *a = node.attribute(name); a != nullptr && !a->ints.empty())
            return a->ints[0];
      return -1;
    };
    QCOMPARE(attributeOf("dec.ups.1.weight", "strides"), 4LL);
    QCOMPARE(attributeOf("dec.resblocks.1.convs.1.weight", "dilations"), 6LL);
    QCOMPARE(m_voice->voice.espeakVoice, std::string("en-us"));
    QCOMPARE(m_voice->voice.phonemeIdMap.at("^"), std::vector<long long>{1});
  }

  void placementReport() {
    const QJsonObject r =
        m_cases.value(QStringLiteral("onnx_initializer_report")).toObject().value(QStringLiteral("default_export")).toObject();
    const PiperPlacementReport &p = m_voice->report;
    QCOMPARE(p.initializers, r.value(QStringLiteral("initializers")).toInt());
    QCOMPARE(static_cast<int>(p.placed.size()) + static_cast<int>(p.ignored.size()), p.initializers);
    QCOMPARE(p.recovered(), r.value(QStringLiteral("anonymous")).toInt());
    const QJsonObject examples = r.value(QStringLiteral("examples_anonymous")).toObject();
    QVERIFY(!examples.isEmpty());
    for (auto it = examples.begin(); it != examples.end(); ++it) {
      QString expected = it.value().toObject().value(QStringLiteral("torch")).toArray().at(0).toString();
      const bool negated = expected.startsWith(QLatin1Char('-'));
      if (negated)
        expected = expected.mid(1);
      bool found = false;
      for (const PiperPlacement &pl : p.placed)
        if (pl.initializer == it.key().toStdString()) {
          found = true;
          QCOMPARE(QString::fromStdString(pl.path), expected);
          QCOMPARE(pl.negated, negated);
          QCOMPARE(pl.how, std::string("node name"));
        }
      QVERIFY2(found, qPrintable(it.key()));
    }
  }

  // Older exports name nodes "Conv_123": the graph's structure must place the same weights.
  void placementWithoutNodeNames() {
    onnx::Graph graph = onnx::readModel(m_onnx.toStdString());
    int n = 0;
    for (onnx::Node &node : graph.nodes)
      node.name = node.opType + "_" + std::to_string(n++);
    PiperPlacementReport anonymous;
    const std::map<std::string, at::Tensor> placed = placePiperWeights(graph, "graph", &anonymous);
    QCOMPARE(anonymous.placed.size(), m_voice->report.placed.size());
    for (std::size_t i = 0; i < anonymous.placed.size(); ++i) {
      QCOMPARE(anonymous.placed[i].initializer, m_voice->report.placed[i].initializer);
      QCOMPARE(anonymous.placed[i].path, m_voice->report.placed[i].path);
    }
    QCOMPARE(anonymous.recovered(), m_voice->report.recovered());
    for (const PiperPlacement &p : anonymous.placed)
      QVERIFY2(p.how == "name" || p.how == "graph structure", p.initializer.c_str());
  }

  // A multi-speaker export: the speaker table gathered by `sid` (named, or anonymous as older
  // exports leave it) and the conditioning convolutions of the duration predictor, the flow's
  // WaveNets (weight norm folded into an anonymous tensor) and the decoder all find their place
  // and their Hugging Face name.
  void speakerWeightsArePlaced() {
    for (const bool anonymousTable : {false, true}) {
      onnx::Graph graph = onnx::readModel(m_onnx.toStdString());
      graph.inputs.push_back("sid");
      auto add = [&](const std::string &name, std::vector<long long> dims) {
        onnx::Tensor t;
        t.name = name;
        t.dims = dims;
        t.dataType = onnx::Float;
        long long n = 1;
        for (long long d : dims)
          n *= d;
        t.floats.assign(static_cast<std::size_t>(n), 0.5f);
        graph.initializers.push_back(std::move(t));
      };
      auto node = [&](const std::string &name, const std::string &op, std::vector<std::string> inputs) {
        onnx::Node nd;
        nd.name = name;
        nd.opType = op;
        nd.inputs = std::move(inputs);
        nd.outputs = {name + "_out"};
        graph.nodes.push_back(std::move(nd));
      };
      const std::string table = anonymousTable ? "onnx::Gather_77" : "emb_g.weight";
      add(table, {4, 6});
      node(anonymousTable ? "Gather_900" : "/emb_g/Gather", "Gather", {table, "sid"});
      add("dp.cond.weight", {32, 6, 1});
      add("dp.cond.bias", {32});
      node("/dp/cond/Conv", "Conv", {"g", "dp.cond.weight", "dp.cond.bias"});
      add("onnx::Conv_9001", {128, 6, 1});
      add("flow.flows.2.enc.cond_layer.bias", {128});
      node("Conv_901", "Conv", {"g", "onnx::Conv_9001", "flow.flows.2.enc.cond_layer.bias"});
      add("dec.cond.weight", {64, 6, 1});
      add("dec.cond.bias", {64});
      node("/dec/cond/Conv", "Conv", {"g", "dec.cond.weight", "dec.cond.bias"});
      PiperPlacementReport report;
      const std::map<std::string, at::Tensor> placed = placePiperWeights(graph, "graph", &report);
      for (const char *path : {"emb_g.weight", "dp.cond.weight", "flow.flows.2.enc.cond_layer.weight", "dec.cond.bias"})
        QVERIFY2(placed.count(path) == 1, path);
      QCOMPARE(placed.at("emb_g.weight").size(0), 4);
      const bool stochastic = true;
      QCOMPARE(hfNameOfPiper("emb_g.weight", stochastic), std::string("embed_speaker.weight"));
      QCOMPARE(hfNameOfPiper("dp.cond.bias", stochastic), std::string("duration_predictor.cond.bias"));
      QCOMPARE(hfNameOfPiper("dp.cond.weight", false), std::string("duration_predictor.cond.weight"));
      QCOMPARE(hfNameOfPiper("flow.flows.2.enc.cond_layer.weight", stochastic),
               std::string("flow.flows.1.wavenet.cond_layer.weight"));
      QCOMPARE(hfNameOfPiper("dec.cond.weight", stochastic), std::string("decoder.cond.weight"));
    }
  }

  // Exports from PyTorch 2.0 (the published voices) fold more: dp.flows.0's exp(-logs) is stored
  // whole as "/dp/flows.0/Exp_output_0" and read by a Mul, and graph constants are stored as
  // "/…/Constant_N_output_0" initializers. The same weights must come out.
  void foldedConstantsOfOlderExports() {
    onnx::Graph graph = onnx::readModel(m_onnx.toStdString());
    std::string logsName;
    for (const PiperPlacement &p : m_voice->report.placed)
      if (p.path == "dp.flows.0.logs")
        logsName = p.initializer;
    QVERIFY(!logsName.empty());
    // Fold the Exp: its readers read the exponentiated initializer instead.
    std::string expOut;
    for (const onnx::Node &n : graph.nodes)
      if (n.opType == "Exp" && !n.inputs.empty() && n.inputs[0] == logsName)
        expOut = n.outputs.at(0);
    QVERIFY(!expOut.empty());
    const std::string folded = "/dp/flows.0/Exp_output_0";
    for (onnx::Node &n : graph.nodes)
      for (std::string &in : n.inputs)
        if (in == expOut)
          in = folded;
    for (onnx::Tensor &t : graph.initializers)
      if (t.name == logsName) {
        t.name = folded;
        for (float &v : t.floats)
          v = std::exp(v); // stored -logs: exp(-logs)
      }
    auto constant = [&](const std::string &name, int type, const std::string &readerOp) {
      onnx::Tensor t;
      t.name = name;
      t.dataType = type;
      if (type == onnx::Float)
        t.floats = {9.79f};
      else
        t.ints = {96};
      graph.initializers.push_back(t);
      onnx::Node n;
      n.name = name.substr(0, name.rfind('/')) + "/" + readerOp;
      n.opType = readerOp;
      n.inputs = {"x", name};
      n.outputs = {n.name + "_output_0"};
      graph.nodes.push_back(n);
    };
    constant("/enc_p/encoder/attn_layers.0/Constant_10_output_0", onnx::Float, "Div");
    constant("/enc_p/encoder/attn_layers.0/Constant_5_output_0", onnx::Int64, "Concat");
    PiperPlacementReport report;
    const std::map<std::string, at::Tensor> placed = placePiperWeights(graph, "graph", &report);
    QCOMPARE(placed.size(), m_voice->report.placed.size());
    bool found = false;
    for (const PiperPlacement &p : report.placed)
      if (p.initializer == folded) {
        found = true;
        QCOMPARE(p.path, std::string("dp.flows.0.logs"));
        QVERIFY(p.exponentiated);
      }
    QVERIFY(found);
    const at::Tensor original = placePiperWeights(onnx::readModel(m_onnx.toStdString()), "graph", nullptr).at("dp.flows.0.logs");
    QVERIFY(placed.at("dp.flows.0.logs").allclose(original, 1e-5, 1e-6));
    QCOMPARE(static_cast<int>(report.ignored.size()), static_cast<int>(m_voice->report.ignored.size()) + 2);
  }

  void speakerIdMapIsRead() {
    const PiperVoiceConfig c = parsePiperConfig(
        R"({"audio": {"sample_rate": 22050}, "num_speakers": 3, "speaker_id_map": {"ana": 0, "bo": 2},
            "phoneme_id_map": {"_": [0]}})",
        "voice.onnx.json");
    QCOMPARE(c.numSpeakers, 3);
    QCOMPARE(c.speakerIdMap.at("bo"), 2);
    try {
      parsePiperConfig(R"({"audio": {"sample_rate": 22050}, "num_speakers": 2, "speaker_id_map": {"x": 5},
                           "phoneme_id_map": {"_": [0]}})",
                       "voice.onnx.json");
      QFAIL("a speaker id beyond num_speakers parsed");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Corrupt);
      QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("speaker_id_map")), e.what());
    }
  }

  void matchesReference_data() { test::addCaseRows(m_cases.value(QStringLiteral("model_cases")).toArray()); }
  void matchesReference() {
    QFETCH(QString, name);
    c10::InferenceMode guard;
    const QJsonObject c = caseNamed(name);
    const std::string key = name.toStdString() + ".";
    std::vector<long long> ids;
    for (const QJsonValue &v : c.value(QStringLiteral("ids")).toArray())
      ids.push_back(v.toInteger());
    QCOMPARE(idsText(ids), idsText(idsOf(m_tensors->get(key + "input"))));
    const at::Tensor scales = m_tensors->get(key + "scales");
    SynthesisOptions options = m_model->defaultOptions();
    options.noiseScale = scales[0].item<double>();
    options.lengthScale = scales[1].item<double>();
    options.noiseScaleDuration = scales[2].item<double>();
    if (c.value(QStringLiteral("noise")).toBool()) {
      options.noiseDuration = m_tensors->get(key + "noise_duration");
      options.noisePrior = m_tensors->get(key + "noise_prior");
    }
    const Synthesis s = m_model->synthesize(ids, options);
    QVERIFY(m_tensors->matches(s.textEncoderOut.transpose(1, 2), key + "text_encoder_out", 1e-4, "text encoder"));
    QVERIFY(m_tensors->matches(s.priorMeans.transpose(1, 2), key + "prior_means", 1e-4, "prior means"));
    QVERIFY(m_tensors->matches(s.priorLogVariances.transpose(1, 2), key + "prior_log_scales", 1e-4, "prior log scales"));
    QVERIFY(m_tensors->matches(s.logDuration, key + "log_duration", 1e-4, "log duration"));
    QCOMPARE(idsText(idsOf(s.durations)), idsText(idsOf(m_tensors->get(key + "durations_int"))));
    std::vector<long long> listed;
    for (const QJsonValue &v : c.value(QStringLiteral("durations")).toArray())
      listed.push_back(v.toInteger());
    QCOMPARE(idsText(idsOf(s.durations)), idsText(listed));
    QVERIFY(m_tensors->matches(s.spectrogram, key + "latents", 1e-4, "latents"));
    QVERIFY(m_tensors->matches(s.waveform.unsqueeze(0), key + "waveform", 1e-3, "waveform"));
  }

  void synthesizerSpeaksIds() {
    const std::unique_ptr<Synthesizer> s = Synthesizer::load(m_onnx.toStdString(), RuntimeOptions{"cpu", "float32", 0});
    QCOMPARE(s->report().format, std::string("piper"));
    QCOMPARE(s->report().sampleRate, 22050);
    QCOMPARE(s->report().language, std::string("en-us"));
    try {
      s->speak("Hello", SpeechOptions{});
      QFAIL("speak() of a Piper voice should need phonemisation");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Unsupported);
      QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("phonemisation")), e.what());
    }
    SpeechOptions o;
    o.noiseScale = 0.0;
    o.noiseScaleDuration = 0.0;
    o.lengthScale = 1.0;
    const QJsonObject c = caseNamed(QStringLiteral("s0"));
    std::vector<long long> ids;
    for (const QJsonValue &v : c.value(QStringLiteral("ids")).toArray())
      ids.push_back(v.toInteger());
    const Utterance u = s->speakIds(ids, o);
    QCOMPARE(idsText(u.frames), idsText(idsOf(m_tensors->get("s0.durations_int"))));
    const at::Tensor wave = at::from_blob(const_cast<float *>(u.waveform.data()),
                                          {1, static_cast<int64_t>(u.waveform.size())}, at::kFloat);
    QVERIFY(m_tensors->matches(wave, "s0.waveform", 1e-3, "waveform (speakIds)"));
  }

  void truncatedFileIsCorrupt() {
    QTemporaryDir dir;
    const QString onnx = copyVoice(dir, [](QByteArray b) { return b.left(b.size() / 2); }, true);
    QVERIFY(!onnx.isEmpty());
    try {
      loadPiperVoice(onnx.toStdString());
      QFAIL("a truncated voice loaded");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Corrupt);
      QVERIFY2(QString::fromUtf8(e.what()).contains(onnx), e.what());
    }
  }

  // Cut anywhere or with bytes changed, the file is either still readable or refused as Corrupt.
  void damagedFilesAreRefusedCleanly() {
    const QByteArray bytes = readAll(m_onnx);
    QVERIFY(!bytes.isEmpty());
    int refused = 0;
    for (int i = 1; i <= 64; ++i) {
      const qsizetype cut = bytes.size() * i / 65 + (i % 7);
      try {
        onnx::parseModel(std::string_view(bytes.constData(), static_cast<std::size_t>(cut)), "cut.onnx");
      } catch (const ModelError &e) {
        QCOMPARE(e.code(), ErrorCode::Corrupt);
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("cut.onnx")), e.what());
        ++refused;
      }
    }
    QVERIFY(refused > 0);
    std::uint32_t state = 12345;
    for (int trial = 0; trial < 64; ++trial) {
      QByteArray damaged = bytes;
      for (int k = 0; k < 8; ++k) {
        state = state * 1664525u + 1013904223u;
        // Early bytes hold the graph's structure; damage them more often than the weight data.
        const qsizetype at = static_cast<qsizetype>(state % static_cast<std::uint32_t>(trial % 2 ? 4096 : bytes.size()));
        damaged[at] = static_cast<char>(state >> 24);
      }
      QTemporaryDir dir;
      const QString onnx = copyVoice(dir, [&](const QByteArray &) { return damaged; }, true);
      QVERIFY(!onnx.isEmpty());
      try {
        const PiperVoice voice = loadPiperVoice(onnx.toStdString());
        const VitsModel model(voice.tensors, voice.origins, onnx.toStdString(), voice.config,
                              resolveRuntime(RuntimeOptions{"cpu", "float32", 0}));
      } catch (const ModelError &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(onnx), e.what());
      }
    }
  }

  void missingJsonIsNamed() {
    QTemporaryDir dir;
    const QString onnx = copyVoice(dir, [](QByteArray b) { return b; }, false);
    QVERIFY(!onnx.isEmpty());
    try {
      loadPiperVoice(onnx.toStdString());
      QFAIL("a voice without .onnx.json loaded");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::NotFound);
      QVERIFY2(QString::fromUtf8(e.what()).contains(onnx + QStringLiteral(".json")), e.what());
    }
  }

  void jsonFieldMissingIsNamed() {
    try {
      parsePiperConfig(R"({"audio": {"quality": "medium"}, "phoneme_id_map": {"_": [0]}})", "voice.onnx.json");
      QFAIL("a json without audio.sample_rate parsed");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Corrupt);
      QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("audio.sample_rate")), e.what());
    }
  }

  void unplaceableInitializerIsRefused() {
    QTemporaryDir dir;
    // Same length: the initializer and the node input that reads it are renamed together.
    const QString onnx = copyVoice(
        dir, [](QByteArray b) { return b.replace(QByteArray("dec.conv_pre.weight"), QByteArray("xyz.conv_pre.weight")); },
        true);
    QVERIFY(!onnx.isEmpty());
    try {
      loadPiperVoice(onnx.toStdString());
      QFAIL("a voice with an unplaceable weight loaded");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Unsupported);
      QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("xyz.conv_pre.weight")), e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestPiperVoice)
#include "tst_pipervoice.moc"
