#include "core/inference/torch/generation/search.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/generation/processors.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dragoman::torchrt::generation {

namespace {

// Hugging Face marks impossible beams with this score (not -inf, so sums stay comparable).
constexpr float kImpossible = -1.0e9f;

bool isEos(const GenerationConfig &c, long long token) {
  return std::find(c.eosTokenIds.begin(), c.eosTokenIds.end(), token) != c.eosTokenIds.end();
}

void checkAbort(const std::atomic_bool &abort) {
  if (abort.load())
    throw ModelError(ErrorCode::Cancelled, "generation cancelled");
}

void checkConfig(const GenerationConfig &c, const IDecoderSteps &decoder) {
  if (c.numBeams < 1)
    throw ModelError(ErrorCode::Input, "num_beams must be at least 1");
  if (c.maxLength < 1)
    throw ModelError(ErrorCode::Input, "max_length must be at least 1");
  if (decoder.vocabSize() < 1)
    throw ModelError(ErrorCode::Input, "the decoder has no vocabulary");
}

float lengthNorm(long long generated, double penalty) {
  return static_cast<float>(std::pow(static_cast<double>(std::max<long long>(generated, 1)), penalty));
}

struct Candidate {
  float score;
  long long flat; // beam * vocab + token
};

// The k best of n scores, best first; equal scores keep the lower index first.
std::vector<Candidate> topK(const float *scores, long long n, int k) {
  std::vector<Candidate> best;
  best.reserve(static_cast<std::size_t>(k) + 1);
  for (long long i = 0; i < n; ++i) {
    const float s = scores[i];
    if (static_cast<int>(best.size()) == k && !(s > best.back().score))
      continue;
    auto at = std::upper_bound(best.begin(), best.end(), s, [](float v, const Candidate &c) { return v > c.score; });
    best.insert(at, Candidate{s, i});
    if (static_cast<int>(best.size()) > k)
      best.pop_back();
  }
  // Fewer than k scores above -inf: fill with the lowest indices of what is left, as topk would
  // return some index for them; they can never be chosen.
  for (long long i = 0; static_cast<int>(best.size()) < k && i < n; ++i) {
    const bool taken = std::any_of(best.begin(), best.end(), [&](const Candidate &c) { return c.flat == i; });
    if (!taken)
      best.push_back(Candidate{scores[i], i});
  }
  return best;
}

} // namespace

std::vector<SearchResult> greedySearch(IDecoderSteps &decoder, int batch, const GenerationConfig &c,
                                       const std::atomic_bool &abort) {
  checkConfig(c, decoder);
  const long long vocab = decoder.vocabSize();
  std::vector<SearchResult> results(static_cast<std::size_t>(batch));
  std::vector<double> logprobSum(static_cast<std::size_t>(batch), 0.0);
  std::vector<int> active(static_cast<std::size_t>(batch)); // sentence of each decoder row
  for (int b = 0; b < batch; ++b) {
    results[static_cast<std::size_t>(b)].best.ids = {c.decoderStartTokenId};
    results[static_cast<std::size_t>(b)].minMargin = std::numeric_limits<float>::infinity();
    active[static_cast<std::size_t>(b)] = b;
  }
  std::vector<float> logits;
  while (!active.empty() && static_cast<int>(results[static_cast<std::size_t>(active[0])].best.ids.size()) < c.maxLength) {
    checkAbort(abort);
    std::vector<long long> tokens;
    for (int b : active)
      tokens.push_back(results[static_cast<std::size_t>(b)].best.ids.back());
    decoder.step(tokens, logits);
    std::vector<long long> keep;
    std::vector<int> still;
    for (std::size_t r = 0; r < active.size(); ++r) {
      SearchResult &res = results[static_cast<std::size_t>(active[r])];
      float *scores = logits.data() + static_cast<long long>(r) * vocab;
      const bool forced = applyProcessors(c, res.best.ids, scores, vocab);
      // The first best token, and the best score of any other (one pass).
      long long arg = 0;
      float best = scores[0], second = -std::numeric_limits<float>::infinity();
      for (long long i = 1; i < vocab; ++i) {
        const float s = scores[i];
        if (s > best) {
          second = best;
          best = s;
          arg = i;
        } else {
          second = std::max(second, s);
        }
      }
      res.minMargin = std::min(res.minMargin, forced ? 1.0e9f : best - second);
      // Its log-probability as logSoftmax gives it, without writing the row.
      logprobSum[static_cast<std::size_t>(active[r])] += std::isfinite(best) ? -logSumExpAbove(scores, vocab, best) : best;
      res.best.ids.push_back(arg);
      if (!isEos(c, arg)) {
        keep.push_back(static_cast<long long>(r));
        still.push_back(active[r]);
      }
    }
    if (still.size() != active.size() && !still.empty())
      decoder.reorder(keep);
    active = std::move(still);
  }
  for (int b = 0; b < batch; ++b) {
    SearchResult &res = results[static_cast<std::size_t>(b)];
    const long long generated = static_cast<long long>(res.best.ids.size()) - 1;
    res.best.score = static_cast<float>(logprobSum[static_cast<std::size_t>(b)]) / lengthNorm(generated, c.lengthPenalty);
    if (!std::isfinite(res.minMargin))
      res.minMargin = 0;
  }
  return results;
}

