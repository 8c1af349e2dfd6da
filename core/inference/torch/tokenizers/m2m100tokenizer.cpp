#include "core/inference/torch/tokenizers/m2m100tokenizer.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/bytebpeimpl.h"
#include "core/inference/torch/tokenizers/sentencepiece.h"

#include <algorithm>
#include <filesystem>

namespace dragoman::torchrt {

namespace {

using seq2seq::AddedToken;
using seq2seq::Json;

constexpr long long kDefaultMadeupWords = 8; // fairseq pads the dictionary to a multiple of 8

// "__de__", "__ast__": M2M100 spells a language as its code between double underscores.
bool isLanguageToken(std::string_view token) {
  return token.size() > 4 && token.starts_with("__") && token.ends_with("__") &&
         token.substr(2, token.size() - 4).find_first_not_of('_') != std::string_view::npos;
}

// "de" reads as "__de__"; a token stays as it is.
std::string asLanguageToken(const std::string &code) {
  return isLanguageToken(code) || code.empty() ? code : "__" + code + "__";
}

// added_tokens.json: {"__af__": 128004, ...}.
std::vector<AddedToken> fromAddedTokensJson(const Json &json, const std::string &path) {
  if (!json.is_object())
    throwCorrupt(path, "expected an object of token -> id");
  std::vector<AddedToken> out;
  for (const auto &[content, value] : json.items()) {
    if (content.empty() || !value.is_number_integer() || value.get<long long>() < 0 ||
        value.get<long long>() >= kMaxTokenId)
      throwCorrupt(path, "the id of " + quoteToken(content) + " is not an integer in [0, " +
                             std::to_string(kMaxTokenId) + "): " + value.dump());
    out.push_back({content, value.get<long long>()});
  }
  return out;
}

} // namespace

M2M100Tokenizer::M2M100Tokenizer(const std::string &folder) {
  const seq2seq::TokenizerSettings settings(folder);
  const std::string tokenizerClass = settings.text("tokenizer_class");
  if (!tokenizerClass.empty() && tokenizerClass != "M2M100Tokenizer")
    throwUnsupported(settings.configPath(), "tokenizer_class is " + tokenizerClass + ", not M2M100Tokenizer");
  m_cleanUp = settings.flag("clean_up_tokenization_spaces", true);
  long long madeupWords = kDefaultMadeupWords;
  if (const auto it = settings.config().find("num_madeup_words"); it != settings.config().end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() >= kMaxTokenId)
      throwCorrupt(settings.configPath(), "num_madeup_words is not a count: " + it->dump());
    madeupWords = it->get<long long>();
  }

  const std::string vocabPath = seq2seq::filePath(folder, "vocab.json");
  readVocab(vocabPath);
  m_spm = seq2seq::loadSentencePiece(seq2seq::filePath(folder, "sentencepiece.bpe.model"));

  // The named specials take their ids from vocab.json, as fairseq's dictionary has them.
  const auto required = [&](const std::string &token) {
    const auto it = m_encoder.find(token);
    if (it == m_encoder.end())
      throwCorrupt(vocabPath, "has no entry for the special token " + quoteToken(token));
    return it->second;
  };
  const std::string named[] = {settings.token("bos_token", "<s>"), settings.token("pad_token", "<pad>"),
                               settings.token("eos_token", "</s>"), settings.token("unk_token", "<unk>"),
                               settings.token("sep_token", "</s>")};
  m_padId = required(named[1]);
  m_eosId = required(named[2]);
  m_unkId = required(named[3]);

  std::string source;
  std::vector<AddedToken> added = readAddedTokens(folder, settings, source);
  const auto hasLanguage = [](const std::vector<AddedToken> &tokens) {
    return std::any_of(tokens.begin(), tokens.end(),
                       [](const AddedToken &token) { return token.special && isLanguageToken(token.content); });
  };
  if (!hasLanguage(added)) {
    // The layout of the original checkpoints: additional_special_tokens lists the language tokens,
    // which take the ids after vocab.json in that order.
    long long next = static_cast<long long>(m_encoder.size());
    for (const std::string &token : settings.additionalSpecialTokens())
      if (isLanguageToken(token) &&
          std::none_of(added.begin(), added.end(), [&](const AddedToken &a) { return a.content == token; }))
        added.push_back({token, next++});
    if (source.empty())
      source = settings.configPath() + " (additional_special_tokens)";
  }
  for (const std::string &token : named)
    if (const auto it = m_encoder.find(token); it != m_encoder.end())
      if (std::none_of(added.begin(), added.end(), [&](const AddedToken &a) { return a.content == token; }))
        added.push_back({token, it->second});

