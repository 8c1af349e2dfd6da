#include "core/inference/torch/tokenizers/whispervocab.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/utf8.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <unordered_set>

namespace dragoman::torchrt::whisper {

namespace {

namespace fs = std::filesystem;

constexpr int kTimestampCount = 1501;     // <|0.00|> .. <|30.00|>, every 20 ms
constexpr int kMultilingualVocab = 51865; // openai: is_multilingual = n_vocab >= 51865

bool isFile(const fs::path &path) {
  std::error_code error;
  return fs::is_regular_file(path, error);
}

// The .tiktoken file to read: the one that fits the model's vocabulary size first, then any other.
std::string findTiktoken(const fs::path &dir, int modelVocabSize) {
  std::vector<std::string> names = {"multilingual.tiktoken", "gpt2.tiktoken"};
  if (modelVocabSize > 0 && modelVocabSize < kMultilingualVocab)
    std::swap(names[0], names[1]);
  for (const std::string &name : names)
    if (isFile(dir / name))
      return (dir / name).string();
  std::vector<std::string> others;
  std::error_code error;
  for (const auto &entry : fs::directory_iterator(dir, error))
    if (entry.path().extension() == ".tiktoken" && isFile(entry.path()))
      others.push_back(entry.path().string());
  std::sort(others.begin(), others.end());
  return others.empty() ? std::string() : others.front();
}

ByteBpeTokenizer loadTokenizer(const fs::path &dir, int modelVocabSize, std::string &source) {
  if (isFile(dir / "tokenizer.json")) {
    source = (dir / "tokenizer.json").string();
    return ByteBpeTokenizer::fromTokenizerJson(source);
  }
  if (isFile(dir / "vocab.json") && isFile(dir / "merges.txt")) {
    source = (dir / "vocab.json").string();
    const fs::path added = dir / "added_tokens.json";
    return ByteBpeTokenizer::fromVocabMerges(source, (dir / "merges.txt").string(),
                                             isFile(added) ? added.string() : std::string());
  }
  source = findTiktoken(dir, modelVocabSize);
  if (source.empty())
    throw ModelError(ErrorCode::NotFound, dir.string() + ": no Whisper tokenizer (looked for tokenizer.json, "
                                                         "vocab.json + merges.txt, *.tiktoken)");
  ByteBpeTokenizer tokenizer = ByteBpeTokenizer::fromTiktoken(source, whisperSpecialTokens(99));
  if (modelVocabSize <= 0)
    return tokenizer;
  // The specials follow the ranks; what is left of the model's vocabulary after the fixed specials
  // and the timestamps is the number of languages (99, or 100 since large-v3).
  const int firstSpecial = tokenizer.tokenId("<|endoftext|>").value_or(0);
  const int languages = modelVocabSize - firstSpecial - 8 - kTimestampCount;
  if (languages == 99)
    return tokenizer;
  if (languages != 100)
    throw ModelError(ErrorCode::Corrupt, source + ": " + std::to_string(firstSpecial) +
                                             " tokens do not fit a Whisper model with vocab_size " +
                                             std::to_string(modelVocabSize));
  return ByteBpeTokenizer::fromTiktoken(source, whisperSpecialTokens(languages));
}

} // namespace

const std::vector<std::string> &whisperLanguageCodes() {
  static const std::vector<std::string> codes = {
      "en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt",  "tr", "pl", "ca", "nl", "ar", "sv", "it", "id",
      "hi", "fi", "vi", "he", "uk", "el", "ms", "cs", "ro",  "da", "hu", "ta", "no", "th", "ur", "hr", "bg",
      "lt", "la", "mi", "ml", "cy", "sk", "te", "fa", "lv",  "bn", "sr", "az", "sl", "kn", "et", "mk", "br",
      "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw",  "gl", "mr", "pa", "si", "km", "sn", "yo", "so",
      "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi",  "lo", "uz", "fo", "ht", "ps", "tk", "nn", "mt",
      "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha", "ba", "jw", "su", "yue"};
  return codes;
}

std::vector<std::string> whisperSpecialTokens(int numLanguages) {
  const auto &codes = whisperLanguageCodes();
  const auto count = static_cast<std::size_t>(std::clamp(numLanguages, 0, static_cast<int>(codes.size())));
  std::vector<std::string> out = {"<|endoftext|>", "<|startoftranscript|>"};
  for (std::size_t i = 0; i < count; ++i)
    out.push_back("<|" + codes[i] + "|>");
  for (const char *name : {"translate", "transcribe", "startoflm", "startofprev", "nospeech", "notimestamps"})
    out.push_back(std::string("<|") + name + "|>");
  for (int i = 0; i < kTimestampCount; ++i) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "<|%d.%02d|>", i * 2 / 100, i * 2 % 100);
    out.emplace_back(buffer);
  }
  return out;
}

