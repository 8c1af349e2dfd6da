#pragma once
// Internal to core/inference/torch/whisper: the weights of Whisper's layers and the projection they
// share. Names ATen types, so only .cpp files of this folder include it.

#include <ATen/core/Tensor.h>

namespace dragoman::torchrt::whisper {

// x · wᵀ + b. A decoding step has one row per beam. BLAS's matrix-matrix path packs the weight
// matrix on every call, which costs more than the product for one row, and for a few rows against
// the tied vocabulary projection (80 MB in whisper-tiny); matrix-vector products read it as it is
// (measured: one row of tiny's logits 4.3 → 1.3 ms, five rows 10 → 6 ms; decoder step 8.5 → 4.7 ms).
at::Tensor project(const at::Tensor &x, const at::Tensor &w, const at::Tensor &b = {});

struct Norm {
  at::Tensor w, b;
  at::Tensor operator()(const at::Tensor &x) const;
};

// Projections of one attention block. Self-attention fuses q, k, v into one matrix; cross-attention
// keeps q apart (it reads the decoder) and fuses k, v (they read the encoder, once per window).
struct Attention {
  at::Tensor wq, bq;   // cross-attention query
  at::Tensor wkv, bkv; // cross-attention key+value
  at::Tensor wqkv, bqkv;
  at::Tensor wo, bo;
};

struct Mlp {
  at::Tensor w1, b1, w2, b2;
  at::Tensor operator()(const at::Tensor &x) const;
};

struct EncoderLayer {
  Norm norm1;
  Attention attn;
  Norm norm2;
  Mlp mlp;
};

struct DecoderLayer {
  Norm norm1;
  Attention self;
  Norm norm2;
  Attention cross;
  Norm norm3;
  Mlp mlp;
};

} // namespace dragoman::torchrt::whisper
