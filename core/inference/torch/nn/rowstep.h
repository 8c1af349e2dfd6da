#pragma once
// Internal to core/inference/torch: one decoding position of a few rows (greedy sentences, beams)
// through any encoder-decoder transformer's decoder, on the CPU in float32, without a tensor
// operator per small step.
//
// A decoder layer is ~75 ATen operators for one position: each dispatches, checks shapes and
// allocates its output, ~5 µs apiece (half of whisper-tiny's 4 ms step; two thirds of an OPUS-MT
// beam step's layers). Here a step runs as plain loops over buffers allocated once, in the caller's
// own KV cache; the products against large matrices (the layer weights, the vocabulary) go to
// rowkernels.h's matRows, which reads each weight once for all rows, split over the shared
// RowPool. The layer layout is data: pre- or post-LayerNorm blocks, GELU / ReLU / SiLU, biases
// and a final norm where the family has them. Only the softmax over long encoder outputs and the
// GELU stay ATen operators (vectorised exp/erf). The same arithmetic as the batched operators up to
// float rounding; the model tests compare the two.

#include <ATen/core/Tensor.h>

#include <vector>

namespace dragoman::torchrt::nn {

enum class RowActivation { Gelu, GeluTanh, Relu, Silu };

struct RowNorm {
  at::Tensor w, b;
};

// One decoder layer: self-attention (q, k, v fused; q scaled by 1/sqrt(head size) at load),
// cross-attention (its query and output; keys and values come from the caller), feed-forward.
struct RowLayer {
  RowNorm selfNorm;
  at::Tensor wqkv, bqkv, wo, bo;
  RowNorm crossNorm;
  at::Tensor crossWq, crossBq, crossWo, crossBo;
  RowNorm ffnNorm;
  at::Tensor w1, b1, w2, b2;
};

struct RowDecoder {
  long long dModel = 0, heads = 0, ffn = 0, vocab = 0;
  bool preLayerNorm = true; // norm → block → residual (Whisper, M2M100); else block → residual → norm (Marian)
  RowActivation activation = RowActivation::Gelu;
  double normEps = 1e-5;
  std::vector<RowLayer> layers;
  RowNorm finalNorm;             // undefined: none
  at::Tensor lmHead, logitsBias; // [vocab, d]; [vocab] or undefined

  // Every tensor contiguous float32 on the CPU, and the shapes consistent.
  bool usable() const;
};

// The caller's caches for one step. Rows of crossK/crossV: one per decoder row, or a single row
// that every decoder row attends to (beams of one source).
struct RowCaches {
  const std::vector<at::Tensor> &selfK, &selfV;   // per layer [R, H, capacity, dh], contiguous
  const std::vector<at::Tensor> &crossK, &crossV; // per layer [R or 1, H, S, dh], contiguous
  const float *crossMask = nullptr;               // additive [R, S] (0 or a large negative), or none
};

class RowStep {
public:
  static constexpr long long kMaxRows = 32;

  // True when the decoder is usable and the caches have the layout step() reads.
  static bool fits(const RowDecoder &decoder, long long rows, const RowCaches &caches);

  explicit RowStep(const RowDecoder &decoder);
  ~RowStep();
  RowStep(const RowStep &) = delete;
  RowStep &operator=(const RowStep &) = delete;

  // input: [rows, d] embedded inputs (token and position) of cache position `position`. Writes each
  // layer's keys and values at that position, reads positions [0, position], and writes the raw
  // logits [rows, vocab] (lm_head + logits bias). rows ≤ kMaxRows; fits() must hold.
  void step(const float *input, long long rows, long long position, const RowCaches &caches, float *logits);

private:
  void selfAttention(long long rows, long long position, const at::Tensor &k, const at::Tensor &v);
  void crossAttention(long long rows, const at::Tensor &k, const at::Tensor &v, const float *mask);
  void norm(const RowNorm &n, const float *in, float *out, long long rows) const;

  const RowDecoder &m_decoder;
  long long d = 0, heads = 0, dh = 0;
  std::vector<float> m_x, m_h, m_qkv, m_q, m_ctx, m_out, m_ffn, m_selfScores;
  at::Tensor m_crossScores, m_crossProbs; // [R·H, S], grown on demand
};

} // namespace dragoman::torchrt::nn
