#pragma once
// Token selection over filtered logits, as openai/whisper's GreedyDecoder, BeamSearchDecoder and
// MaximumLikelihoodRanker: plain C++ over rows of floats, so the decoder only moves tensors.

#include "core/inference/torch/whisper/decoding/tokenmath.h"

#include <cstdint>
#include <span>
#include <vector>

namespace dragoman::torchrt::whisper {

// A finished (or cut-off) hypothesis: its sampled tokens without the final end-of-text.
struct Candidate {
  std::vector<int> tokens;
  double sumLogprob = 0;
  bool endedWithEot = false;
};

class ITokenSearch {
public:
  virtual ~ITokenSearch() = default;
  // Rows decoded together (beams, samples).
  virtual int rows() const = 0;
  // The sampled tokens of each row so far (what the logit filters look at).
  virtual const std::vector<std::vector<int>> &sequences() const = 0;
  // logits: rows() x vocab, row-major, already filtered. Appends one token to every row and
  // returns true when the search is complete.
  virtual bool step(std::span<const float> logits, std::size_t vocab) = 0;
  // After step(): row i now continues old row sources()[i]; empty when rows did not move.
  virtual const std::vector<long long> &sources() const = 0;
  // The hypotheses to rank once decoding stops (complete or out of steps).
  virtual std::vector<Candidate> finalize() const = 0;
};

// Greedy (temperature 0: argmax) or sampling (temperature > 0: softmax(logits / T)) over `rows`
// independent rows; a row that reached end-of-text keeps emitting it.
class GreedySearch : public ITokenSearch {
public:
  GreedySearch(int rows, double temperature, int eot, std::uint64_t seed);
  int rows() const override { return static_cast<int>(m_sequences.size()); }
  const std::vector<std::vector<int>> &sequences() const override { return m_sequences; }
  bool step(std::span<const float> logits, std::size_t vocab) override;
  const std::vector<long long> &sources() const override { return m_noSources; }
  std::vector<Candidate> finalize() const override;

private:
  double m_temperature;
  int m_eot;
  SplitMix64 m_rng;
  std::vector<std::vector<int>> m_sequences;
  std::vector<double> m_sumLogprobs;
  std::vector<long long> m_noSources;
};

// Beam search: each step expands every beam by its beamSize + 1 best tokens, keeps the beamSize
// best unfinished continuations and sets finished ones aside; it is complete when
// round(beamSize * patience) hypotheses have finished.
class BeamSearch : public ITokenSearch {
public:
  BeamSearch(int beamSize, double patience, int eot);
  int rows() const override { return m_beamSize; }
  const std::vector<std::vector<int>> &sequences() const override { return m_sequences; }
  bool step(std::span<const float> logits, std::size_t vocab) override;
  const std::vector<long long> &sources() const override { return m_sources; }
  std::vector<Candidate> finalize() const override;
  int maxCandidates() const { return m_maxCandidates; }
  std::size_t finishedCount() const { return m_finished.size(); }

private:
  int m_beamSize;
  int m_maxCandidates;
  int m_eot;
  std::vector<std::vector<int>> m_sequences;
  std::vector<double> m_sumLogprobs;
  std::vector<long long> m_sources;
  std::vector<Candidate> m_finished; // in the order they finished (ties rank the earlier first)
};

// openai's MaximumLikelihoodRanker: the index of the best candidate by sumLogprob / penalty, where
// penalty is the length (lengthPenalty < 0) or ((5 + length) / 6) ^ lengthPenalty (Google NMT).
// The first of equal scores wins. -1 for no candidates.
int rankCandidates(const std::vector<Candidate> &candidates, double lengthPenalty);

} // namespace dragoman::torchrt::whisper
