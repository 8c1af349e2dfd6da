#pragma once
// Greedy and beam search over a decoder that appends one token per row and step, with Hugging
// Face's generate() semantics (GenerationMixin._sample without sampling, and the vectorised
// _beam_search). Plain C++: the model side is IDecoderSteps, so the search is tested without torch.

#include "core/inference/torch/generation/generationconfig.h"

#include <atomic>
#include <vector>

namespace dragoman::torchrt::generation {

// A decoder holding one cached sequence per row.
class IDecoderSteps {
public:
  virtual ~IDecoderSteps() = default;
  // Appends tokens[i] to row i; logits receives [rows, vocabSize()] raw scores, row-major.
  virtual void step(const std::vector<long long> &tokens, std::vector<float> &logits) = 0;
  // Row i becomes the old row index[i]; rows may be repeated or dropped.
  virtual void reorder(const std::vector<long long> &index) = 0;
  virtual long long vocabSize() const = 0;
};

struct Hypothesis {
  std::vector<long long> ids; // the decoder start token first, up to and including the end token
  float score = 0;            // sum of log-probabilities / (generated tokens ^ length_penalty)
};

struct SearchResult {
  Hypothesis best;
  std::vector<Hypothesis> beams; // beam search: every finished slot, best first
  float minMargin = 0;           // greedy: smallest top1 - top2 of the processed scores (1e9 when forced)
};

// `decoder` starts with `batch` rows, one per source sentence, each holding nothing yet. The
// decoder start token is fed first. Rows of finished sentences are dropped through reorder().
// Throws ModelError(Cancelled) when abort is set between steps.
std::vector<SearchResult> greedySearch(IDecoderSteps &decoder, int batch, const GenerationConfig &config,
                                       const std::atomic_bool &abort);
// Same with config.numBeams rows per sentence (the decoder's rows are repeated at the start).
std::vector<SearchResult> beamSearch(IDecoderSteps &decoder, int batch, const GenerationConfig &config,
                                     const std::atomic_bool &abort);

} // namespace dragoman::torchrt::generation
