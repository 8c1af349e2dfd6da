#pragma once
// Internal to core/inference/torch/vits (ATen types): the layers of a VITS voice as model.cpp
// holds them once read: the text encoder's, the duration predictors', the flow's and HiFi-GAN's.

#include "core/inference/torch/vits/conv.h"
#include "core/inference/torch/vits/model.h"

#include <ATen/ATen.h>

#include <vector>

namespace dragoman::torchrt::vits {

struct Linear {
  at::Tensor weight, bias;
  at::Tensor operator()(const at::Tensor &x) const { return at::linear(x, weight, bias); }
};

struct Norm {
  at::Tensor weight, bias;
  double eps = 1e-5;
  // Over the last dimension.
  at::Tensor operator()(const at::Tensor &x) const { return at::layer_norm(x, {weight.size(0)}, weight, bias, eps); }
  // Over the channels of [B, C, T].
  at::Tensor channels(const at::Tensor &x) const { return (*this)(x.transpose(1, 2)).transpose(1, 2); }
};

struct EncoderLayer {
  Linear q, k, v, out;
  at::Tensor relK, relV; // [1, 2 window + 1, head_dim]
  Norm norm, finalNorm;
  Conv ffn1, ffn2;
};

// Dilated depth-separable convolutions with layer norms and GELU, residual.
struct DepthSeparable {
  std::vector<Conv> dilated, pointwise;
  std::vector<Norm> norms1, norms2;
};

struct ConvFlow {
  Conv pre, proj;
  DepthSeparable dds;
};

struct StochasticDuration {
  Conv pre, proj, cond; // cond: multi-speaker only
  DepthSeparable dds;
  at::Tensor translate, logScale; // flows.0, [2, 1]
  std::vector<ConvFlow> flows;    // flows.1 .. flows.N (flows[0] is flows.1, unused in reverse)
};

struct PlainDuration {
  Conv conv1, conv2, proj, cond; // cond: multi-speaker only
  Norm norm1, norm2;
};

struct WaveNet {
  std::vector<Conv> in, resSkip;
  Conv cond; // multi-speaker: the speaker embedding -> 2 hidden × layers
};

struct Coupling {
  Conv pre, post;
  WaveNet wavenet;
};

struct ResBlock {
  std::vector<Conv> convs1, convs2;
};

struct VitsModel::Weights {
  at::Device device{at::kCPU};
  at::ScalarType dtype = at::kFloat;
  at::Tensor embedTokens;
  std::vector<EncoderLayer> layers;
  Conv project;
  StochasticDuration sdp;
  PlainDuration dp;
  std::vector<Coupling> flows;
  Conv decPre, decPost, decCond; // decCond: multi-speaker only
  at::Tensor speakers;           // [speakers, embedding] when the model has several speakers
  std::vector<Conv> upsampler;
  std::vector<ResBlock> resblocks;
};

} // namespace dragoman::torchrt::vits
