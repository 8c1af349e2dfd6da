#pragma once
// Internal to core/inference/torch/whisper: the weights of Whisper's layers and the projection they
// share. Names ATen types, so only .cpp files of this folder include it.

#include "core/inference/torch/nn/project.h"

#include <ATen/core/Tensor.h>

namespace dragoman::torchrt::whisper {

// The projection shared by the model families (nn/project.h).
using nn::project;

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
