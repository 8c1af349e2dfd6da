#include "core/inference/torch/seq2seq/translator.h"

#include "core/inference/torch/runtime/memory.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/guarded.h"
#include "core/inference/torch/generation/search.h"
#include "core/inference/torch/seq2seq/model.h"
#include "core/inference/torch/tokenizers/seq2seqtokenizer.h"
#include "core/telemetry/profiler/profiler.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <chrono>

namespace dragoman::torchrt::seq2seq {

struct Translator::Impl {
  LoadReport report;
  Seq2SeqConfig config;
  std::unique_ptr<Seq2SeqModel> model;
  std::unique_ptr<Seq2SeqTokenizer> tokenizer;

  generation::GenerationConfig generationFor(const GenerateOptions &o, const std::string &target) const {
    generation::GenerationConfig g = config.generation;
    if (o.numBeams > 0)
      g.numBeams = o.numBeams;
    if (o.maxLength > 0)
      g.maxLength = o.maxLength;
    if (o.maxNewTokens > 0)
      g.maxLength = 1 + o.maxNewTokens; // the decoder start token is the prompt
    if (o.noRepeatNgram >= 0)
      g.noRepeatNgramSize = o.noRepeatNgram;
    if (!std::isnan(o.lengthPenalty))
      g.lengthPenalty = o.lengthPenalty;
    if (config.family == Family::M2M100) {
      const std::optional<long long> id = tokenizer->languageTokenId(target);
      if (!id)
        throw ModelError(ErrorCode::Input, "the model in " + report.folder + " has no target language '" + target + "'");
      g.forcedBosTokenId = *id;
    }
    return g;
  }

  std::string markedText(const std::string &text, const std::string &target) const {
    if (config.family != Family::Marian || target.empty())
      return text;
    if (!tokenizer->languageTokenId(target))
      throw ModelError(ErrorCode::Input, "the model in " + report.folder + " has no target token '" + target + "'");
    return target + " " + text;
  }

  std::vector<long long> ids(const std::string &text, const std::string &source, const std::string &target) const {
    std::vector<long long> out = tokenizer->encode(markedText(text, target), source);
    if (static_cast<long long>(out.size()) > config.maxPositions)
      throw ModelError(ErrorCode::Input, "a text of " + std::to_string(out.size()) + " tokens is longer than the " +
                                             std::to_string(config.maxPositions) + " the model in " + report.folder + " reads at once");
    return out;
  }

