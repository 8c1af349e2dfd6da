#pragma once
// Hugging Face tokenizer files made at test time from a .tiktoken vocabulary, with code of the
// tests' own (Qt's base64, a byte-level table and a plain quadratic BPE written here), so that the
// tests show the three loaders of ByteBpeTokenizer agree without trusting the library to make
// its own inputs.

#include <QString>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dragoman::test {

struct RankedVocab {
  std::vector<std::string> tokens;                         // rank -> bytes
  std::vector<std::pair<std::string, std::string>> merges; // in rank order, as bytes
  std::vector<std::pair<std::string, int>> specials;       // text, id (after the ranks)
};

// rank -> bytes of a .tiktoken file; empty when it cannot be read.
std::vector<std::string> readTiktokenRanks(const QString &path);

// For each token of two or more bytes, in rank order, the pair that tiktoken's BPE joins last to
// build it (running BPE on its bytes with only lower ranks allowed must leave exactly two parts,
// as Hugging Face's converter asserts). Empty when some token does not split that way.
std::vector<std::pair<std::string, std::string>> recoverMerges(const std::vector<std::string> &ranks);

// The ranks and recovered merges of a .tiktoken file with `specials` after the last rank; no tokens
// when the file cannot be read or its merges cannot be recovered.
RankedVocab rankedVocabFromTiktoken(const QString &path, const std::vector<std::string> &specials);

// Bytes spelled in GPT-2's byte-level alphabet.
std::string toByteLevel(std::string_view bytes);

enum class MergeStyle { Strings, Pairs }; // "a b" (tokenizers < 0.20) or ["a", "b"]

// tokenizer.json as Hugging Face writes it for Whisper: the ranks plus <|endoftext|> in the vocab,
// every special in added_tokens. False when it cannot be written.
bool writeTokenizerJson(const QString &path, const RankedVocab &vocab, MergeStyle style);
// vocab.json (with <|endoftext|>), merges.txt and added_tokens.json in `dir`.
bool writeVocabMerges(const QString &dir, const RankedVocab &vocab);

bool writeFile(const QString &path, std::string_view bytes);

} // namespace dragoman::test
