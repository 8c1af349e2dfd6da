#pragma once
// Plain arithmetic over one row of logits (a vocabulary's worth of floats), shared by the logit
// filters and the searches. No torch: a row is at most ~52k floats, so a loop is as fast as a
// tensor op and keeps these files quick to compile and easy to test.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace dragoman::torchrt::whisper {

// log(sum(exp(x))) computed stably; -inf for an empty or all -inf row.
double logSumExp(std::span<const float> row);

// log-softmax of the row (same length). -inf entries stay -inf.
std::vector<float> logSoftmax(std::span<const float> row);

// Index of the largest value, the first one on ties (as torch's argmax on the CPU).
int argmax(std::span<const float> row);

// The k largest indices, largest first; equal values keep the lower index first.
std::vector<int> topK(std::span<const float> row, int k);

// A small, portable, seedable generator: the same seed draws the same numbers on every platform
// (std::uniform_real_distribution is not specified bit for bit).
class SplitMix64 {
public:
  explicit SplitMix64(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next();
  double uniform(); // [0, 1)

private:
  std::uint64_t m_state;
};

// One draw from softmax(row / temperature) (temperature > 0). Never returns an index whose
// logit is -inf unless every entry is.
int sampleCategorical(std::span<const float> row, double temperature, SplitMix64 &rng);

// openai's compression_ratio: UTF-8 byte length / zlib-compressed length (default level). High
// values (> 2.4) mean the text repeats itself. 0 for an empty text.
double compressionRatio(std::string_view utf8);

} // namespace dragoman::torchrt::whisper
