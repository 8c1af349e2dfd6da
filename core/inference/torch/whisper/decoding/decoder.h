#pragma once
// Decodes one encoded 30-second window into tokens, as openai/whisper's DecodingTask: greedy at
// temperature 0 (beam search when beamSize > 1), best-of-N sampling above it, with the logit
// filters, the KV cache and the no-speech probability. Internal: names ATen types.

#include "core/inference/torch/whisper/decoding/decoderesult.h"
#include "core/inference/torch/whisper/model.h"
#include "core/inference/torch/whisper/types.h"

#include <ATen/core/Tensor.h>

#include <atomic>
#include <vector>

namespace dragoman::torchrt::whisper {

struct WhisperVocab;

// encoderOut: [1, 1500, d] from WhisperModel::encode. prompt: the sot sequence, optionally
// preceded by <|startofprev|> and context (see prompt.h); it must contain <|startoftranscript|>.
// The prompt is fed once, then one token per row per step through the KV cache.
// Stops at end-of-text or after maxNewTokens (0: half the text context) or when the text context
// is full. plainArgmax: raw argmax for exactly maxNewTokens steps (context permitting), no filters.
// Throws ModelError(Cancelled) when `abort` is set between steps, ModelError(Input) on a bad prompt.
DecodeResult decodeWindow(WhisperModel &model, const at::Tensor &encoderOut, const WhisperVocab &vocab,
                          const std::vector<int> &prompt, const DecodeOptions &options, double temperature,
                          const std::atomic_bool &abort);

// The step budget decodeWindow uses for these options and this model.
int maxNewTokens(const WhisperModel &model, const DecodeOptions &options);

} // namespace dragoman::torchrt::whisper
