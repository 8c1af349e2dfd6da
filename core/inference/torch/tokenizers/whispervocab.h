#pragma once
// Whisper's vocabulary: the byte-level BPE tokenizer plus the ids of its special tokens, read from
// the files of a model folder. No torch, no Qt (built into dragoman_tokenizers).

#include "core/inference/torch/tokenizers/bytebpe.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dragoman::torchrt::whisper {

struct WhisperVocab {
  ByteBpeTokenizer tokenizer;
  int eot = -1, sot = -1, translate = -1, transcribe = -1, startOfLm = -1, startOfPrev = -1,
      noSpeech = -1 /* <|nospeech|> or older <|nocaptions|> */, noTimestamps = -1,
      timestampBegin = -1 /* noTimestamps + 1 */;
  bool multilingual = true;
  std::vector<std::pair<std::string, int>> languages; // ("en", 50259), ... in vocabulary order

  // Loads folder/tokenizer.json, else vocab.json + merges.txt (+ added_tokens.json), else a
  // *.tiktoken file (multilingual.tiktoken or gpt2.tiktoken) with Whisper's special tokens appended
  // in openai's order: 99 languages, or 100 when modelVocabSize says so (large-v3's 51866).
  // Special tokens are found by their text, never by a fixed id. modelVocabSize (config.json
  // vocab_size, 0: unknown) must match the vocabulary's end (timestampBegin + 1501).
  // Throws ModelError: NotFound (no folder, no tokenizer files), Corrupt (bad files, a missing
  // special token, a vocabulary that does not fit the model).
  static WhisperVocab load(const std::string &folder, int modelVocabSize);

  std::optional<int> languageToken(std::string_view code) const; // "en" -> id
  std::string languageCode(int token) const;                     // id -> "en", "" if not a language
  bool isTimestamp(int id) const { return id >= timestampBegin; }
  double timestampSeconds(int id) const { return (id - timestampBegin) * 0.02; }
  // openai's Tokenizer.non_speech_tokens: the ids of symbols that mark non-speech ("♪", "(", "[",
  // speaker tags, ...), suppressed while decoding. Sorted, without duplicates.
  std::vector<int> nonSpeechTokens() const;
  // Text only: special tokens and timestamps skipped; invalid UTF-8 replaced by U+FFFD.
  std::string decodeText(const std::vector<int> &ids) const;
  std::vector<int> encodeText(std::string_view utf8) const;
};

// The language codes Whisper knows, in openai's order (the first 99, or 100 with "yue").
const std::vector<std::string> &whisperLanguageCodes();

// The special tokens openai appends to a .tiktoken vocabulary, in id order: <|endoftext|>,
// <|startoftranscript|>, the languages, <|translate|>, <|transcribe|>, <|startoflm|>,
// <|startofprev|>, <|nospeech|>, <|notimestamps|>, <|0.00|> .. <|30.00|>.
std::vector<std::string> whisperSpecialTokens(int numLanguages);

} // namespace dragoman::torchrt::whisper
