#pragma once
// Marian / M2M100 speed and memory on this machine, driving the model directly with random token
// ids (no tokenizer): encoder time for one sentence, decoder time per token for one row and for the
// rows of a beam search, whole sentences with greedy and beam search to a fixed length, batches of
// sentences against one at a time, load time and peak memory. Used by `dragoman bench mt`;
// tests/benchmarks/mt/eager_reference.py measures the same things in eager PyTorch. No torch, no Qt here.

#include "core/inference/torch/runtime/device.h"
#include "core/inference/torch/runtime/timing.h"

#include <memory>
#include <string>
#include <vector>

namespace dragoman::torchrt::seq2seq {

struct BenchOptions {
  std::string folder;            // a Marian or M2M100 folder (real or written by writeRandomModel)
  RuntimeOptions runtime;
  int sourceTokens = 20;         // per sentence, the end token included
  int newTokens = 20;            // generated per sentence: the end token is banned so every run is this long
  int beams = 4;
  int runs = 5;                  // timed repetitions of each measurement (after one warm-up)
  std::vector<int> batches = {8, 32};
  // Engines decoding at the same time (a live session's ASR and MT): this many threads, each with
  // its own copy of the model, translate sentences together (greedy); 0 or 1 skips it.
  int concurrent = 2;
};

using torchrt::Timing;

struct BatchTiming {
  int batch = 0;
  Timing ms;                      // the whole batch: encode, cross-attention K/V, greedy search
  double sentencesPerSecond = 0;  // batch / median
  double speedup = 0;             // against one sentence at a time (greedy)
};

struct BenchResult {
  std::string device, dtype, family;
  int threads = 0;                 // LibTorch intra-op threads
  ThreadBudget budget;             // the process's threads (device.h)
  double loadMs = 0;               // config + weights
  long long weightBytes = 0;
  Timing encoderMs;                // one sentence of sourceTokens
  Timing crossKvMs;                // startDecoding: cross-attention K/V of every decoder layer, one row
  Timing greedyMsPerToken;         // one row, KV cache, logits copied out as the search gets them
  Timing beamMsPerToken;           // `beams` rows, a reorder after each step as beam search does
  Timing sentenceGreedyMs;         // encode + search, newTokens generated
  Timing sentenceBeamMs;
  double sentencesPerSecond = 0;   // greedy, one at a time
  std::vector<BatchTiming> batches;
  std::vector<long long> greedyIds, beamIds; // the first sentence's output (comparison with the reference)
  Timing concurrentSentenceMs;     // one greedy sentence while the other engines decode too
  double concurrentSentencesPerSecond = 0; // all engines together
  long long peakRssBytes = 0;      // VmHWM after the runs
};

BenchResult benchSeq2Seq(const BenchOptions &options);

// One MT engine translating the benchmark's first sentence again and again (greedy, newTokens
// generated, the end token banned): the MT half of `dragoman-torch-probe bench-pair`, which times
// ASR and MT decoding at the same time as a live session runs them.
class SentenceLoop {
public:
  SentenceLoop(const std::string &folder, const RuntimeOptions &runtime, int sourceTokens = 20, int newTokens = 20);
  ~SentenceLoop();
  SentenceLoop(const SentenceLoop &) = delete;
  SentenceLoop &operator=(const SentenceLoop &) = delete;
  void translateOne(); // on the calling thread

private:
  struct Impl;
  std::unique_ptr<Impl> d;
};

// The benchmark's source sentence `index`: `length` ids, the end token last; an M2M100 sentence
// starts with a language token (as NLLB's tokenizer writes). The same formula is in
// tests/benchmarks/mt/eager_reference.py.
std::vector<long long> benchSentence(int index, int length, long long vocab, bool m2m, long long eos);
// The target-language token the benchmark forces first on M2M100 models.
long long benchTargetLanguage(long long vocab);

} // namespace dragoman::torchrt::seq2seq
