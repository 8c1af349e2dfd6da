#include "core/inference/torch/whisper/decoding/logitfilters.h"

#include "core/inference/torch/whisper/decoding/tokenmath.h"
#include "core/inference/torch/tokenizers/whispervocab.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dragoman::torchrt::whisper {

namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

void forbid(std::span<float> logits, int id) {
  if (id >= 0 && static_cast<std::size_t>(id) < logits.size())
    logits[static_cast<std::size_t>(id)] = kNegInf;
}

// [from, to) clipped to the row.
void forbidRange(std::span<float> logits, long long from, long long to) {
  const long long n = static_cast<long long>(logits.size());
  from = std::clamp(from, 0LL, n);
  to = std::clamp(to, 0LL, n);
  for (long long i = from; i < to; ++i)
    logits[static_cast<std::size_t>(i)] = kNegInf;
}

} // namespace

void SuppressBlank::apply(std::span<float> logits, std::span<const int> sampled) const {
  if (!sampled.empty())
    return;
  for (int id : m_ids)
    forbid(logits, id);
}

SuppressTokens::SuppressTokens(std::vector<int> ids) : m_ids(std::move(ids)) {
  std::sort(m_ids.begin(), m_ids.end());
  m_ids.erase(std::unique(m_ids.begin(), m_ids.end()), m_ids.end());
}

void SuppressTokens::apply(std::span<float> logits, std::span<const int>) const {
  for (int id : m_ids)
    forbid(logits, id);
}

void ApplyTimestampRules::apply(std::span<float> logits, std::span<const int> sampled) const {
  const long long tb = m_timestampBegin;
  const long long vocab = static_cast<long long>(logits.size());
  // <|notimestamps|> is the caller's choice, never the model's.
  forbid(logits, m_noTimestamps);

  const std::size_t n = sampled.size();
  const bool lastWasTimestamp = n >= 1 && sampled[n - 1] >= tb;
  const bool penultimateWasTimestamp = n < 2 || sampled[n - 2] >= tb;
  if (lastWasTimestamp) {
    if (penultimateWasTimestamp)
      forbidRange(logits, tb, vocab); // a pair just closed (or the opening one): text must follow
    else
      forbidRange(logits, 0, m_eot); // a segment's end: its pair partner or end-of-text
  }

  // Timestamps never go back; a new segment must start after the last one ended (a zero-length
  // segment would let the model loop forever on the same instant).
  for (std::size_t i = n; i-- > 0;) {
    if (sampled[i] < tb)
      continue;
    const long long last = sampled[i];
    const long long firstAllowed = (lastWasTimestamp && !penultimateWasTimestamp) ? last : last + 1;
    forbidRange(logits, tb, firstAllowed);
    break;
  }

  if (n == 0) {
    forbidRange(logits, 0, tb); // the first token is a timestamp
    if (m_maxInitial)
      forbidRange(logits, tb + *m_maxInitial + 1, vocab);
  }

  // Both sides share the softmax normaliser, so comparing raw log-sum-exp with the raw maximum
  // is the same as comparing the log-probabilities.
  if (tb < vocab) {
    const std::span<const float> all(logits.data(), logits.size());
    const double timestampMass = logSumExp(all.subspan(static_cast<std::size_t>(tb)));
    float bestText = kNegInf;
    for (long long i = 0; i < tb; ++i)
      bestText = std::max(bestText, logits[static_cast<std::size_t>(i)]);
    if (timestampMass > bestText)
      forbidRange(logits, 0, tb);
  }
}

std::vector<int> suppressedTokens(const WhisperVocab &vocab, const DecodeOptions &options) {
  std::vector<int> ids;
  if (options.suppressNonSpeech)
    ids = vocab.nonSpeechTokens();
  for (int id : options.suppressTokens)
    if (id >= 0)
      ids.push_back(id);
  for (int id : {vocab.transcribe, vocab.translate, vocab.sot, vocab.startOfPrev, vocab.startOfLm, vocab.noSpeech})
    if (id >= 0)
      ids.push_back(id);
  if (options.timestamps && vocab.noTimestamps >= 0)
    ids.push_back(vocab.noTimestamps);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

LogitFilterChain makeLogitFilters(const WhisperVocab &vocab, const DecodeOptions &options, double timePrecision) {
  LogitFilterChain chain;
  if (options.plainArgmax)
    return chain;
  if (options.suppressBlank) {
    std::vector<int> blank = vocab.tokenizer.encode(" ");
    blank.push_back(vocab.eot);
    chain.push_back(std::make_unique<SuppressBlank>(std::move(blank)));
  }
  chain.push_back(std::make_unique<SuppressTokens>(suppressedTokens(vocab, options)));
  if (options.timestamps) {
    std::optional<int> maxInitial;
    if (options.maxInitialTimestamp > 0 && timePrecision > 0)
      maxInitial = static_cast<int>(std::nearbyint(options.maxInitialTimestamp / timePrecision));
    chain.push_back(
        std::make_unique<ApplyTimestampRules>(vocab.eot, vocab.noTimestamps, vocab.timestampBegin, maxInitial));
  }
  return chain;
}

void applyFilters(const LogitFilterChain &filters, std::span<float> logits, std::span<const int> sampled) {
  for (const auto &f : filters)
    f->apply(logits, sampled);
}

} // namespace dragoman::torchrt::whisper
