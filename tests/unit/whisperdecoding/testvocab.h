#pragma once
// The real multilingual Whisper vocabulary for the decoding tests, loaded once from a temporary
// folder that holds a link to ../shared/data/whisper/multilingual.tiktoken.

#include "core/inference/torch/tokenizers/whispervocab.h"

#include <QString>

#include <string>
#include <vector>

namespace dragoman::test {

// nullptr when the shared file is absent (the caller skips).
const torchrt::whisper::WhisperVocab *whisperTestVocab();

// The one id `text` encodes to; fails the test (returns -1) when it is several tokens.
int singleToken(const torchrt::whisper::WhisperVocab &vocab, const std::string &text);

// <|t|> for t in seconds (0.02 steps).
int timestampToken(const torchrt::whisper::WhisperVocab &vocab, double seconds);

} // namespace dragoman::test

// Skips the current test when the vocabulary is not available.
#define DRAGOMAN_REQUIRE_WHISPER_VOCAB(var)                                                                            \
  const dragoman::torchrt::whisper::WhisperVocab *var = dragoman::test::whisperTestVocab();                            \
  if (!var)                                                                                                            \
  QSKIP("shared file data/whisper/multilingual.tiktoken not found: set DRAGOMAN_SHARED to the shared/ folder")
