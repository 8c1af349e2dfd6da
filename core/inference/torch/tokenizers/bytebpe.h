#pragma once
// Byte-level BPE tokenizer (GPT-2 / Whisper / tiktoken family). No Qt and no torch: it builds in the
// ML-only tree and is shared by every engine that needs it.
//
// Text is split with GPT-2's pattern (gpt2split.h), each piece's UTF-8 bytes start as one symbol
// each, and the adjacent pair with the lowest rank is merged until none is left, the leftmost pair
// first on ties (tiktoken's algorithm). For .tiktoken files the rank of a pair is the rank of the
// merged token and a piece that is a token as a whole is taken as it is; for Hugging Face files the
// rank of a pair is its line in the merges list.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dragoman::torchrt {

class ByteBpeTokenizer {
public:
  // An empty tokenizer: encodes to nothing, decodes to "", vocabSize() 0. Assign a loaded one.
  ByteBpeTokenizer();

  // Each loader throws ModelError: ErrorCode::NotFound for a missing file, ErrorCode::Corrupt
  // naming the file and the line or JSON path at fault, ErrorCode::Unsupported for a valid file
  // of another kind (a model that is not BPE, a normalizer, ...).

  // Hugging Face tokenizer.json (model.type "BPE", ByteLevel pre-tokenizer); added_tokens become
  // special tokens.
  static ByteBpeTokenizer fromTokenizerJson(const std::string &path);
  // Hugging Face vocab.json + merges.txt (+ added_tokens.json; empty path: none).
  static ByteBpeTokenizer fromVocabMerges(const std::string &vocabJson, const std::string &mergesTxt,
                                          const std::string &addedTokensJson);
  // openai .tiktoken: "base64(token bytes) rank" per line; `specials` get the ids after the last
  // rank, in the order given.
  static ByteBpeTokenizer fromTiktoken(const std::string &path, const std::vector<std::string> &specials);

  // Plain text to ids; special-token strings in the text are encoded as plain text. Never fails:
  // invalid UTF-8 is encoded byte by byte and comes back unchanged from decode().
  std::vector<int> encode(std::string_view utf8) const;
  // The bytes of all ids, specials as their text, unknown ids skipped. May end inside a character.
  std::string decode(const std::vector<int> &ids) const;
  // The bytes one id stands for (a special token's text); "" when out of range.
  std::string tokenBytes(int id) const;
  // The id of a special/added token by its text ("<|en|>"), else of the plain token with these bytes.
  std::optional<int> tokenId(std::string_view token) const;
  // Highest id + 1, specials included.
  int vocabSize() const;
  // A special (added) token: never produced by encode().
  bool isSpecial(int id) const;

  struct Impl; // the tables, in bytebpeimpl.h (internal; named here only for the loaders)

private:
  explicit ByteBpeTokenizer(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> m_impl;
};

} // namespace dragoman::torchrt
