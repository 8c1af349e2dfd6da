#include "core/inference/torch/vits/piper.h"

#include "core/inference/torch/runtime/errors.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

namespace dragoman::torchrt::vits {

namespace {

using nlohmann::json;

// A node name as PyTorch ≥ 1.13 writes it ("/flow/flows.6/enc/in_layers.0/Conv") -> the module
// path ("flow.flows.6.enc.in_layers.0"); "" for other names ("Conv_123").
std::string scopeOfNode(const std::string &name) {
  if (name.size() < 2 || name[0] != '/')
    return {};
  const std::size_t last = name.rfind('/');
  if (last == 0)
    return {};
  std::string scope = name.substr(1, last - 1);
  std::replace(scope.begin(), scope.end(), '/', '.');
  return scope;
}

bool looksAnonymous(const std::string &name, const onnx::Graph &graph) {
  // "onnx::Conv_123", "123", or a folded node output ("/dp/flows.0/Exp_output_0").
  if (name.rfind("onnx::", 0) == 0 || name.find('.') == std::string::npos || (!name.empty() && name[0] == '/'))
    return true;
  return std::find(graph.inputs.begin(), graph.inputs.end(), name) != graph.inputs.end();
}

// A float initializer as a tensor: a copy, or (owner set) a view of the graph's data that keeps the
// graph alive. Weights are never written.
at::Tensor toTensor(const onnx::Tensor &t, const std::shared_ptr<const onnx::Graph> &owner) {
  std::vector<int64_t> dims(t.dims.begin(), t.dims.end());
  float *data = const_cast<float *>(t.floats.data());
  if (!owner)
    return at::from_blob(data, dims, at::kFloat).clone();
  return at::from_blob(data, dims, [owner](void *) {}, at::TensorOptions().dtype(at::kFloat));
}

std::string readFile(const std::string &path, const char *what) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ModelError(ErrorCode::NotFound, path + ": cannot open " + what);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

} // namespace

int PiperPlacementReport::recovered() const {
  return static_cast<int>(std::count_if(placed.begin(), placed.end(), [](const PiperPlacement &p) { return p.how != "name"; }));
}

PiperVoiceConfig parsePiperConfig(const std::string &jsonText, const std::string &file) {
  json j;
  try {
    j = json::parse(jsonText);
  } catch (const json::exception &e) {
    throw ModelError(ErrorCode::Corrupt, file + ": not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object())
    throw ModelError(ErrorCode::Corrupt, file + ": not a JSON object");
  auto at = [&](const std::string &path, bool required) -> const json * {
    const json *v = &j;
    for (std::size_t from = 0; from <= path.size();) { // "audio.sample_rate": audio, then sample_rate
      const std::size_t dot = std::min(path.find('.', from), path.size());
      const std::string key = path.substr(from, dot - from);
      if (!v->is_object() || !v->contains(key)) {
        if (required)
          throw ModelError(ErrorCode::Corrupt, file + ": missing field \"" + path + "\"");
        return nullptr;
      }
      v = &(*v)[key];
      from = dot + 1;
    }
    return v;
  };
  auto number = [&](const std::string &path, double fallback) {
    const json *v = at(path, false);
    if (v == nullptr)
      return fallback;
    if (!v->is_number() || v->get<double>() < 0)
      throw ModelError(ErrorCode::Corrupt, file + ": field \"" + path + "\" must be a non-negative number, found " + v->dump());
    return v->get<double>();
  };
  PiperVoiceConfig c;
  const json *rate = at("audio.sample_rate", true);
  if (!rate->is_number_integer() || rate->get<long long>() <= 0 || rate->get<long long>() > 384000)
    throw ModelError(ErrorCode::Corrupt, file + ": field \"audio.sample_rate\" must be a positive integer, found " + rate->dump());
  c.sampleRate = rate->get<int>();
  c.noiseScale = number("inference.noise_scale", 0.667);
  c.lengthScale = number("inference.length_scale", 1.0);
  c.noiseW = number("inference.noise_w", 0.8);
  if (c.lengthScale <= 0)
    throw ModelError(ErrorCode::Corrupt, file + ": field \"inference.length_scale\" must be positive");
  if (const json *n = at("num_speakers", false)) {
    if (!n->is_number_integer() || n->get<long long>() < 1)
      throw ModelError(ErrorCode::Corrupt, file + ": field \"num_speakers\" must be a positive integer, found " + n->dump());
    c.numSpeakers = n->get<int>();
  }
  if (const json *speakers = at("speaker_id_map", false); speakers != nullptr && speakers->is_object())
    for (auto it = speakers->begin(); it != speakers->end(); ++it) {
      if (!it.value().is_number_integer() || it.value().get<long long>() < 0 ||
          it.value().get<long long>() >= c.numSpeakers)
        throw ModelError(ErrorCode::Corrupt, file + ": speaker_id_map[\"" + it.key() + "\"] is " + it.value().dump() +
                                                 ", not a speaker id below num_speakers " + std::to_string(c.numSpeakers));
      c.speakerIdMap[it.key()] = it.value().get<int>();
    }
  const json *map = at("phoneme_id_map", true);
  if (!map->is_object() || map->empty())
    throw ModelError(ErrorCode::Corrupt, file + ": field \"phoneme_id_map\" must be a non-empty object");
  for (auto it = map->begin(); it != map->end(); ++it) {
    std::vector<long long> ids;
    if (!it.value().is_array())
      throw ModelError(ErrorCode::Corrupt, file + ": phoneme_id_map[\"" + it.key() + "\"] must be a list of ids");
    for (const json &id : it.value()) {
      if (!id.is_number_integer() || id.get<long long>() < 0)
        throw ModelError(ErrorCode::Corrupt, file + ": phoneme_id_map[\"" + it.key() + "\"] holds " + id.dump());
      ids.push_back(id.get<long long>());
    }
    c.phonemeIdMap[it.key()] = std::move(ids);
  }
  if (const json *voice = at("espeak.voice", false)) {
    if (!voice->is_string())
      throw ModelError(ErrorCode::Corrupt, file + ": field \"espeak.voice\" must be a string");
    c.espeakVoice = voice->get<std::string>();
  }
  return c;
}

PiperVoiceConfig loadPiperConfig(const std::string &jsonPath) {
  return parsePiperConfig(readFile(jsonPath, "the Piper voice's configuration"), jsonPath);
}

namespace {

std::map<std::string, at::Tensor> placeWeights(const onnx::Graph &graph, const std::shared_ptr<const onnx::Graph> &owner,
                                               const std::string &file, PiperPlacementReport *reportOut) {
  PiperPlacementReport report;
  report.initializers = static_cast<int>(graph.initializers.size());
  std::map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> consumers; // name -> (node, slot)
  for (std::size_t i = 0; i < graph.nodes.size(); ++i)
    for (std::size_t s = 0; s < graph.nodes[i].inputs.size(); ++s)
      consumers[graph.nodes[i].inputs[s]].emplace_back(i, s);
  // Whether the duration predictor is the stochastic one decides a few names (dp.proj).
  bool stochastic = false;
  for (const onnx::Tensor &t : graph.initializers)
    if (t.name.rfind("dp.flows.", 0) == 0 || t.name.rfind("dp.convs.", 0) == 0)
      stochastic = true;
  auto known = [&](const std::string &path) { return hfNameOfPiper(path, stochastic) != kNotAPiperWeight; };

  std::map<std::string, at::Tensor> out;
  std::map<std::string, std::string> placedFrom; // path -> initializer
  std::vector<std::string> unplaced;
  for (const onnx::Tensor &t : graph.initializers) {
    const auto users = consumers.find(t.name);
    if (users == consumers.end()) {
      report.ignored.push_back(t.name); // e.g. the stray `sid` of single-speaker exports
      continue;
    }
    PiperPlacement p;
    p.initializer = t.name;
    if (known(t.name)) {
      p.path = t.name;
      p.how = "name";
    } else if (looksAnonymous(t.name, graph)) {
      // The consuming node's name first, then the graph around it.
      for (const auto &[nodeIndex, slot] : users->second) {
        const onnx::Node &node = graph.nodes[nodeIndex];
        const std::string scope = scopeOfNode(node.name);
        std::string candidate;
        bool negated = false;
        // The affine flow's exp(-logs), folded whole by the exporter: named after the Exp node
        // that made it, read by a Mul.
        if (const std::string made = scopeOfNode(t.name); node.opType == "Mul" && !made.empty() &&
                                                          t.name.compare(made.size() + 2, 4, "Exp_") == 0 &&
                                                          t.dims == std::vector<long long>{2, 1} && known(made + ".logs")) {
          p.path = made + ".logs";
          p.exponentiated = true;
          p.how = "node name";
          break;
        }
        if (node.opType == "Conv" || node.opType == "ConvTranspose")
          candidate = slot == 1 ? scope + ".weight" : slot == 2 ? scope + ".bias" : "";
        else if (node.opType == "Gather" && slot == 0)
          candidate = scope + ".weight";
        else if (node.opType == "Exp" && slot == 0) {
          candidate = scope + ".logs";
          negated = true;
        }
        if (!scope.empty() && !candidate.empty() && known(candidate)) {
          p.path = candidate;
          p.negated = negated;
          p.how = "node name";
          break;
        }
        // Structure: a convolution's weight sits beside its (named) bias; the token embedding is the
        // only 2-D table gathered; the duration flow's log scale is the [2, 1] tensor exponentiated.
        if ((node.opType == "Conv" || node.opType == "ConvTranspose") && slot == 1 && node.inputs.size() > 2) {
          const std::string &bias = node.inputs[2];
          if (bias.size() > 5 && bias.compare(bias.size() - 5, 5, ".bias") == 0 && known(bias)) {
            p.path = bias.substr(0, bias.size() - 5) + ".weight";
            p.how = "graph structure";
            break;
          }
        } else if (node.opType == "Gather" && slot == 0 && t.dims.size() == 2 && t.dataType == onnx::Float) {
          // The speaker table is gathered by the `sid` input, the phoneme table by the phonemes.
          p.path = node.inputs.size() > 1 && node.inputs[1] == "sid" ? "emb_g.weight" : "enc_p.emb.weight";
          p.how = "graph structure";
          break;
        } else if (node.opType == "Exp" && slot == 0 && t.dims == std::vector<long long>{2, 1} && stochastic) {
          p.path = "dp.flows.0.logs";
          p.negated = true;
          p.how = "graph structure";
          break;
        }
      }
    }
    if (p.path.empty()) {
      // A graph constant: shapes and indices (int64), or a float scalar of the arithmetic, read by
      // no operator that takes weights.
      bool readAsWeight = false;
      for (const auto &[nodeIndex, slot] : users->second) {
        const std::string &op = graph.nodes[nodeIndex].opType;
        readAsWeight = readAsWeight || op == "Conv" || op == "ConvTranspose" || op == "Gather" || op == "MatMul" ||
                       op == "Gemm" || op == "Exp";
      }
      if (looksAnonymous(t.name, graph) &&
          (t.dataType != onnx::Float || (t.elementCount() <= 1 && !readAsWeight))) {
        report.ignored.push_back(t.name);
        continue;
      }
      unplaced.push_back(t.name);
      continue;
    }
    if (t.dataType != onnx::Float)
      throw ModelError(ErrorCode::Unsupported, file + ": weight " + t.name + " is not float32 (data type " +
                                                   std::to_string(t.dataType) + "); only float32 voices are supported");
    if (const auto dup = placedFrom.find(p.path); dup != placedFrom.end())
      throw ModelError(ErrorCode::Corrupt, file + ": initializers " + dup->second + " and " + t.name +
                                               " both place at " + p.path);
    placedFrom[p.path] = t.name;
    at::Tensor value = toTensor(t, owner);
    if (p.exponentiated)
      value = -at::log(value);
    out[p.path] = p.negated ? -value : value;
    report.placed.push_back(std::move(p));
  }
  if (!unplaced.empty()) {
    std::string names;
    for (const std::string &n : unplaced)
      names += (names.empty() ? "" : ", ") + n;
    throw ModelError(ErrorCode::Unsupported,
                     file + ": cannot place " + std::to_string(unplaced.size()) +
                         " weight(s) of this Piper voice in the VITS network: " + names);
  }
  if (reportOut != nullptr)
    *reportOut = std::move(report);
  return out;
}

} // namespace

std::map<std::string, at::Tensor> placePiperWeights(const onnx::Graph &graph, const std::string &file, PiperPlacementReport *report) {
  return placeWeights(graph, nullptr, file, report);
}

std::map<std::string, at::Tensor> placePiperWeights(std::shared_ptr<const onnx::Graph> graph, const std::string &file,
                                                    PiperPlacementReport *report) {
  return placeWeights(*graph, graph, file, report);
}

namespace {

// The architecture from the placed tensors (piper paths) and the consuming nodes' attributes.
class Derive {
public:
  Derive(const std::map<std::string, at::Tensor> &t, const onnx::Graph &g, const PiperPlacementReport &r,
         const std::string &file)
      : m_t(t), m_graph(g), m_report(r), m_file(file) {}

  bool has(const std::string &path) const { return m_t.count(path) != 0; }
  const at::Tensor &tensor(const std::string &path, int64_t dims) const {
    const auto it = m_t.find(path);
    if (it == m_t.end())
      throw ModelError(ErrorCode::Corrupt, m_file + ": the voice has no " + path);
    if (it->second.dim() != dims)
      throw ModelError(ErrorCode::Corrupt, m_file + ": " + path + " has " + std::to_string(it->second.dim()) +
                                               " dimensions, expected " + std::to_string(dims));
    return it->second;
  }
  int size(const std::string &path, int64_t dims, int64_t index) const {
    return static_cast<int>(tensor(path, dims).size(index));
  }
  int count(const std::string &prefix, const std::string &suffix, int start = 0, int step = 1) const {
    int n = 0;
    while (has(prefix + std::to_string(start + n * step) + suffix))
      ++n;
    return n;
  }
  // The first integer of an attribute of the node reading path, or fallback.
  int attribute(const std::string &path, const char *name, int fallback) const {
    for (const PiperPlacement &p : m_report.placed)
      if (p.path == path)
        for (const onnx::Node &node : m_graph.nodes)
          if (std::find(node.inputs.begin(), node.inputs.end(), p.initializer) != node.inputs.end())
            if (const onnx::Attribute *a = node.attribute(name); a != nullptr && !a->ints.empty())
              return static_cast<int>(a->ints[0]);
    return fallback;
  }
  [[noreturn]] void fail(const std::string &what) const { throw ModelError(ErrorCode::Corrupt, m_file + ": " + what); }
  [[noreturn]] void unsupported(const std::string &what) const {
    throw ModelError(ErrorCode::Unsupported, m_file + ": " + what);
  }

private:
  const std::map<std::string, at::Tensor> &m_t;
  const onnx::Graph &m_graph;
  const PiperPlacementReport &m_report;
  const std::string &m_file;
};

VitsConfig deriveConfig(const Derive &d, const PiperVoiceConfig &voice) {
  VitsConfig c;
  c.vocabSize = d.size("enc_p.emb.weight", 2, 0);
  c.hiddenSize = d.size("enc_p.emb.weight", 2, 1);
  c.numHiddenLayers = d.count("enc_p.encoder.attn_layers.", ".conv_q.weight");
  if (c.numHiddenLayers == 0)
    d.fail("the text encoder has no attention layer");
  if (!d.has("enc_p.encoder.attn_layers.0.emb_rel_k"))
    d.unsupported("a text encoder without relative-position attention is not supported");
  const at::Tensor &rel = d.tensor("enc_p.encoder.attn_layers.0.emb_rel_k", 3);
  c.windowSize = static_cast<int>((rel.size(1) - 1) / 2);
  const int headDim = static_cast<int>(rel.size(2));
  if (headDim <= 0 || c.hiddenSize % headDim != 0 || rel.size(0) != 1)
    d.fail("emb_rel_k's shape does not divide the hidden size into heads");
  c.numAttentionHeads = c.hiddenSize / headDim;
  c.ffnDim = d.size("enc_p.encoder.ffn_layers.0.conv_1.weight", 3, 0);
  c.ffnKernelSize = d.size("enc_p.encoder.ffn_layers.0.conv_1.weight", 3, 2);
  c.layerNormEps = 1e-5;
  c.hiddenAct = VitsActivation::Relu;
  c.flowSize = d.size("enc_p.proj.weight", 3, 0) / 2;
  if (c.vocabSize <= 0 || c.hiddenSize <= 0 || c.flowSize <= 0 || c.ffnDim <= 0 || c.ffnKernelSize <= 0)
    d.fail("the text encoder's tensors have empty dimensions");

  c.useStochasticDurationPrediction = d.has("dp.flows.0.m");
  if (c.useStochasticDurationPrediction) {
    c.durationPredictorKernelSize = d.size("dp.convs.convs_sep.0.weight", 3, 2);
    c.depthSeparableChannels = c.hiddenSize;
    c.depthSeparableNumLayers = d.count("dp.convs.convs_sep.", ".weight");
    const int flows = d.count("dp.flows.", ".proj.weight", 3, 2); // 3, 5, 7, ...
    if (flows == 0)
      d.fail("the duration predictor has no flow");
    c.durationPredictorNumFlows = flows + 1;
    c.durationPredictorFlowBins = (d.size("dp.flows.3.proj.weight", 3, 0) + 1) / 3;
    if (c.durationPredictorKernelSize <= 0 || c.durationPredictorFlowBins <= 0)
      d.fail("the duration predictor's tensors have empty dimensions");
    c.durationPredictorTailBound = 5.0;
  } else {
    c.durationPredictorFilterChannels = d.size("dp.conv_1.weight", 3, 0);
    c.durationPredictorKernelSize = d.size("dp.conv_1.weight", 3, 2);
  }

  c.priorEncoderNumFlows = d.count("flow.flows.", ".pre.weight", 0, 2);
  if (c.priorEncoderNumFlows == 0)
    d.fail("the flow has no coupling layer");
  c.priorEncoderNumWavenetLayers = d.count("flow.flows.0.enc.in_layers.", ".weight");
  c.wavenetKernelSize = d.size("flow.flows.0.enc.in_layers.0.weight", 3, 2);
  if (c.wavenetKernelSize <= 0)
    d.fail("the flow's tensors have empty dimensions");
  c.wavenetDilationRate =
      c.priorEncoderNumWavenetLayers > 1 ? d.attribute("flow.flows.0.enc.in_layers.1.weight", "dilations", 1) : 1;

  c.upsampleInitialChannel = d.size("dec.conv_pre.weight", 3, 0);
  if (c.upsampleInitialChannel <= 0)
    d.fail("the decoder's tensors have empty dimensions");
  const int ups = d.count("dec.ups.", ".weight");
  if (ups == 0)
    d.fail("the decoder has no upsampling layer");
  for (int i = 0; i < ups; ++i) {
    const std::string path = "dec.ups." + std::to_string(i) + ".weight";
    const int kernel = d.size(path, 3, 2);
    c.upsampleKernelSizes.push_back(kernel);
    c.upsampleRates.push_back(d.attribute(path, "strides", kernel / 2));
  }
  c.resblockType = d.has("dec.resblocks.0.convs.0.weight") ? 2 : 1;
  const std::string convs = c.resblockType == 2 ? ".convs." : ".convs1.";
  const int blocks = d.count("dec.resblocks.", convs + "0.weight");
  if (blocks == 0 || blocks % ups != 0)
    d.fail("the decoder's residual blocks do not divide among its upsampling layers");
  static const std::vector<std::vector<int>> defaults1 = {{1, 3, 5}, {1, 3, 5}, {1, 3, 5}};
  static const std::vector<std::vector<int>> defaults2 = {{1, 2}, {2, 6}, {3, 12}};
  for (int j = 0; j < blocks / ups; ++j) {
    const std::string p = "dec.resblocks." + std::to_string(j) + convs;
    c.resblockKernelSizes.push_back(d.size(p + "0.weight", 3, 2));
    std::vector<int> dilations;
    const int m = d.count(p, ".weight");
    const std::vector<std::vector<int>> &fallback = c.resblockType == 2 ? defaults2 : defaults1;
    for (int k = 0; k < m; ++k) {
      const int guess = j < 3 && k < static_cast<int>(fallback[static_cast<std::size_t>(j)].size())
                            ? fallback[static_cast<std::size_t>(j)][static_cast<std::size_t>(k)]
                            : 1;
      dilations.push_back(d.attribute(p + std::to_string(k) + ".weight", "dilations", guess));
    }
    c.resblockDilationSizes.push_back(dilations);
  }
  auto positive = [](const std::vector<int> &v) { return std::all_of(v.begin(), v.end(), [](int x) { return x > 0; }); };
  bool ok = c.wavenetDilationRate > 0 && positive(c.upsampleRates) && positive(c.upsampleKernelSizes) &&
            positive(c.resblockKernelSizes);
  for (const std::vector<int> &dl : c.resblockDilationSizes)
    ok = ok && positive(dl);
  if (!ok)
    d.fail("a convolution of the flow or the decoder has a stride, kernel or dilation below 1");
  c.leakyReluSlope = 0.1;
  if (d.has("emb_g.weight")) {
    c.numSpeakers = d.size("emb_g.weight", 2, 0);
    c.speakerEmbeddingSize = d.size("emb_g.weight", 2, 1);
  } else {
    c.numSpeakers = 1;
  }
  c.samplingRate = voice.sampleRate;
  c.noiseScale = voice.noiseScale;
  c.noiseScaleDuration = voice.noiseW;
  c.speakingRate = 1.0 / voice.lengthScale;
  c.padTokenId = 0;
  return c;
}

} // namespace

PiperVoice loadPiperVoice(const std::string &onnxPath) {
  PiperVoice v;
  const std::string jsonPath = onnxPath + ".json";
  if (!std::filesystem::is_regular_file(onnxPath))
    throw ModelError(ErrorCode::NotFound, onnxPath + ": no such Piper voice file");
  if (!std::filesystem::is_regular_file(jsonPath))
    throw ModelError(ErrorCode::NotFound, jsonPath + ": missing; a Piper voice needs its .onnx.json beside the .onnx");
  v.voice = loadPiperConfig(jsonPath);
  const auto owned = std::make_shared<const onnx::Graph>(onnx::readModel(onnxPath));
  const onnx::Graph &graph = *owned;
  std::map<std::string, at::Tensor> piper = placePiperWeights(owned, onnxPath, &v.report);
  const Derive derive(piper, graph, v.report, onnxPath);
  v.config = deriveConfig(derive, v.voice);
  if (v.voice.numSpeakers != v.config.numSpeakers)
    throw ModelError(ErrorCode::Corrupt, jsonPath + ": num_speakers " + std::to_string(v.voice.numSpeakers) +
                                             " disagrees with the voice's speaker table");
  const bool stochastic = v.config.useStochasticDurationPrediction;
  for (auto &[path, tensor] : piper) {
    const std::string hf = hfNameOfPiper(path, stochastic);
    if (hf.empty())
      continue;
    at::Tensor t = tensor;
    // The attention projections are 1×1 convolutions in piper, linear layers in the network here.
    if (hf.find(".attention.") != std::string::npos && hf.size() > 12 &&
        hf.compare(hf.size() - 12, 12, "_proj.weight") == 0 && t.dim() == 3 && t.size(2) == 1)
      t = t.squeeze(2);
    v.tensors[hf] = t;
    v.origins[hf] = path;
  }
  return v;
}

} // namespace dragoman::torchrt::vits
