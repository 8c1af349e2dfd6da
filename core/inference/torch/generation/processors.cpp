#include "core/inference/torch/generation/processors.h"

#include "core/inference/torch/nn/vectorclones.h"

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

namespace {

using simd::i8;
using simd::v8;

// Σ exp(row[i] - m) over [0, n), in double across blocks of float lanes. exp(x) for x ≤ 0 in eight
// lanes, within 2 ulp of expf (Cody–Waite reduction by ln 2, a degree-6 polynomial, the exponent
// put back in the bits); 0 below -87.3, where expf underflows. A beam step takes the exponential
// of every logit of every beam (4 × 58k for OPUS-MT): glibc's scalar exp took 1.1 ms of it.
DRAGOMAN_CLONES
double sumExp(const float *row, long long n, float m) {
  constexpr float kLog2e = 1.44269504088896341f, kLn2Hi = 0.693359375f, kLn2Lo = -2.12194440e-4f;
  constexpr long long kBlock = 1024;
  double total = 0.0;
  const long long vecEnd = n - n % 8;
  for (long long start = 0; start < vecEnd; start += kBlock) {
    const long long stop = std::min(vecEnd, start + kBlock);
    v8 acc = {};
    for (long long i = start; i < stop; i += 8) {
      v8 x = *reinterpret_cast<const v8 *>(row + i) - m;
      const i8 under = x < -87.3f;
      x = under ? v8{} - 87.3f : x;
      const v8 k = __builtin_convertvector(__builtin_convertvector(x * kLog2e - 0.5f, i8), v8);
      // For x ≤ 0, truncating x·log2e − 0.5 toward zero rounds x·log2e to the nearest integer.
      const v8 r = (x - k * kLn2Hi) - k * kLn2Lo;
      v8 p = v8{} + 1.9875691500e-4f;
      p = p * r + 1.3981999507e-3f;
      p = p * r + 8.3334519073e-3f;
      p = p * r + 4.1665795894e-2f;
      p = p * r + 1.6666665459e-1f;
      p = p * r + 5.0000001201e-1f;
      p = p * r * r + r + 1.0f;
      const i8 bits = (__builtin_convertvector(k, i8) + 127) << 23;
      v8 e = p * __builtin_bit_cast(v8, bits);
      e = under ? v8{} : e;
      acc += e;
    }
    total += static_cast<double>(((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7])));
  }
  for (long long i = vecEnd; i < n; ++i)
    total += static_cast<double>(std::exp(row[i] - m));
  return total;
}

} // namespace

float logSumExpAbove(const float *row, long long n, float max) { return static_cast<float>(std::log(sumExp(row, n, max))); }

void logSoftmax(float *row, long long n) {
  float m = -std::numeric_limits<float>::infinity();
  for (long long i = 0; i < n; ++i)
    m = std::max(m, row[i]);
  if (!std::isfinite(m))
    return;
  const float logSum = logSumExpAbove(row, n, m);
  for (long long i = 0; i < n; ++i)
    row[i] = (row[i] - m) - logSum;
}

} // namespace dragoman::torchrt::generation
