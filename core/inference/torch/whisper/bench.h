#pragma once
// Whisper speed and memory on this machine: encoder time per 30-second window, decoder time per
// token with the KV cache, load time and peak memory. Used by `dragoman bench asr` and by
// dragoman-torch-probe on GPU machines. No torch, no Qt here.

#include "core/inference/torch/runtime/device.h"

#include <memory>
#include <string>

namespace dragoman::torchrt::whisper {

struct BenchOptions {
  std::string folder;        // a Whisper folder (real or written by writeRandomModel)
  RuntimeOptions runtime;
  int windows = 5;           // encoder runs timed (after one warm-up)
  int tokens = 64;           // decoder steps timed per run (after the 4-token prompt)
  int decoderRuns = 3;
  int beams = 1;             // decoder batch (beam search decodes this many rows per step)
};

struct BenchResult {
  std::string device, dtype;
  int threads = 0;        // LibTorch intra-op threads
  int decoderThreads = 0; // the one-row decoder step's pool (CPU, float32, one row)
  double loadMs = 0;
  long long weightBytes = 0;
  double encoderMsMedian = 0, encoderMsMin = 0, encoderMsMax = 0;
  double decoderMsPerTokenMedian = 0, decoderMsPerTokenMin = 0, decoderMsPerTokenMax = 0;
  double promptMs = 0;       // the 4-token prompt plus cross-attention K/V set-up
  // (encoder + prompt + tokens × per-token) / 30 s: the share of real time one window costs.
  double realTimeFactor = 0;
  long long peakRssBytes = 0; // VmHWM after the runs
  long long gpuPeakBytes = 0; // CUDA caching allocator peak, 0 on the CPU
};

BenchResult benchWhisper(const BenchOptions &options);

// One ASR engine decoding the benchmark's window again and again: encoder on 30 s of noise, the
// 4-token prompt, `tokens` greedy steps (the same work every run). The ASR half of
// `dragoman-torch-probe bench-pair`, which times ASR and MT decoding at once.
class WindowLoop {
public:
  WindowLoop(const std::string &folder, const RuntimeOptions &runtime, int tokens = 64);
  ~WindowLoop();
  WindowLoop(const WindowLoop &) = delete;
  WindowLoop &operator=(const WindowLoop &) = delete;
  void decodeOne(); // on the calling thread

private:
  struct Impl;
  std::unique_ptr<Impl> d;
};

} // namespace dragoman::torchrt::whisper
