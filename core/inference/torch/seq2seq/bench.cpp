#include "core/inference/torch/seq2seq/bench.h"

#include "core/inference/torch/runtime/memory.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/generation/search.h"
#include "core/inference/torch/seq2seq/model.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <atomic>
#include <chrono>
#include <functional>

namespace dragoman::torchrt::seq2seq {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

Timing perToken(Timing t, int tokens) {
  return Timing{t.median / tokens, t.min / tokens, t.max / tokens};
}

long long argmax(const float *row, long long n) {
  long long best = 0;
  for (long long i = 1; i < n; ++i)
    if (row[i] > row[best])
      best = i;
  return best;
}

// `sentences` × `length` ids (all of one length: no padding) and their mask.
std::pair<at::Tensor, at::Tensor> sourceBatch(const Seq2SeqConfig &c, int first, int sentences, int length) {
  const bool m2m = c.family == Family::M2M100;
  at::Tensor ids = at::empty({sentences, length}, at::kLong);
  auto acc = ids.accessor<int64_t, 2>();
  for (int s = 0; s < sentences; ++s) {
    const std::vector<long long> row = benchSentence(first + s, length, c.vocabSize, m2m, c.generation.eosTokenIds.front());
    for (int i = 0; i < length; ++i)
      acc[s][i] = static_cast<int64_t>(row[static_cast<std::size_t>(i)]);
  }
  return {ids, at::ones({sentences, length}, at::kLong)};
}

// The search settings of the benchmark's sentences: the end token is banned so every one generates
// exactly newTokens (generate()'s min_new_tokens does the same), the length is the limit.
generation::GenerationConfig benchGeneration(const Seq2SeqConfig &config, int newTokens) {
  generation::GenerationConfig g = config.generation;
  g.maxLength = 1 + newTokens;
  g.noRepeatNgramSize = 0;
  g.lengthPenalty = 1.0;
  g.earlyStopping = generation::EarlyStopping::Heuristic;
  g.forcedEosTokenId.reset();
  g.forcedBosTokenId.reset();
  g.badWordsIds.clear();
  for (long long eos : g.eosTokenIds)
    g.badWordsIds.push_back({eos});
  if (config.family == Family::Marian)
    g.badWordsIds.push_back({config.padTokenId}); // as OPUS-MT's generation_config.json has it
  else
    g.forcedBosTokenId = benchTargetLanguage(config.vocabSize); // NLLB: the target language first
  return g;
}

// Sentences [first, first + sentences) of the benchmark encoded and searched, as one batch.
std::vector<generation::SearchResult> translateBench(const Seq2SeqModel &model, const Seq2SeqConfig &config,
                                                     generation::GenerationConfig g, int first, int sentences, int length,
                                                     int numBeams) {
  const std::atomic_bool never{false};
  const auto [src, srcMask] = sourceBatch(config, first, sentences, length);
  std::unique_ptr<DecoderState> state = model.startDecoding(model.encode(src, srcMask), srcMask);
  g.numBeams = numBeams;
  return numBeams > 1 ? generation::beamSearch(*state, sentences, g, never) : generation::greedySearch(*state, sentences, g, never);
}

} // namespace

std::vector<long long> benchSentence(int index, int length, long long vocab, bool m2m, long long eos) {
  std::vector<long long> ids;
  const long long span = std::max<long long>(vocab - 400, 1);
  for (int i = 0; i < length; ++i) {
    const long long x = static_cast<long long>(index) * 131 + i;
    ids.push_back(4 + (x * 7919 + 104729) % span);
  }
  if (m2m && length > 1)
    ids.front() = vocab - 159; // NLLB's eng_Latn position in a 256206-token vocabulary
  ids.back() = eos;
  return ids;
}

long long benchTargetLanguage(long long vocab) { return vocab - 164; } // deu_Latn in NLLB-200

