#pragma once
// The token prefix of a decode: [<|startofprev|> context...] <|startoftranscript|> [language]
// [task] [<|notimestamps|>], as openai's DecodingTask._get_initial_tokens. No torch.

#include "core/inference/torch/whisper/types.h"

#include <optional>
#include <vector>

namespace dragoman::torchrt::whisper {

struct WhisperVocab;

// sot, language and task for a multilingual vocabulary; sot alone for an English-only one.
// notimestamps appended when timestamps are off.
std::vector<int> sotSequence(const WhisperVocab &vocab, std::optional<int> languageToken, Task task, bool timestamps);

// Previous text as context: <|startofprev|> + the last maxContext tokens of `context` (nothing
// when it is empty), then the sot sequence. openai keeps n_text_ctx / 2 - 1 = 223 tokens.
std::vector<int> buildPrompt(const WhisperVocab &vocab, const std::vector<int> &context, const std::vector<int> &sot,
                             std::size_t maxContext = 223);

} // namespace dragoman::torchrt::whisper