  // Right-padded ids and their mask, [B, S].
  std::pair<at::Tensor, at::Tensor> batchOf(const std::vector<std::vector<long long>> &rows) const {
    std::size_t longest = 1;
    for (const auto &r : rows)
      longest = std::max(longest, r.size());
    at::Tensor ids = at::full({static_cast<long long>(rows.size()), static_cast<long long>(longest)}, static_cast<int64_t>(config.padTokenId), at::kLong);
    at::Tensor mask = at::zeros({static_cast<long long>(rows.size()), static_cast<long long>(longest)}, at::kLong);
    for (std::size_t b = 0; b < rows.size(); ++b)
      for (std::size_t i = 0; i < rows[b].size(); ++i) {
        ids[static_cast<long long>(b)][static_cast<long long>(i)] = static_cast<int64_t>(rows[b][i]);
        mask[static_cast<long long>(b)][static_cast<long long>(i)] = 1;
      }
    return {ids, mask};
  }
};

Translator::Translator() : d(std::make_unique<Impl>()) {}
Translator::~Translator() = default;

std::unique_ptr<Translator> Translator::load(const std::string &folder, const RuntimeOptions &runtime) {
  c10::InferenceMode guard;
  applyThreads(runtime.threads);
  const ResolvedRuntime resolved = resolveRuntime(runtime);
  const auto start = std::chrono::steady_clock::now();
  const long long rssBefore = currentRssBytes();
  std::unique_ptr<Translator> t(new Translator);
  Impl &d = *t->d;
  d.config = loadSeq2SeqConfig(folder); // config errors before the big read
  d.tokenizer = d.config.family == Family::Marian ? loadMarianTokenizer(folder) : loadM2M100FamilyTokenizer(folder);
  if (d.tokenizer->vocabSize() > d.config.vocabSize)
    throw ModelError(ErrorCode::Corrupt, folder + ": the tokenizer has " + std::to_string(d.tokenizer->vocabSize()) +
                                             " tokens but config.json's vocab_size is " + std::to_string(d.config.vocabSize));
  tuneAllocator();
  d.model = guarded("loading the model", [&] { return std::make_unique<Seq2SeqModel>(folder, d.config, resolved); });
  LoadReport &r = d.report;
  r.folder = folder;
  r.family = d.tokenizer->family();
  r.weights = d.model->weightsSource();
  r.device = resolved.device;
  r.dtype = resolved.dtype;
  r.loadMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  r.weightBytes = d.model->parameterBytes();
  r.rssGrowthBytes = currentRssBytes() - rssBefore;
  r.dModel = d.config.dModel;
  r.encoderLayers = d.config.encoderLayers;
  r.decoderLayers = d.config.decoderLayers;
  r.vocabSize = d.config.vocabSize;
  r.maxPositions = d.config.maxPositions;
  return t;
}

const LoadReport &Translator::report() const { return d->report; }
bool Translator::isNllb() const { return d->config.family == Family::M2M100; }
std::vector<std::string> Translator::languageTokens() const { return d->tokenizer->languageTokens(); }
bool Translator::knowsLanguageToken(const std::string &token) const { return d->tokenizer->languageTokenId(token).has_value(); }
std::pair<std::string, std::string> Translator::declaredPair() const { return d->tokenizer->declaredPair(); }
int Translator::maxInputTokens() const { return d->config.maxPositions; }

std::vector<long long> Translator::inputIds(const std::string &text, const std::string &source, const std::string &target) const {
  return d->ids(text, source, target);
}

std::size_t Translator::tokenCount(const std::string &text, const std::string &source, const std::string &target) const {
  return d->tokenizer->encode(d->markedText(text, target), source).size();
}

std::vector<Translation> Translator::translate(const std::vector<std::string> &texts, const std::string &source,
                                               const std::string &target, const GenerateOptions &options, const std::atomic_bool &abort) {
  DRAGOMAN_PROFILE_SCOPE("mt.batch");
  c10::InferenceMode guard;
  std::vector<Translation> out(texts.size());
  if (texts.empty())
    return out;
  const generation::GenerationConfig g = d->generationFor(options, target);
  std::vector<std::vector<long long>> rows;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    out[i].inputIds = d->ids(texts[i], source, target);
    rows.push_back(out[i].inputIds);
  }
  return guarded("translating", [&] {
    const auto [ids, mask] = d->batchOf(rows);
    const at::Tensor encoded = d->model->encode(ids, mask);
    std::unique_ptr<DecoderState> state = d->model->startDecoding(encoded, mask);
    const int batch = static_cast<int>(texts.size());
    const std::vector<generation::SearchResult> results =
        g.numBeams > 1 ? generation::beamSearch(*state, batch, g, abort) : generation::greedySearch(*state, batch, g, abort);
    for (std::size_t i = 0; i < texts.size(); ++i) {
      out[i].ids = results[i].best.ids;
      out[i].score = results[i].best.score;
      out[i].text = d->tokenizer->decode(out[i].ids);
    }
    return out;
  });
}

StepDump Translator::dump(const std::string &text, const std::string &source, const std::string &target, const GenerateOptions &options) {
  c10::InferenceMode guard;
  GenerateOptions greedy = options;
  greedy.numBeams = 1;
  const std::atomic_bool never{false};
  const Translation path = translate({text}, source, target, greedy, never).front();
  return guarded("dumping", [&] {
    StepDump out;
    out.inputIds = path.inputIds;
    const auto [ids, mask] = d->batchOf({path.inputIds});
    const at::Tensor encoded = d->model->encode(ids, mask);
    const at::Tensor enc = encoded[0].to(at::kCPU, at::kFloat).contiguous();
    out.dModel = d->config.dModel;
    out.encoderOut.assign(enc.data_ptr<float>(), enc.data_ptr<float>() + enc.numel());
    out.vocab = d->config.vocabSize;
    out.steps = static_cast<int>(std::min<std::size_t>(3, path.ids.size() > 0 ? path.ids.size() - 1 : 0));
    for (int k = 1; k <= out.steps; ++k) {
      // A fresh decoder over the first k tokens, without the cache: the reference's computation.
      std::unique_ptr<DecoderState> state = d->model->startDecoding(encoded, mask);
      const at::Tensor tokens = at::tensor(std::vector<int64_t>(path.ids.begin(), path.ids.begin() + k), at::kLong).unsqueeze(0);
      const at::Tensor logits = state->forward(tokens)[0][k - 1].contiguous();
      out.stepLogits.insert(out.stepLogits.end(), logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
    }
    return out;
  });
}

} // namespace dragoman::torchrt::seq2seq
