#include "core/inference/torch/whisper/decoding/decoder.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/whisper/decoding/logitfilters.h"
#include "core/inference/torch/whisper/decoding/search.h"
#include "core/inference/torch/tokenizers/whispervocab.h"

#include <ATen/ops/empty.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace dragoman::torchrt::whisper {

namespace {

void checkAbort(const std::atomic_bool &abort) {
  if (abort.load(std::memory_order_relaxed))
    throw ModelError(ErrorCode::Cancelled, "decoding cancelled");
}

at::Tensor tokenTensor(const std::vector<std::vector<int>> &rows, std::size_t width) {
  at::Tensor t = at::empty({static_cast<long long>(rows.size()), static_cast<long long>(width)}, at::kLong);
  auto *p = t.data_ptr<int64_t>();
  for (const auto &row : rows)
    for (std::size_t i = 0; i < width; ++i)
      *p++ = row[row.size() - width + i];
  return t;
}

at::Tensor indexTensor(const std::vector<long long> &index) {
  at::Tensor t = at::empty({static_cast<long long>(index.size())}, at::kLong);
  std::copy(index.begin(), index.end(), t.data_ptr<int64_t>());
  return t;
}

// logits [B, T, V] float on the CPU -> the last position of every row, copied: [B * V].
std::vector<float> lastPositions(const at::Tensor &logitsIn) {
  const at::Tensor logits = logitsIn.contiguous();
  const long long b = logits.size(0), t = logits.size(1), v = logits.size(2);
  std::vector<float> out(static_cast<std::size_t>(b * v));
  const float *src = logits.data_ptr<float>();
  for (long long r = 0; r < b; ++r)
    std::memcpy(out.data() + r * v, src + (r * t + t - 1) * v, static_cast<std::size_t>(v) * sizeof(float));
  return out;
}

double noSpeechProbability(const at::Tensor &logits, long long sotIndex, int noSpeech) {
  if (noSpeech < 0 || noSpeech >= logits.size(2))
    return 0;
  const at::Tensor row = logits[0][sotIndex].contiguous();
  const std::span<const float> values(row.data_ptr<float>(), static_cast<std::size_t>(row.numel()));
  return std::exp(static_cast<double>(values[static_cast<std::size_t>(noSpeech)]) - logSumExp(values));
}

std::uint64_t samplingSeed(std::uint64_t seed, double temperature) {
  // Each temperature of the fallback ladder draws its own stream.
  return seed ^ (std::bit_cast<std::uint64_t>(temperature) * 0x9E3779B97F4A7C15ULL);
}

DecodeResult finish(std::vector<int> tokens, bool endedWithEot, double sumLogprob, const WhisperVocab &vocab,
                    double temperature) {
  DecodeResult r;
  r.tokens = std::move(tokens);
  r.endedWithEot = endedWithEot;
  r.sumLogprob = sumLogprob;
  r.avgLogprob = sumLogprob / static_cast<double>(r.tokens.size() + 1);
  r.text = trimText(vocab.decodeText(r.tokens));
  r.compressionRatio = compressionRatio(r.text);
  r.temperature = temperature;
  return r;
}

} // namespace

int maxNewTokens(const WhisperModel &model, const DecodeOptions &options) {
  return options.maxNewTokens > 0 ? options.maxNewTokens : model.config().maxTargetPositions / 2;
}

