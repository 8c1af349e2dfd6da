#pragma once
// Internal to the Marian, NLLB and M2M100 tokenizers (seq2seqtokenizer.h): their files, Hugging Face's
// added-token split, and Python's string rules that decode() follows.

#include <nlohmann/json.hpp>

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dragoman::torchrt {
class SentencePieceModel;
}

namespace dragoman::torchrt::seq2seq {

using Json = nlohmann::json;

std::string filePath(const std::string &folder, const char *name);
// NotFound when the file is missing, Corrupt when it is not JSON.
Json readJson(const std::string &path);
// The same, nullopt when the file is missing.
std::optional<Json> readJsonIfPresent(const std::string &path);

// A SentencePiece model (.spm, .model): NotFound when missing, Corrupt when it does not load,
// Unsupported for a kind we do not implement.
std::shared_ptr<const SentencePieceModel> loadSentencePiece(const std::string &path);

// tokenizer_config.json and special_tokens_map.json, the first one winning where both have a key.
class TokenizerSettings {
public:
  explicit TokenizerSettings(const std::string &folder);
  const Json &config() const { return m_config; }
  const std::string &configPath() const { return m_configPath; }
  // A special token by its key ("eos_token"): a string or {"content": ...}; `fallback` if absent.
  std::string token(const char *key, const char *fallback) const;
  // The object form of a special token ({"content", "lstrip", ...}), or null.
  Json tokenObject(const char *key) const;
  // additional_special_tokens (strings or objects), as their contents.
  std::vector<std::string> additionalSpecialTokens() const;
  std::string text(const char *key) const; // a string value, "" when absent or null
  bool flag(const char *key, bool fallback) const;

private:
  const Json *find(const char *key) const;
  Json m_config = Json::object();
  Json m_map = Json::object();
  std::string m_configPath;
};

// A token that Hugging Face never splits (special or added). lstrip / rstrip: the whitespace on
// that side of it is dropped from the text next to it.
struct AddedToken {
  std::string content;
  long long id = 0;
  bool lstrip = false;
  bool rstrip = false;
  bool special = true;
};

// A bool field of a JSON object, `fallback` when absent or not a bool.
bool boolField(const Json &entry, const char *key, bool fallback);
// One added token from its object form ({"content", "lstrip", "rstrip", "special"}); Corrupt at `where`
// without a non-empty content or with an id out of range.
AddedToken addedToken(const Json &entry, long long id, const std::string &where);
// tokenizer_config.json's "added_tokens_decoder": {"701": {"content": "deu_Latn", ...}, ...}.
std::vector<AddedToken> fromAddedTokensDecoder(const Json &decoder, const std::string &path);

// The text cut at the added tokens, longest match first at the leftmost position (HF's Trie).
class AddedTokenSplitter {
public:
  struct Part {
    std::string text;
    const AddedToken *token = nullptr; // null: plain text for SentencePiece
  };
  AddedTokenSplitter() = default;
  explicit AddedTokenSplitter(std::vector<AddedToken> tokens);
  // Empty parts are dropped (after the lstrip/rstrip of their neighbours).
  std::vector<Part> split(std::string_view text) const;
  const std::vector<AddedToken> &tokens() const { return m_tokens; }
  const AddedToken *find(std::string_view content) const;

private:
  std::vector<AddedToken> m_tokens;
  std::array<std::vector<std::size_t>, 256> m_byFirstByte; // indexes, longest content first
};

// The text cut at the added tokens (each one a piece of its own), the rest into SentencePiece
// pieces: Hugging Face's tokenize() for NLLB and M2M100. ModelError(Input) for invalid UTF-8.
std::vector<std::string> addedThenPieces(const AddedTokenSplitter &splitter, const SentencePieceModel &spm,
                                         const std::string &utf8);

// Hugging Face's _decode with skip_special_tokens for NLLB and M2M100: ids skipped when `skip`
// says so; an added token (`added` gives its text, or null) stands alone between the texts of the
// pieces around it (`pieceOf` gives a piece's text, or null to skip the id), each run of pieces
// becomes text through `piecesToText`, and the texts are joined with spaces.
std::string decodeAddedAndPieces(const std::vector<long long> &ids, const std::function<bool(long long)> &skip,
                                 const std::function<const std::string *(long long)> &added,
                                 const std::function<const std::string *(long long)> &pieceOf,
                                 const std::function<std::string(const std::vector<std::string> &)> &piecesToText);

// ModelError(Input) when `text` is not valid UTF-8.
void requireUtf8(std::string_view text);

// Python's str.strip() / lstrip() / rstrip() without arguments (str.isspace() characters).
std::string pythonStrip(std::string_view text);
std::string pythonLstrip(std::string_view text);
std::string pythonRstrip(std::string_view text);
std::string replaceAll(std::string text, std::string_view from, std::string_view to);
// transformers' clean_up_tokenization: " ." -> "." and the like, " n't" -> "n't", " 's" -> "'s", ...
std::string cleanUpTokenization(std::string text);

} // namespace dragoman::torchrt::seq2seq
