#include "core/inference/torch/tokenizers/nllbtokenizer.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/bytebpeimpl.h"
#include "core/inference/torch/tokenizers/sentencepiece.h"

#include <algorithm>

namespace dragoman::torchrt {

namespace {

using seq2seq::AddedToken;
using seq2seq::addedToken;
using seq2seq::boolField;
using seq2seq::Json;

constexpr long long kFairseqOffset = 1;        // fairseq id = SentencePiece id + 1 (<s> <pad> </s> <unk> first)
const std::string kUnderline = "\xE2\x96\x81"; // U+2581, SentencePiece's word boundary
// The named special tokens (key, default); whatever else is special is a language code.
constexpr std::pair<const char *, const char *> kNamedTokens[] = {
    {"bos_token", "<s>"},     {"eos_token", "</s>"}, {"unk_token", "<unk>"}, {"pad_token", "<pad>"},
    {"mask_token", "<mask>"}, {"sep_token", "</s>"}, {"cls_token", "<s>"}};

// tokenizer.json: "added_tokens": [{"id": 701, "content": "deu_Latn", ...}, ...].
std::vector<AddedToken> fromTokenizerJson(const Json &tokenizer, const std::string &path) {
  std::vector<AddedToken> out;
  const auto list = tokenizer.is_object() ? tokenizer.find("added_tokens") : tokenizer.end();
  if (!tokenizer.is_object() || list == tokenizer.end())
    return out;
  if (!list->is_array())
    throwCorrupt(path + ": added_tokens", "expected an array");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json &entry = (*list)[i];
    const std::string where = path + ": added_tokens/" + std::to_string(i);
    if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_number_integer())
      throwCorrupt(where, "expected an object with an integer \"id\"");
    out.push_back(addedToken(entry, entry["id"].get<long long>(), where));
  }
  return out;
}

} // namespace

NllbTokenizer::NllbTokenizer(const std::string &folder) {
  const seq2seq::TokenizerSettings settings(folder);
  const std::string tokenizerClass = settings.text("tokenizer_class");
  if (!tokenizerClass.empty() && tokenizerClass != "NllbTokenizer" && tokenizerClass != "NllbTokenizerFast")
    throwUnsupported(settings.configPath(), "tokenizer_class is " + tokenizerClass + ", not NllbTokenizer");
  m_legacy = settings.flag("legacy_behaviour", false);
  m_cleanUp = settings.flag("clean_up_tokenization_spaces", true);
  m_spm = seq2seq::loadSentencePiece(seq2seq::filePath(folder, "sentencepiece.bpe.model"));
  m_spmSize = m_spm->size();

  std::vector<AddedToken> added = readAddedTokens(folder, settings);
  // <s> <pad> </s> <unk> are always 0..3 (fairseq's dictionary), whatever the files list.
  const std::pair<long long, std::string> fixed[] = {{0, settings.token("bos_token", "<s>")},
                                                     {1, settings.token("pad_token", "<pad>")},
                                                     {2, settings.token("eos_token", "</s>")},
                                                     {3, settings.token("unk_token", "<unk>")}};
  for (const auto &[fixedId, content] : fixed)
    if (std::none_of(added.begin(), added.end(), [id = fixedId](const AddedToken &token) { return token.id == id; }))
      added.push_back({content, fixedId});
  std::sort(added.begin(), added.end(), [](const AddedToken &a, const AddedToken &b) { return a.id < b.id; });
  for (std::size_t i = 1; i < added.size(); ++i)
    if (added[i].id == added[i - 1].id)
      throwCorrupt(settings.configPath(), "two added tokens have the id " + std::to_string(added[i].id));

  std::unordered_set<std::string> named;
  for (const auto &[key, fallback] : kNamedTokens)
    named.insert(settings.token(key, fallback));
  std::unordered_set<std::string> declared = named;
  for (const std::string &token : settings.additionalSpecialTokens())
    declared.insert(token);

  m_vocabSize = m_spmSize + kFairseqOffset;
  m_splitter = seq2seq::AddedTokenSplitter(std::move(added));
  const std::vector<AddedToken> &tokens = m_splitter.tokens();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const AddedToken &token = tokens[i];
    m_addedById.emplace(token.id, i);
    m_vocabSize = std::max(m_vocabSize, token.id + 1);
    if (token.special || declared.contains(token.content) || token.id <= 3) {
      m_specialIds.insert(token.id);
      m_specialText.insert(token.content);
    }
    if (token.special && !named.contains(token.content) && token.id > 3) {
      m_languages.emplace_back(token.id, token.content);
      m_languageIds.emplace(token.content, token.id);
    }
  }
  if (m_languages.empty())
    throwCorrupt(settings.configPath(), "declares no language codes (added_tokens_decoder, tokenizer.json's "
                                        "added_tokens or additional_special_tokens)");
  m_eosId = idOf(settings.token("eos_token", "</s>"), 2);
  m_padId = idOf(settings.token("pad_token", "<pad>"), 1);
  m_unkId = idOf(settings.token("unk_token", "<unk>"), 3);
}

