#include "core/inference/torch/whisper/decoding/tokenmath.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace dragoman::torchrt::whisper {

namespace {
constexpr float kNegInf = -std::numeric_limits<float>::infinity();
}

double logSumExp(std::span<const float> row) {
  float top = kNegInf;
  for (float v : row)
    top = std::max(top, v);
  if (top == kNegInf)
    return -std::numeric_limits<double>::infinity();
  // Float exponentials (each term is within float precision anyway), summed in double: this runs
  // over the whole vocabulary for every row at every step.
  double sum = 0;
  for (float v : row)
    sum += static_cast<double>(std::exp(v - top));
  return static_cast<double>(top) + std::log(sum);
}

std::vector<float> logSoftmax(std::span<const float> row) {
  const double norm = logSumExp(row);
  std::vector<float> out(row.size());
  for (std::size_t i = 0; i < row.size(); ++i)
    out[i] = static_cast<float>(row[i] - norm);
  return out;
}

int argmax(std::span<const float> row) {
  int best = 0;
  for (std::size_t i = 1; i < row.size(); ++i)
    if (row[i] > row[static_cast<std::size_t>(best)])
      best = static_cast<int>(i);
  return best;
}

std::vector<int> topK(std::span<const float> row, int k) {
  // One pass keeping the k best in order (k is a beam width: small), instead of sorting the
  // whole vocabulary.
  const auto n = std::min<std::size_t>(static_cast<std::size_t>(std::max(k, 0)), row.size());
  std::vector<int> best;
  best.reserve(n + 1);
  for (std::size_t i = 0; i < row.size(); ++i) {
    const float v = row[i];
    if (best.size() == n && (n == 0 || !(v > row[static_cast<std::size_t>(best.back())])))
      continue; // not better than the worst kept (an equal value keeps the lower index)
    auto at = best.end();
    while (at != best.begin() && v > row[static_cast<std::size_t>(*(at - 1))])
      --at;
    best.insert(at, static_cast<int>(i));
    if (best.size() > n)
      best.pop_back();
  }
  return best;
}

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double SplitMix64::uniform() {
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

int sampleCategorical(std::span<const float> row, double temperature, SplitMix64 &rng) {
  float top = kNegInf;
  for (float v : row)
    top = std::max(top, v);
  if (top == kNegInf || row.empty())
    return 0;
  std::vector<double> weights(row.size());
  const float invT = static_cast<float>(1.0 / temperature);
  double total = 0;
  for (std::size_t i = 0; i < row.size(); ++i) {
    weights[i] = row[i] == kNegInf ? 0.0 : static_cast<double>(std::exp((row[i] - top) * invT));
    total += weights[i];
  }
  const double target = rng.uniform() * total;
  double acc = 0;
  int last = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] <= 0)
      continue;
    acc += weights[i];
    last = static_cast<int>(i);
    if (acc > target)
      return last;
  }
  return last; // rounding left the target past the end: the last possible index
}

double compressionRatio(std::string_view utf8) {
  if (utf8.empty())
    return 0;
  uLongf size = compressBound(static_cast<uLong>(utf8.size()));
  std::vector<Bytef> out(size);
  if (compress(out.data(), &size, reinterpret_cast<const Bytef *>(utf8.data()), static_cast<uLong>(utf8.size())) !=
      Z_OK)
    return 0;
  return static_cast<double>(utf8.size()) / static_cast<double>(size);
}

} // namespace dragoman::torchrt::whisper
