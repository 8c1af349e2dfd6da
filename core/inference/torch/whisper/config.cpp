#include "core/inference/torch/whisper/config.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/jsonfields.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace dragoman::torchrt::whisper {


WhisperConfig parseConfig(const std::string &json, const std::string &file) {
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw ModelError(ErrorCode::Corrupt, file + ": not a JSON object");
  const JsonFields r(j, file);
  const std::string type = r.string("model_type", "");
  if (type != "whisper")
    throw ModelError(ErrorCode::Unsupported,
                     file + ": model_type is \"" + type + "\", expected \"whisper\" (is this a Whisper model folder?)");
  const std::string activation = r.string("activation_function", "gelu");
  if (activation != "gelu")
    throw ModelError(ErrorCode::Unsupported, file + ": activation_function \"" + activation + "\" is not supported (only gelu)");

  WhisperConfig c;
  c.dModel = r.integer("d_model", 1, 8192);
  c.encoderLayers = r.integer("encoder_layers", 1, 128);
  c.decoderLayers = r.integer("decoder_layers", 1, 128);
  c.encoderHeads = r.integer("encoder_attention_heads", 1, 256);
  c.decoderHeads = r.integer("decoder_attention_heads", 1, 256);
  const int ffn = 4 * c.dModel;
  c.encoderFfn = r.integer("encoder_ffn_dim", 1, 65536, ffn);
  c.decoderFfn = r.integer("decoder_ffn_dim", 1, 65536, ffn);
  c.numMelBins = r.integer("num_mel_bins", 1, 512);
  c.vocabSize = r.integer("vocab_size", 1, 1 << 20);
  c.maxSourcePositions = r.integer("max_source_positions", 1, 1 << 16);
  c.maxTargetPositions = r.integer("max_target_positions", 1, 1 << 16);
  c.scaleEmbedding = r.boolean("scale_embedding", false);
  const int sot = 50258, eot = 50257;
  c.decoderStartTokenId = r.integer("decoder_start_token_id", 0, c.vocabSize - 1, sot);
  c.eosTokenId = r.integer("eos_token_id", 0, c.vocabSize - 1, eot);
  if (c.numMelBins != 80 && c.numMelBins != 128)
    throw ModelError(ErrorCode::Unsupported, file + ": num_mel_bins = " + std::to_string(c.numMelBins) +
                                                 " (the front end computes 80 or 128 mel bins)");
  if (c.dModel % c.encoderHeads != 0 || c.dModel % c.decoderHeads != 0)
    throw ModelError(ErrorCode::Corrupt, file + ": d_model " + std::to_string(c.dModel) +
                                             " is not divisible by the number of attention heads");
  if (c.maxSourcePositions != 1500)
    throw ModelError(ErrorCode::Unsupported, file + ": max_source_positions = " + std::to_string(c.maxSourcePositions) +
                                                 " (Whisper's 30-second window has 1500 positions)");
  return c;
}

WhisperConfig loadConfig(const std::string &folder) {
  const std::string path = (std::filesystem::path(folder) / "config.json").string();
  std::ifstream in(path);
  if (!in)
    throw ModelError(ErrorCode::NotFound, path + ": missing (a Hugging Face Whisper folder has config.json)");
  std::stringstream text;
  text << in.rdbuf();
  return parseConfig(text.str(), path);
}

} // namespace dragoman::torchrt::whisper