BenchResult benchSeq2Seq(const BenchOptions &o) {
  c10::InferenceMode guard;
  applyThreads(o.runtime.threads);
  const ResolvedRuntime runtime = resolveRuntime(o.runtime);
  tuneAllocator();
  BenchResult r;
  r.device = runtime.device;
  r.dtype = runtime.dtype;
  r.threads = at::get_num_threads();
  r.budget = threadBudget();
  auto t0 = Clock::now();
  const Seq2SeqConfig config = loadSeq2SeqConfig(o.folder);
  const Seq2SeqModel model(o.folder, config, runtime);
  r.loadMs = msSince(t0);
  r.weightBytes = model.parameterBytes();
  r.family = config.family == Family::Marian ? "marian" : "m2m_100";
  const int srcLen = std::clamp(o.sourceTokens, 2, config.maxPositions);
  const int newTokens = std::clamp(o.newTokens, 1, config.maxPositions - 2);
  const int beams = std::max(1, o.beams);
  const long long vocab = config.vocabSize;
  auto sync = [&] {
    if (runtime.cuda)
      (void)at::empty({1}, at::TensorOptions().device(runtime.device)).cpu(); // waits for queued kernels
  };

  // Encoder and cross-attention set-up, one sentence.
  const std::pair<at::Tensor, at::Tensor> source = sourceBatch(config, 0, 1, srcLen);
  const at::Tensor &ids = source.first, &mask = source.second;
  at::Tensor encoded;
  r.encoderMs = timed(o.runs, [&] {
    encoded = model.encode(ids, mask);
    sync();
  });
  r.crossKvMs = timed(o.runs, [&] {
    (void)model.startDecoding(encoded, mask);
    sync();
  });

  // Decoder steps: the decoder start token, then the argmax of each row (random weights: the
  // tokens do not matter, only the rows and the cache length).
  auto runSteps = [&](int rows) {
    std::unique_ptr<DecoderState> state = model.startDecoding(encoded, mask);
    if (rows > 1)
      state->reorder(std::vector<long long>(static_cast<std::size_t>(rows), 0));
    std::vector<long long> parents(static_cast<std::size_t>(rows));
    for (int j = 0; j < rows; ++j)
      parents[static_cast<std::size_t>(j)] = j == rows - 1 ? 0 : j; // most beams continue, one follows the best
    std::vector<long long> tokens(static_cast<std::size_t>(rows), config.generation.decoderStartTokenId);
    std::vector<float> logits;
    sync();
    const auto start = Clock::now();
    for (int s = 0; s < newTokens; ++s) {
      state->step(tokens, logits);
      for (int j = 0; j < rows; ++j)
        tokens[static_cast<std::size_t>(j)] = argmax(logits.data() + static_cast<long long>(j) * vocab, vocab);
      if (rows > 1)
        state->reorder(parents);
    }
    sync();
    return msSince(start);
  };
  auto stepTiming = [&](int rows) {
    (void)runSteps(rows); // warm-up
    std::vector<double> v;
    for (int i = 0; i < std::max(1, o.runs); ++i)
      v.push_back(runSteps(rows));
    std::sort(v.begin(), v.end());
    return perToken(Timing{v[v.size() / 2], v.front(), v.back()}, newTokens);
  };
  r.greedyMsPerToken = stepTiming(1);
  r.beamMsPerToken = stepTiming(beams);

  // Whole sentences through the real search (benchGeneration).
  const generation::GenerationConfig g = benchGeneration(config, newTokens);
  auto translate = [&](int first, int sentences, int numBeams) {
    return translateBench(model, config, g, first, sentences, srcLen, numBeams);
  };
  auto generatedOf = [](const generation::SearchResult &res) {
    return std::vector<long long>(res.best.ids.begin() + (res.best.ids.empty() ? 0 : 1), res.best.ids.end());
  };
  r.sentenceGreedyMs = timed(o.runs, [&] { r.greedyIds = generatedOf(translate(0, 1, 1).front()); });
  r.sentenceBeamMs = timed(o.runs, [&] { r.beamIds = generatedOf(translate(0, 1, beams).front()); });
  if (static_cast<int>(r.greedyIds.size()) != newTokens || static_cast<int>(r.beamIds.size()) != newTokens)
    throw ModelError(ErrorCode::Input, "the benchmark's search stopped before " + std::to_string(newTokens) + " tokens");
  r.sentencesPerSecond = 1000.0 / r.sentenceGreedyMs.median;
  for (int b : o.batches) {
    if (b < 1)
      continue;
    BatchTiming bt;
    bt.batch = b;
    bt.ms = timed(std::max(1, o.runs / (b >= 32 ? 2 : 1)), [&] { (void)translate(0, b, 1); });
    bt.sentencesPerSecond = 1000.0 * b / bt.ms.median;
    bt.speedup = bt.sentencesPerSecond / r.sentencesPerSecond;
    r.batches.push_back(bt);
  }
  if (o.concurrent > 1) {
    // Each engine its own model, as the ASR and MT engines of a live session are; started together.
    std::vector<std::unique_ptr<Seq2SeqModel>> others;
    for (int e = 1; e < o.concurrent; ++e)
      others.push_back(std::make_unique<Seq2SeqModel>(o.folder, config, runtime));
    const int sentences = std::max(2, o.runs);
    std::vector<std::vector<double>> times(static_cast<std::size_t>(o.concurrent));
    std::atomic<int> ready{0};
    auto engine = [&](int e) {
      c10::InferenceMode inThread;
      const Seq2SeqModel &m = e == 0 ? model : *others[static_cast<std::size_t>(e - 1)];
      ready.fetch_add(1);
      while (ready.load() < o.concurrent)
        std::this_thread::yield();
      for (int i = 0; i < sentences; ++i) {
        const auto start = Clock::now();
        (void)translateBench(m, config, g, 0, 1, srcLen, 1);
        times[static_cast<std::size_t>(e)].push_back(msSince(start));
      }
    };
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int e = 1; e < o.concurrent; ++e)
      threads.emplace_back(engine, e);
    engine(0);
    for (std::thread &t : threads)
      t.join();
    const double wall = msSince(start);
    std::vector<double> all;
    for (const std::vector<double> &t : times)
      all.insert(all.end(), t.begin(), t.end());
    std::sort(all.begin(), all.end());
    if (!all.empty())
      r.concurrentSentenceMs = Timing{all[all.size() / 2], all.front(), all.back()};
    r.concurrentSentencesPerSecond = 1000.0 * double(all.size()) / wall;
  }
  r.peakRssBytes = peakRssBytes();
  return r;
}

struct SentenceLoop::Impl {
  Impl(const std::string &folder, const ResolvedRuntime &runtime)
      : config(loadSeq2SeqConfig(folder)), model(folder, config, runtime) {}
  Seq2SeqConfig config;
  Seq2SeqModel model;
  generation::GenerationConfig generation;
  int sourceTokens = 20;
};

SentenceLoop::SentenceLoop(const std::string &folder, const RuntimeOptions &runtime, int sourceTokens, int newTokens) {
  c10::InferenceMode guard;
  applyThreads(runtime.threads);
  d = std::make_unique<Impl>(folder, resolveRuntime(runtime));
  d->sourceTokens = std::clamp(sourceTokens, 2, d->config.maxPositions);
  d->generation = benchGeneration(d->config, std::clamp(newTokens, 1, d->config.maxPositions - 2));
}

SentenceLoop::~SentenceLoop() = default;

void SentenceLoop::translateOne() {
  c10::InferenceMode guard;
  (void)translateBench(d->model, d->config, d->generation, 0, 1, d->sourceTokens, 1);
}

} // namespace dragoman::torchrt::seq2seq
