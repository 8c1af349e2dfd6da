#include "core/inference/torch/vits/config.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/jsonfields.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace dragoman::torchrt::vits {

namespace {

using nlohmann::json;

// config.json's fields; VITS adds bounded numbers and lists of integers.
class Reader : public JsonFields {
public:
  using JsonFields::JsonFields;
  using JsonFields::integer;
  using JsonFields::number;

  double number(const char *key, double minimum, double maximum, double fallback) const {
    const double x = number(key, fallback);
    if (has(key) && !(x >= minimum && x <= maximum))
      throw ModelError(ErrorCode::Unsupported,
                       m_file + ": field \"" + key + "\" = " + m_j.at(key).dump() + " is outside the supported range");
    return x;
  }

  std::vector<int> integers(const json &v, const std::string &key, long long minimum, long long maximum) const {
    if (!v.is_array() || v.empty())
      throw ModelError(ErrorCode::Corrupt,
                       m_file + ": field \"" + key + "\" must be a non-empty list of integers, found " + v.dump());
    std::vector<int> out;
    for (const json &e : v)
      out.push_back(integer(e, key, minimum, maximum));
    return out;
  }
  std::vector<int> integers(const char *key, long long minimum, long long maximum) const {
    return integers(required(key), key, minimum, maximum);
  }

  std::vector<std::vector<int>> integerLists(const char *key, long long minimum, long long maximum) const {
    const json &v = required(key);
    if (!v.is_array() || v.empty())
      throw ModelError(ErrorCode::Corrupt,
                       m_file + ": field \"" + key + "\" must be a non-empty list of lists, found " + v.dump());
    std::vector<std::vector<int>> out;
    for (const json &e : v)
      out.push_back(integers(e, key, minimum, maximum));
    return out;
  }
};

} // namespace

int VitsConfig::hopLength() const {
  int hop = 1;
  for (int r : upsampleRates)
    hop *= r;
  return hop;
}

VitsConfig parseVitsConfig(const std::string &configJson, const std::string &fileForErrors) {
  json j;
  try {
    j = json::parse(configJson);
  } catch (const json::exception &e) {
    throw ModelError(ErrorCode::Corrupt, fileForErrors + ": not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object())
    throw ModelError(ErrorCode::Corrupt, fileForErrors + ": not a JSON object");
  const Reader r(j, fileForErrors);
  const std::string type = r.string("model_type", "");
  if (type != "vits")
    r.fail(ErrorCode::Unsupported, "model_type \"" + type + "\" is not a VITS model (expected \"vits\")");

  VitsConfig c;
  c.vocabSize = r.integer("vocab_size", 1, 1 << 20);
  c.hiddenSize = r.integer("hidden_size", 1, 8192);
  c.numHiddenLayers = r.integer("num_hidden_layers", 1, 256);
  c.numAttentionHeads = r.integer("num_attention_heads", 1, 256);
  if (c.hiddenSize % c.numAttentionHeads != 0)
    r.fail(ErrorCode::Corrupt,
           "field \"hidden_size\" = " + std::to_string(c.hiddenSize) +
               " is not divisible by \"num_attention_heads\" = " + std::to_string(c.numAttentionHeads));
  c.ffnDim = r.integer("ffn_dim", 1, 65536);
  c.ffnKernelSize = r.integer("ffn_kernel_size", 1, 63);
  c.windowSize = r.integer("window_size", 0, 4096, 0);
  c.layerNormEps = r.number("layer_norm_eps", 0.0, 1.0, 1e-5);
  const std::string act = r.string("hidden_act", "relu");
  if (act == "relu")
    c.hiddenAct = VitsActivation::Relu;
  else if (act == "gelu")
    c.hiddenAct = VitsActivation::Gelu;
  else
    r.fail(ErrorCode::Unsupported, "field \"hidden_act\" = \"" + act + "\" is not supported (relu, gelu)");
  c.flowSize = r.integer("flow_size", 2, 8192);
  if (c.flowSize % 2 != 0)
    r.fail(ErrorCode::Corrupt, "field \"flow_size\" must be even");

  c.useStochasticDurationPrediction = r.boolean("use_stochastic_duration_prediction", true);
  c.durationPredictorKernelSize = r.integer("duration_predictor_kernel_size", 1, 63);
  c.durationPredictorFilterChannels = r.integer("duration_predictor_filter_channels", 1, 65536, 256);
  c.depthSeparableChannels = r.integer("depth_separable_channels", 2, 2);
  c.depthSeparableNumLayers = r.integer("depth_separable_num_layers", 1, 64);
  c.durationPredictorFlowBins = r.integer("duration_predictor_flow_bins", 1, 1000);
  c.durationPredictorNumFlows = r.integer("duration_predictor_num_flows", 1, 64);
  c.durationPredictorTailBound = r.number("duration_predictor_tail_bound", 1e-6, 1e6, 5.0);

  c.priorEncoderNumFlows = r.integer("prior_encoder_num_flows", 1, 64);
  c.priorEncoderNumWavenetLayers = r.integer("prior_encoder_num_wavenet_layers", 1, 64);
  c.wavenetKernelSize = r.integer("wavenet_kernel_size", 1, 63);
  c.wavenetDilationRate = r.integer("wavenet_dilation_rate", 1, 16, 1);

  c.upsampleInitialChannel = r.integer("upsample_initial_channel", 1, 65536);
  c.upsampleRates = r.integers("upsample_rates", 1, 1024);
  c.upsampleKernelSizes = r.integers("upsample_kernel_sizes", 1, 1024);
  if (c.upsampleRates.size() != c.upsampleKernelSizes.size())
    r.fail(ErrorCode::Corrupt, "fields \"upsample_rates\" and \"upsample_kernel_sizes\" differ in length");
  if (c.upsampleInitialChannel >> c.upsampleRates.size() < 1)
    r.fail(ErrorCode::Corrupt, "field \"upsample_initial_channel\" is too small for the upsampling stages");
  c.resblockKernelSizes = r.integers("resblock_kernel_sizes", 1, 63);
  c.resblockDilationSizes = r.integerLists("resblock_dilation_sizes", 1, 1024);
  if (c.resblockKernelSizes.size() != c.resblockDilationSizes.size())
    r.fail(ErrorCode::Corrupt, "fields \"resblock_kernel_sizes\" and \"resblock_dilation_sizes\" differ in length");
  c.leakyReluSlope = r.number("leaky_relu_slope", 0.0, 1.0, 0.1);
  // Not a Hugging Face field: the random Piper-size folders `bench make-model --kind tts` writes.
  c.resblockType = r.integer("resblock_type", 1, 2, 1);

  c.numSpeakers = r.integer("num_speakers", 1, 1 << 20, 1);
  c.speakerEmbeddingSize = r.integer("speaker_embedding_size", 0, 65536, 0);
  c.samplingRate = r.integer("sampling_rate", 1, 1 << 20, 16000);
  c.noiseScale = r.number("noise_scale", 0.0, 100.0, 0.667);
  c.noiseScaleDuration = r.number("noise_scale_duration", 0.0, 100.0, 0.8);
  c.speakingRate = r.number("speaking_rate", 1e-3, 1e3, 1.0);
  c.padTokenId = r.integer("pad_token_id", 0, c.vocabSize - 1, 0);
  return c;
}

VitsConfig loadVitsConfig(const std::string &folder) {
  const std::filesystem::path path = std::filesystem::path(folder) / "config.json";
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ModelError(ErrorCode::NotFound, path.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return parseVitsConfig(text.str(), path.string());
}

} // namespace dragoman::torchrt::vits
