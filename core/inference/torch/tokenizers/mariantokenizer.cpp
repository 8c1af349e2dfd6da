#include "core/inference/torch/tokenizers/mariantokenizer.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/bytebpeimpl.h"
#include "core/inference/torch/tokenizers/sentencepiece.h"

#include <algorithm>

namespace dragoman::torchrt {

namespace {

using seq2seq::Json;

// Hugging Face finds language codes with the regular expression ">>.+<<" (greedy, '.' not matching
// a newline). The end of a match starting at `pos`, or npos: the last "<<" on that line that leaves
// at least one byte after the ">>".
std::size_t languageCodeEnd(std::string_view text, std::size_t pos) {
  if (text.substr(pos, 2) != ">>")
    return std::string_view::npos;
  const std::size_t lineEnd = std::min(text.find('\n', pos), text.size());
  if (lineEnd < pos + 5)
    return std::string_view::npos;
  const std::size_t close = text.rfind("<<", lineEnd - 2);
  if (close == std::string_view::npos || close < pos + 3)
    return std::string_view::npos;
  return close + 2;
}

// re.sub(">>.+<<", "", text): every match goes, wherever it is.
std::string removeLanguageCodes(std::string_view text) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = languageCodeEnd(text, pos);
    if (end == std::string_view::npos) {
      ++pos;
      continue;
    }
    out.append(text.substr(copied, pos - copied));
    copied = pos = end;
  }
  out.append(text.substr(copied));
  return out;
}

bool isLanguageToken(std::string_view token) {
  return token.starts_with(">>") && token.ends_with("<<");
}

} // namespace

MarianTokenizer::MarianTokenizer(const std::string &folder) {
  const seq2seq::TokenizerSettings settings(folder);
  if (settings.flag("separate_vocabs", false))
    throwUnsupported(settings.configPath(),
                     "separate_vocabs is true (source and target vocabularies in separate files); only a shared "
                     "vocab.json is supported");
  m_sourceLang = settings.text("source_lang");
  m_targetLang = settings.text("target_lang");
  m_cleanUp = settings.flag("clean_up_tokenization_spaces", true);

  const std::string vocabPath = seq2seq::filePath(folder, "vocab.json");
  m_source = seq2seq::loadSentencePiece(seq2seq::filePath(folder, "source.spm"));
  m_target = seq2seq::loadSentencePiece(seq2seq::filePath(folder, "target.spm"));
  readVocab(vocabPath);

  m_unkToken = settings.token("unk_token", "<unk>");
  const auto required = [&](const std::string &token) {
    const auto it = m_encoder.find(token);
    if (it == m_encoder.end())
      throwCorrupt(vocabPath, "has no entry for the special token " + quoteToken(token));
    return it->second;
  };
  m_unkId = required(m_unkToken);
  m_eosId = required(settings.token("eos_token", "</s>"));
  m_padId = required(settings.token("pad_token", "<pad>"));

  std::vector<std::string> specials = {settings.token("eos_token", "</s>"), m_unkToken,
                                       settings.token("pad_token", "<pad>")};
  for (std::string &token : settings.additionalSpecialTokens())
    specials.push_back(std::move(token));
  std::vector<seq2seq::AddedToken> added;
  for (const std::string &token : specials) {
    const auto it = m_encoder.find(token);
    if (it == m_encoder.end() || m_specialText.contains(token))
      continue;
    m_specialText.insert(token);
    m_specialIds.insert(it->second);
    added.push_back({token, it->second});
  }
  m_splitter = seq2seq::AddedTokenSplitter(std::move(added));
}

void MarianTokenizer::readVocab(const std::string &path) {
  const Json vocab = seq2seq::readJson(path);
  if (!vocab.is_object() || vocab.empty())
    throwCorrupt(path, "expected a non-empty object of piece -> id");
  std::vector<std::pair<long long, std::string>> languages;
  long long highest = -1;
  for (const auto &[piece, value] : vocab.items()) {
    if (!value.is_number_integer() || value.get<long long>() < 0 || value.get<long long>() >= kMaxTokenId)
      throwCorrupt(path, "the id of " + quoteToken(piece) + " is not an integer in [0, " + std::to_string(kMaxTokenId) +
                             "): " + value.dump());
    const long long id = value.get<long long>();
    m_encoder.emplace(piece, id);
    m_decoder[id] = piece;
    highest = std::max(highest, id);
    if (isLanguageToken(piece))
      languages.emplace_back(id, piece);
  }
  m_vocabSize = highest + 1;
  std::sort(languages.begin(), languages.end());
  for (auto &[id, token] : languages)
    m_languageTokens.push_back(std::move(token));
}

std::vector<std::string> MarianTokenizer::plainPieces(const std::string &text) const {
  std::vector<std::string> out;
  if (const std::size_t end = languageCodeEnd(text, 0); end != std::string_view::npos)
    out.push_back(text.substr(0, end));
  for (std::string &piece : m_source->encodeAsPieces(removeLanguageCodes(text)))
    out.push_back(std::move(piece));
  return out;
}

std::vector<std::string> MarianTokenizer::pieces(const std::string &utf8) const {
  seq2seq::requireUtf8(utf8);
  std::vector<std::string> out;
  for (seq2seq::AddedTokenSplitter::Part &part : m_splitter.split(utf8)) {
    if (part.token != nullptr) {
      out.push_back(std::move(part.text));
      continue;
    }
    for (std::string &piece : plainPieces(part.text))
      out.push_back(std::move(piece));
  }
  return out;
}

std::vector<long long> MarianTokenizer::encode(const std::string &utf8, const std::string & /*sourceLanguage*/) const {
  std::vector<long long> ids;
  for (const std::string &piece : pieces(utf8)) {
    const auto it = m_encoder.find(piece);
    ids.push_back(it == m_encoder.end() ? m_unkId : it->second);
  }
  ids.push_back(m_eosId);
  return ids;
}

std::string MarianTokenizer::decode(const std::vector<long long> &ids) const {
  // Special ids go first; an id vocab.json lacks reads as <unk>, which is special too. What is left
  // goes through target.spm, which gives a piece it does not know back as it is (U+2581 included).
  std::vector<std::string> pieces;
  for (const long long id : ids) {
    if (m_specialIds.contains(id))
      continue;
    const auto it = m_decoder.find(id);
    if (it == m_decoder.end() || m_specialText.contains(it->second))
      continue;
    pieces.push_back(it->second);
  }
  std::string text = seq2seq::pythonStrip(m_target->decodePieces(pieces));
  return m_cleanUp ? seq2seq::cleanUpTokenization(std::move(text)) : text;
}

std::optional<long long> MarianTokenizer::languageTokenId(const std::string &token) const {
  if (!isLanguageToken(token))
    return std::nullopt;
  const auto it = m_encoder.find(token);
  return it == m_encoder.end() ? std::nullopt : std::optional<long long>(it->second);
}

std::unique_ptr<Seq2SeqTokenizer> loadMarianTokenizer(const std::string &folder) {
  return std::make_unique<MarianTokenizer>(folder);
}

} // namespace dragoman::torchrt
