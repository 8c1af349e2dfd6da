#include "core/inference/torch/whisper/decoding/search.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>

namespace dragoman::torchrt::whisper {

namespace {

std::span<const float> rowOf(std::span<const float> logits, std::size_t vocab, std::size_t r) {
  return logits.subspan(r * vocab, vocab);
}

} // namespace

GreedySearch::GreedySearch(int rows, double temperature, int eot, std::uint64_t seed)
    : m_temperature(temperature), m_eot(eot), m_rng(seed), m_sequences(static_cast<std::size_t>(std::max(rows, 1))),
      m_sumLogprobs(m_sequences.size(), 0.0) {}

bool GreedySearch::step(std::span<const float> logits, std::size_t vocab) {
  if (logits.size() < m_sequences.size() * vocab)
    throw std::invalid_argument("GreedySearch::step: fewer logits than rows x vocab");
  bool allDone = true;
  for (std::size_t r = 0; r < m_sequences.size(); ++r) {
    std::vector<int> &seq = m_sequences[r];
    const std::span<const float> row = rowOf(logits, vocab, r);
    // Draw for every row, finished or not, so that one row's end does not shift the others' draws.
    int next = m_temperature > 0 ? sampleCategorical(row, m_temperature, m_rng) : argmax(row);
    if (!seq.empty() && seq.back() == m_eot) {
      next = m_eot;
    } else {
      const double top = logSumExp(row);
      m_sumLogprobs[r] += static_cast<double>(row[static_cast<std::size_t>(next)]) - top;
    }
    seq.push_back(next);
    allDone = allDone && next == m_eot;
  }
  return allDone;
}

std::vector<Candidate> GreedySearch::finalize() const {
  std::vector<Candidate> out;
  for (std::size_t r = 0; r < m_sequences.size(); ++r) {
    const std::vector<int> &seq = m_sequences[r];
    const auto end = std::find(seq.begin(), seq.end(), m_eot);
    out.push_back(Candidate{std::vector<int>(seq.begin(), end), m_sumLogprobs[r], end != seq.end()});
  }
  return out;
}

BeamSearch::BeamSearch(int beamSize, double patience, int eot)
    : m_beamSize(std::max(beamSize, 1)), m_eot(eot), m_sequences(static_cast<std::size_t>(m_beamSize)),
      m_sumLogprobs(m_sequences.size(), 0.0) {
  // Python's round(): halves to even, as std::nearbyint in the default rounding mode.
  m_maxCandidates = static_cast<int>(std::nearbyint(m_beamSize * (patience > 0 ? patience : 1.0)));
  if (m_maxCandidates <= 0)
    throw std::invalid_argument("beam search: beam size times patience must be at least 1");
}

bool BeamSearch::step(std::span<const float> logits, std::size_t vocab) {
  if (logits.size() < m_sequences.size() * vocab)
    throw std::invalid_argument("BeamSearch::step: fewer logits than beams x vocab");
  struct Scored {
    std::vector<int> tokens;
    double score;
    long long source;
  };
  // Equal continuations of equal beams (all beams are equal at the first step) count once; the
  // later beam becomes the source, its place in the order stays the first one's.
  std::vector<Scored> scored;
  std::map<std::vector<int>, std::size_t> seen;
  for (std::size_t b = 0; b < m_sequences.size(); ++b) {
    // log-softmax keeps the order: the best raw logits are the best log-probabilities.
    const std::span<const float> row = rowOf(logits, vocab, b);
    const double norm = logSumExp(row);
    for (int token : topK(row, m_beamSize + 1)) {
      std::vector<int> tokens = m_sequences[b];
      tokens.push_back(token);
      const double score = m_sumLogprobs[b] + (static_cast<double>(row[static_cast<std::size_t>(token)]) - norm);
      const auto [it, fresh] = seen.emplace(tokens, scored.size());
      if (fresh) {
        scored.push_back(Scored{std::move(tokens), score, static_cast<long long>(b)});
      } else {
        scored[it->second].score = score;
        scored[it->second].source = static_cast<long long>(b);
      }
    }
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored &a, const Scored &b) { return a.score > b.score; });

  std::vector<std::vector<int>> next;
  std::vector<double> nextSums;
  m_sources.clear();
  std::vector<Candidate> newlyFinished;
  for (Scored &s : scored) {
    if (s.tokens.back() == m_eot) {
      s.tokens.pop_back();
      newlyFinished.push_back(Candidate{std::move(s.tokens), s.score, true});
      continue;
    }
    next.push_back(std::move(s.tokens));
    nextSums.push_back(s.score);
    m_sources.push_back(s.source);
    if (static_cast<int>(next.size()) == m_beamSize)
      break;
  }
  // Fewer distinct live continuations than beams (a tiny vocabulary): repeat the best one, so the
  // batch keeps its size.
  while (!next.empty() && static_cast<int>(next.size()) < m_beamSize) {
    next.push_back(next.front());
    nextSums.push_back(nextSums.front());
    m_sources.push_back(m_sources.front());
  }
  if (!next.empty()) {
    m_sequences = std::move(next);
    m_sumLogprobs = std::move(nextSums);
  } else {
    m_sources.clear();
  }
  for (Candidate &c : newlyFinished) {
    if (static_cast<int>(m_finished.size()) >= m_maxCandidates)
      break;
    m_finished.push_back(std::move(c));
  }
  return static_cast<int>(m_finished.size()) >= m_maxCandidates;
}

std::vector<Candidate> BeamSearch::finalize() const {
  std::vector<Candidate> out = m_finished;
  if (static_cast<int>(out.size()) < m_beamSize) {
    // Out of steps before enough beams finished: the live beams count too, best first.
    std::vector<std::size_t> order(m_sequences.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return m_sumLogprobs[a] > m_sumLogprobs[b]; });
    for (std::size_t i : order) {
      const bool duplicate = std::any_of(
          out.begin(), out.end(), [&](const Candidate &c) { return !c.endedWithEot && c.tokens == m_sequences[i]; });
      if (!duplicate)
        out.push_back(Candidate{m_sequences[i], m_sumLogprobs[i], false});
      if (static_cast<int>(out.size()) >= m_beamSize)
        break;
    }
  }
  return out;
}

int rankCandidates(const std::vector<Candidate> &candidates, double lengthPenalty) {
  int best = -1;
  double bestScore = 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const double length = static_cast<double>(candidates[i].tokens.size());
    const double penalty = lengthPenalty < 0 ? std::max(length, 1.0) : std::pow((5.0 + length) / 6.0, lengthPenalty);
    const double score = candidates[i].sumLogprob / penalty;
    if (best < 0 || score > bestScore) {
      best = static_cast<int>(i);
      bestScore = score;
    }
  }
  return best;
}

} // namespace dragoman::torchrt::whisper
