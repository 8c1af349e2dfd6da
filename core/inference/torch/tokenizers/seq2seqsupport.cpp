#include "core/inference/torch/tokenizers/seq2seqsupport.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/bytebpeimpl.h"
#include "core/inference/torch/tokenizers/sentencepiece.h"
#include "core/inference/torch/tokenizers/utf8.h"

#include <algorithm>
#include <filesystem>
#include <utility>

namespace dragoman::torchrt::seq2seq {

std::string filePath(const std::string &folder, const char *name) {
  return (std::filesystem::path(folder) / name).string();
}

Json readJson(const std::string &path) {
  const std::string text = readTokenizerFile(path);
  try {
    return Json::parse(text);
  } catch (const Json::exception &e) { // parse_error, and out_of_range for a number beyond double
    throwCorrupt(path, std::string("not valid JSON (") + e.what() + ")");
  }
}

std::optional<Json> readJsonIfPresent(const std::string &path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error))
    return std::nullopt;
  return readJson(path);
}

std::shared_ptr<const SentencePieceModel> loadSentencePiece(const std::string &path) {
  return std::make_shared<const SentencePieceModel>(SentencePieceModel::load(path));
}

// ---- added tokens

bool boolField(const Json &entry, const char *key, bool fallback) {
  const auto it = entry.find(key);
  return it != entry.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

AddedToken addedToken(const Json &entry, long long id, const std::string &where) {
  if (!entry.is_object() || !entry.contains("content") || !entry["content"].is_string() ||
      entry["content"].get<std::string>().empty())
    throwCorrupt(where, "expected an object with a non-empty \"content\" string");
  if (id < 0 || id >= kMaxTokenId)
    throwCorrupt(where, "token id " + std::to_string(id) + " is out of range");
  return {entry["content"].get<std::string>(), id, boolField(entry, "lstrip", false), boolField(entry, "rstrip", false),
          boolField(entry, "special", true)};
}

std::vector<AddedToken> fromAddedTokensDecoder(const Json &decoder, const std::string &path) {
  const std::string where = path + ": added_tokens_decoder";
  if (!decoder.is_object())
    throwCorrupt(where, "expected an object of id -> token");
  std::vector<AddedToken> out;
  for (const auto &[key, entry] : decoder.items()) {
    std::size_t used = 0;
    long long id = -1;
    try {
      id = std::stoll(key, &used);
    } catch (const std::exception &) {
      used = 0;
    }
    if (used == 0 || used != key.size())
      throwCorrupt(where + "/" + key, "the key is not a token id");
    out.push_back(addedToken(entry, id, where + "/" + key));
  }
  return out;
}

// ---- tokenizer_config.json + special_tokens_map.json

TokenizerSettings::TokenizerSettings(const std::string &folder)
    : m_configPath(filePath(folder, "tokenizer_config.json")) {
  const std::string mapPath = filePath(folder, "special_tokens_map.json");
  if (std::optional<Json> config = readJsonIfPresent(m_configPath)) {
    if (!config->is_object())
      throwCorrupt(m_configPath, "expected a JSON object");
    m_config = std::move(*config);
  }
  if (std::optional<Json> map = readJsonIfPresent(mapPath)) {
    if (!map->is_object())
      throwCorrupt(mapPath, "expected a JSON object");
    m_map = std::move(*map);
  }
}

const Json *TokenizerSettings::find(const char *key) const {
  for (const Json *json : {&m_config, &m_map}) {
    const auto it = json->find(key);
    if (it != json->end() && !it->is_null())
      return &*it;
  }
  return nullptr;
}

namespace {

std::optional<std::string> tokenContent(const Json &value) {
  if (value.is_string())
    return value.get<std::string>();
  if (value.is_object()) {
    const auto it = value.find("content");
    if (it != value.end() && it->is_string())
      return it->get<std::string>();
  }
  return std::nullopt;
}

} // namespace

std::string TokenizerSettings::token(const char *key, const char *fallback) const {
  if (const Json *value = find(key))
    if (std::optional<std::string> content = tokenContent(*value))
      return *content;
  return fallback;
}

Json TokenizerSettings::tokenObject(const char *key) const {
  const Json *value = find(key);
  return value != nullptr && value->is_object() ? *value : Json();
}

std::vector<std::string> TokenizerSettings::additionalSpecialTokens() const {
  std::vector<std::string> out;
  const Json *list = find("additional_special_tokens");
  if (list == nullptr || !list->is_array())
    return out;
  for (const Json &entry : *list)
    if (std::optional<std::string> content = tokenContent(entry); content && !content->empty())
      out.push_back(std::move(*content));
  return out;
}

std::string TokenizerSettings::text(const char *key) const {
  const Json *value = find(key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

bool TokenizerSettings::flag(const char *key, bool fallback) const {
  const Json *value = find(key);
  return value != nullptr && value->is_boolean() ? value->get<bool>() : fallback;
}

// ---- added tokens

AddedTokenSplitter::AddedTokenSplitter(std::vector<AddedToken> tokens) : m_tokens(std::move(tokens)) {
  for (std::size_t i = 0; i < m_tokens.size(); ++i)
    if (!m_tokens[i].content.empty())
      m_byFirstByte[static_cast<unsigned char>(m_tokens[i].content[0])].push_back(i);
  for (auto &bucket : m_byFirstByte)
    std::stable_sort(bucket.begin(), bucket.end(), [&](std::size_t a, std::size_t b) {
      return m_tokens[a].content.size() > m_tokens[b].content.size();
    });
}

const AddedToken *AddedTokenSplitter::find(std::string_view content) const {
  for (const AddedToken &token : m_tokens)
    if (token.content == content)
      return &token;
  return nullptr;
}

std::vector<AddedTokenSplitter::Part> AddedTokenSplitter::split(std::string_view text) const {
  std::vector<Part> parts;
  std::size_t plainStart = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const AddedToken *match = nullptr;
    for (const std::size_t index : m_byFirstByte[static_cast<unsigned char>(text[pos])]) {
      if (text.substr(pos).starts_with(m_tokens[index].content)) {
        match = &m_tokens[index];
        break;
      }
    }
    if (match == nullptr) {
      ++pos;
      continue;
    }
    parts.push_back({std::string(text.substr(plainStart, pos - plainStart)), nullptr});
    parts.push_back({match->content, match});
    pos += match->content.size();
    plainStart = pos;
  }
  parts.push_back({std::string(text.substr(plainStart)), nullptr});

  // The whitespace an added token swallows: rstrip eats the start of the text after it, lstrip the
  // end of the text before it.
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const AddedToken *token = parts[i].token;
    if (token == nullptr)
      continue;
    if (token->rstrip && i + 1 < parts.size() && parts[i + 1].token == nullptr)
      parts[i + 1].text = pythonLstrip(parts[i + 1].text);
    if (token->lstrip && i > 0 && parts[i - 1].token == nullptr)
      parts[i - 1].text = pythonRstrip(parts[i - 1].text);
  }
  std::erase_if(parts, [](const Part &part) { return part.text.empty(); });
  return parts;
}

// ---- text

std::vector<std::string> addedThenPieces(const AddedTokenSplitter &splitter, const SentencePieceModel &spm,
                                         const std::string &utf8) {
  requireUtf8(utf8);
  std::vector<std::string> out;
  for (AddedTokenSplitter::Part &part : splitter.split(utf8)) {
    if (part.token != nullptr) {
      out.push_back(std::move(part.text));
      continue;
    }
    for (std::string &piece : spm.encodeAsPieces(part.text))
      out.push_back(std::move(piece));
  }
  return out;
}

std::string decodeAddedAndPieces(const std::vector<long long> &ids, const std::function<bool(long long)> &skip,
                                 const std::function<const std::string *(long long)> &added,
                                 const std::function<const std::string *(long long)> &pieceOf,
                                 const std::function<std::string(const std::vector<std::string> &)> &piecesToText) {
  std::vector<std::string> texts;
  std::vector<std::string> pieces;
  for (const long long id : ids) {
    if (skip(id))
      continue;
    if (const std::string *token = added(id)) {
      if (!pieces.empty()) {
        if (std::string text = piecesToText(pieces); !text.empty())
          texts.push_back(std::move(text));
        pieces.clear();
      }
      texts.push_back(*token);
      continue;
    }
    if (const std::string *piece = pieceOf(id))
      pieces.push_back(*piece);
  }
  if (!pieces.empty())
    texts.push_back(piecesToText(pieces));
  std::string text;
  for (std::size_t i = 0; i < texts.size(); ++i)
    text += (i == 0 ? "" : " ") + texts[i];
  return text;
}

void requireUtf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    const utf8::Step step = utf8::decode(text, pos);
    if (!step.valid)
      throw ModelError(ErrorCode::Input,
                       "the text is not valid UTF-8 (bad byte sequence at offset " + std::to_string(pos) + ")");
    pos += static_cast<std::size_t>(step.length);
  }
}