  std::sort(added.begin(), added.end(), [](const AddedToken &a, const AddedToken &b) { return a.id < b.id; });
  for (std::size_t i = 0; i < added.size(); ++i) {
    if (i > 0 && added[i].id == added[i - 1].id)
      throwCorrupt(source, "two added tokens have the id " + std::to_string(added[i].id));
    const auto piece = m_decoder.find(added[i].id);
    if (piece != m_decoder.end() && piece->second != added[i].content)
      throwCorrupt(source, "gives " + quoteToken(added[i].content) + " the id " + std::to_string(added[i].id) +
                               ", which vocab.json gives " + quoteToken(piece->second));
  }

  std::unordered_set<std::string> declared(std::begin(named), std::end(named));
  for (const std::string &token : settings.additionalSpecialTokens())
    declared.insert(token);
  m_vocabSize = static_cast<long long>(m_encoder.size());
  for (const auto &[id, piece] : m_decoder)
    m_vocabSize = std::max(m_vocabSize, id + 1);
  m_splitter = seq2seq::AddedTokenSplitter(std::move(added));
  const std::vector<AddedToken> &tokens = m_splitter.tokens();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const AddedToken &token = tokens[i];
    m_addedById.emplace(token.id, i);
    m_vocabSize = std::max(m_vocabSize, token.id + 1);
    if (token.special || declared.contains(token.content)) {
      m_specialIds.insert(token.id);
      m_specialText.insert(token.content);
    }
    if (token.special && isLanguageToken(token.content)) {
      m_languages.emplace_back(token.id, token.content);
      m_languageIds.emplace(token.content, token.id);
    }
  }
  if (m_languages.empty())
    throwCorrupt(settings.configPath(), "declares no \"__xx__\" language tokens (added_tokens_decoder, "
                                        "added_tokens.json or additional_special_tokens)");
  // fairseq's made-up words follow the language tokens; no text maps to them.
  m_vocabSize = std::max(m_vocabSize, static_cast<long long>(m_encoder.size() + m_languages.size()) + madeupWords);
}

void M2M100Tokenizer::readVocab(const std::string &path) {
  const Json vocab = seq2seq::readJson(path);
  if (!vocab.is_object() || vocab.empty())
    throwCorrupt(path, "expected a non-empty object of piece -> id");
  for (const auto &[piece, value] : vocab.items()) {
    if (!value.is_number_integer() || value.get<long long>() < 0 || value.get<long long>() >= kMaxTokenId)
      throwCorrupt(path, "the id of " + quoteToken(piece) + " is not an integer in [0, " + std::to_string(kMaxTokenId) +
                             "): " + value.dump());
    const long long id = value.get<long long>();
    if (const auto [it, inserted] = m_decoder.emplace(id, piece); !inserted)
      throwCorrupt(path,
                   quoteToken(it->second) + " and " + quoteToken(piece) + " have the same id " + std::to_string(id));
    m_encoder.emplace(piece, id);
  }
}

std::vector<AddedToken> M2M100Tokenizer::readAddedTokens(const std::string &folder,
                                                         const seq2seq::TokenizerSettings &settings,
                                                         std::string &source) const {
  if (const auto it = settings.config().find("added_tokens_decoder"); it != settings.config().end() && !it->is_null()) {
    source = settings.configPath() + ": added_tokens_decoder";
    return seq2seq::fromAddedTokensDecoder(*it, settings.configPath());
  }
  const std::string addedPath = seq2seq::filePath(folder, "added_tokens.json");
  if (const std::optional<Json> json = seq2seq::readJsonIfPresent(addedPath)) {
    source = addedPath;
    std::vector<AddedToken> out = fromAddedTokensJson(*json, addedPath);
    // The file does not say which tokens are special: the language tokens and those
    // special_tokens_map.json lists are.
    const std::vector<std::string> specials = settings.additionalSpecialTokens();
    for (AddedToken &token : out)
      token.special = isLanguageToken(token.content) ||
                      std::find(specials.begin(), specials.end(), token.content) != specials.end();
    return out;
  }
  return {};
}

std::vector<std::string> M2M100Tokenizer::pieces(const std::string &utf8) const {
  return seq2seq::addedThenPieces(m_splitter, *m_spm, utf8);
}