WhisperVocab WhisperVocab::load(const std::string &folder, int modelVocabSize) {
  std::error_code error;
  if (!fs::is_directory(folder, error))
    throw ModelError(ErrorCode::NotFound, folder + ": model folder not found");
  WhisperVocab v;
  std::string source;
  v.tokenizer = loadTokenizer(fs::path(folder), modelVocabSize, source);
  const ByteBpeTokenizer &t = v.tokenizer;
  const auto find = [&](const char *text) { return t.tokenId(text).value_or(-1); };
  const auto require = [&](const char *text) {
    const int id = find(text);
    if (id < 0)
      throw ModelError(ErrorCode::Corrupt, source + ": Whisper's special token " + text + " is missing");
    return id;
  };

  v.eot = require("<|endoftext|>");
  v.sot = require("<|startoftranscript|>");
  v.noTimestamps = require("<|notimestamps|>");
  v.translate = find("<|translate|>");
  v.transcribe = find("<|transcribe|>");
  v.startOfLm = find("<|startoflm|>");
  v.startOfPrev = find("<|startofprev|>");
  v.noSpeech = find("<|nospeech|>");
  if (v.noSpeech < 0)
    v.noSpeech = find("<|nocaptions|>");
  // Older Hugging Face files have no timestamp tokens: they follow <|notimestamps|> implicitly.
  v.timestampBegin = v.noTimestamps + 1;
  if (const int first = find("<|0.00|>"); first >= 0 && first != v.timestampBegin)
    throw ModelError(ErrorCode::Corrupt, source + ": <|0.00|> is id " + std::to_string(first) +
                                             ", not right after <|notimestamps|> (" + std::to_string(v.noTimestamps) +
                                             ")");
  const int fullSize = v.timestampBegin + kTimestampCount;
  v.multilingual = fullSize >= kMultilingualVocab;
  if (v.multilingual) {
    require("<|translate|>");
    require("<|transcribe|>");
  }
  if (modelVocabSize > 0 && (fullSize != modelVocabSize || t.vocabSize() > modelVocabSize))
    throw ModelError(ErrorCode::Corrupt, source + ": the vocabulary has " + std::to_string(fullSize) +
                                             " ids with timestamps, the model's vocab_size is " +
                                             std::to_string(modelVocabSize));

  const auto &codes = whisperLanguageCodes();
  const std::unordered_set<std::string> known(codes.begin(), codes.end());
  for (int id = 0; id < t.vocabSize(); ++id) {
    if (!t.isSpecial(id))
      continue;
    const std::string text = t.tokenBytes(id);
    if (text.size() > 4 && text.starts_with("<|") && text.ends_with("|>")) {
      std::string code = text.substr(2, text.size() - 4);
      if (known.count(code))
        v.languages.emplace_back(std::move(code), id);
    }
  }
  return v;
}

std::optional<int> WhisperVocab::languageToken(std::string_view code) const {
  for (const auto &[name, id] : languages)
    if (name == code)
      return id;
  return std::nullopt;
}

std::string WhisperVocab::languageCode(int token) const {
  for (const auto &[name, id] : languages)
    if (id == token)
      return name;
  return {};
}

std::vector<int> WhisperVocab::nonSpeechTokens() const {
  // As openai/whisper's tokenizer.py: single symbols and short runs that mark speaker tags, sound
  // descriptions and music, kept when they are one token (alone or after a space); the musical
  // signs U+2640..267F also when they split, by their first token (shared with their neighbours).
  std::vector<std::string> symbols;
  const std::string_view single = "\"#()*+/:;<=>@[\\]^_`{|}~「」『』";
  for (std::size_t pos = 0; pos < single.size();) {
    const auto length = static_cast<std::size_t>(utf8::decode(single, pos).length);
    symbols.emplace_back(single.substr(pos, length));
    pos += length;
  }
  for (const char *run : {"<<", ">>", "<<<", ">>>", "--", "---", "-(", "-[", "('", "(\"",
                          "((", "))", "(((", ")))", "[[", "]]",  "{{", "}}", "♪♪", "♪♪♪"})
    symbols.emplace_back(run);
  const std::vector<std::string> miscellaneous = {"♩", "♪", "♫", "♬", "♭", "♮", "♯"};

  std::set<int> result;
  for (const char *lead : {" -", " '"})
    if (const std::vector<int> ids = encodeText(lead); !ids.empty())
      result.insert(ids.front());
  const auto add = [&](const std::string &symbol, bool firstTokenAlways) {
    for (const std::string &text : {symbol, " " + symbol}) {
      const std::vector<int> ids = encodeText(text);
      if (ids.size() == 1 || (firstTokenAlways && !ids.empty()))
        result.insert(ids.front());
    }
  };
  for (const std::string &symbol : symbols)
    add(symbol, false);
  for (const std::string &symbol : miscellaneous)
    add(symbol, true);
  return {result.begin(), result.end()};
}

std::string WhisperVocab::decodeText(const std::vector<int> &ids) const {
  std::string bytes;
  for (const int id : ids) {
    if (id < 0 || (eot >= 0 && id >= eot) || (timestampBegin >= 0 && id >= timestampBegin) || tokenizer.isSpecial(id))
      continue;
    bytes += tokenizer.tokenBytes(id);
  }
  return utf8::sanitize(bytes);
}

std::vector<int> WhisperVocab::encodeText(std::string_view utf8) const {
  return tokenizer.encode(utf8);
}

} // namespace dragoman::torchrt::whisper
