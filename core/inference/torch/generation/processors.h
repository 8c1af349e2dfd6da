#pragma once
// Logits processors applied to one row of scores before a token is chosen, in Hugging Face's order:
// no-repeat n-gram, bad words, forced BOS (at length 1), forced EOS (at max_length - 1). Banned
// tokens get -infinity. Plain C++.

#include "core/inference/torch/generation/generationconfig.h"

#include <vector>

namespace dragoman::torchrt::generation {

// scores: `vocab` floats for the next token of `sequence` (every token so far, the decoder start
// token included). Returns true when a processor forced one token (every other one banned).
bool applyProcessors(const GenerationConfig &config, const std::vector<long long> &sequence, float *scores, long long vocab);

// Natural logarithm of the softmax of `n` floats, in place (float32 arithmetic, max subtracted).
void logSoftmax(float *row, long long n);

// log Σ exp(row[i] − max) for the row's finite maximum `max`: logSoftmax's element i is
// (row[i] − max) − logSumExpAbove(row, n, max), bit for bit, without writing the row.
float logSumExpAbove(const float *row, long long n, float max);

} // namespace dragoman::torchrt::generation
