#pragma once
// openai/whisper's logit filters, applied in order to each row of logits before a token is chosen:
// SuppressBlank, SuppressTokens, ApplyTimestampRules. They work on plain float rows so that the
// searches and their tests need no torch.

#include "core/inference/torch/whisper/types.h"

#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace dragoman::torchrt::whisper {

struct WhisperVocab;

class ILogitFilter {
public:
  virtual ~ILogitFilter() = default;
  // logits: one row (vocabulary size); sampled: the tokens this row produced after the prompt.
  virtual void apply(std::span<float> logits, std::span<const int> sampled) const = 0;
};

// At the first sampled position only, forbid a lone space and end-of-text: an empty transcript
// is never the first choice.
class SuppressBlank : public ILogitFilter {
public:
  explicit SuppressBlank(std::vector<int> blankIds) : m_ids(std::move(blankIds)) {}
  void apply(std::span<float> logits, std::span<const int> sampled) const override;

private:
  std::vector<int> m_ids;
};

// Forbids a fixed set of ids at every step.
class SuppressTokens : public ILogitFilter {
public:
  explicit SuppressTokens(std::vector<int> ids);
  void apply(std::span<float> logits, std::span<const int> sampled) const override;
  const std::vector<int> &ids() const { return m_ids; }

private:
  std::vector<int> m_ids; // sorted, unique
};

// Keeps timestamp tokens well-formed: they come in pairs (except the one just before end-of-text),
// never decrease, the first token is a timestamp no later than maxInitialIndex, and when the
// timestamps together are likelier than any single text token a timestamp is forced.
class ApplyTimestampRules : public ILogitFilter {
public:
  ApplyTimestampRules(int eot, int noTimestamps, int timestampBegin, std::optional<int> maxInitialIndex)
      : m_eot(eot), m_noTimestamps(noTimestamps), m_timestampBegin(timestampBegin), m_maxInitial(maxInitialIndex) {}
  void apply(std::span<float> logits, std::span<const int> sampled) const override;

private:
  int m_eot;
  int m_noTimestamps;
  int m_timestampBegin;
  std::optional<int> m_maxInitial;
};

using LogitFilterChain = std::vector<std::unique_ptr<ILogitFilter>>;

// The ids SuppressTokens forbids for these options: openai's non-speech symbols when
// suppressNonSpeech, the caller's extra ids, and always the task/control specials (sot,
// translate, transcribe, startofprev, startoflm, nospeech; notimestamps when timestamps are on).
std::vector<int> suppressedTokens(const WhisperVocab &vocab, const DecodeOptions &options);

// The filters openai's DecodingTask builds for these options (none in plainArgmax mode).
// timePrecision: seconds per timestamp step (30 s / encoder positions, 0.02).
LogitFilterChain makeLogitFilters(const WhisperVocab &vocab, const DecodeOptions &options, double timePrecision = 0.02);

void applyFilters(const LogitFilterChain &filters, std::span<float> logits, std::span<const int> sampled);

} // namespace dragoman::torchrt::whisper
