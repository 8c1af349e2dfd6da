#include "core/inference/torch/whisper/bench.h"

#include "core/inference/torch/runtime/memory.h"

#include "core/inference/torch/runtime/rowpool.h"

#include "core/inference/torch/whisper/loader.h"
#include "core/inference/torch/whisper/mel.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>

namespace dragoman::torchrt::whisper {

namespace {

// The log-mel of 30 s of noise-like audio, [1, mels, 3000]: the encoder's cost does not depend on
// what it hears.
at::Tensor noiseWindowMel(int mels) {
  std::vector<float> audio(kWindowSamples);
  std::mt19937 rng(7);
  std::normal_distribution<float> noise(0.0f, 0.1f);
  for (float &s : audio)
    s = noise(rng);
  return melWindow(logMelSpectrogram(audio.data(), audio.size(), mels), 0).unsqueeze(0);
}

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

void summarise(std::vector<double> v, double &median, double &lo, double &hi) {
  std::sort(v.begin(), v.end());
  median = v[v.size() / 2];
  lo = v.front();
  hi = v.back();
}

} // namespace

namespace {

} // namespace


BenchResult benchWhisper(const BenchOptions &o) {
  c10::InferenceMode guard;
  applyThreads(o.runtime.threads);
  const ResolvedRuntime runtime = resolveRuntime(o.runtime);
  BenchResult r;
  r.device = runtime.device;
  r.dtype = runtime.dtype;
  r.threads = at::get_num_threads();
  r.decoderThreads = RowPool::shared().parts();
  auto t0 = Clock::now();
  const std::unique_ptr<WhisperModel> model = loadWhisperModel(o.folder, runtime);
  r.loadMs = msSince(t0);
  r.weightBytes = model->parameterBytes();

  const at::Tensor mel = noiseWindowMel(model->config().numMelBins);
  auto sync = [&] {
    if (runtime.cuda)
      (void)at::empty({1}, at::TensorOptions().device(runtime.device)).cpu(); // waits for queued kernels
  };
  at::Tensor enc = model->encode(mel); // warm-up
  sync();
  std::vector<double> encMs;
  for (int i = 0; i < std::max(1, o.windows); ++i) {
    t0 = Clock::now();
    enc = model->encode(mel);
    sync();
    encMs.push_back(msSince(t0));
  }
  summarise(encMs, r.encoderMsMedian, r.encoderMsMin, r.encoderMsMax);

  const int beams = std::max(1, o.beams);
  const int steps = std::clamp(o.tokens, 1, model->config().maxTargetPositions - 8);
  const at::Tensor prompt = at::tensor(std::vector<int64_t>{50258, 50259, 50359, 50363}).unsqueeze(0).repeat({beams, 1});
  std::vector<double> perToken, promptMs;
  for (int run = 0; run < std::max(1, o.decoderRuns) + 1; ++run) { // the first run warms up
    t0 = Clock::now();
    auto session = model->startDecoding(enc, beams);
    at::Tensor logits = session->forward(prompt);
    const double p = msSince(t0);
    t0 = Clock::now();
    for (int s = 0; s < steps; ++s) {
      // Greedy on random weights; the argmax and the copy back to the CPU are part of a real step.
      const at::Tensor next = logits.select(1, logits.size(1) - 1).argmax(-1, true);
      logits = session->forward(next);
    }
    const double total = msSince(t0);
    if (run > 0) {
      perToken.push_back(total / steps);
      promptMs.push_back(p);
    }
  }
  summarise(perToken, r.decoderMsPerTokenMedian, r.decoderMsPerTokenMin, r.decoderMsPerTokenMax);
  double lo = 0, hi = 0;
  summarise(promptMs, r.promptMs, lo, hi);
  r.realTimeFactor = (r.encoderMsMedian + r.promptMs + steps * r.decoderMsPerTokenMedian) / 30000.0;
  r.peakRssBytes = peakRssBytes();
  return r;
}

struct WindowLoop::Impl {
  std::unique_ptr<WhisperModel> model;
  at::Tensor mel;
  int tokens = 64;
};

WindowLoop::WindowLoop(const std::string &folder, const RuntimeOptions &options, int tokens) : d(std::make_unique<Impl>()) {
  c10::InferenceMode guard;
  applyThreads(options.threads);
  d->model = loadWhisperModel(folder, resolveRuntime(options));
  d->tokens = std::clamp(tokens, 1, d->model->config().maxTargetPositions - 8);
  d->mel = noiseWindowMel(d->model->config().numMelBins);
}

WindowLoop::~WindowLoop() = default;

void WindowLoop::decodeOne() {
  c10::InferenceMode guard;
  const at::Tensor enc = d->model->encode(d->mel);
  auto session = d->model->startDecoding(enc, 1);
  at::Tensor logits = session->forward(at::tensor(std::vector<int64_t>{50258, 50259, 50359, 50363}).unsqueeze(0));
  for (int s = 0; s < d->tokens; ++s)
    logits = session->forward(logits.select(1, logits.size(1) - 1).argmax(-1, true));
}

} // namespace dragoman::torchrt::whisper
