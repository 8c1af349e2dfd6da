#include "core/inference/torch/seq2seq/config.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/jsonfields.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace dragoman::torchrt::seq2seq {

namespace {

using nlohmann::json;

// config.json's and generation_config.json's fields; seq2seq adds token ids.
class Reader : public JsonFields {
public:
  using JsonFields::JsonFields;

  // An id or a list of ids ("eos_token_id": 2 or [2, 3]).
  std::vector<long long> ids(const char *key) const {
    if (!has(key))
      return {};
    const json &v = m_j.at(key);
    if (v.is_number_integer())
      return {v.get<long long>()};
    std::vector<long long> out;
    if (v.is_array())
      for (const json &e : v) {
        if (!e.is_number_integer())
          throw ModelError(ErrorCode::Corrupt, m_file + ": field \"" + key + "\" must hold token ids, found " + v.dump());
        out.push_back(e.get<long long>());
      }
    else
      throw ModelError(ErrorCode::Corrupt, m_file + ": field \"" + key + "\" must be a token id, found " + v.dump());
    return out;
  }

  std::vector<std::vector<long long>> idLists(const char *key) const {
    std::vector<std::vector<long long>> out;
    if (!has(key))
      return out;
    const json &v = m_j.at(key);
    if (!v.is_array())
      throw ModelError(ErrorCode::Corrupt, m_file + ": field \"" + key + "\" must be a list of token id lists");
    for (const json &words : v) {
      std::vector<long long> seq;
      if (!words.is_array())
        throw ModelError(ErrorCode::Corrupt, m_file + ": field \"" + key + "\" must be a list of token id lists");
      for (const json &e : words) {
        if (!e.is_number_integer())
          throw ModelError(ErrorCode::Corrupt, m_file + ": field \"" + key + "\" holds a non-integer token id");
        seq.push_back(e.get<long long>());
      }
      out.push_back(std::move(seq));
    }
    return out;
  }

  const std::string &file() const { return m_file; }

};

json parseObject(const std::string &text, const std::string &file) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw ModelError(ErrorCode::Corrupt, file + ": not a JSON object");
  return j;
}

// Token ids the search needs: config.json's, then generation_config.json's where it names them
// (generate() falls back on the model's config for the ids its generation config leaves out).
void readTokenIds(const Reader &r, generation::GenerationConfig &g, long long vocab) {
  auto checkId = [&](long long id, const char *key) {
    if (id < 0 || id >= vocab)
      throw ModelError(ErrorCode::Corrupt, r.file() + ": " + key + " " + std::to_string(id) + " is outside the vocabulary of " +
                                               std::to_string(vocab));
    return id;
  };
  if (r.has("decoder_start_token_id"))
    g.decoderStartTokenId = checkId(r.integer("decoder_start_token_id", 0, vocab - 1), "decoder_start_token_id");
  if (r.has("eos_token_id"))
    g.eosTokenIds = r.ids("eos_token_id");
  for (long long id : g.eosTokenIds)
    checkId(id, "eos_token_id");
  if (r.has("pad_token_id"))
    g.padTokenId = r.integer("pad_token_id", 0, vocab - 1);
}

// How to search: from generation_config.json when the folder has one, else from config.json (as
// GenerationConfig.from_model_config does).
void readBehaviour(const Reader &r, generation::GenerationConfig &g, long long vocab) {
  auto checkId = [&](long long id, const char *key) {
    if (id < 0 || id >= vocab)
      throw ModelError(ErrorCode::Corrupt, r.file() + ": " + key + " " + std::to_string(id) + " is outside the vocabulary of " +
                                               std::to_string(vocab));
    return id;
  };
  if (r.has("max_length"))
    g.maxLength = static_cast<int>(r.integer("max_length", 1, 1 << 20));
  if (r.has("num_beams"))
    g.numBeams = static_cast<int>(r.integer("num_beams", 1, 64));
  g.lengthPenalty = r.number("length_penalty", g.lengthPenalty);
  if (r.has("no_repeat_ngram_size"))
    g.noRepeatNgramSize = static_cast<int>(r.integer("no_repeat_ngram_size", 0, 64));
  if (r.has("bad_words_ids"))
    g.badWordsIds = r.idLists("bad_words_ids");
  if (r.has("forced_bos_token_id"))
    g.forcedBosTokenId = checkId(r.integer("forced_bos_token_id", 0, vocab - 1), "forced_bos_token_id");
  if (r.has("forced_eos_token_id")) {
    const std::vector<long long> ids = r.ids("forced_eos_token_id");
    if (!ids.empty())
      g.forcedEosTokenId = checkId(ids.front(), "forced_eos_token_id");
  }
}

generation::EarlyStopping earlyStopping(const json &j, const std::string &file, generation::EarlyStopping fallback) {
  const auto it = j.find("early_stopping");
  if (it == j.end() || it->is_null())
    return fallback;
  if (it->is_boolean())
    return it->get<bool>() ? generation::EarlyStopping::True : generation::EarlyStopping::Heuristic;
  if (it->is_string() && it->get<std::string>() == "never")
    return generation::EarlyStopping::Never;
  throw ModelError(ErrorCode::Corrupt, file + ": early_stopping must be true, false or \"never\", found " + it->dump());
}

