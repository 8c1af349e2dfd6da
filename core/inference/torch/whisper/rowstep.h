#pragma once
// Internal to core/inference/torch/whisper: one decoding position of one row (greedy decoding,
// streaming passes) on the CPU in float32, without a tensor operator per small step.
//
// A decoder layer is ~75 ATen operators for one token: each dispatches, checks shapes and allocates
// its output, ~5 µs apiece, which was half of whisper-tiny's 4 ms step. Here the step runs as plain
// loops over buffers allocated once; the products against large matrices (the layer weights, the
// encoder's keys and values, the vocabulary: ~130 MB per token in tiny, all of it read from memory)
// go to the vector kernels of rowkernels.h, split over a RowPool. Only the softmax over the encoder
// positions and the GELU stay ATen operators (vectorised exp/erf). Same arithmetic as the batched
// path up to float rounding; tests compare the two.

#include "core/inference/torch/whisper/config.h"
#include "core/inference/torch/runtime/rowpool.h"
#include "core/inference/torch/whisper/layers.h"

#include <ATen/core/Tensor.h>

#include <vector>

namespace dragoman::torchrt::whisper {

struct DecoderWeights {
  const WhisperConfig *config = nullptr;
  const std::vector<DecoderLayer> *layers = nullptr;
  const Norm *finalNorm = nullptr;
  at::Tensor tokenEmbedding, positions;
};

class RowStep {
public:
  // True when every tensor is contiguous float32 on the CPU and the encoder K/V have one row.
  static bool usable(const DecoderWeights &weights, const std::vector<at::Tensor> &crossK, const std::vector<at::Tensor> &crossV);
  // crossK/crossV: per layer [1, H, S, dh] contiguous float32 on the CPU (kept alive by the caller).
  // Products are split over the process's RowPool::shared().
  RowStep(const DecoderWeights &weights, const std::vector<at::Tensor> &crossK, const std::vector<at::Tensor> &crossV);
  ~RowStep();
  RowStep(const RowStep &) = delete;
  RowStep &operator=(const RowStep &) = delete;
  // Decodes token at position; selfK/selfV: per layer [1, H, capacity, dh] contiguous, holding
  // positions [0, position) and receiving this one. Returns logits [1, 1, vocab].
  at::Tensor step(long long token, long long position, const std::vector<at::Tensor> &selfK,
                  const std::vector<at::Tensor> &selfV);

private:
  void gemv(const at::Tensor &weight, const float *in, float *result, const at::Tensor &bias = {});
  void selfAttention(long long position, const at::Tensor &k, const at::Tensor &v);
  void crossAttention(std::size_t layer);

  DecoderWeights w;
  long long d = 0, heads = 0, dh = 0;
  at::Tensor x, h, qkv, q, ctx, out, ffn, selfScores, crossScores, crossProbs;
  std::vector<at::Tensor> crossK, crossV;
  RowPool &pool;
};

} // namespace dragoman::torchrt::whisper
