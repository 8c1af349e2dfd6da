#pragma once
// Spoken-language identification from one encoded window, as openai/whisper's detect_language:
// one decoder step on <|startoftranscript|>, softmax over the language tokens only.
// Internal: names ATen types.

#include "core/inference/torch/whisper/model.h"

#include <ATen/core/Tensor.h>

#include <string>
#include <utility>
#include <vector>

namespace dragoman::torchrt::whisper {

struct WhisperVocab;

struct LanguageGuess {
  std::string code;                                   // "en"
  int token = -1;                                     // <|en|>
  double probability = 0;                             // among the languages only
  std::vector<std::pair<std::string, double>> ranked; // every language, most likely first
};

// Throws ModelError(Unsupported) for a vocabulary without language tokens (English-only models).
LanguageGuess detectLanguage(WhisperModel &model, const at::Tensor &encoderOut, const WhisperVocab &vocab);

} // namespace dragoman::torchrt::whisper