namespace {

bool isPythonSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// [first non-space byte, end of the last non-space character); invalid bytes count as non-space.
std::pair<std::size_t, std::size_t> contentRange(std::string_view text) {
  std::size_t first = text.size();
  std::size_t last = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const utf8::Step step = utf8::decode(text, pos);
    const std::size_t next = pos + static_cast<std::size_t>(step.length);
    if (!step.valid || !isPythonSpace(step.codePoint)) {
      first = std::min(first, pos);
      last = next;
    }
    pos = next;
  }
  return {first, last};
}

} // namespace

std::string pythonStrip(std::string_view text) {
  const auto [first, last] = contentRange(text);
  return first < last ? std::string(text.substr(first, last - first)) : std::string();
}

std::string pythonLstrip(std::string_view text) {
  const auto [first, last] = contentRange(text);
  return first < last ? std::string(text.substr(first)) : std::string();
}

std::string pythonRstrip(std::string_view text) {
  const auto [first, last] = contentRange(text);
  return first < last ? std::string(text.substr(0, last)) : std::string();
}

std::string replaceAll(std::string text, std::string_view from, std::string_view to) {
  if (from.empty())
    return text;
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (std::size_t hit = text.find(from); hit != std::string::npos; hit = text.find(from, pos)) {
    out.append(text, pos, hit - pos);
    out.append(to);
    pos = hit + from.size();
  }
  out.append(text, pos);
  return out;
}

std::string cleanUpTokenization(std::string text) {
  static constexpr std::pair<std::string_view, std::string_view> kRules[] = {
      {" .", "."},     {" ?", "?"},   {" !", "!"},   {" ,", ","},     {" ' ", "'"},
      {" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"},
  };
  for (const auto &[from, to] : kRules)
    text = replaceAll(std::move(text), from, to);
  return text;
}

} // namespace dragoman::torchrt::seq2seq
