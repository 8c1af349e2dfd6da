#include "core/inference/torch/vits/tokenizer.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/utf8.h"

#include <nlohmann/json.hpp>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dragoman::torchrt::vits {

namespace {

using ordered_json = nlohmann::ordered_json;

// UTF-8 to code points; ModelError(Input) naming the offset of a malformed sequence.
std::u32string decodeUtf8(const std::string &s) {
  std::u32string out;
  for (std::size_t pos = 0; pos < s.size();) {
    const utf8::Step step = utf8::decode(s, pos);
    if (!step.valid)
      throw ModelError(ErrorCode::Input,
                       "the text is not valid UTF-8 (bad byte sequence at offset " + std::to_string(pos) + ")");
    out.push_back(step.codePoint);
    pos += static_cast<std::size_t>(step.length);
  }
  return out;
}

std::string encodeUtf8(const std::u32string &s) {
  std::string out;
  for (const char32_t cp : s)
    utf8::append(out, cp);
  return out;
}

// Python's str.lower() of one character: ICU's full lower-case mapping in the root locale (one
// character may become two: U+0130 is "i" and a combining dot).
std::u32string lowerChar(char32_t c) {
  icu::UnicodeString one(static_cast<UChar32>(c));
  one.toLower(icu::Locale::getRoot());
  std::u32string out;
  for (int32_t i = 0; i < one.length();) {
    const UChar32 cp = one.char32At(i);
    out.push_back(static_cast<char32_t>(cp));
    i += U16_LENGTH(cp);
  }
  return out;
}

// Python's str.isspace() for the characters a vocabulary could hold.
bool isSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

std::string readFile(const std::filesystem::path &path, bool required) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (required)
      throw ModelError(ErrorCode::NotFound, path.string() + ": cannot be read");
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

VitsTokenizer VitsTokenizer::load(const std::string &folder) {
  const std::filesystem::path dir(folder);
  return VitsTokenizer(readFile(dir / "vocab.json", true), readFile(dir / "tokenizer_config.json", false), folder);
}

VitsTokenizer::VitsTokenizer(const std::string &vocabJson, const std::string &tokenizerConfigJson,
                             const std::string &folderForErrors) {
  const std::string vocabFile = (std::filesystem::path(folderForErrors) / "vocab.json").string();
  const std::string configFile = (std::filesystem::path(folderForErrors) / "tokenizer_config.json").string();
  ordered_json vocab;
  try {
    vocab = ordered_json::parse(vocabJson);
  } catch (const ordered_json::exception &e) {
    throw ModelError(ErrorCode::Corrupt, vocabFile + ": not valid JSON (" + e.what() + ")");
  }
  if (!vocab.is_object() || vocab.empty())
    throw ModelError(ErrorCode::Corrupt, vocabFile + ": expected an object of characters to ids");
  for (auto it = vocab.begin(); it != vocab.end(); ++it) {
    if (!it.value().is_number_integer() || it.value().get<long long>() < 0)
      throw ModelError(ErrorCode::Corrupt,
                       vocabFile + ": the id of \"" + it.key() + "\" must be a non-negative integer");
    m_vocab.emplace_back(decodeUtf8(it.key()), it.value().get<long long>());
  }

  std::string pad = "<pad>", unk = "<unk>";
  if (!tokenizerConfigJson.empty()) {
    ordered_json cfg;
    try {
      cfg = ordered_json::parse(tokenizerConfigJson);
    } catch (const ordered_json::exception &e) {
      throw ModelError(ErrorCode::Corrupt, configFile + ": not valid JSON (" + e.what() + ")");
    }
    if (!cfg.is_object())
      throw ModelError(ErrorCode::Corrupt, configFile + ": not a JSON object");
    auto flag = [&](const char *key, bool fallback) {
      const auto it = cfg.find(key);
      if (it == cfg.end() || it->is_null())
        return fallback;
      if (!it->is_boolean())
        throw ModelError(ErrorCode::Corrupt, configFile + ": field \"" + key + "\" must be true or false");
      return it->get<bool>();
    };
    auto text = [&](const char *key, const std::string &fallback) {
      const auto it = cfg.find(key);
      if (it == cfg.end() || it->is_null())
        return fallback;
      if (it->is_string())
        return it->get<std::string>();
      if (it->is_object() && it->contains("content") && it->at("content").is_string())
        return it->at("content").get<std::string>();
      throw ModelError(ErrorCode::Corrupt, configFile + ": field \"" + key + "\" must be a string");
    };
    m_addBlank = flag("add_blank", true);
    m_normalize = flag("normalize", true);
    m_language = text("language", "");
    pad = text("pad_token", pad);
    unk = text("unk_token", unk);
    if (flag("is_uroman", false))
      throw ModelError(ErrorCode::Unsupported,
                       configFile + ": \"is_uroman\" is true: this language" +
                           (m_language.empty() ? std::string() : " (" + m_language + ")") +
                           " needs romanisation (uroman) of the text first, which is not supported");
    if (flag("phonemize", false))
      throw ModelError(ErrorCode::Unsupported, configFile + ": \"phonemize\" is true: this voice needs phonemised "
                                                            "input, which is not supported");
  }
  for (const std::string &s : {pad, unk}) {
    const std::u32string u = decodeUtf8(s);
    if (!u.empty() && idOf(u) < 0)
      m_specials.push_back(u);
  }
}

long long VitsTokenizer::idOf(const std::u32string &token) const {
  for (const auto &[t, id] : m_vocab)
    if (t == token)
      return id;
  return -1;
}

std::string VitsTokenizer::normalize(const std::string &input) const {
  const std::u32string text = decodeUtf8(input);
  std::u32string out;
  if (m_normalize) {
    // Lower-case, but keep a vocabulary entry (or a special token) found at the position as it is.
    std::size_t i = 0;
    while (i < text.size()) {
      bool matched = false;
      auto tryWord = [&](const std::u32string &word) {
        if (!word.empty() && text.compare(i, word.size(), word) == 0) {
          out += word;
          i += word.size();
          return true;
        }
        return false;
      };
      for (const auto &entry : m_vocab)
        if ((matched = tryWord(entry.first)))
          break;
      if (!matched)
        for (const auto &word : m_specials)
          if ((matched = tryWord(word)))
            break;
      if (!matched) {
        out += lowerChar(text[i]);
        ++i;
      }
    }
  } else {
    out = text;
  }
  if (m_language == "ron")
    std::replace(out.begin(), out.end(), char32_t{0x21B}, char32_t{0x163});
  // Only the vocabulary's characters stay.
  std::u32string kept;
  for (char32_t c : out)
    if (idOf(std::u32string(1, c)) >= 0)
      kept.push_back(c);
  if (m_normalize) {
    std::size_t b = 0, e = kept.size();
    while (b < e && isSpace(kept[b]))
      ++b;
    while (e > b && isSpace(kept[e - 1]))
      --e;
    kept = kept.substr(b, e - b);
  }
  return encodeUtf8(kept);
}

std::vector<long long> VitsTokenizer::encode(const std::string &text) const {
  const std::u32string chars = decodeUtf8(normalize(text));
  std::vector<long long> ids;
  ids.reserve(chars.size() * 2 + 1);
  if (m_addBlank)
    ids.push_back(0);
  for (char32_t c : chars) {
    ids.push_back(idOf(std::u32string(1, c)));
    if (m_addBlank)
      ids.push_back(0);
  }
  return ids;
}

} // namespace dragoman::torchrt::vits
