#include "core/inference/torch/generation/processors.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dragoman::torchrt::generation {

namespace {

constexpr float kBanned = -std::numeric_limits<float>::infinity();

void ban(float *scores, long long vocab, long long token) {
  if (token >= 0 && token < vocab)
    scores[token] = kBanned;
}

void forceOnly(float *scores, long long vocab, long long token) {
  for (long long i = 0; i < vocab; ++i)
    if (i != token)
      scores[i] = kBanned;
  // The forced token keeps a score of 0, as Hugging Face's processors leave it.
  if (token >= 0 && token < vocab)
    scores[token] = 0.0f;
}

// Every token that would complete an n-gram already in the sequence.
void banRepeatedNgrams(const std::vector<long long> &seq, int n, float *scores, long long vocab) {
  const std::size_t len = seq.size();
  if (n <= 0 || len + 1 < static_cast<std::size_t>(n))
    return;
  const std::size_t prefix = static_cast<std::size_t>(n) - 1;
  // The n-1 tokens the next one would follow.
  const long long *tail = seq.data() + (len - prefix);
  for (std::size_t start = 0; start + static_cast<std::size_t>(n) <= len; ++start) {
    if (std::equal(seq.begin() + static_cast<long>(start), seq.begin() + static_cast<long>(start + prefix), tail))
      ban(scores, vocab, seq[start + prefix]);
  }
}

void banBadWords(const std::vector<std::vector<long long>> &bad, const std::vector<long long> &seq, float *scores,
                 long long vocab) {
  for (const std::vector<long long> &words : bad) {
    if (words.empty())
      continue;
    const std::size_t prefix = words.size() - 1;
    if (prefix == 0) {
      ban(scores, vocab, words[0]);
      continue;
    }
    if (seq.size() < prefix)
      continue;
    if (std::equal(words.begin(), words.begin() + static_cast<long>(prefix), seq.end() - static_cast<long>(prefix)))
      ban(scores, vocab, words.back());
  }
}

} // namespace

bool applyProcessors(const GenerationConfig &c, const std::vector<long long> &seq, float *scores, long long vocab) {
  banRepeatedNgrams(seq, c.noRepeatNgramSize, scores, vocab);
  banBadWords(c.badWordsIds, seq, scores, vocab);
  const long long curLen = static_cast<long long>(seq.size());
  bool forced = false;
  if (c.forcedBosTokenId && curLen == 1) {
    forceOnly(scores, vocab, *c.forcedBosTokenId);
    forced = true;
  }
  if (c.forcedEosTokenId && curLen == c.maxLength - 1) {
    forceOnly(scores, vocab, *c.forcedEosTokenId);
    forced = true;
  }
  return forced;
}

void logSoftmax(float *row, long long n) {
  float m = -std::numeric_limits<float>::infinity();
  for (long long i = 0; i < n; ++i)
    m = std::max(m, row[i]);
  if (!std::isfinite(m))
    return;
  double sum = 0.0;
  for (long long i = 0; i < n; ++i)
    sum += std::exp(static_cast<double>(row[i] - m));
  const float logSum = static_cast<float>(std::log(sum));
  for (long long i = 0; i < n; ++i)
    row[i] = (row[i] - m) - logSum;
}

} // namespace dragoman::torchrt::generation