std::vector<long long> M2M100Tokenizer::encode(const std::string &utf8, const std::string &sourceLanguage) const {
  const auto language = m_languageIds.find(asLanguageToken(sourceLanguage));
  if (language == m_languageIds.end())
    throw ModelError(ErrorCode::Input, "unknown M2M100 language token " + quoteToken(sourceLanguage) +
                                           " (the model knows " + std::to_string(m_languages.size()) + ", e.g. " +
                                           m_languages.front().second + ")");
  std::vector<long long> ids{language->second};
  seq2seq::requireUtf8(utf8);
  for (const seq2seq::AddedTokenSplitter::Part &part : m_splitter.split(utf8)) {
    if (part.token != nullptr) {
      ids.push_back(part.token->id);
      continue;
    }
    for (const std::string &piece : m_spm->encodeAsPieces(part.text)) {
      const auto it = m_encoder.find(piece);
      ids.push_back(it == m_encoder.end() ? m_unkId : it->second);
    }
  }
  ids.push_back(m_eosId);
  return ids;
}

std::string M2M100Tokenizer::piecesToText(const std::vector<std::string> &pieces) const {
  return m_spm->decodePieces(pieces);
}

std::string M2M100Tokenizer::decode(const std::vector<long long> &ids) const {
  // As NLLB's, the pieces read through SentencePiece's decoder.
  std::string text = seq2seq::decodeAddedAndPieces(
      ids, [&](long long id) { return m_specialIds.contains(id); },
      [&](long long id) -> const std::string * {
        const auto it = m_addedById.find(id);
        return it == m_addedById.end() ? nullptr : &m_splitter.tokens()[it->second].content;
      },
      [&](long long id) -> const std::string * {
        // A made-up word or no token at all: <unk> to Hugging Face, skipped as special.
        const auto piece = m_decoder.find(id);
        return piece == m_decoder.end() || m_specialText.contains(piece->second) ? nullptr : &piece->second;
      },
      [&](const std::vector<std::string> &pieces) { return piecesToText(pieces); });
  return m_cleanUp ? seq2seq::cleanUpTokenization(std::move(text)) : text;
}

std::optional<long long> M2M100Tokenizer::languageTokenId(const std::string &token) const {
  const auto it = m_languageIds.find(asLanguageToken(token));
  return it == m_languageIds.end() ? std::nullopt : std::optional<long long>(it->second);
}

std::vector<std::string> M2M100Tokenizer::languageTokens() const {
  std::vector<std::string> out;
  out.reserve(m_languages.size());
  for (const auto &[id, token] : m_languages)
    out.push_back(token);
  return out;
}

std::unique_ptr<Seq2SeqTokenizer> loadM2M100Tokenizer(const std::string &folder) {
  return std::make_unique<M2M100Tokenizer>(folder);
}

namespace {

// tokenizer_class from tokenizer_config.json, else config.json; "" when neither says.
std::string declaredTokenizerClass(const std::string &folder) {
  const seq2seq::TokenizerSettings settings(folder);
  if (std::string name = settings.text("tokenizer_class"); !name.empty())
    return name;
  try {
    const std::optional<Json> config = seq2seq::readJsonIfPresent(seq2seq::filePath(folder, "config.json"));
    if (config && config->is_object())
      if (const auto it = config->find("tokenizer_class"); it != config->end() && it->is_string())
        return it->get<std::string>();
  } catch (const ModelError &) {
    // config.json's own reader reports a broken file; it decides nothing here.
  }
  return {};
}

} // namespace

std::unique_ptr<Seq2SeqTokenizer> loadM2M100FamilyTokenizer(const std::string &folder) {
  const std::string name = declaredTokenizerClass(folder);
  if (name.starts_with("M2M100Tokenizer"))
    return loadM2M100Tokenizer(folder);
  if (name.starts_with("NllbTokenizer"))
    return loadNllbTokenizer(folder);
  std::error_code error;
  if (name.empty() && std::filesystem::exists(seq2seq::filePath(folder, "vocab.json"), error) &&
      std::filesystem::exists(seq2seq::filePath(folder, "sentencepiece.bpe.model"), error))
    return loadM2M100Tokenizer(folder);
  return loadNllbTokenizer(folder); // NotFound, Corrupt or Unsupported naming what it lacks
}

} // namespace dragoman::torchrt
