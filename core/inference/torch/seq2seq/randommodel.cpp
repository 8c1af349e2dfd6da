#include "core/inference/torch/seq2seq/randommodel.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/safetensors.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace dragoman::torchrt::seq2seq {

long long ModelShape::parameters() const {
  const long long d = dModel, f = ffn;
  const long long attention = 4 * (d * d + d);
  const long long feedForward = d * f + f + f * d + d;
  const long long enc = encoderLayers * (attention + feedForward + 2 * 2 * d);
  const long long dec = decoderLayers * (2 * attention + feedForward + 3 * 2 * d);
  const long long extra = modelType == "marian" ? vocabSize : 2 * 2 * d; // final_logits_bias | final norms
  return static_cast<long long>(vocabSize) * d + enc + dec + extra;
}

const std::vector<ModelShape> &knownShapes() {
  // Helsinki-NLP/opus-mt-* (e.g. en-de) and facebook/nllb-200-distilled-600M.
  static const std::vector<ModelShape> shapes = {
      {"opus-mt", "marian", 512, 6, 6, 8, 2048, 58101, 512, "swish", 58100, 0, 58100},
      {"nllb-600m", "m2m_100", 1024, 12, 12, 16, 4096, 256206, 1024, "relu", 1, 2, 2},
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

std::vector<SafetensorsWriter::Spec> specsFor(const ModelShape &s) {
  const std::int64_t d = s.dModel, f = s.ffn;
  const bool marian = s.modelType == "marian";
  std::vector<SafetensorsWriter::Spec> specs;
  auto add = [&](const std::string &name, std::vector<std::int64_t> shape) { specs.push_back({name, DType::F32, std::move(shape)}); };
  auto attention = [&](const std::string &p) {
    for (const char *proj : {"q_proj", "k_proj", "v_proj", "out_proj"}) {
      add(p + "." + proj + ".weight", {d, d});
      add(p + "." + proj + ".bias", {d});
    }
  };
  auto norm = [&](const std::string &p) {
    add(p + ".weight", {d});
    add(p + ".bias", {d});
  };
  auto ffn = [&](const std::string &p) {
    add(p + "fc1.weight", {f, d});
    add(p + "fc1.bias", {f});
    add(p + "fc2.weight", {d, f});
    add(p + "fc2.bias", {d});
  };
  if (marian)
    add("final_logits_bias", {1, s.vocabSize});
  // Tied embeddings (encoder, decoder, lm_head): save_pretrained keeps the shared tensor only.
  add("model.shared.weight", {s.vocabSize, d});
  for (int i = 0; i < s.encoderLayers; ++i) {
    const std::string p = "model.encoder.layers." + std::to_string(i) + ".";
    attention(p + "self_attn");
    norm(p + "self_attn_layer_norm");
    ffn(p);
    norm(p + "final_layer_norm");
  }
  if (!marian)
    norm("model.encoder.layer_norm");
  for (int i = 0; i < s.decoderLayers; ++i) {
    const std::string p = "model.decoder.layers." + std::to_string(i) + ".";
    attention(p + "self_attn");
    norm(p + "self_attn_layer_norm");
    attention(p + "encoder_attn");
    norm(p + "encoder_attn_layer_norm");
    ffn(p);
    norm(p + "final_layer_norm");
  }
  if (!marian)
    norm("model.decoder.layer_norm");
  return specs;
}

nlohmann::json configJson(const ModelShape &s) {
  const bool marian = s.modelType == "marian";
  nlohmann::json j = {
      {"model_type", s.modelType},
      {"architectures", {marian ? "MarianMTModel" : "M2M100ForConditionalGeneration"}},
      {"d_model", s.dModel},
      {"encoder_layers", s.encoderLayers},
      {"decoder_layers", s.decoderLayers},
      {"encoder_attention_heads", s.heads},
      {"decoder_attention_heads", s.heads},
      {"encoder_ffn_dim", s.ffn},
      {"decoder_ffn_dim", s.ffn},
      {"vocab_size", s.vocabSize},
      {"max_position_embeddings", s.maxPositions},
      {"activation_function", s.activation},
      {"scale_embedding", true},
      {"tie_word_embeddings", true},
      {"pad_token_id", s.padTokenId},
      {"eos_token_id", s.eosTokenId},
      {"decoder_start_token_id", s.decoderStartTokenId},
      {"dragoman_random_weights", true}};
  if (marian) {
    j["static_position_embeddings"] = true;
    j["normalize_before"] = false;
    j["normalize_embedding"] = false;
    j["share_encoder_decoder_embeddings"] = true;
    j["decoder_vocab_size"] = s.vocabSize;
    j["bos_token_id"] = 0;
  } else {
    j["bos_token_id"] = 0;
  }
  return j;
}

// As the published folders have it (generate()'s behaviour; the benchmark overrides the length).
nlohmann::json generationJson(const ModelShape &s) {
  if (s.modelType == "marian")
    return {{"bad_words_ids", {{s.padTokenId}}}, {"bos_token_id", 0},          {"decoder_start_token_id", s.decoderStartTokenId},
            {"eos_token_id", s.eosTokenId},     {"forced_eos_token_id", s.eosTokenId}, {"max_length", 512},
            {"num_beams", 4},                   {"pad_token_id", s.padTokenId}};
  return {{"bos_token_id", 0},       {"decoder_start_token_id", s.decoderStartTokenId}, {"eos_token_id", s.eosTokenId},
          {"max_length", 200},       {"pad_token_id", s.padTokenId}};
}

void writeJson(const std::filesystem::path &path, const nlohmann::json &j) {
  std::ofstream out(path, std::ios::trunc);
  out << j.dump(2) << "\n";
  if (!out)
    throw ModelError(ErrorCode::Input, path.string() + ": write failed");
}

bool endsWith(const std::string &s, const char *tail) {
  const std::string t(tail);
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

} // namespace

void writeRandomModel(const std::string &folder, const ModelShape &shape, unsigned long long seed) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec)
    throw ModelError(ErrorCode::Input, folder + ": cannot create: " + ec.message());
  const auto specs = specsFor(shape);
  SafetensorsWriter writer((fs::path(folder) / "model.safetensors").string(), specs,
                           {{"format", "pt"}, {"dragoman", "random weights, seed " + std::to_string(seed)}});
  at::Generator gen = at::detail::createCPUGenerator(seed);
  for (const auto &spec : specs) {
    const std::vector<int64_t> dims(spec.shape.begin(), spec.shape.end());
    const std::string &n = spec.name;
    const bool isNorm = n.find("layer_norm") != std::string::npos;
    at::Tensor t;
    if (isNorm)
      t = endsWith(n, ".weight") ? at::ones(dims, at::kFloat) : at::zeros(dims, at::kFloat);
    else
      t = at::normal(0.0, 0.02, dims, gen).to(at::kFloat).contiguous();
    writer.append(t.data_ptr(), static_cast<std::size_t>(t.numel() * t.element_size()));
  }
  writer.finish();
  writeJson(fs::path(folder) / "config.json", configJson(shape));
  writeJson(fs::path(folder) / "generation_config.json", generationJson(shape));
}

} // namespace dragoman::torchrt::seq2seq