std::string readFile(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ModelError(ErrorCode::NotFound, path.string() + ": cannot be read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

Seq2SeqConfig parseSeq2SeqConfig(const std::string &configJson, const std::string &generationJson, const std::string &folder) {
  const std::string file = (std::filesystem::path(folder) / "config.json").string();
  const json j = parseObject(configJson, file);
  const Reader r(j, file);
  Seq2SeqConfig c;
  c.modelType = r.string("model_type", "");
  if (c.modelType == "marian")
    c.family = Family::Marian;
  else if (c.modelType == "m2m_100" || c.modelType == "nllb" || c.modelType == "nllb_moe")
    c.family = Family::M2M100;
  else
    throw ModelError(ErrorCode::Unsupported, file + ": model_type is \"" + c.modelType +
                                                 "\"; translation models must be \"marian\" (OPUS-MT) or \"m2m_100\" (M2M100, NLLB-200)");
  if (c.modelType == "nllb_moe")
    throw ModelError(ErrorCode::Unsupported, file + ": NLLB mixture-of-experts models are not supported");
  c.dModel = static_cast<int>(r.integer("d_model", 1, 16384));
  c.encoderLayers = static_cast<int>(r.integer("encoder_layers", 1, 256));
  c.decoderLayers = static_cast<int>(r.integer("decoder_layers", 1, 256));
  c.encoderHeads = static_cast<int>(r.integer("encoder_attention_heads", 1, 512));
  c.decoderHeads = static_cast<int>(r.integer("decoder_attention_heads", 1, 512));
  c.encoderFfn = static_cast<int>(r.integer("encoder_ffn_dim", 1, 1 << 18));
  c.decoderFfn = static_cast<int>(r.integer("decoder_ffn_dim", 1, 1 << 18));
  c.vocabSize = static_cast<int>(r.integer("vocab_size", 1, 1 << 24));
  c.maxPositions = static_cast<int>(r.integer("max_position_embeddings", 1, 1 << 20));
  if (c.dModel % c.encoderHeads != 0 || c.dModel % c.decoderHeads != 0)
    throw ModelError(ErrorCode::Corrupt, file + ": d_model " + std::to_string(c.dModel) + " is not divisible by the attention heads");
  const std::string act = r.string("activation_function", c.family == Family::Marian ? "swish" : "relu");
  if (act == "swish" || act == "silu")
    c.activation = Activation::Swish;
  else if (act == "relu")
    c.activation = Activation::Relu;
  else if (act == "gelu")
    c.activation = Activation::Gelu;
  else if (act == "gelu_new" || act == "gelu_pytorch_tanh")
    c.activation = Activation::GeluTanh;
  else
    throw ModelError(ErrorCode::Unsupported, file + ": activation_function \"" + act + "\" is not supported (swish, silu, relu, gelu, gelu_new)");
  c.scaleEmbedding = r.boolean("scale_embedding", false);
  c.preLayerNorm = c.family == Family::M2M100;
  if (c.family == Family::Marian && r.boolean("normalize_before", false))
    throw ModelError(ErrorCode::Unsupported, file + ": normalize_before true is not a Marian layout this engine knows");
  c.tieWordEmbeddings = r.boolean("tie_word_embeddings", true);
  if (c.family == Family::Marian && r.has("decoder_vocab_size") && r.integer("decoder_vocab_size", 1, 1 << 24) != c.vocabSize)
    throw ModelError(ErrorCode::Unsupported, file + ": separate source and target vocabularies (decoder_vocab_size " +
                                                 std::to_string(r.integer("decoder_vocab_size", 1, 1 << 24)) + " != vocab_size " +
                                                 std::to_string(c.vocabSize) + ") are not supported");
  c.padTokenId = r.integer("pad_token_id", 0, c.vocabSize - 1, c.family == Family::Marian ? c.vocabSize - 1 : 1);

  generation::GenerationConfig &g = c.generation;
  g.padTokenId = c.padTokenId;
  g.decoderStartTokenId = c.family == Family::Marian ? c.padTokenId : 2;
  g.eosTokenIds = {c.family == Family::Marian ? 0 : 2};
  g.maxLength = 20; // generate()'s default when neither file says
  readTokenIds(r, g, c.vocabSize);
  if (generationJson.empty()) {
    readBehaviour(r, g, c.vocabSize);
    g.earlyStopping = earlyStopping(j, file, g.earlyStopping);
  } else {
    const std::string gfile = (std::filesystem::path(folder) / "generation_config.json").string();
    const json gj = parseObject(generationJson, gfile);
    const Reader gr(gj, gfile);
    readTokenIds(gr, g, c.vocabSize);
    readBehaviour(gr, g, c.vocabSize);
    g.earlyStopping = earlyStopping(gj, gfile, g.earlyStopping);
  }
  if (g.eosTokenIds.empty())
    throw ModelError(ErrorCode::Corrupt, file + ": no eos_token_id");
  return c;
}

Seq2SeqConfig loadSeq2SeqConfig(const std::string &folder) {
  const std::filesystem::path dir(folder);
  if (!std::filesystem::is_directory(dir))
    throw ModelError(ErrorCode::NotFound, folder + ": no such model folder");
  const std::filesystem::path config = dir / "config.json";
  if (!std::filesystem::exists(config))
    throw ModelError(ErrorCode::NotFound, config.string() + ": missing (a Hugging Face model folder has a config.json)");
  const std::filesystem::path gen = dir / "generation_config.json";
  return parseSeq2SeqConfig(readFile(config), std::filesystem::exists(gen) ? readFile(gen) : std::string(), folder);
}

} // namespace dragoman::torchrt::seq2seq