DecodeResult decodeWindow(WhisperModel &model, const at::Tensor &encoderOut, const WhisperVocab &vocab,
                          const std::vector<int> &prompt, const DecodeOptions &options, double temperature,
                          const std::atomic_bool &abort) {
  c10::InferenceMode inference;
  const auto sotAt = std::find(prompt.begin(), prompt.end(), vocab.sot);
  if (sotAt == prompt.end())
    throw ModelError(ErrorCode::Input, "decoder prompt has no <|startoftranscript|> token");
  const long long contextLimit = model.config().maxTargetPositions;
  if (static_cast<long long>(prompt.size()) > contextLimit)
    throw ModelError(ErrorCode::Input, "decoder prompt of " + std::to_string(prompt.size()) +
                                           " tokens fills the text context of " + std::to_string(contextLimit));
  const int budget = maxNewTokens(model, options);
  checkAbort(abort);

  const bool beam = !options.plainArgmax && temperature <= 0 && options.beamSize > 1;
  int rows = 1;
  if (beam)
    rows = options.beamSize;
  else if (!options.plainArgmax && temperature > 0)
    rows = std::max(options.bestOf, 1);

  std::unique_ptr<ITokenSearch> search;
  if (beam)
    search = std::make_unique<BeamSearch>(options.beamSize, options.patience, vocab.eot);
  else
    search = std::make_unique<GreedySearch>(rows, options.plainArgmax ? 0.0 : temperature, vocab.eot,
                                            samplingSeed(options.seed, temperature));
  const LogitFilterChain filters = makeLogitFilters(vocab, options, 30.0 / model.config().maxSourcePositions);

  // The prompt once, for one row; then the cache is copied to every row.
  std::unique_ptr<IDecoderSession> session = model.startDecoding(encoderOut, 1);
  const at::Tensor promptLogits = session->forward(tokenTensor({prompt}, prompt.size()));
  const double noSpeech = noSpeechProbability(promptLogits, sotAt - prompt.begin(), vocab.noSpeech);
  std::vector<float> logits = lastPositions(promptLogits);
  const auto vocabSize = static_cast<std::size_t>(promptLogits.size(2));
  if (rows > 1) {
    session->reorder(indexTensor(std::vector<long long>(static_cast<std::size_t>(rows), 0)));
    std::vector<float> replicated(vocabSize * static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r)
      std::copy(logits.begin(), logits.end(), replicated.begin() + static_cast<std::ptrdiff_t>(r * vocabSize));
    logits = std::move(replicated);
  }

  int steps = 0;
  std::vector<int> plain;
  double plainSum = 0;
  for (int i = 0; i < budget; ++i) {
    checkAbort(abort);
    ++steps;
    bool completed = false;
    if (options.plainArgmax) {
      const int next = argmax(logits);
      plainSum += static_cast<double>(logits[static_cast<std::size_t>(next)]) - logSumExp(logits);
      plain.push_back(next);
    } else {
      for (int r = 0; r < rows; ++r)
        applyFilters(filters, std::span<float>(logits).subspan(static_cast<std::size_t>(r) * vocabSize, vocabSize),
                     search->sequences()[static_cast<std::size_t>(r)]);
      completed = search->step(logits, vocabSize);
    }
    const std::size_t generated = options.plainArgmax ? plain.size() : search->sequences().front().size();
    // Like openai: stop once the sequence outgrows the text context (the next forward would not fit).
    if (completed || i + 1 == budget || static_cast<long long>(prompt.size() + generated) > contextLimit)
      break;
    if (!options.plainArgmax && !search->sources().empty()) {
      const auto &src = search->sources();
      bool identity = true;
      for (std::size_t r = 0; r < src.size(); ++r)
        identity = identity && src[r] == static_cast<long long>(r);
      if (!identity)
        session->reorder(indexTensor(src));
    }
    const at::Tensor next = options.plainArgmax ? tokenTensor({plain}, 1) : tokenTensor(search->sequences(), 1);
    logits = lastPositions(session->forward(next));
  }

  DecodeResult result;
  if (options.plainArgmax) {
    const bool ended = !plain.empty() && plain.back() == vocab.eot;
    result = finish(std::move(plain), ended, plainSum, vocab, temperature);
  } else {
    std::vector<Candidate> candidates = search->finalize();
    const int best = rankCandidates(candidates, options.lengthPenalty);
    Candidate chosen = best >= 0 ? std::move(candidates[static_cast<std::size_t>(best)]) : Candidate{};
    result = finish(std::move(chosen.tokens), chosen.endedWithEot, chosen.sumLogprob, vocab, temperature);
  }
  result.noSpeechProb = noSpeech;
  result.steps = steps;
  return result;
}

} // namespace dragoman::torchrt::whisper
