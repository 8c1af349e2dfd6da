#include "core/inference/torch/whisper/randommodel.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/safetensors.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace dragoman::torchrt::whisper {

long long ModelShape::parameters() const {
  const long long d = dModel, f = 4LL * dModel;
  const long long enc = encoderLayers * (4 * d * d + 2 * d * f + 9 * d + f);
  const long long dec = decoderLayers * (8 * d * d + 2 * d * f + 15 * d + f);
  return enc + dec + 3LL * d * d + melBins * d * 3 + 1500 * d + 448 * d + vocabSize * d;
}

const std::vector<ModelShape> &knownShapes() {
  static const std::vector<ModelShape> shapes = {
      {"tiny", 384, 4, 4, 6, 80, 51865},         {"base", 512, 6, 6, 8, 80, 51865},
      {"small", 768, 12, 12, 12, 80, 51865},     {"medium", 1024, 24, 24, 16, 80, 51865},
      {"large-v3", 1280, 32, 32, 20, 128, 51866}, {"large-v3-turbo", 1280, 32, 4, 20, 128, 51866},
  };
  return shapes;
}

std::optional<ModelShape> shapeByName(const std::string &name) {
  for (const ModelShape &s : knownShapes())
    if (s.name == name)
      return s;
  return std::nullopt;
}

namespace {

std::vector<SafetensorsWriter::Spec> specsFor(const ModelShape &s, DType weightType) {
  const std::int64_t d = s.dModel, f = 4LL * s.dModel;
  std::vector<SafetensorsWriter::Spec> specs;
  auto add = [&](const std::string &name, std::vector<std::int64_t> shape) {
    // Biases and norms stay float32 in HF checkpoints only when the whole model is; keep one dtype.
    specs.push_back({name, weightType, std::move(shape)});
  };
  auto attention = [&](const std::string &p) {
    for (const char *proj : {"q_proj", "k_proj", "v_proj", "out_proj"}) {
      add(p + "." + proj + ".weight", {d, d});
      if (std::string(proj) != "k_proj")
        add(p + "." + proj + ".bias", {d});
    }
  };
  auto norm = [&](const std::string &p) {
    add(p + ".weight", {d});
    add(p + ".bias", {d});
  };
  auto mlp = [&](const std::string &p) {
    add(p + "fc1.weight", {f, d});
    add(p + "fc1.bias", {f});
    add(p + "fc2.weight", {d, f});
    add(p + "fc2.bias", {d});
  };
  add("model.encoder.conv1.weight", {d, s.melBins, 3});
  add("model.encoder.conv1.bias", {d});
  add("model.encoder.conv2.weight", {d, d, 3});
  add("model.encoder.conv2.bias", {d});
  add("model.encoder.embed_positions.weight", {1500, d});
  for (int i = 0; i < s.encoderLayers; ++i) {
    const std::string p = "model.encoder.layers." + std::to_string(i) + ".";
    attention(p + "self_attn");
    norm(p + "self_attn_layer_norm");
    mlp(p);
    norm(p + "final_layer_norm");
  }
  norm("model.encoder.layer_norm");
  add("model.decoder.embed_tokens.weight", {s.vocabSize, d});
  add("model.decoder.embed_positions.weight", {448, d});
  for (int i = 0; i < s.decoderLayers; ++i) {
    const std::string p = "model.decoder.layers." + std::to_string(i) + ".";
    attention(p + "self_attn");
    norm(p + "self_attn_layer_norm");
    attention(p + "encoder_attn");
    norm(p + "encoder_attn_layer_norm");
    mlp(p);
    norm(p + "final_layer_norm");
  }
  norm("model.decoder.layer_norm");
  return specs;
}

at::Tensor sinusoids(int64_t length, int64_t channels) {
  const double increment = std::log(10000.0) / double(channels / 2 - 1);
  const at::Tensor inv = at::exp(-increment * at::arange(channels / 2, at::kDouble));
  const at::Tensor scaled = at::arange(length, at::kDouble).unsqueeze(1) * inv.unsqueeze(0);
  return at::cat({at::sin(scaled), at::cos(scaled)}, 1).to(at::kFloat);
}

std::string configJson(const ModelShape &s) {
  const nlohmann::json j = {
      {"model_type", "whisper"}, {"architectures", {"WhisperForConditionalGeneration"}},
      {"d_model", s.dModel}, {"encoder_layers", s.encoderLayers}, {"decoder_layers", s.decoderLayers},
      {"encoder_attention_heads", s.heads}, {"decoder_attention_heads", s.heads},
      {"encoder_ffn_dim", 4 * s.dModel}, {"decoder_ffn_dim", 4 * s.dModel}, {"num_mel_bins", s.melBins},
      {"vocab_size", s.vocabSize}, {"max_source_positions", 1500}, {"max_target_positions", 448},
      {"activation_function", "gelu"}, {"scale_embedding", false}, {"tie_word_embeddings", true},
      {"bos_token_id", 50257}, {"eos_token_id", 50257}, {"pad_token_id", 50257},
      {"decoder_start_token_id", 50258}, {"dragoman_random_weights", true}};
  return j.dump(2) + "\n";
}

} // namespace

void writeRandomModel(const std::string &folder, const ModelShape &shape, unsigned long long seed, bool float16) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec)
    throw ModelError(ErrorCode::Input, folder + ": cannot create: " + ec.message());
  const DType type = float16 ? DType::F16 : DType::F32;
  const auto specs = specsFor(shape, type);
  SafetensorsWriter writer((fs::path(folder) / "model.safetensors").string(), specs,
                           {{"format", "pt"}, {"dragoman", "random weights, seed " + std::to_string(seed)}});
  at::Generator gen = at::detail::createCPUGenerator(seed);
  for (const auto &spec : specs) {
    const std::vector<int64_t> dims(spec.shape.begin(), spec.shape.end());
    at::Tensor t;
    const std::string &n = spec.name;
    const bool isNorm = n.find("layer_norm") != std::string::npos;
    if (n == "model.encoder.embed_positions.weight")
      t = sinusoids(dims[0], dims[1]);
    else if (isNorm && n.size() > 7 && n.compare(n.size() - 7, 7, ".weight") == 0)
      t = at::ones(dims, at::kFloat);
    else if (isNorm || n.compare(n.size() - 5, 5, ".bias") == 0)
      t = at::zeros(dims, at::kFloat);
    else
      t = at::normal(0.0, 0.02, dims, gen);
    t = t.to(float16 ? at::kHalf : at::kFloat).contiguous();
    writer.append(t.data_ptr(), static_cast<std::size_t>(t.numel() * t.element_size()));
  }
  writer.finish();
  std::ofstream cfg(fs::path(folder) / "config.json", std::ios::trunc);
  cfg << configJson(shape);
  if (!cfg)
    throw ModelError(ErrorCode::Input, folder + "/config.json: write failed");
}

} // namespace dragoman::torchrt::whisper