namespace {

struct Beams {
  std::vector<std::vector<long long>> running;
  std::vector<float> runningScores;
  std::vector<std::vector<long long>> finished;
  std::vector<float> finishedScores;
  std::vector<bool> finishedFlags;
  bool improvable = true; // Hugging Face's is_early_stop_heuristic_unsatisfied
  bool done = false;
};

} // namespace

std::vector<SearchResult> beamSearch(IDecoderSteps &decoder, int batch, const GenerationConfig &c,
                                     const std::atomic_bool &abort) {
  checkConfig(c, decoder);
  const int nb = c.numBeams;
  const long long vocab = decoder.vocabSize();
  const long long promptLen = 1; // the decoder start token
  const int keepCount = std::max(2, 1 + static_cast<int>(c.eosTokenIds.size())) * nb;
  std::vector<Beams> beams(static_cast<std::size_t>(batch));
  std::vector<int> active;
  for (int b = 0; b < batch; ++b) {
    Beams &s = beams[static_cast<std::size_t>(b)];
    s.running.assign(static_cast<std::size_t>(nb), {c.decoderStartTokenId});
    s.runningScores.assign(static_cast<std::size_t>(nb), kImpossible);
    s.runningScores[0] = 0.0f;
    s.finished.assign(static_cast<std::size_t>(nb), {});
    s.finishedScores.assign(static_cast<std::size_t>(nb), kImpossible);
    s.finishedFlags.assign(static_cast<std::size_t>(nb), false);
    active.push_back(b);
  }
  // At the first step every beam of a sentence holds the same tokens (and all but the first score
  // as impossible): the decoder runs one row per sentence, and its logits stand for all beams.
  // The rows become num_beams per sentence at the first reorder.
  long long rowsPerSentence = 1;
  std::vector<float> logits, firstStep;
  long long curLen = promptLen;
  while (!active.empty() && curLen < c.maxLength) {
    checkAbort(abort);
    std::vector<long long> tokens;
    for (int b : active)
      for (long long j = 0; j < rowsPerSentence; ++j)
        tokens.push_back(beams[static_cast<std::size_t>(b)].running[static_cast<std::size_t>(j)].back());
    if (rowsPerSentence == nb) {
      decoder.step(tokens, logits);
    } else {
      decoder.step(tokens, firstStep);
      logits.resize(active.size() * static_cast<std::size_t>(nb * vocab));
      for (std::size_t k = 0; k < active.size(); ++k)
        for (int j = 0; j < nb; ++j)
          std::copy_n(firstStep.begin() + static_cast<long>(k * static_cast<std::size_t>(vocab)), vocab,
                      logits.begin() + static_cast<long>((k * static_cast<std::size_t>(nb) + static_cast<std::size_t>(j)) * static_cast<std::size_t>(vocab)));
    }
    std::vector<long long> reorderIndex;
    std::vector<int> still;
    for (std::size_t k = 0; k < active.size(); ++k) {
      Beams &s = beams[static_cast<std::size_t>(active[k])];
      float *block = logits.data() + static_cast<long long>(k) * nb * vocab;
      for (int j = 0; j < nb; ++j) {
        float *row = block + static_cast<long long>(j) * vocab;
        logSoftmax(row, vocab);
        applyProcessors(c, s.running[static_cast<std::size_t>(j)], row, vocab);
        const float base = s.runningScores[static_cast<std::size_t>(j)];
        for (long long i = 0; i < vocab; ++i)
          row[i] += base;
      }
      const std::vector<Candidate> top = topK(block, nb * vocab, keepCount);
      std::vector<std::vector<long long>> seqs;
      std::vector<bool> hits;
      for (const Candidate &cand : top) {
        std::vector<long long> seq = s.running[static_cast<std::size_t>(cand.flat / vocab)];
        seq.push_back(cand.flat % vocab);
        hits.push_back(isEos(c, seq.back()) || static_cast<long long>(seq.size()) >= c.maxLength);
        seqs.push_back(std::move(seq));
      }
      // Running beams for the next step: the best candidates that did not stop.
      std::vector<float> runScores(top.size());
      std::vector<int> order(top.size());
      for (std::size_t i = 0; i < top.size(); ++i) {
        runScores[i] = top[i].score + (hits[i] ? kImpossible : 0.0f);
        order[i] = static_cast<int>(i);
      }
      std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return runScores[static_cast<std::size_t>(a)] > runScores[static_cast<std::size_t>(b)]; });
      std::vector<std::vector<long long>> nextRunning;
      std::vector<float> nextScores;
      std::vector<long long> parents;
      for (int j = 0; j < nb; ++j) {
        const std::size_t i = static_cast<std::size_t>(order[static_cast<std::size_t>(j)]);
        nextRunning.push_back(seqs[i]);
        nextScores.push_back(runScores[i]);
        parents.push_back(top[i].flat / vocab);
      }
      // Finished hypotheses: the first num_beams candidates that stopped compete with the kept ones.
      const bool full = std::all_of(s.finishedFlags.begin(), s.finishedFlags.end(), [](bool f) { return f; });
      const float norm = lengthNorm(curLen + 1 - promptLen, c.lengthPenalty);
      std::vector<std::vector<long long>> mergedSeqs = s.finished;
      std::vector<float> mergedScores = s.finishedScores;
      std::vector<bool> mergedFlags = s.finishedFlags;
      for (std::size_t i = 0; i < top.size(); ++i) {
        const bool justFinished = hits[i] && static_cast<int>(i) < nb;
        float score = top[i].score / norm;
        if (full && c.earlyStopping == EarlyStopping::True)
          score += kImpossible;
        if (!s.improvable)
          score += kImpossible;
        if (!justFinished)
          score += kImpossible;
        mergedSeqs.push_back(seqs[i]);
        mergedScores.push_back(score);
        mergedFlags.push_back(justFinished);
      }
      std::vector<int> morder(mergedScores.size());
      for (std::size_t i = 0; i < morder.size(); ++i)
        morder[i] = static_cast<int>(i);
      std::stable_sort(morder.begin(), morder.end(), [&](int a, int b) { return mergedScores[static_cast<std::size_t>(a)] > mergedScores[static_cast<std::size_t>(b)]; });
      for (int j = 0; j < nb; ++j) {
        const std::size_t i = static_cast<std::size_t>(morder[static_cast<std::size_t>(j)]);
        s.finished[static_cast<std::size_t>(j)] = mergedSeqs[i];
        s.finishedScores[static_cast<std::size_t>(j)] = mergedScores[i];
        s.finishedFlags[static_cast<std::size_t>(j)] = mergedFlags[i];
      }
      s.running = std::move(nextRunning);
      s.runningScores = std::move(nextScores);
      // The early-stop heuristic at the new length.
      const long long hypothetical =
          (c.earlyStopping == EarlyStopping::Never && c.lengthPenalty > 0.0) ? c.maxLength - promptLen : curLen + 1 - promptLen;
      const float bestPossible = s.runningScores[0] / lengthNorm(hypothetical, c.lengthPenalty);
      const bool allFinished = std::all_of(s.finishedFlags.begin(), s.finishedFlags.end(), [](bool f) { return f; });
      if (allFinished) {
        const float worst = *std::min_element(s.finishedScores.begin(), s.finishedScores.end());
        s.improvable = s.improvable && bestPossible > worst;
      }
      const bool allHit = std::all_of(hits.begin(), hits.end(), [](bool h) { return h; });
      s.done = !s.improvable || (allFinished && c.earlyStopping == EarlyStopping::True) || allHit;
      if (!s.done) {
        for (long long p : parents)
          reorderIndex.push_back(static_cast<long long>(k) * rowsPerSentence + (rowsPerSentence == 1 ? 0 : p));
        still.push_back(active[k]);
      }
    }
    ++curLen;
    if (!still.empty())
      decoder.reorder(reorderIndex);
    rowsPerSentence = nb;
    active = std::move(still);
  }
  std::vector<SearchResult> results(static_cast<std::size_t>(batch));
  for (int b = 0; b < batch; ++b) {
    Beams &s = beams[static_cast<std::size_t>(b)];
    SearchResult &res = results[static_cast<std::size_t>(b)];
    for (int j = 0; j < nb; ++j)
      res.beams.push_back(Hypothesis{s.finished[static_cast<std::size_t>(j)], s.finishedScores[static_cast<std::size_t>(j)]});
    res.best = res.beams.front();
    if (res.best.ids.empty()) // max_length 1: nothing could be generated
      res.best.ids = {c.decoderStartTokenId};
  }
  return results;
}

} // namespace dragoman::torchrt::generation