std::vector<AddedToken> NllbTokenizer::readAddedTokens(const std::string &folder,
                                                       const seq2seq::TokenizerSettings &settings) const {
  if (const auto it = settings.config().find("added_tokens_decoder"); it != settings.config().end() && !it->is_null())
    return seq2seq::fromAddedTokensDecoder(*it, settings.configPath());
  const std::string tokenizerPath = seq2seq::filePath(folder, "tokenizer.json");
  if (const std::optional<Json> tokenizer = seq2seq::readJsonIfPresent(tokenizerPath)) {
    std::vector<AddedToken> out = fromTokenizerJson(*tokenizer, tokenizerPath);
    if (!out.empty())
      return out;
  }
  // The layout before added_tokens_decoder: the codes after the pieces in the order listed, <mask> last.
  std::vector<AddedToken> out;
  long long next = m_spmSize + kFairseqOffset;
  for (const std::string &code : settings.additionalSpecialTokens())
    out.push_back({code, next++});
  const Json mask = settings.tokenObject("mask_token");
  out.push_back({settings.token("mask_token", "<mask>"), next, boolField(mask, "lstrip", true),
                 boolField(mask, "rstrip", false)});
  return out;
}

long long NllbTokenizer::idOf(const std::string &content, long long fallback) const {
  const seq2seq::AddedToken *token = m_splitter.find(content);
  return token != nullptr ? token->id : fallback;
}

std::vector<std::string> NllbTokenizer::pieces(const std::string &utf8) const {
  return seq2seq::addedThenPieces(m_splitter, *m_spm, utf8);
}

std::vector<long long> NllbTokenizer::encode(const std::string &utf8, const std::string &sourceLanguage) const {
  const auto language = m_languageIds.find(sourceLanguage);
  if (language == m_languageIds.end())
    throw ModelError(ErrorCode::Input, "unknown NLLB language code " + quoteToken(sourceLanguage) +
                                           " (the model knows " + std::to_string(m_languages.size()) + ", e.g. " +
                                           m_languages.front().second + ")");
  std::vector<long long> ids;
  if (!m_legacy)
    ids.push_back(language->second);
  seq2seq::requireUtf8(utf8);
  for (const seq2seq::AddedTokenSplitter::Part &part : m_splitter.split(utf8)) {
    if (part.token != nullptr) {
      ids.push_back(part.token->id);
      continue;
    }
    for (const std::string &piece : m_spm->encodeAsPieces(part.text)) {
      const int spmId = m_spm->pieceToId(piece);
      ids.push_back(spmId == 0 ? m_unkId : spmId + kFairseqOffset);
    }
  }
  ids.push_back(m_eosId);
  if (m_legacy)
    ids.push_back(language->second);
  return ids;
}

std::string NllbTokenizer::piecesToText(const std::vector<std::string> &pieces) const {
  std::string joined;
  for (const std::string &piece : pieces)
    joined += piece;
  return seq2seq::pythonStrip(seq2seq::replaceAll(std::move(joined), kUnderline, " "));
}

std::string NllbTokenizer::decode(const std::vector<long long> &ids) const {
  std::string text = seq2seq::decodeAddedAndPieces(
      ids, [&](long long id) { return m_specialIds.contains(id); },
      [&](long long id) -> const std::string * {
        const auto it = m_addedById.find(id);
        return it == m_addedById.end() ? nullptr : &m_splitter.tokens()[it->second].content;
      },
      [&](long long id) -> const std::string * {
        if (id < kFairseqOffset || id - kFairseqOffset >= m_spmSize)
          return nullptr; // not a piece: HF would fail, a generator may still produce it
        const std::string &piece = m_spm->idToPiece(static_cast<int>(id - kFairseqOffset));
        return m_specialText.contains(piece) ? nullptr : &piece;
      },
      [&](const std::vector<std::string> &pieces) { return piecesToText(pieces); });
  return m_cleanUp ? seq2seq::cleanUpTokenization(std::move(text)) : text;
}

std::optional<long long> NllbTokenizer::languageTokenId(const std::string &token) const {
  const auto it = m_languageIds.find(token);
  return it == m_languageIds.end() ? std::nullopt : std::optional<long long>(it->second);
}

std::vector<std::string> NllbTokenizer::languageTokens() const {
  std::vector<std::string> out;
  out.reserve(m_languages.size());
  for (const auto &[id, code] : m_languages)
    out.push_back(code);
  return out;
}

std::unique_ptr<Seq2SeqTokenizer> loadNllbTokenizer(const std::string &folder) {
  return std::make_unique<NllbTokenizer>(folder);
}

} // namespace dragoman::torchrt
